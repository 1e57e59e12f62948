import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import QRCode from 'qrcode';
import type { AccountView, Channel, Contract, ResponseOf, SignInOutcome, SignInResult, TotpEnrolment, TotpEnrolmentView } from '../../shared/index.js';
import type { Clock } from '../core/ports.js';
import type { Actor } from '../core/context.js';
import { GatehouseError } from '../core/errors.js';
import type { Gatehouse } from '../core/gatehouse.js';
import type { SessionManager } from '../core/sessions.js';
import type { z } from 'zod';

export interface HandlerDeps {
  core: Gatehouse;
  sessions: SessionManager;
  clock: Clock;
}

/** Sign-in steps are taken by whoever is at the keyboard, not by a locked session's owner. */
const ANONYMOUS: Actor = { kind: 'anonymous' };

/** How long a second-factor check lets sensitive actions through. */
export const STEP_UP_WINDOW_MS = 5 * 60_000;

type Handler<C extends Channel> = (request: z.output<Contract[C]['request']>) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type HandlerTable = { [C in Channel]: Handler<C> };

/**
 * Every channel's behaviour, in one table. Authorisation is decided here, in main, from the
 * session main holds — never from anything the renderer says about itself.
 */
export function createHandlers({ core, sessions, clock }: HandlerDeps): HandlerTable {
  /** The unlocked session of an account that still exists and is enabled. */
  const signedIn = () => {
    const s = sessions.requireActive();
    const account = core.accountById(s.subject);
    if (!account || account.status !== 'active') {
      sessions.signOut();
      throw new GatehouseError('session_required', 'This account can no longer be used. Please sign in again.');
    }
    return s;
  };
  const actor = (): Actor => {
    const s = sessions.current();
    return s ? { kind: 'user', id: s.subject, email: s.email } : { kind: 'anonymous' };
  };
  /**
   * An administrator's session, checked against the store: a demoted admin loses rights at once.
   * Rights first, then the step-up: nobody is asked for a code to be told they may not.
   */
  const admin = (options: { stepUp?: boolean } = {}): Actor => {
    let s = signedIn();
    if (!core.accountById(s.subject)?.isAdmin) throw new GatehouseError('forbidden', 'Only administrators can do this.');
    if (options.stepUp) s = recentlyVerified();
    return { kind: 'user', id: s.subject, email: s.email };
  };
  /** Turns a core outcome into what the renderer may see, starting the session on success. */
  const toResult = (outcome: SignInOutcome & { recoveryCodesLeft?: number }): SignInResult => {
    switch (outcome.kind) {
      case 'success':
        return { kind: 'success', session: sessions.start(outcome.session), ...(outcome.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: outcome.recoveryCodesLeft }) };
      case 'expired':
        return { kind: 'expired', reason: outcome.reason, flowId: outcome.flowId };
      default:
        return outcome;
    }
  };
  /**
   * Sensitive actions (change the password, remove an authenticator, new recovery codes) need a
   * second factor checked within the last 5 minutes, when the account has one.
   */
  const recentlyVerified = () => {
    const s = signedIn();
    if (core.hasSecondFactor(s.subject) && (s.mfaAt === null || clock.now() - s.mfaAt > STEP_UP_WINDOW_MS)) {
      throw new GatehouseError('step_up_required', 'Verification required: enter a code from your authenticator app to continue.');
    }
    return s;
  };
  /**
   * Adding or removing a way to sign in: a fresh second factor when the account has one, or
   * else a sign-in (or the password given again) within the last 5 minutes — never just an
   * unlocked session someone walked up to.
   */
  const freshlyAuthenticated = () => {
    const s = recentlyVerified();
    if (!core.hasSecondFactor(s.subject) && clock.now() - s.authTime > STEP_UP_WINDOW_MS) {
      throw new GatehouseError('reauth_required', "Confirm it's you: enter your password to continue.");
    }
    return s;
  };
  const withQrCode = async (enrolment: TotpEnrolment): Promise<TotpEnrolmentView> => ({
    ...enrolment,
    qrCode: await QRCode.toDataURL(enrolment.uri, { errorCorrectionLevel: 'M', margin: 2, width: 224 }),
  });
  const myAccount = (): AccountView => {
    const account = core.accountById(signedIn().subject);
    // Deleted by the CLI between the two reads: the same answer as signedIn() would give.
    if (!account) {
      sessions.signOut();
      throw new GatehouseError('session_required', 'This account no longer exists.');
    }
    return account;
  };

  const table: HandlerTable = {
    'app.status': () => ({ needsSetup: core.isEmpty(), session: sessions.view(), passwordMinLength: core.policy().passwordMinLength, storeProblem: null }),

    'setup.createAdmin': async ({ email, displayName, password }) => {
      // Only the very first account may be created without signing in, and it is the administrator;
      // the core refuses any other before it looks at the address or the password.
      await core.createAccount({ email, displayName, password, onlyIfFirst: true }, ANONYMOUS);
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
    'auth.secondFactor': async ({ flowId, kind, code }) => toResult(await core.completeSecondFactor(flowId, { kind, code }, ANONYMOUS)),
    'auth.enrolBegin': async ({ flowId, name }) => withQrCode(core.beginRequiredEnrolment(flowId, name, ANONYMOUS)),
    'auth.enrolConfirm': async ({ flowId, name, code }) => {
      const { outcome, recoveryCodes } = await core.confirmRequiredEnrolment(flowId, name, code, ANONYMOUS);
      return { result: toResult(outcome), recoveryCodes };
    },
    'auth.completePasswordChange': async ({ flowId, newPassword }) => toResult(await core.completeExpiredPasswordChange(flowId, newPassword, ANONYMOUS)),

    'auth.passkeyBegin': () => core.beginPasskeySignIn(),
    'auth.passkeyFinish': async ({ flowId, response }) => toResult(await core.finishPasskeySignIn(flowId, response as AuthenticationResponseJSON, ANONYMOUS)),
    'auth.passkeySecondFactorBegin': ({ flowId }) => core.beginPasskeySecondFactor(flowId),
    'auth.passkeySecondFactorFinish': async ({ flowId, passkeyFlowId, response }) =>
      toResult(await core.finishPasskeySecondFactor(flowId, passkeyFlowId, response as AuthenticationResponseJSON, ANONYMOUS)),
    'session.get': () => sessions.view(),
    'session.confirmPassword': async ({ password }) => {
      const s = signedIn();
      const check = await core.confirmPassword(s.subject, password, actor());
      if (check.kind !== 'verified') return check;
      sessions.recordReauthentication();
      return { kind: 'success' };
    },
    'session.stepUp': async ({ kind, code }) => {
      const s = signedIn();
      const check = await core.verifySecondFactor(s.subject, { kind, code }, actor());
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
    'session.unlock': async ({ password }) => {
      const s = sessions.current();
      if (!s) throw new GatehouseError('session_required', 'Nobody is signed in.');
      const outcome = await core.signInWithPassword(s.email, password, { kind: 'user', id: s.subject, email: s.email });
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
    'account.changePassword': ({ currentPassword, newPassword }) => core.changePassword(recentlyVerified().subject, currentPassword, newPassword, actor()),
    'account.secondFactors': () => core.secondFactors(signedIn().subject),
    'account.totpBegin': ({ name }) => withQrCode(core.beginTotpEnrolment(freshlyAuthenticated().subject, name, actor())),
    'account.totpConfirm': async ({ name, code }) => {
      const s = signedIn();
      // Proving a new authenticator is no step-up: that needs a factor the account already had.
      const confirmed = await core.confirmTotpEnrolment(s.subject, name, code, actor());
      return { recoveryCodes: confirmed.recoveryCodes ?? null };
    },
    'account.totpRemove': ({ name }) => {
      const s = recentlyVerified();
      core.removeTotp(s.subject, name, actor());
      return core.secondFactors(s.subject);
    },
    'account.regenerateRecoveryCodes': async () => ({ recoveryCodes: await core.regenerateRecoveryCodes(recentlyVerified().subject, actor()) }),

    'account.passkeys': () => core.listPasskeys(signedIn().subject),
    // Adding a way in, or removing one, wants a fresh second factor when the account has one.
    'account.passkeyBegin': ({ kind }) => core.beginPasskeyRegistration(freshlyAuthenticated().subject, kind),
    'account.passkeyFinish': ({ flowId, name, response }) => core.finishPasskeyRegistration(signedIn().subject, flowId, response as RegistrationResponseJSON, name, actor()),
    'account.passkeyRename': ({ id, name }) => core.renamePasskey(signedIn().subject, id, name, actor()),
    'account.passkeyRemove': ({ id }) => {
      const s = freshlyAuthenticated();
      core.removePasskey(s.subject, id, actor());
      return core.listPasskeys(s.subject);
    },
    'admin.listAccounts': () => (admin(), core.listAccounts()),
    // Making an administrator or changing the policy widens access: a fresh second factor first.
    'admin.createAccount': (request) => core.createAccount(request, admin({ stepUp: request.isAdmin })),
    'admin.disable': ({ email }) => {
      const who = admin();
      if (who.kind === 'user' && email.trim().toLowerCase() === who.email) throw new GatehouseError('conflict', 'You cannot disable your own account while signed in to it.');
      return core.disableAccount(email, who);
    },
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
    'admin.updatePolicy': (change) => core.updatePolicy(change, admin({ stepUp: true })),
  };
  return table;
}
