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
  'account.set_role', // made an administrator, or a user again
  'account.reset_password', // an administrator set a temporary password
  'account.reset_second_factors', // an administrator removed the authenticator apps and recovery codes
  'account.require_mfa', // an administrator required two-step verification of one account, or stopped

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
  'emergency_kit.create', // a new emergency kit (the earlier one no longer opens the store)
  'emergency_kit.restore', // the store key put back into the keychain from the emergency kit
  'backup.create', // the whole store written to a backup file (detail: the audit trail's head it holds)
  'backup.restore', // a backup restored into an empty data folder
  'backup.settings', // where backups go, how many are kept, and whether one is made daily
  'store.rotate_key', // the store re-encrypted under a new key, the old key forgotten (the emergency kit still opens it)
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Every result an entry may record: one list, for the same reasons. */
export const AUDIT_OUTCOMES = [
  'success',
  'failed', // a wrong password or code, a refused passkey, a provider's answer that did not verify
  'locked', // refused because of a temporary block or an administrator's lock
  'disabled', // the account is disabled
  'expired', // a password that must be changed before going on
  'second_factor_required', // the first step passed; the second is asked for
  'mfa_enrolment_required', // the first step passed; the policy wants a second factor set up first
  'refused', // a code not sent or a change not made: a limit, or nothing to send it to
  'not_sent', // a code that could not be delivered (the reason is in the detail)
] as const;

export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
