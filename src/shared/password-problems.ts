// No zod here: the renderer imports this, and should not carry the schema library for it.

/** Why a new password is refused; the renderer explains each one as the user types. */
export type PasswordProblem =
  | { rule: 'too_short'; min: number }
  | { rule: 'too_long'; max: number }
  | { rule: 'blocklisted' }
  | { rule: 'composition' }
  | { rule: 'same_as_email' }
  | { rule: 'reused'; history: number }
  | { rule: 'same_as_current' };

export function describePasswordProblem(problem: PasswordProblem): string {
  switch (problem.rule) {
    case 'too_short':
      return `Use at least ${problem.min} characters`;
    case 'too_long':
      return `Use at most ${problem.max} characters`;
    case 'blocklisted':
      return 'This password is too common: it is on a list of passwords attackers try first';
    case 'composition':
      return 'Use at least three of: lower-case letters, upper-case letters, digits, other characters';
    case 'same_as_email':
      return 'Do not use your email address as your password';
    case 'reused':
      return `Do not reuse any of your last ${problem.history} passwords`;
    case 'same_as_current':
      return 'Choose a password different from your current one';
  }
}
