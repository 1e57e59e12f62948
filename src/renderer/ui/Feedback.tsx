import { useEffect, useState, type ReactNode } from 'react';
import { formatCountdown } from '../format.js';

/** An error the user must read: announced at once. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="alert alert--error" role="alert">
      {children}
    </div>
  );
}

/** News that can wait its turn: announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert--info" role="status">
      {children}
    </div>
  );
}

/** A submit button that shows and announces the wait while main hashes a password. */
export function SubmitButton({ busy, busyLabel, children, disabled }: { busy: boolean; busyLabel: string; children: ReactNode; disabled?: boolean }) {
  return (
    <button type="submit" className="primary" aria-busy={busy} disabled={busy || disabled}>
      {busy ? (
        <>
          <span className="spinner" aria-hidden="true" /> {busyLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}

/**
 * "Try again in 4:59": a visible timer, announced once when it starts and once when it ends
 * (per-second announcements are noise for screen-reader users).
 * Counts down to `until` (epoch ms), or for `forMs` from when it first shows.
 */
export function Countdown({ until, forMs = 0, onDone }: { until?: number; forMs?: number; onDone?: () => void }) {
  const [shownAt] = useState(() => Date.now());
  const [now, setNow] = useState(shownAt);
  const end = until ?? shownAt + forMs;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = end - now;
  const done = left <= 0;
  useEffect(() => {
    if (done) onDone?.();
  }, [done, onDone]);
  return (
    <span role="timer" aria-live="off">
      {formatCountdown(left)}
    </span>
  );
}
