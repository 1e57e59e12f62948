import { z } from 'zod';
import type { ThrottleState } from '../core/throttle.js';
import { OPEN_THROTTLE } from '../core/throttle.js';
import type { Db } from './database.js';

const FailureTimes = z.array(z.number());

interface ThrottleRow {
  recent_failures: string;
  consecutive_failures: number;
  blocked_until: number | null;
  locked_at: number | null;
}

export class ThrottleRepository {
  constructor(private readonly db: Db) {}

  get(email: string): ThrottleState {
    const row = this.db.prepare('SELECT * FROM throttle WHERE email = ?').get(email) as ThrottleRow | undefined;
    if (!row) return OPEN_THROTTLE;
    return {
      recentFailures: FailureTimes.parse(JSON.parse(row.recent_failures)),
      consecutiveFailures: row.consecutive_failures,
      blockedUntil: row.blocked_until,
      lockedAt: row.locked_at,
    };
  }

  put(email: string, state: ThrottleState): void {
    this.db
      .prepare(
        `INSERT INTO throttle (email, recent_failures, consecutive_failures, blocked_until, locked_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (email) DO UPDATE SET recent_failures = excluded.recent_failures, consecutive_failures = excluded.consecutive_failures,
           blocked_until = excluded.blocked_until, locked_at = excluded.locked_at`,
      )
      .run(email, JSON.stringify(state.recentFailures), state.consecutiveFailures, state.blockedUntil, state.lockedAt);
  }

  clear(email: string): void {
    this.db.prepare('DELETE FROM throttle WHERE email = ?').run(email);
  }
}
