import { z } from 'zod';
import type { ThrottleState } from '../common/throttle.js';
import { OPEN_THROTTLE } from '../common/throttle.js';
import type { Db } from './database.js';

const FailureTimes = z.array(z.number());

interface ThrottleRow {
  recent_failures: string;
  consecutive_failures: number;
  blocked_until: number | null;
  locked_at: number | null;
  last_failure_at: number | null;
}

function toState(row: ThrottleRow): ThrottleState {
  return {
    recentFailures: FailureTimes.parse(JSON.parse(row.recent_failures)),
    consecutiveFailures: row.consecutive_failures,
    blockedUntil: row.blocked_until,
    lockedAt: row.locked_at,
    lastFailureAt: row.last_failure_at,
  };
}

export class ThrottleRepository {
  constructor(private readonly db: Db) {}

  get(email: string): ThrottleState {
    const row = this.db.prepare('SELECT * FROM throttle WHERE email = ?').get(email) as ThrottleRow | undefined;
    return row ? toState(row) : OPEN_THROTTLE;
  }

  /** The state of each address, in one query (a page of the account list); open for those with none. */
  getMany(emails: readonly string[]): Map<string, ThrottleState> {
    const rows = this.db.prepare('SELECT * FROM throttle WHERE email IN (SELECT value FROM json_each(?))').all(JSON.stringify(emails)) as (ThrottleRow & { email: string })[];
    const states = new Map(rows.map((row) => [row.email, toState(row)]));
    return new Map(emails.map((email) => [email, states.get(email) ?? OPEN_THROTTLE]));
  }

  put(email: string, state: ThrottleState): void {
    this.db
      .prepare(
        `INSERT INTO throttle (email, recent_failures, consecutive_failures, blocked_until, locked_at, last_failure_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (email) DO UPDATE SET recent_failures = excluded.recent_failures, consecutive_failures = excluded.consecutive_failures,
           blocked_until = excluded.blocked_until, locked_at = excluded.locked_at, last_failure_at = excluded.last_failure_at`,
      )
      .run(email, JSON.stringify(state.recentFailures), state.consecutiveFailures, state.blockedUntil, state.lockedAt, state.lastFailureAt);
  }

  /** Forgets rows whose last failure is older than `before`, unless they still block or lock. Returns how many. */
  forgetBefore(before: number, now: number): number {
    return this.db.prepare('DELETE FROM throttle WHERE last_failure_at < ? AND locked_at IS NULL AND (blocked_until IS NULL OR blocked_until <= ?)').run(before, now).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM throttle').get() as { n: number }).n;
  }

  clear(email: string): void {
    this.db.prepare('DELETE FROM throttle WHERE email = ?').run(email);
  }
}
