import type { Access } from '../../shared/index.js';
import type { Actor } from '../core/context.js';
import { GatehouseError } from '../common/errors.js';
import type { Gatehouse } from '../core/gatehouse.js';
import type { Clock } from '../common/ports.js';
import type { Session, SessionManager } from '../core/sessions.js';
import { FRESH_FOR_MS, shortfall, type Freshness } from '../core/assurance.js';

/** How long a second-factor check (or a password given again) lets sensitive actions through. */
export const STEP_UP_WINDOW_MS = FRESH_FOR_MS;

/** Who is calling, as the access check found them. */
export interface Caller {
  /** The session the check required; for `public` and `flow` channels, whatever session there is (maybe locked, maybe none). */
  session: Session | null;
  /** Who the audit trail names. Sign-in steps are taken by whoever is at the keyboard: anonymous. */
  actor: Actor;
}

/** A caller that the access check proved to have a session. */
export interface SessionCaller extends Caller {
  session: Session;
  actor: Extract<Actor, { kind: 'user' }>;
}

export type AccessCheck = (access: Access) => Caller;

const ANONYMOUS: Actor = { kind: 'anonymous' };

/**
 * Decides, in main and from the session main holds, whether the caller has the access a
 * channel declares. Throws the refusal that says what is missing; returns who the caller is.
 */
export function createAccessCheck({ core, sessions, clock }: { core: Gatehouse; sessions: SessionManager; clock: Clock }): AccessCheck {
  const asUser = (session: Session): SessionCaller => ({ session, actor: { kind: 'user', id: session.subject, email: session.email } });

  /** The unlocked session of an account that still exists and is enabled. */
  const signedIn = (): Session => {
    const s = sessions.requireActive();
    const account = core.accounts.byId(s.subject);
    if (!account || account.status !== 'active') {
      sessions.signOut();
      throw new GatehouseError('session_required', 'This account can no longer be used. Please sign in again.');
    }
    return s;
  };
  /** The assurance model (core/assurance.ts) decides; this says what is missing in words. */
  const proven = (s: Session, needs: Freshness): Session => {
    const missing = shortfall(needs, s, core.selfService.hasSecondFactor(s.subject), clock.now());
    if (missing === 'step_up_required') throw new GatehouseError('step_up_required', 'Verification required: confirm with your second factor to continue.');
    if (missing === 'reauth_required') throw new GatehouseError('reauth_required', "Confirm it's you to continue: enter your password, or sign in again at your provider.");
    return s;
  };
  /** Rights first, then the proof: nobody is asked for a code to be told they may not. */
  const administrator = (needs: Freshness): Session => {
    const s = signedIn();
    if (!core.accounts.byId(s.subject)?.isAdmin) throw new GatehouseError('forbidden', 'Only administrators can do this.');
    return proven(s, needs);
  };

  return (access) => {
    switch (access) {
      case 'public':
      case 'flow':
        return { session: sessions.current(), actor: ANONYMOUS };
      case 'own-session': {
        const s = sessions.current();
        if (!s) throw new GatehouseError('session_required', 'Nobody is signed in.');
        return asUser(s);
      }
      case 'session':
        return asUser(signedIn());
      case 'recent-mfa':
        return asUser(proven(signedIn(), 'recent_second_factor'));
      case 'fresh-auth':
        return asUser(proven(signedIn(), 'fresh_proof'));
      case 'admin':
        return asUser(administrator('any'));
      case 'admin-mfa':
        // An administrator without a second factor proves it is them again, as for a new way in.
        return asUser(administrator('fresh_proof'));
    }
  };
}
