import type { ErrorCode, PasswordProblem } from '../../shared/index.js';

/**
 * An expected failure with a message fit for the user. Anything else that is thrown is a bug
 * or an infrastructure fault, and is reported as `internal` with its detail logged only.
 */
export class GatehouseError extends Error {
  override readonly name = 'GatehouseError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems?: PasswordProblem[],
  ) {
    super(message);
  }
}

export function isGatehouseError(error: unknown): error is GatehouseError {
  return error instanceof GatehouseError;
}
