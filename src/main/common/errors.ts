import type { ErrorCode, InputProblem, PasswordProblem } from '../../shared/index.js';

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
    /** With `invalid_input`: the request field the message is about. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A refusal of what was typed, in the words describeInputProblem found, kept at its field. */
export function inputRefused(problem: InputProblem): GatehouseError {
  return new GatehouseError('invalid_input', problem.message, undefined, problem.field);
}

export function isGatehouseError(error: unknown): error is GatehouseError {
  return error instanceof GatehouseError;
}
