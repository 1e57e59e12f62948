import type { Amr, ProviderAssertion, SessionView } from '../../shared/index.js';
import { GatehouseError } from '../common/errors.js';
import type { Clock } from '../common/ports.js';

/** The session as main holds it; the renderer gets a `SessionView` of it. */
export interface Session {
  subject: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  amr: Amr[];
  /** Signed in through a provider: which, and what it said of its own methods (for display). */
  viaProvider?: ProviderAssertion;
  /** Epoch milliseconds of the last (re-)authentication. */
  authTime: number;
  /** Epoch milliseconds of the last second-factor check: sensitive actions want it recent. */
  mfaAt: number | null;
}

interface ActiveSession extends Session {
  lastActivity: number;
  locked: boolean;
}

/**
 * The desktop session: one signed-in account per app instance, held in main. The renderer sees
 * a read-only view. It locks after `idleMs()` without activity and when the OS screen locks;
 * unlocking is a re-authentication, which starts the session afresh.
 */
export class SessionManager {
  private session: ActiveSession | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: () => number,
  ) {}

  start(info: Session): SessionView {
    this.session = { ...info, amr: [...info.amr], lastActivity: this.clock.now(), locked: false };
    return this.view()!;
  }

  /** The current view; applying the idle rule first, so a stale session reads as locked. */
  view(): SessionView | null {
    const s = this.refresh();
    if (!s) return null;
    return {
      email: s.email,
      displayName: s.displayName,
      isAdmin: s.isAdmin,
      amr: [...s.amr],
      ...(s.viaProvider ? { viaProvider: { provider: s.viaProvider.provider, amr: [...s.viaProvider.amr] } } : {}),
      authTime: s.authTime,
      locked: s.locked,
      idleLockMs: this.idleMs(),
    };
  }

  /** User activity: keeps an unlocked session alive. */
  touch(): SessionView | null {
    const s = this.refresh();
    if (s && !s.locked) s.lastActivity = this.clock.now();
    return this.view();
  }

  lock(): void {
    const s = this.refresh();
    if (s) s.locked = true;
  }

  /** A second factor of `subject` was just checked (a step-up): sensitive actions may go ahead for a while. */
  recordSecondFactor(subject: string, amr: Amr[]): SessionView {
    const s = this.refresh();
    // Whose proof it was: the session may have changed while the check was awaited.
    if (!s || s.locked || s.subject !== subject) throw new GatehouseError('session_required', 'Please sign in.');
    Object.assign(s, { amr: [...new Set([...s.amr, ...amr])], mfaAt: this.clock.now(), lastActivity: this.clock.now() });
    return this.view()!;
  }

  /** The password was given again, or the provider signed the person in afresh ("confirm it's you"): the sign-in counts as fresh. */
  recordReauthentication(subject: string): void {
    const s = this.refresh();
    // Whose proof it was: the session may have changed while a browser was open.
    if (!s || s.locked || s.subject !== subject) throw new GatehouseError('session_required', 'Please sign in.');
    Object.assign(s, { authTime: this.clock.now(), lastActivity: this.clock.now() });
  }

  /** Updates what the session shows after the account changed (name, role). */
  update(change: Partial<Pick<Session, 'displayName' | 'isAdmin' | 'email'>>): void {
    if (this.session) Object.assign(this.session, change);
  }

  signOut(): void {
    this.session = null;
  }

  /** The signed-in, unlocked session for an action; counts as activity. */
  requireActive(): Session {
    const s = this.refresh();
    if (!s) throw new GatehouseError('session_required', 'Please sign in.');
    if (s.locked) throw new GatehouseError('session_locked', 'Gatehouse is locked. Unlock it to go on.');
    s.lastActivity = this.clock.now();
    return { subject: s.subject, email: s.email, displayName: s.displayName, isAdmin: s.isAdmin, amr: [...s.amr], authTime: s.authTime, mfaAt: s.mfaAt };
  }

  /** The session whatever its lock state: whose it is, for the lock screen. */
  current(): Session | null {
    return this.refresh();
  }

  private refresh(): ActiveSession | null {
    const s = this.session;
    if (s && !s.locked && this.clock.now() - s.lastActivity >= this.idleMs()) s.locked = true;
    return s;
  }
}
