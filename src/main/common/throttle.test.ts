import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/index.js';
import { OPEN_THROTTLE, recordFailure, throttleVerdict, type ThrottleState } from './throttle.js';

const MINUTE = 60_000;

function fail(times: number, start: number, step: number, from: ThrottleState = OPEN_THROTTLE): ThrottleState {
  let state = from;
  for (let i = 0; i < times; i++) state = recordFailure(state, start + i * step, DEFAULT_POLICY);
  return state;
}

describe('throttle', () => {
  it('stays open for four failures', () => {
    expect(throttleVerdict(fail(4, 0, 1000), 5000)).toEqual({ kind: 'open' });
  });

  it('blocks for five minutes after five failures within fifteen minutes', () => {
    const state = fail(5, 0, 3 * MINUTE); // the fifth at minute 12
    expect(throttleVerdict(state, 12 * MINUTE)).toEqual({ kind: 'blocked', retryAfterMs: 5 * MINUTE });
    expect(throttleVerdict(state, 17 * MINUTE - 1)).toEqual({ kind: 'blocked', retryAfterMs: 1 });
    expect(throttleVerdict(state, 17 * MINUTE)).toEqual({ kind: 'open' });
  });

  it('forgets failures older than the window', () => {
    const state = fail(5, 0, 4 * MINUTE); // minutes 0, 4, 8, 12, 16: never five inside 15 minutes
    expect(throttleVerdict(state, 16 * MINUTE)).toEqual({ kind: 'open' });
    expect(state.recentFailures).toHaveLength(4);
  });

  it('locks until an administrator unlocks after 100 consecutive failures, however slow', () => {
    const state = fail(100, 0, 20 * MINUTE);
    expect(throttleVerdict(state, 100 * 20 * MINUTE)).toEqual({ kind: 'locked' });
    expect(throttleVerdict(state, Number.MAX_SAFE_INTEGER)).toEqual({ kind: 'locked' });
    expect(throttleVerdict(fail(99, 0, 20 * MINUTE), 99 * 20 * MINUTE)).toEqual({ kind: 'open' });
  });
});
