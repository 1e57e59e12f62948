import type { AuditAction, AuditOutcome } from './audit.js';

/**
 * The audit trail in words, for the admin page and the CLI's human output; the identifiers stay
 * in exports and `--json`, which machines read.
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  sign_in: 'Sign-in',
  step_up: 'Second factor given again',
  reauthenticate: 'Confirmed it was them',
  'password.change': 'Password changed',
  'password.set': 'Password set',
  'account.create': 'Account added',
  'account.rename': 'Account renamed',
  'account.disable': 'Account disabled',
  'account.enable': 'Account enabled',
  'account.unlock': 'Account unlocked',
  'account.expire_password': 'New password required',
  'account.delete': 'Account deleted',
  'account.set_role': 'Role changed',
  'account.reset_password': 'Temporary password set',
  'account.reset_second_factors': 'Two-step verification reset',
  'account.require_mfa': 'Two-step requirement changed',
  'totp.enrol_start': 'Authenticator app setup started',
  'totp.enrol_confirm': 'Authenticator app added',
  'totp.remove': 'Authenticator app removed',
  'recovery_codes.generate': 'Recovery codes made',
  'passkey.register': 'Passkey added',
  'passkey.rename': 'Passkey renamed',
  'passkey.remove': 'Passkey removed',
  'policy.update': 'Policy changed',
  'provider.add': 'Provider added',
  'provider.remove': 'Provider removed',
  'identity.link': 'Provider linked',
  'identity.unlink': 'Provider unlinked',
  'provider.discover': 'Provider contacted',
  'delivery.set': 'Email or text settings changed',
  'contact.change': 'Email or phone changed',
  'code.send': 'Code sent',
  'audit.prune': 'Old audit entries removed',
  'emergency_kit.create': 'Emergency kit made',
  'emergency_kit.restore': 'Access restored with the emergency kit',
  'backup.create': 'Backup made',
  'backup.restore': 'Restored from a backup',
  'backup.settings': 'Backup settings changed',
  'store.rotate_key': 'Store key replaced',
};

export const AUDIT_OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Succeeded',
  failed: 'Failed',
  locked: 'Refused: locked',
  disabled: 'Refused: account disabled',
  expired: 'Password must change',
  second_factor_required: 'First step passed',
  mfa_enrolment_required: 'Must set up two-step',
  refused: 'Refused',
  not_sent: 'Not sent',
};

const METHOD_WORDS: Record<string, string> = {
  password: 'password',
  totp: 'authenticator app',
  recovery_code: 'recovery code',
  passkey: 'passkey',
  email_code: 'emailed code',
  sms_code: 'texted code',
  sms: 'texted code',
  email: 'email',
  provider: 'provider',
};

export function describeMethod(method: string | null): string | null {
  return method === null ? null : (METHOD_WORDS[method] ?? method);
}

/** Who acted: an account, the command line (and the OS user running it), or someone not signed in. */
export function describeActor(actor: string): string {
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor.startsWith('cli:')) return `the command line (${actor.slice(4)})`;
  return actor === 'anonymous' ? 'the person signing in' : actor;
}

/** What an administrator did to an account, as a verb: "deleted erin@…". */
const DONE_TO: Partial<Record<AuditAction, string>> = {
  'account.create': 'added',
  'account.rename': 'renamed',
  'account.disable': 'disabled',
  'account.enable': 'enabled',
  'account.unlock': 'unlocked',
  'account.expire_password': 'required a new password of',
  'account.delete': 'deleted',
  'account.set_role': 'changed the role of',
  'account.reset_password': 'set a temporary password for',
  'account.reset_second_factors': 'reset two-step verification of',
  'account.require_mfa': 'changed the two-step requirement of',
};

interface EntryWords {
  actor: string;
  action: AuditAction;
  email: string | null;
  method: string | null;
  outcome: AuditOutcome;
}

/**
 * One entry as a sentence: "Signed in with password", "Sign-in with authenticator app failed",
 * "ada@example.com deleted erin@example.com".
 */
export function describeAuditEntry(entry: EntryWords): string {
  const method = describeMethod(entry.method);
  const by = describeActor(entry.actor);
  if (entry.action === 'sign_in') {
    const how = method ? ` with ${method}` : '';
    switch (entry.outcome) {
      case 'success':
        return `Signed in${how}`;
      case 'failed':
        return `Sign-in${how} failed`;
      case 'second_factor_required':
        return `First step passed${how}; second step asked for`;
      case 'mfa_enrolment_required':
        return `First step passed${how}; must set up two-step verification`;
      case 'expired':
        return `Signed in${how}; must choose a new password`;
      default:
        return `Sign-in${how} refused (${AUDIT_OUTCOME_LABELS[entry.outcome].toLowerCase()})`;
    }
  }
  const verb = DONE_TO[entry.action];
  if (verb && entry.email && entry.outcome === 'success') {
    const self = entry.actor === `user:${entry.email}`;
    return self ? `${AUDIT_ACTION_LABELS[entry.action]} by the account itself` : `${entry.actor.startsWith('user:') ? by : capitalise(by)} ${verb} ${entry.email}`;
  }
  const label = AUDIT_ACTION_LABELS[entry.action] + (method && entry.action !== 'code.send' ? ` (${method})` : '');
  return entry.outcome === 'success' ? label : `${label}: ${AUDIT_OUTCOME_LABELS[entry.outcome].toLowerCase()}`;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
