import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { SessionView } from '../../shared/index.js';
import { call, gatehouse } from '../gatehouse.js';

/** How often the renderer asks main whether the session locked (idle or OS lock). */
const SESSION_POLL_MS = 5_000;
/** User activity is reported at most this often: enough for a 1-minute idle lock. */
const TOUCH_EVERY_MS = 20_000;

export interface SessionContextValue {
  session: SessionView;
  /** What main answered after a change (a rename, a lock): the app shows it. */
  onSessionChange: (session: SessionView | null) => void;
  signOut: () => Promise<void>;
  lock: () => Promise<void>;
  /** Recovery codes left after signing in with one (a banner says so); null when there is nothing to say. */
  codesLeft: number | null;
  /** The banner has done its work: dismissed, or new codes were made. */
  dismissCodesLeft: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionContextValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in session, for any screen inside the app; never the subject id or a secret. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside the signed-in app');
  return value;
}

/**
 * Main decides when the session locks; the renderer follows, polling and on focus. Keyboard and
 * pointer activity keeps an unlocked session alive, reported at most every 20 s.
 */
export function useSessionUpkeep(active: boolean, locked: boolean, onSession: (session: SessionView | null) => void) {
  const lastTouch = useRef(0);
  useEffect(() => {
    if (!active) return;
    const poll = () =>
      call(gatehouse().session.get({}))
        .then(onSession)
        .catch(() => undefined);
    const timer = setInterval(poll, SESSION_POLL_MS);
    window.addEventListener('focus', poll);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', poll);
    };
  }, [active, onSession]);

  useEffect(() => {
    if (!active || locked) return;
    const touch = () => {
      if (Date.now() - lastTouch.current < TOUCH_EVERY_MS) return;
      lastTouch.current = Date.now();
      void call(gatehouse().session.touch({}))
        .then(onSession)
        .catch(() => undefined);
    };
    window.addEventListener('keydown', touch);
    window.addEventListener('pointerdown', touch);
    return () => {
      window.removeEventListener('keydown', touch);
      window.removeEventListener('pointerdown', touch);
    };
  }, [active, locked, onSession]);
}
