import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { GatehouseError } from '../../common/errors.js';
import { presentSignIn } from '../presentation.js';
import { requireSameSession, type HandlerDeps, type NamespaceHandlers } from './handler.js';

/** The session's life: viewing, keeping alive, locking, proving again, ending. */
export function sessionHandlers({ core, sessions, providerSignIns, checkAccess }: HandlerDeps): NamespaceHandlers<'session'> {
  return {
    'session.get': () => sessions.view(),
    'session.confirmPassword': async ({ password }, { session, actor }) => {
      const check = await core.selfService.confirmPassword(session.subject, password, actor);
      if (check.kind !== 'verified') return check;
      sessions.recordReauthentication(session.subject);
      return { kind: 'success' };
    },
    'session.reauthOptions': (_request, { session }) => core.selfService.reauthOptions(session.subject),
    'session.reauthProviderBegin': ({ name }, { session, actor }) => providerSignIns.start(name, actor, { kind: 'reauth', userId: session.subject }),
    'session.reauthProviderFinish': async ({ flowId }, { session, actor }) => {
      const callback = await providerSignIns.callback(flowId);
      requireSameSession(checkAccess, session);
      const { amr } = await core.selfService.confirmWithProvider(session.subject, flowId, callback, actor);
      sessions.recordReauthentication(session.subject);
      // A provider trusted for its two-step sign-in, that did it: a fresh second factor too.
      if (amr.includes('mfa')) sessions.recordSecondFactor(session.subject, amr);
      return { kind: 'success' };
    },
    'session.stepUp': async ({ kind, code }, { session, actor }) => {
      const check = await core.selfService.stepUp(session.subject, { kind, code }, actor, session.amr);
      if (check.kind !== 'verified') return check;
      sessions.recordSecondFactor(session.subject, check.amr);
      return check.recoveryCodesLeft === undefined ? { kind: 'success' } : { kind: 'success', recoveryCodesLeft: check.recoveryCodesLeft };
    },
    'session.stepUpPasskeyBegin': (_request, { session }) => core.selfService.beginPasskeyStepUp(session.subject),
    'session.stepUpPasskeyFinish': async ({ flowId, response }, { session, actor }) => {
      const check = await core.selfService.stepUp(session.subject, { kind: 'passkey', ceremonyId: flowId, response: response as AuthenticationResponseJSON }, actor, session.amr);
      if (check.kind !== 'verified') return check;
      sessions.recordSecondFactor(session.subject, check.amr);
      return { kind: 'success' };
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
    // The same, by a fresh login at a provider linked to the account.
    'session.unlockWithProviderBegin': ({ name }, { session, actor }) => providerSignIns.start(name, actor, { kind: 'unlock', userId: session.subject }),
    'session.unlockWithProviderFinish': async ({ flowId }, { session, actor }) => {
      const callback = await providerSignIns.callback(flowId);
      // Signed out (or someone else signed in) while the browser was open: this unlock is over.
      if (sessions.current()?.subject !== session.subject) throw new GatehouseError('session_required', 'Nobody is signed in.');
      const outcome = await core.signIn.finishProviderUnlock(session.subject, flowId, callback, actor);
      if (outcome.kind === 'expired') sessions.signOut();
      return presentSignIn(sessions, outcome);
    },
    'session.unlockWithPasskeyBegin': (_request, { session }) => core.signIn.beginPasskeyUnlock(session.subject),
    'session.unlockWithPasskeyFinish': async ({ flowId, response }, { session, actor }) => {
      const outcome = await core.signIn.finishPasskeyUnlock(session.subject, flowId, response as AuthenticationResponseJSON, actor);
      if (outcome.kind === 'expired') sessions.signOut(); // as for the other unlocks: the change-password step starts a fresh session
      return presentSignIn(sessions, outcome);
    },
    'session.signOut': () => {
      sessions.signOut();
      return null;
    },
  };
}
