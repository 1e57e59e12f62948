import type { PasswordProblem } from './policy.js';

/**
 * Error codes that may cross a boundary (IPC, CLI). The message that goes with a code is
 * written for the user; details for the developer stay in the log of the process that failed.
 */
export const ERROR_CODES = [
  'invalid_input', // a request that does not match its schema, or a value out of range
  'not_found', // the thing named (account, flow) does not exist
  'conflict', // the request contradicts the current state (email taken, last admin)
  'password_rejected', // a new password breaks the policy; `problems` says which rules
  'session_required', // no one is signed in
  'session_locked', // the session is locked: re-authenticate to go on
  'forbidden', // signed in, but this account may not do this
  'flow_expired', // a multi-step procedure timed out or was already used: start again
  'step_up_required', // a sensitive action needs a second factor checked in the last 5 minutes
  'reauth_required', // an account without a second factor must give its password again first
  'store_missing', // no store in the data dir
  'store_exists', // init where a store already is
  'store_locked', // the store key is missing or wrong: the store stays untouched
  'store_incompatible', // written by a newer Gatehouse, or not a Gatehouse store
  'store_incomplete', // part of a store is there (the database, its manifest, its key) without the rest
  'store_damaged', // the store's pages fail their checks: it is read, never written
  'store_readonly', // the data folder or the store cannot be written
  'disk_full', // the disk holding the store is full: nothing was written
  'busy', // too much work at once (password checks): try again in a moment
  'keychain_unavailable', // the OS keychain cannot be reached
  'provider_unreachable', // an OpenID Connect provider cannot be reached
  'provider_refused', // the provider, or the person at it, said no; or its answer could not be verified
  'delivery_failed', // an email or text could not be sent; the reason is in the audit trail
  'rate_limited', // too many codes asked for (per address, or texts overall): try again later
  'code_expired', // an emailed or texted code expired or took too many wrong guesses: send a new one
  'internal', // a bug or an infrastructure failure; the detail is logged, not shown
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** With `password_rejected`: every rule the new password breaks. */
  problems?: PasswordProblem[];
  /** With `invalid_input`: the request field the message is about, for the form to show it there. */
  field?: string;
}
