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

  const STATE = { userId: 'u1', amr: ['pwd' as const], mfaAt: null };

  it.each([
    ['password_change', 10],
    ['second_factor', 5],
    ['mfa_enrolment', 15],
    ['passkey_registration', 5],
    ['passkey_authentication', 5],
  ] as const)('gives a %s flow %i minutes, to the millisecond', (kind, minutes) => {
    const clock = new FakeClock();
    const flows = new FlowRegistry(clock, seededRandom());
    const state = { userId: 'u1', amr: ['pwd'], mfaAt: null, challenge: 'c' } as never;
    const early = flows.start(kind, state);
    const late = flows.start(kind, state);
    clock.advance(minutes * 60_000 - 1);
    expect(flows.take(early, kind).expiresAt).toBe(clock.now() + 1);
    clock.advance(1);
    expect(() => flows.peek(late, kind)).toThrow('This step has expired or was already completed. Please start again.');
  });

  it('refuses a flow asked for as another kind, and that flow is gone', () => {
    const flows = new FlowRegistry(new FakeClock(), seededRandom());
    const taken = flows.start('second_factor', STATE);
    expect(() => flows.take(taken, 'password_change')).toThrow('This step has expired or was already completed. Please start again.');
    expect(() => flows.peek(taken, 'second_factor')).toThrow(expect.objectContaining({ code: 'flow_expired' }));
    const peeked = flows.start('second_factor', STATE);
    expect(() => flows.peek(peeked, 'mfa_enrolment')).toThrow(expect.objectContaining({ code: 'flow_expired' }));
    expect(() => flows.peek(peeked, 'second_factor')).toThrow(expect.objectContaining({ code: 'flow_expired' }));
  });

  it('lets a flow be peeked at until it ends, and puts a taken one back with its old expiry', () => {
    const clock = new FakeClock();
    const flows = new FlowRegistry(clock, seededRandom());
    const id = flows.start('password_change', STATE);
    expect(flows.peek(id, 'password_change')).toEqual(STATE);
    expect(flows.peek(id, 'password_change')).toEqual(STATE);
    const taken = flows.take(id, 'password_change');
    flows.restore(id, 'password_change', taken);
    clock.advance(10 * 60_000);
    expect(() => flows.peek(id, 'password_change')).toThrow(expect.objectContaining({ code: 'flow_expired' }));
  });

  it('forgets expired flows when the next one starts, and no others', () => {
    const clock = new FakeClock();
    const flows = new FlowRegistry(clock, seededRandom());
    flows.start('second_factor', STATE);
    flows.start('password_change', STATE);
    clock.advance(5 * 60_000);
    flows.start('second_factor', STATE);
    expect(flows.size).toBe(2);
  });
});
