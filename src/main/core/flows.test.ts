import { describe, expect, it } from 'vitest';
import { FakeClock, seededRandom } from '../../../test/support/fakes.js';
import { FlowRegistry } from './flows.js';

describe('FlowRegistry', () => {
  it('hands a flow out once', () => {
    const flows = new FlowRegistry(new FakeClock(), seededRandom());
    const id = flows.start('password_change', { userId: 'u1', amr: ['pwd'], mfaAt: null });
    expect(flows.take(id, 'password_change').state).toEqual({ userId: 'u1', amr: ['pwd'], mfaAt: null });
    expect(() => flows.take(id, 'password_change')).toThrow(expect.objectContaining({ code: 'flow_expired' }));
  });

  it('refuses an expired flow, and an unknown id alike', () => {
    const clock = new FakeClock();
    const flows = new FlowRegistry(clock, seededRandom());
    const id = flows.start('password_change', { userId: 'u1', amr: ['pwd'], mfaAt: null });
    clock.advance(10 * 60_000);
    expect(() => flows.take(id, 'password_change')).toThrow(expect.objectContaining({ code: 'flow_expired' }));
    expect(() => flows.take('made-up-flow-id-123', 'password_change')).toThrow(expect.objectContaining({ code: 'flow_expired' }));
  });

  it('uses unguessable ids of 128 bits', () => {
    const flows = new FlowRegistry(new FakeClock(), seededRandom());
    expect(flows.start('password_change', { userId: 'u1', amr: ['pwd'], mfaAt: null })).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
