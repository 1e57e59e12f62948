import { AUDIT_ACTIONS, AUDIT_OUTCOMES, describeActor, describeAuditEntry } from '../../shared/index.js';
import { requireEmail } from '../../main/core/email.js';
import type { AuditEntry } from '../../main/store/audit.js';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { parseInteger, requireString } from '../args.js';
import type { Command } from '../command.js';
import { GatehouseError } from '../../main/common/errors.js';
import { EXIT, UsageError } from '../errors.js';
import { formatTime, table } from '../format.js';
import { printLine, type CliIo } from '../io.js';

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

/** Resolves when a stream that said "wait" (write returned false) can take more. */
/**
 * Until a slow reader caught up; a reader that went away (`audit --json | head`: EPIPE, a closed
 * pipe) ends the export with an error, never a wait for a 'drain' that will not come.
 */
export const drained = (stream: CliIo['stdout']): Promise<void> =>
  new Promise((resolve, reject) => {
    const events = stream as Partial<NodeJS.WritableStream>;
    if (typeof events.once !== 'function' || typeof events.off !== 'function') return resolve();
    const done = (error?: Error) => {
      events.off!('drain', onDrain);
      events.off!('error', onError);
      events.off!('close', onClose);
      if (error) reject(new GatehouseError('internal', `the output was closed before the export ended (${error.message})`));
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('closed'));
    events.once('drain', onDrain);
    events.once('error', onError);
    events.once('close', onClose);
  });

/** A filter's value, or a refusal that lists the values there are (exit 2). */
function oneOf<T extends string>(option: string, value: string, known: readonly T[]): T {
  if ((known as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} takes one of: ${known.join(', ')}; not "${value.slice(0, 64)}"`);
}

export const auditCommands: Command[] = [
  {
    name: 'audit',
    summary: 'print the audit trail, oldest first (--json: JSON Lines)',
    usage: '[--email E] [--action A] [--outcome O] [--limit N] [--json]',
    options: ['email', 'action', 'outcome', 'limit', 'json'],
    store: 'read',
    async run({ io, values, core }) {
      const query = {
        email: values.email === undefined ? undefined : requireEmail(values.email),
        action: values.action === undefined ? undefined : oneOf('action', values.action, AUDIT_ACTIONS),
        outcome: values.outcome === undefined ? undefined : oneOf('outcome', values.outcome, AUDIT_OUTCOMES),
      };
      const limit = values.limit === undefined ? undefined : parseInteger('limit', values.limit, { min: 1 });
      if (values.json) {
        // Line by line as it is read, waiting for a slow reader: memory stays flat at any length.
        // V8 would still grow its young generation to its cap as the batches pass (measured: a
        // 6.3M-entry export peaked at 110 MiB against 94 MiB for 10k); held at its first size the
        // export stays flat (86 MiB at 10M entries, as at 10k), for 3% more time. V8 reads this flag at each growth, and the
        // CLI's process ends with the command.
        if (limit === undefined) setFlagsFromString('--semi-space-growth-factor=1');
        for (const entry of limit === undefined ? core.audit.stream(query) : core.audit.trail({ ...query, limit })) {
          if (io.stdout.write(`${JSON.stringify(auditJson(entry))}\n`) === false) await drained(io.stdout);
        }
        return EXIT.ok;
      }
      const entries = core.audit.trail({ ...query, limit });
      printLine(
        io,
        table(
          ['TIME (UTC)', 'WHAT HAPPENED', 'ACCOUNT', 'BY', 'DETAIL'],
          entries.map((e) => [formatTime(e.at), describeAuditEntry(e), e.email ?? '-', describeActor(e.actor), e.detail ?? '-']),
        ),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'audit head',
    summary: "print the audit trail's last entry and its link, to keep elsewhere and compare later",
    usage: '[--json]',
    options: ['json'],
    store: 'read',
    async run({ io, values, store }) {
      const head = store.audit.head();
      if (values.json) printLine(io, JSON.stringify(head === null ? null : { id: head.id, time: formatTime(head.at), chain: head.chain }));
      else printLine(io, head === null ? 'The audit trail has no linked entry yet.' : `Entry ${head.id} (${formatTime(head.at)}): ${head.chain}`);
      return EXIT.ok;
    },
  },
  {
    name: 'audit prune',
    summary: 'remove audit entries before a date, after writing them to a new file (JSON Lines)',
    usage: '--before YYYY-MM-DD --export FILE',
    options: ['before', 'export'],
    store: 'write',
    async run({ io, values, core, actor }) {
      const before = parseDate('before', requireString(values, 'before'));
      const file = requireString(values, 'export');
      let fd: number;
      try {
        fd = openSync(file, 'wx', 0o600); // never over an earlier export
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UsageError(code === 'EEXIST' ? `${file} already exists: choose a new file for the export` : `cannot create ${file} (${code ?? (error as Error).message})`);
      }
      let removed: number;
      try {
        // Flushed, with its folder entry, before the entries are deleted: a power cut loses neither.
        removed = core.audit.prune(
          before,
          actor,
          (entry) => writeSync(fd, `${JSON.stringify(auditJson(entry))}\n`),
          () => {
            fsyncSync(fd);
            fsyncFolder(dirname(resolve(file)));
          },
        );
      } finally {
        closeSync(fd);
      }
      printLine(io, `Removed ${removed} audit ${removed === 1 ? 'entry' : 'entries'} from before ${formatTime(before)}; they are in ${file}.`);
      return EXIT.ok;
    },
  },
];

function fsyncFolder(folder: string): void {
  if (process.platform === 'win32') return; // folders cannot be opened for fsync there
  const dir = openSync(folder, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** A day (YYYY-MM-DD, midnight UTC) or a full ISO 8601 time. */
function parseDate(name: string, text: string): number {
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--${name} takes a date such as 2026-01-31, not "${text.slice(0, 40)}"`);
  return at;
}
