import type { ErrorCode, GatehouseApi, PasswordProblem, Result } from '../shared/index.js';

declare global {
  interface Window {
    /** Built by the preload (Electron) or the HTTP bridge (preview): the renderer's only door to main. */
    readonly gatehouse: GatehouseApi;
  }
}

export const gatehouse = (): GatehouseApi => window.gatehouse;

/** An error answer from main, with its code and a message written for the user. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: PasswordProblem[] = [],
    /** The request field a refusal of input is about: the form shows it there. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Unwraps every answer in one place: a value, or an ApiError to show. */
export async function call<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (result.ok) return result.value;
  throw new ApiError(result.error.code, result.error.message, result.error.problems, result.error.field);
}

/** The user closed a dialog that asked them to prove it is them: the action was not taken, and that is all. */
export class StepUpCancelled extends Error {
  constructor() {
    super('Cancelled: the change was not made.');
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
}
