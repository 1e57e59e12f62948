import { describe, expect, it } from 'vitest';
import type { AppStatus, SessionView, SignInResult } from '../../shared/index.js';
import { appReducer, initialState, type AppEvent, type AppState } from './phase.js';

const session: SessionView = { email: 'ada@example.com', displayName: 'Ada', isAdmin: false, amr: ['pwd'], authTime: 1, locked: false, idleLockMs: 600_000 };
const status = (change: Partial<AppStatus> = {}): AppStatus => ({
  needsSetup: false,
  session: null,
  passwordMinLength: 15,
  storeProblem: null,
  canRestoreWithKit: false,
  ...change,
});
const run = (...events: AppEvent[]): AppState => events.reduce(appReducer, initialState);
const signedIn = (result: SignInResult, email = 'ada@example.com'): AppEvent => ({ type: 'sign-in-result', result, email });
const inApp = run({ type: 'status', status: status({ session }) });

describe('the app opening', () => {
  it('starts loading, then shows first-run setup, sign-in, or the app for a session main still holds', () => {
    expect(initialState.phase).toEqual({ kind: 'loading' });
    expect(run({ type: 'status', status: status({ needsSetup: true }) }).phase).toEqual({ kind: 'setup' });
    expect(run({ type: 'status', status: status() }).phase).toEqual({ kind: 'sign-in' });
    expect(inApp).toEqual({ phase: { kind: 'app' }, session, codesLeft: null });
  });

  it('shows a store problem and nothing else, never a first run', () => {
    const problem = { code: 'store_locked', message: 'The key is wrong.' } as const;
    expect(run({ type: 'status', status: status({ needsSetup: true, storeProblem: problem }) })).toMatchObject({ phase: { kind: 'store-problem', problem }, session: null });
  });

  it('says so when main cannot be asked at all', () => {
    expect(run({ type: 'status-failed', message: 'Something went wrong.' }).phase).toEqual({ kind: 'fatal', message: 'Something went wrong.' });
  });
});

describe('signing in', () => {
  const start = run({ type: 'status', status: status() });

  it('goes to the second step with the methods main offers, and keeps the email to show', () => {
    const next = appReducer(start, signedIn({ kind: 'second_factor_required', flowId: 'f1', methods: ['totp', 'passkey'] }));
    expect(next.phase).toEqual({ kind: 'second-factor', flowId: 'f1', methods: ['totp', 'passkey'], email: 'ada@example.com' });
  });

  it('goes to enrolment when the policy wants a second factor the account lacks', () => {
    expect(appReducer(start, signedIn({ kind: 'mfa_enrolment_required', flowId: 'f2' })).phase).toEqual({ kind: 'enrol', flowId: 'f2', email: 'ada@example.com' });
  });

  it('asks for a new password when the old one expired, with no session yet', () => {
    expect(appReducer(inApp, signedIn({ kind: 'expired', flowId: 'f3', reason: 'forced' }))).toMatchObject({
      phase: { kind: 'expired', flowId: 'f3', reason: 'forced' },
      session: null,
    });
  });

  it('enters the app on success, saying how many recovery codes are left when one was used', () => {
    expect(appReducer(start, signedIn({ kind: 'success', session }))).toEqual({ phase: { kind: 'app' }, session, codesLeft: null });
    const withCode = appReducer(start, signedIn({ kind: 'success', session, recoveryCodesLeft: 2 }));
    expect(withCode.codesLeft).toBe(2);
    expect(appReducer(withCode, { type: 'codes-left-dismissed' }).codesLeft).toBeNull();
  });

  it('stays where it is on a refusal: the screen that got it says why', () => {
    for (const result of [{ kind: 'failed' }, { kind: 'locked', retryAfterMs: 5 }, { kind: 'disabled' }] as const) expect(appReducer(start, signedIn(result))).toBe(start);
  });

  it('goes back to the sign-in form when the user gives up a step', () => {
    const second = appReducer(start, signedIn({ kind: 'second_factor_required', flowId: 'f1', methods: ['totp'] }));
    expect(appReducer(second, { type: 'cancelled' }).phase).toEqual({ kind: 'sign-in' });
  });
});

describe('the session while in the app', () => {
  it('follows main: a lock is shown, and a session that ended sends the user to sign in', () => {
    const locked = appReducer(inApp, { type: 'session', session: { ...session, locked: true } });
    expect(locked).toMatchObject({ phase: { kind: 'app' }, session: { locked: true } });
    expect(appReducer(locked, { type: 'session', session: null })).toMatchObject({ phase: { kind: 'sign-in' }, session: null });
  });

  it('an unlock by sign-in starts the session afresh', () => {
    const locked = appReducer(inApp, { type: 'session', session: { ...session, locked: true } });
    expect(appReducer(locked, signedIn({ kind: 'success', session: { ...session, authTime: 2 } }))).toEqual({
      phase: { kind: 'app' },
      session: { ...session, authTime: 2 },
      codesLeft: null,
    });
  });

  it('signing out forgets the session and the recovery-code banner', () => {
    const withCode = appReducer(inApp, signedIn({ kind: 'success', session, recoveryCodesLeft: 1 }));
    expect(appReducer(withCode, { type: 'signed-out' })).toEqual({ phase: { kind: 'sign-in' }, session: null, codesLeft: null });
  });

  it('a session answer outside the app changes no screen', () => {
    const start = run({ type: 'status', status: status() });
    expect(appReducer(start, { type: 'session', session: null })).toEqual(start);
  });
});
