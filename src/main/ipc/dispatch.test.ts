import { describe, expect, it, vi } from 'vitest';
import { GatehouseError } from '../common/errors.js';
import { consoleLog, createDispatcher } from './dispatch.js';
import type { HandlerTable } from './handlers/index.js';
import type { AccessCheck } from './access.js';

/** A handler table where each channel used here does what the test says; the others are never reached. */
const anyone: AccessCheck = () => ({ session: null, actor: { kind: 'anonymous' } });

function dispatcherWith(handlers: Partial<Record<string, (request: unknown) => unknown>>, explain: (e: unknown) => GatehouseError | null = () => null, checkAccess = anyone) {
  const logged: [string, unknown][] = [];
  const dispatch = createDispatcher({ handlers: handlers as unknown as HandlerTable, checkAccess }, { error: (message, detail) => logged.push([message, detail]) }, explain);
  return { dispatch, logged };
}

describe('createDispatcher', () => {
  it('names an unknown request, cut to 64 characters', async () => {
    const { dispatch } = dispatcherWith({});
    expect(await dispatch('nope', {})).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Unknown request "nope".' } });
    expect(await dispatch('x'.repeat(100), {})).toEqual({ ok: false, error: { code: 'invalid_input', message: `Unknown request "${'x'.repeat(64)}".` } });
  });

  it('names the field that is wrong and says what is wrong in a sentence, or speaks of the request when the whole request is', async () => {
    const { dispatch } = dispatcherWith({});
    expect(await dispatch('auth.signIn', 'a string')).toEqual({ ok: false, error: { code: 'invalid_input', message: 'The request is missing or not valid.' } });
    expect(await dispatch('admin.audit', { limit: 0 })).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'limit', message: 'The number of entries must be at least 1.' },
    });
    expect(await dispatch('admin.audit', { action: 'signin' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'action', message: expect.stringMatching(/^The action must be one of: sign_in, /) },
    });
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
    expect(await dispatch('account.changePassword', { currentPassword: 'a', newPassword: 'b' })).toEqual({
      ok: false,
      error: { code: 'password_rejected', message: 'The password was refused: too short.', problems },
    });
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

  it('checks the access the contract declares, for this request, before the handler runs', async () => {
    const asked: string[] = [];
    const ran: unknown[] = [];
    const refuseAdmins: AccessCheck = (access) => {
      asked.push(access);
      if (access.startsWith('admin')) throw new GatehouseError('forbidden', 'Only administrators can do this.');
      return anyone(access);
    };
    const { dispatch } = dispatcherWith({ 'admin.createAccount': (r) => ran.push(r), 'account.get': (r) => (ran.push(r), 'mine') }, undefined, refuseAdmins);
    const account = { email: 'new@example.com', password: 'a long passphrase', mustChangePassword: false };
    expect(await dispatch('admin.createAccount', { ...account, isAdmin: false })).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only administrators can do this.' } });
    expect(await dispatch('admin.createAccount', { ...account, isAdmin: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch('account.get', {})).toEqual({ ok: true, value: 'mine' });
    // Making an administrator raises the access; a malformed request is refused before any check.
    expect(await dispatch('admin.delete', { email: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(asked).toEqual(['admin', 'admin-mfa', 'session']);
    expect(ran).toEqual([{}]);
  });

  it('hands the handler the caller the access check found', async () => {
    const caller = { session: null, actor: { kind: 'cli', osUser: 'ada' } } as const;
    const seen: unknown[] = [];
    const dispatch = createDispatcher(
      { handlers: { 'session.get': (_r: unknown, c: unknown) => (seen.push(c), null) } as unknown as HandlerTable, checkAccess: () => caller },
      { error: () => {} },
    );
    await dispatch('session.get', {});
    expect(seen).toEqual([caller]);
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
