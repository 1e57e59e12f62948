import { requireEmail } from '../../main/core/email.js';
import type { AuditEntry } from '../../main/store/audit.js';
import { parseInteger } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { formatTime, table } from '../format.js';
import { printLine } from '../io.js';

function auditJson(entry: AuditEntry) {
  return {
    id: entry.id,
    time: formatTime(entry.at),
    actor: entry.actor,
    action: entry.action,
    accountId: entry.accountId,
    email: entry.email,
    method: entry.method,
    outcome: entry.outcome,
    detail: entry.detail,
  };
}

export const auditCommands: Command[] = [
  {
    name: 'audit',
    summary: 'print the audit trail, oldest first (--json: JSON Lines)',
    usage: '[--email E] [--action A] [--outcome O] [--limit N] [--json]',
    options: ['email', 'action', 'outcome', 'limit', 'json'],
    store: 'open',
    async run({ io, values, core }) {
      const entries = core.auditTrail({
        email: values.email === undefined ? undefined : requireEmail(values.email),
        action: values.action,
        outcome: values.outcome,
        limit: values.limit === undefined ? undefined : parseInteger('limit', values.limit),
      });
      if (values.json) {
        for (const entry of entries) io.stdout.write(`${JSON.stringify(auditJson(entry))}\n`);
      } else {
        printLine(
          io,
          table(
            ['TIME (UTC)', 'ACTOR', 'ACTION', 'ACCOUNT', 'METHOD', 'OUTCOME'],
            entries.map((e) => [formatTime(e.at), e.actor, e.action, e.email ?? '-', e.method ?? '-', e.outcome]),
          ),
        );
      }
      return EXIT.ok;
    },
  },
];
