import { requireString } from '../args.js';
import { accountIdFor, type Command } from '../command.js';
import { EXIT } from '../errors.js';
import { formatTime, table } from '../format.js';
import { printJson, printLine } from '../io.js';

export const passkeyCommands: Command[] = [
  {
    name: 'passkeys list',
    summary: "list an account's passkeys",
    usage: '--email E [--json]',
    options: ['email', 'json'],
    store: 'read',
    async run(ctx) {
      const passkeys = ctx.core.passkeys.list(accountIdFor(ctx));
      if (ctx.values.json) {
        printJson(
          ctx.io,
          passkeys.map((p) => ({
            id: p.id,
            name: p.name,
            provider: p.provider,
            synced: p.synced,
            createdAt: formatTime(p.createdAt),
            lastUsedAt: p.lastUsedAt === null ? null : formatTime(p.lastUsedAt),
          })),
        );
      } else if (passkeys.length === 0) printLine(ctx.io, 'No passkeys.');
      else
        printLine(
          ctx.io,
          table(
            ['ID', 'NAME', 'KIND', 'CREATED', 'LAST USED'],
            passkeys.map((p) => [p.id, p.name, p.synced ? 'synced' : 'device-bound', formatTime(p.createdAt), formatTime(p.lastUsedAt)]),
          ),
        );
      return EXIT.ok;
    },
  },
  {
    name: 'passkeys remove',
    summary: 'remove a passkey (it can never sign in again)',
    usage: '--email E --id ID',
    options: ['email', 'id'],
    store: 'write',
    async run(ctx) {
      ctx.core.passkeys.remove(accountIdFor(ctx), requireString(ctx.values, 'id'), ctx.actor);
      printLine(ctx.io, 'Removed.');
      return EXIT.ok;
    },
  },
];
