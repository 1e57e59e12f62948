import type { AccountView, Channel, Contract, ResponseOf, SignInOutcome, SignInResult } from '../../shared/index.js';
import type { Actor } from '../core/context.js';
import { GatehouseError } from '../core/errors.js';
import type { Gatehouse } from '../core/gatehouse.js';
import type { SessionManager } from '../core/sessions.js';
import type { z } from 'zod';

export interface HandlerDeps {
  core: Gatehouse;
  sessions: SessionManager;
}

type Handler<C extends Channel> = (request: z.output<Contract[C]['request']>) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type HandlerTable = { [C in Channel]: Handler<C> };

/**
 * Every channel's behaviour, in one table. Authorisation is decided here, in main, from the
 * session main holds — never from anything the renderer says about itself.
 */
export function createHandlers({ core, sessions }: HandlerDeps): HandlerTable {
  const signedIn = () => sessions.requireActive();
  const actor = (): Actor => {
    const s = sessions.current();
    return s ? { kind: 'user', id: s.subject, email: s.email } : { kind: 'anonymous' };
  };
  /** An administrator's session, checked against the store: a demoted admin loses rights at once. */
  const admin = (): Actor => {
    const s = signedIn();
    if (!core.accountById(s.subject)?.isAdmin) throw new GatehouseError('forbidden', 'Only administrators can do this.');
    return { kind: 'user', id: s.subject, email: s.email };
  };
  /** Turns a core outcome into what the renderer may see, starting the session on success. */
  const toResult = (outcome: SignInOutcome): SignInResult => {
    switch (outcome.kind) {
      case 'success':
        return { kind: 'success', session: sessions.start(outcome.session) };
      case 'expired':
        return { kind: 'expired', reason: outcome.reason, flowId: outcome.flowId };
      case 'second_factor_required':
        throw new GatehouseError('internal', 'Second factors are not available yet.');
      default:
        return outcome;
    }
  };
  const myAccount = (): AccountView => {
    const account = core.accountById(signedIn().subject);
    if (!account) {
      sessions.signOut();
      throw new GatehouseError('session_required', 'This account no longer exists.');
    }
    return account;
  };

  const table: HandlerTable = {
    'app.status': () => ({ needsSetup: core.isEmpty(), session: sessions.view(), passwordMinLength: core.policy().passwordMinLength }),

    'setup.createAdmin': async ({ email, displayName, password }) => {
      // Only the very first account may be created without signing in; checked again in the store.
      if (!core.isEmpty()) throw new GatehouseError('conflict', 'Gatehouse is already set up. Sign in instead.');
      await core.createAccount({ email, displayName, password, isAdmin: true }, { kind: 'anonymous' });
      return toResult(await core.signInWithPassword(email, password));
    },

    'password.check': ({ password, email }) => {
      // For someone else's new password (first run, an admin adding an account) the form says whose;
      // otherwise it is the signed-in user's own. The check reads no account: it reveals nothing.
      const s = sessions.current();
      const account = email !== undefined ? { email: email.toLowerCase(), isAdmin: core.isEmpty() } : { email: s?.email ?? '', isAdmin: s?.isAdmin ?? false };
      return { problems: core.checkNewPassword(password, account), minLength: core.policy().passwordMinLength };
    },

    'auth.signIn': async ({ email, password }) => toResult(await core.signInWithPassword(email, password)),
    'auth.completePasswordChange': async ({ flowId, newPassword }) => toResult(await core.completeExpiredPasswordChange(flowId, newPassword, actor())),

    'session.get': () => sessions.view(),
    'session.touch': () => sessions.touch(),
    'session.lock': () => {
      sessions.lock();
      return sessions.view();
    },
    'session.unlock': async ({ password }) => {
      const s = sessions.current();
      if (!s) throw new GatehouseError('session_required', 'Nobody is signed in.');
      const outcome = await core.signInWithPassword(s.email, password, { kind: 'user', id: s.subject, email: s.email });
      if (outcome.kind === 'success') return { kind: 'success', session: sessions.unlock(outcome.session.amr) };
      if (outcome.kind === 'expired') sessions.signOut(); // the change-password step starts a fresh session
      return toResult(outcome);
    },
    'session.signOut': () => {
      sessions.signOut();
      return null;
    },

    'account.get': () => myAccount(),
    'account.rename': ({ displayName }) => {
      const s = signedIn();
      const account = core.renameAccount(s.subject, displayName, actor());
      sessions.update({ displayName: account.displayName });
      return account;
    },
    'account.changePassword': ({ currentPassword, newPassword }) => core.changePassword(signedIn().subject, currentPassword, newPassword, actor()),

    'admin.listAccounts': () => (admin(), core.listAccounts()),
    'admin.createAccount': (request) => core.createAccount(request, admin()),
    'admin.disable': ({ email }) => core.disableAccount(email, admin()),
    'admin.enable': ({ email }) => core.enableAccount(email, admin()),
    'admin.unlock': ({ email }) => core.unlockAccount(email, admin()),
    'admin.expirePassword': ({ email }) => core.expirePassword(email, admin()),
    'admin.delete': ({ email }) => {
      const who = admin();
      if (who.kind === 'user' && email.trim().toLowerCase() === who.email) throw new GatehouseError('conflict', 'You cannot delete your own account while signed in to it.');
      core.deleteAccount(email, who);
      return null;
    },
    'admin.audit': (query) => (admin(), core.auditTrail(query).map(({ accountId: _omit, ...entry }) => entry)),
    'admin.getPolicy': () => (admin(), core.policy()),
    'admin.updatePolicy': (change) => core.updatePolicy(change, admin()),
  };
  return table;
}
