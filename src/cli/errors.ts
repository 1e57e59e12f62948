import type { ErrorCode } from '../shared/index.js';

/** Exit codes of `gatehouse`: documented in the README, relied upon by scripts. */
export const EXIT = {
  ok: 0,
  /** A store, keychain or other operational failure. */
  operational: 1,
  /** Bad usage or invalid input. */
  usage: 2,
  /** The command worked and the answer is a refusal: failed, expired, locked, second factor required. */
  refused: 3,
} as const;

/** A mistake in how the command was called; the message says how to call it right. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
    case 'not_found':
    case 'conflict':
    case 'password_rejected':
      return EXIT.usage;
    default:
      return EXIT.operational;
  }
}
