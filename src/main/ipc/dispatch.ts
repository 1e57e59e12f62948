import type { Channel, Result } from '../../shared/index.js';
import { accessFor, contract, describeInputProblem } from '../../shared/index.js';
import type { AccessCheck } from './access.js';
import { isGatehouseError, type GatehouseError } from '../common/errors.js';
import type { HandlerTable } from './handlers/index.js';

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

export interface Log {
  error(message: string, detail?: unknown): void;
}

export const consoleLog: Log = { error: (message, detail) => console.error(message, detail) };

function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/**
 * One entry point for both transports: the channel must exist, the payload must match its
 * schema, the caller must have the access the contract declares for it, and only then does its
 * handler run. Every failure becomes a coded, user-safe error; details of unexpected errors go
 * to the log of main, never over the wire.
 */
export function createDispatcher(
  { handlers, checkAccess }: { handlers: HandlerTable; checkAccess: AccessCheck },
  log: Log = consoleLog,
  explain: (error: unknown) => GatehouseError | null = () => null,
): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) return { ok: false, error: { code: 'invalid_input', message: `Unknown request "${String(channel).slice(0, 64)}".` } };
    const parsed = contract[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', ...describeInputProblem(parsed.error) } };
    }
    try {
      const caller = checkAccess(accessFor(channel, parsed.data as never));
      const handler = handlers[channel] as (request: unknown, caller: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data, caller)) ?? null };
    } catch (thrown) {
      // A full disk, a read-only or damaged store: said in words the user can act on.
      const error = isGatehouseError(thrown) ? thrown : explain(thrown);
      if (error) {
        return {
          ok: false,
          error: { code: error.code, message: error.message, ...(error.problems ? { problems: error.problems } : {}), ...(error.field ? { field: error.field } : {}) },
        };
      }
      log.error(`gatehouse: ${channel} failed`, thrown);
      return { ok: false, error: { code: 'internal', message: 'Something went wrong in Gatehouse. Please try again.' } };
    }
  };
}
