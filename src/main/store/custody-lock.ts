import { readFileSync } from 'node:fs';
import { link, rm, writeFile } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../common/errors.js';
import { ROTATION_LOCK } from './layout.js';

/**
 * What changes the store's key or what opens it (a rotation, settling one, a new emergency kit,
 * a backup, which records the key's check value) happens one at a time per data folder:
 *
 * - within a process, through a queue (the app may be asked twice at once: a double click, two
 *   windows, the hourly backup);
 * - across processes (the app and the CLI), for a rotation and its settling, through
 *   `rotation.lock`, which names the process that holds it and when its machine started, so that
 *   a lock left by a crash, or from before a restart (when its process id may belong to another
 *   process now), is taken over.
 */
const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier custody change of this data folder in this process has ended. */
export function oneAtATime<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(dataDir) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.catch(() => undefined);
  queues.set(dataDir, settled);
  void settled.then(() => {
    if (queues.get(dataDir) === settled) queues.delete(dataDir);
  });
  return run;
}

/** When this machine started, to the minute: a lock from before it says nothing of a process now. */
const bootedAt = (): number => Math.round((Date.now() - uptime() * 1000) / 60_000);

interface LockHolder {
  pid: number;
  host: string;
  booted: number;
}

function alive(holder: LockHolder): boolean {
  if (holder.host !== hostname() || Math.abs(holder.booted - bootedAt()) > 2) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.booted === 'number' ? (parsed as LockHolder) : null;
  } catch {
    return null;
  }
}

/**
 * Takes the rotation lock of the data folder, or refuses with `busy` while a live process (this
 * one included) holds it. The lock appears whole or not at all: written under a name of its own,
 * then linked into place.
 */
export async function takeRotationLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, ROTATION_LOCK);
  const mine = `${path}.${process.pid}.tmp`;
  await writeFile(mine, JSON.stringify({ pid: process.pid, host: hostname(), booted: bootedAt() } satisfies LockHolder), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(mine, path);
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(path);
        if (holder && alive(holder)) {
          throw new GatehouseError('busy', `The store key is being rotated right now (process ${holder.pid}; ${path}). Try again in a moment.`);
        }
        await rm(path, { force: true }); // left by a process that is gone
      }
    }
    throw new GatehouseError('busy', `The store key is being rotated right now (${path}). Try again in a moment.`);
  } finally {
    await rm(mine, { force: true });
  }
}
