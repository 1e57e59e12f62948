import { describe, expect, it, vi } from 'vitest';
import { GatehouseError } from '../core/errors.js';
import { consoleLog, createDispatcher } from './dispatch.js';
import type { HandlerTable } from './handlers.js';

/** A handler table where each channel used here does what the test says; the others are never reached. */
function dispatcherWith(handlers: Partial<Record<string, (request: unknown) => unknown>>, explain: (e: unknown) => GatehouseError | null = () => null) {
  const logged: [string, unknown][] = [];
  const dispatch = createDispatcher(handlers as unknown as HandlerTable, { error: (message, detail) => logged.push([message, detail]) }, explain);
  return { dispatch, logged };
}

describe('createDispatcher', () => {
  it('names an unknown request, cut to 64 characters', async () => {
    const { dispatch } = dispatcherWith({});
    expect(await dispatch('nope', {})).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Unknown request "nope".' } });
    expect(await dispatch('x'.repeat(100), {})).toEqual({ ok: false, error: { code: 'invalid_input', message: `Unknown request "${'x'.repeat(64)}".` } });
  });

  it('names the field that is wrong, or "request" when the whole request is', async () => {
    const { dispatch } = dispatcherWith({});
    expect(await dispatch('auth.signIn', 'a string')).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^request: /) } });
    expect(await dispatch('admin.audit', { limit: 0 })).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^limit: /) } });
  });

  it('passes the parsed request on, and answers null for a handler that returns nothing', async () => {
    const seen: unknown[] = [];
    const { dispatch } = dispatcherWith({ 'auth.signIn': (r) => (seen.push(r), { kind: 'failed' }), 'session.signOut': () => undefined });
    expect(await dispatch('auth.signIn', { email: '  a@b.co ', password: 'x' })).toEqual({ ok: true, value: { kind: 'failed' } });
    expect(seen).toEqual([{ email: 'a@b.co', password: 'x' }]);
    expect(await dispatch('session.signOut', undefined)).toEqual({ ok: true, value: null });
  });

  it('turns a Gatehouse error into its code and words, with the password problems when there are some', async () => {
    const problems = [{ rule: 'too_short', min: 15 }] as const;
    const { dispatch, logged } = dispatcherWith({
      'account.rename': () => {
        throw new GatehouseError('not_found', 'This account no longer exists.');
      },
      'account.changePassword': () => {
        throw new GatehouseError('password_rejected', 'The password was refused: too short.', [...problems]);
      },
    });
    expect(await dispatch('account.rename', { displayName: 'x' })).toEqual({ ok: false, error: { code: 'not_found', message: 'This account no longer exists.' } });
    expect(await dispatch('account.changePassword', { currentPassword: 'a', newPassword: 'b' })).toEqual({ ok: false, error: { code: 'password_rejected', message: 'The password was refused: too short.', problems } });
    expect(logged).toEqual([]);
  });

  it('says what a store failure means, and hides anything else behind one sentence, logged in main', async () => {
    const disk = new Error('SQLITE_FULL');
    const bug = new TypeError('x is undefined');
    const { dispatch, logged } = dispatcherWith(
      {
        'account.rename': () => {
          throw disk;
        },
        'account.get': () => {
          throw bug;
        },
      },
      (e) => (e === disk ? new GatehouseError('disk_full', 'The disk is full.') : null),
    );
    expect(await dispatch('account.rename', { displayName: 'x' })).toEqual({ ok: false, error: { code: 'disk_full', message: 'The disk is full.' } });
    expect(await dispatch('account.get', {})).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong in Gatehouse. Please try again.' } });
    expect(logged).toEqual([['gatehouse: account.get failed', bug]]);
  });

  it('logs to the console of main by default', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      consoleLog.error('gatehouse: x failed', 'detail');
      expect(spy).toHaveBeenCalledWith('gatehouse: x failed', 'detail');
    } finally {
      spy.mockRestore();
    }
  });
});
