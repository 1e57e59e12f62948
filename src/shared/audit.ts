/**
 * Every action the audit trail records: one list, so that a typo in the core is a compile
 * error and the admin page can offer each as a filter.
 */
export const AUDIT_ACTIONS = [
  'sign_in', // a sign-in attempt, at each of its steps
  'step_up', // a second factor given again for a sensitive action
  'reauthenticate', // the password given again, or a fresh login at a linked provider ("confirm it's you")
  'password.change',
  'password.set', // a first password for an account that had none
  'account.create',
  'account.rename',
  'account.disable',
  'account.enable',
  'account.unlock',
  'account.expire_password',
  'account.delete',
  'totp.enrol_start',
  'totp.enrol_confirm',
  'totp.remove',
  'recovery_codes.generate',
  'passkey.register',
  'passkey.rename',
  'passkey.remove',
  'policy.update',
  'provider.add',
  'provider.remove',
  'identity.link', // an identity at a provider linked to an account (at registration, or by its owner)
  'identity.unlink',
  'provider.discover', // fetching an issuer's discovery document, and whether it could be reached
  'delivery.set', // the SMTP server or the SMS provider configured
  'contact.change', // an email or phone changed (proved by a code) or removed
  'code.send', // a one-time code emailed or texted (or refused: a limit, a failure), or the test message
  'audit.prune',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
