import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fakes.js';
import { SessionManager } from './sessions.js';

const MINUTE = 60_000;
const info = { subject: 'u1', email: 'a@example.com', displayName: 'A', isAdmin: false, amr: ['pwd' as const], authTime: 0, mfaAt: null };

describe('SessionManager', () => {
  it('locks after the idle period and not before', () => {
    const clock = new FakeClock();
    const sessions = new SessionManager(clock, () => 10 * MINUTE);
    sessions.start(info);
    clock.advance(10 * MINUTE - 1);
    expect(sessions.view()?.locked).toBe(false);
    clock.advance(1);
    expect(sessions.view()?.locked).toBe(true);
    expect(() => sessions.requireActive()).toThrow(expect.objectContaining({ code: 'session_locked' }));
  });

  it('counts activity, but not looking at the session', () => {
    const clock = new FakeClock();
    const sessions = new SessionManager(clock, () => 10 * MINUTE);
    sessions.start(info);
    clock.advance(9 * MINUTE);
    sessions.touch();
    clock.advance(9 * MINUTE);
    sessions.view();
    expect(sessions.view()?.locked).toBe(false);
    clock.advance(1 * MINUTE);
    expect(sessions.view()?.locked).toBe(true);
    sessions.touch(); // activity cannot unlock
    expect(sessions.view()?.locked).toBe(true);
  });

  it('records a step-up: the second factor joins the amr, with its time', () => {
    const clock = new FakeClock();
    const sessions = new SessionManager(clock, () => MINUTE);
    sessions.start(info);
    clock.advance(5000);
    expect(() => sessions.recordSecondFactor('someone else', ['otp', 'mfa'])).toThrow('Please sign in.');
    sessions.recordSecondFactor(info.subject, ['otp', 'mfa']);
    expect(sessions.requireActive()).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], mfaAt: clock.now() });
  });

  it('starts afresh on re-authentication, unlocked', () => {
    const clock = new FakeClock();
    const sessions = new SessionManager(clock, () => MINUTE);
    sessions.start(info);
    sessions.lock();
    clock.advance(5000);
    expect(sessions.start({ ...info, authTime: clock.now() })).toMatchObject({ locked: false, authTime: clock.now() });
  });

  it('asks for a sign-in when there is no session, and forgets everything on sign-out', () => {
    const sessions = new SessionManager(new FakeClock(), () => MINUTE);
    expect(() => sessions.requireActive()).toThrow(expect.objectContaining({ code: 'session_required' }));
    sessions.start(info);
    sessions.signOut();
    expect(sessions.view()).toBeNull();
  });

  it('locks on request, keeps whose session it is, and refuses everything but unlocking', () => {
    const clock = new FakeClock();
    const sessions = new SessionManager(clock, () => 10 * MINUTE);
    sessions.lock(); // nobody signed in: nothing to lock
    expect(sessions.view()).toBeNull();
    sessions.start(info);
    sessions.lock();
    expect(sessions.view()).toMatchObject({ locked: true, email: 'a@example.com' });
    expect(sessions.current()).toMatchObject({ subject: 'u1' });
    expect(() => sessions.requireActive()).toThrow('Gatehouse is locked. Unlock it to go on.');
    expect(() => sessions.recordSecondFactor('u1', ['otp'])).toThrow('Please sign in.');
    expect(() => sessions.recordReauthentication('u1')).toThrow('Please sign in.');
  });

  it('records a proof given again only for the session whose proof it was', () => {
    const clock = new FakeClock();
    const sessions = new SessionManager(clock, () => 10 * MINUTE);
    sessions.start(info);
    clock.advance(MINUTE);
    expect(() => sessions.recordReauthentication('someone-else')).toThrow('Please sign in.');
    expect(sessions.view()).toMatchObject({ authTime: info.authTime });
    sessions.recordReauthentication('u1');
    expect(sessions.view()).toMatchObject({ authTime: clock.now() });
  });

  it('shows a renamed or demoted account at once, and says "Please sign in." to nobody', () => {
    const sessions = new SessionManager(new FakeClock(), () => 10 * MINUTE);
    sessions.update({ displayName: 'Nobody' });
    expect(sessions.view()).toBeNull();
    expect(() => sessions.requireActive()).toThrow('Please sign in.');
    sessions.start({ ...info, isAdmin: true });
    sessions.update({ displayName: 'Ada', isAdmin: false });
    expect(sessions.view()).toMatchObject({ displayName: 'Ada', isAdmin: false, email: 'a@example.com' });
  });
});
