import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { GatehouseError } from '../../common/errors.js';
import { presentEnrolment } from '../presentation.js';
import { requireSameSession, type HandlerDeps, type NamespaceHandlers } from './handler.js';

/** The signed-in person's own account: always the session's, never one the request names. */
export function accountHandlers({ core, sessions, providerSignIns, checkAccess }: HandlerDeps): NamespaceHandlers<'account'> {
  return {
    'account.get': (_request, { session }) => {
      const account = core.accounts.byId(session.subject);
      // Deleted by the CLI since the access check: the same answer that check would give.
      if (!account) {
        sessions.signOut();
        throw new GatehouseError('session_required', 'This account no longer exists.');
      }
      return account;
    },
    'account.contactBegin': ({ channel, to }, { session, actor }) => core.selfService.beginContactChange(session.subject, channel, to, actor),
    'account.contactConfirm': async ({ flowId, code }, { session, actor }) => {
      const result = await core.selfService.confirmContactChange(session.subject, flowId, code, actor);
      if (result.kind === 'changed') sessions.update({ email: result.account.email });
      return result;
    },
    'account.removePhone': (_request, { session, actor }) => core.selfService.removePhone(session.subject, actor),
    'account.rename': ({ displayName }, { session, actor }) => {
      const account = core.selfService.rename(session.subject, displayName, actor);
      sessions.update({ displayName: account.displayName });
      return account;
    },
    'account.changePassword': ({ currentPassword, newPassword }, { session, actor }) => core.selfService.changePassword(session.subject, currentPassword, newPassword, actor),
    'account.setPassword': async ({ newPassword }, { session, actor }) => {
      await core.selfService.setPassword(session.subject, newPassword, actor);
      const account = core.accounts.byId(session.subject);
      if (!account) throw new GatehouseError('session_required', 'This account no longer exists.');
      return account;
    },
    'account.secondFactors': (_request, { session }) => core.selfService.secondFactors(session.subject),
    'account.totpBegin': ({ name }, { session, actor }) => presentEnrolment(core.selfService.beginTotp(session.subject, name, actor)),
    // Proving a new authenticator is no step-up: that needs a factor the account already had.
    'account.totpConfirm': async ({ name, code }, { session, actor }) => ({
      recoveryCodes: (await core.selfService.confirmTotp(session.subject, name, code, actor)).recoveryCodes ?? null,
    }),
    'account.totpRemove': ({ name }, { session, actor }) => {
      core.selfService.removeTotp(session.subject, name, actor);
      return core.selfService.secondFactors(session.subject);
    },
    'account.regenerateRecoveryCodes': async (_request, { session, actor }) => ({ recoveryCodes: await core.selfService.regenerateRecoveryCodes(session.subject, actor) }),
    'account.identities': (_request, { session }) => core.providers.identitiesOf(session.subject),
    // Linking a provider adds a way in: a fresh second factor or sign-in first (the contract's access).
    'account.linkProviderBegin': ({ name }, { session, actor }) => providerSignIns.start(name, actor, { kind: 'link', userId: session.subject }),
    'account.linkProviderFinish': async ({ flowId }, { session, actor }) => {
      const callback = await providerSignIns.callback(flowId);
      requireSameSession(checkAccess, session);
      await core.providers.finishLink(session.subject, flowId, callback, actor);
      return core.providers.identitiesOf(session.subject);
    },
    'account.unlinkProvider': ({ provider }, { session, actor }) => {
      core.providers.unlink(session.subject, provider, actor);
      return core.providers.identitiesOf(session.subject);
    },
    'account.passkeys': (_request, { session }) => core.passkeys.list(session.subject),
    'account.passkeyBegin': ({ kind }, { session }) => core.passkeys.beginRegistration(session.subject, kind),
    'account.passkeyFinish': ({ flowId, name, response }, { session, actor }) =>
      core.passkeys.finishRegistration(session.subject, flowId, response as RegistrationResponseJSON, name, actor),
    'account.passkeyRename': ({ id, name }, { session, actor }) => core.passkeys.rename(session.subject, id, name, actor),
    'account.passkeyRemove': ({ id }, { session, actor }) => {
      core.passkeys.remove(session.subject, id, actor);
      return core.passkeys.list(session.subject);
    },
  };
}
