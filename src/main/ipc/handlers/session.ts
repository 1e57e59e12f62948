import { presentSignIn } from '../presentation.js';
import type { HandlerDeps, NamespaceHandlers } from './handler.js';

/** The session's life: viewing, keeping alive, locking, proving again, ending. */
export function sessionHandlers({ core, sessions }: HandlerDeps): NamespaceHandlers<'session'> {
  return {
    'session.get': () => sessions.view(),
    'session.confirmPassword': async ({ password }, { session, actor }) => {
      const check = await core.selfService.confirmPassword(session.subject, password, actor);
      if (check.kind !== 'verified') return check;
      sessions.recordReauthentication();
      return { kind: 'success' };
    },
    'session.stepUp': async ({ kind, code }, { session, actor }) => {
      const check = await core.selfService.stepUp(session.subject, { kind, code }, actor);
      if (check.kind !== 'verified') return check;
      sessions.recordSecondFactor(check.amr);
      return check.recoveryCodesLeft === undefined ? { kind: 'success' } : { kind: 'success', recoveryCodesLeft: check.recoveryCodesLeft };
    },
    'session.touch': () => sessions.touch(),
    'session.lock': () => {
      sessions.lock();
      return sessions.view();
    },
    // Unlocking is a sign-in as the session's own account; success starts the session afresh.
    'session.unlock': async ({ password }, { session, actor }) => {
      const outcome = await core.signIn.password(session.email, password, actor);
      if (outcome.kind === 'expired') sessions.signOut(); // the change-password step starts a fresh session
      return presentSignIn(sessions, outcome);
    },
    'session.signOut': () => {
      sessions.signOut();
      return null;
    },
  };
}
