import type { PasswordProblem, Policy } from '../../../shared/index.js';
import { HARD_MAX_PASSWORD_LENGTH } from '../../../shared/index.js';
import type { Blocklist } from './blocklist.js';
import { normalisePassword } from './argon2.js';

export interface NewPasswordContext {
  email: string;
  /** True when the account must use a second factor, which lowers the minimum length. */
  mfaRequired: boolean;
}

/** Length in Unicode code points after NFKC, as NIST 800-63B counts it. */
export function passwordLength(password: string): number {
  return [...normalisePassword(password)].length;
}

function compositionClasses(password: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];
  return classes.filter((c) => c.test(password)).length;
}

/**
 * Every rule a new password breaks, in the order a person would fix them. An empty list means
 * the password is acceptable (history is checked separately: it needs the stored hashes).
 */
export function checkNewPassword(password: string, policy: Policy, context: NewPasswordContext, blocklist: Blocklist): PasswordProblem[] {
  const length = passwordLength(password);
  const min = context.mfaRequired ? policy.passwordMinLengthWithMfa : policy.passwordMinLength;
  const max = Math.min(policy.passwordMaxLength, HARD_MAX_PASSWORD_LENGTH);
  const problems: PasswordProblem[] = [];
  if (length < min) problems.push({ rule: 'too_short', min });
  if (length > max) problems.push({ rule: 'too_long', max });
  if (length <= max && blocklist.has(password)) problems.push({ rule: 'blocklisted' });
  const folded = normalisePassword(password).toLowerCase();
  if (folded === context.email || folded === context.email.split('@')[0]) problems.push({ rule: 'same_as_email' });
  if (policy.passwordComposition && compositionClasses(password) < 3) problems.push({ rule: 'composition' });
  return problems;
}
