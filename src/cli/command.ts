import type { Actor } from '../main/core/context.js';
import type { Gatehouse } from '../main/core/gatehouse.js';
import type { StoreLocation } from '../main/store/open.js';
import type { Store } from '../main/store/store.js';
import { requireString, type OptionName, type OptionValues } from './args.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  values: OptionValues;
  location: StoreLocation;
  actor: Actor;
  /** Present for commands that need the open store. */
  core: Gatehouse;
  store: Store;
}

export interface Command {
  /** The words that name it: `users add`. */
  name: string;
  summary: string;
  /** The options part of its usage line. */
  usage: string;
  options: readonly OptionName[];
  /**
   * `read`: the existing store, opened read-only (works on a read-only folder and a damaged
   * store); `write`: the existing store, for changes; `none`: the command opens (or creates) it itself.
   */
  store: 'read' | 'write' | 'none';
  run(context: CommandContext): Promise<number>;
}

/** The id of the account named by --email, for commands that act on one account's factors. */
export function accountIdFor(ctx: CommandContext): string {
  return ctx.core.accounts.show(requireString(ctx.values, 'email')).id;
}
