import { useCallback, useEffect, useRef, useState } from 'react';
import type { SecondFactorMethod, SessionView, SignInResult, WireError } from '../shared/index.js';
import { EnrolRequired } from './screens/EnrolRequired.js';
import { SecondFactorStep } from './screens/SecondFactorStep.js';
import { ErrorMessage } from './components/Feedback.js';
import { call, errorMessage, gatehouse } from './gatehouse.js';
import { Shell } from './Shell.js';
import { ExpiredPassword } from './screens/ExpiredPassword.js';
import { FirstRun } from './screens/FirstRun.js';
import { LockScreen } from './screens/LockScreen.js';
import { SignIn } from './screens/SignIn.js';
import { StoreProblem } from './screens/StoreProblem.js';

type Phase =
  | { kind: 'loading' }
  | { kind: 'store-problem'; problem: WireError }
  | { kind: 'setup' }
  | { kind: 'sign-in' }
  | { kind: 'second-factor'; flowId: string; methods: SecondFactorMethod[]; email: string }
  | { kind: 'enrol'; flowId: string; email: string }
  | { kind: 'expired'; flowId: string; reason: 'forced' | 'max_age' }
  | { kind: 'app' };

/** How often the renderer asks main whether the session locked (idle or OS lock). */
const SESSION_POLL_MS = 5_000;
/** User activity is reported at most this often: enough for a 1-minute idle lock. */
const TOUCH_EVERY_MS = 20_000;

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [session, setSession] = useState<SessionView | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  /** Said once after a sign-in that used a recovery code. */
  const [codesLeft, setCodesLeft] = useState<number | null>(null);
  const lastTouch = useRef(0);

  const refresh = useCallback(async () => {
    try {
      const status = await call(gatehouse().app.status({}));
      setSession(status.session);
      if (status.storeProblem) setPhase({ kind: 'store-problem', problem: status.storeProblem });
      else setPhase(status.needsSetup ? { kind: 'setup' } : status.session ? { kind: 'app' } : { kind: 'sign-in' });
    } catch (e) {
      setFatal(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Main decides when the session locks; the renderer follows, polling and on focus.
  useEffect(() => {
    if (phase.kind !== 'app') return;
    const poll = () =>
      call(gatehouse().session.get({}))
        .then((s) => {
          setSession(s);
          if (!s) setPhase({ kind: 'sign-in' });
        })
        .catch(() => undefined);
    const timer = setInterval(poll, SESSION_POLL_MS);
    window.addEventListener('focus', poll);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', poll);
    };
  }, [phase.kind]);

  // Keyboard and pointer activity keeps an unlocked session alive.
  useEffect(() => {
    if (phase.kind !== 'app' || !session || session.locked) return;
    const touch = () => {
      if (Date.now() - lastTouch.current < TOUCH_EVERY_MS) return;
      lastTouch.current = Date.now();
      void call(gatehouse().session.touch({})).then(setSession).catch(() => undefined);
    };
    window.addEventListener('keydown', touch);
    window.addEventListener('pointerdown', touch);
    return () => {
      window.removeEventListener('keydown', touch);
      window.removeEventListener('pointerdown', touch);
    };
  }, [phase.kind, session]);

  const onSignInResult = useCallback((result: SignInResult, email = '') => {
    switch (result.kind) {
      case 'success':
        setSession(result.session);
        setCodesLeft(result.recoveryCodesLeft ?? null);
        setPhase({ kind: 'app' });
        break;
      case 'expired':
        setSession(null);
        setPhase({ kind: 'expired', flowId: result.flowId, reason: result.reason });
        break;
      case 'second_factor_required':
        setPhase({ kind: 'second-factor', flowId: result.flowId, methods: result.methods, email });
        break;
      case 'mfa_enrolment_required':
        setPhase({ kind: 'enrol', flowId: result.flowId, email });
        break;
    }
  }, []);

  const signOut = useCallback(async () => {
    await call(gatehouse().session.signOut({})).catch(() => undefined);
    setSession(null);
    setPhase({ kind: 'sign-in' });
  }, []);

  const lock = useCallback(async () => {
    setSession(await call(gatehouse().session.lock({})));
  }, []);

  if (fatal) {
    return (
      <main className="card narrow">
        <h1>Gatehouse cannot start</h1>
        <ErrorMessage>{fatal}</ErrorMessage>
      </main>
    );
  }
  switch (phase.kind) {
    case 'loading':
      return (
        <main className="card narrow" aria-busy="true">
          <h1>Gatehouse</h1>
          <p role="status">Opening…</p>
        </main>
      );
    case 'store-problem':
      return <StoreProblem problem={phase.problem} />;
    case 'setup':
      return <FirstRun onResult={onSignInResult} />;
    case 'sign-in':
      return <SignIn onResult={onSignInResult} />;
    case 'second-factor':
      return <SecondFactorStep flowId={phase.flowId} email={phase.email} methods={phase.methods} onResult={onSignInResult} onCancel={() => setPhase({ kind: 'sign-in' })} />;
    case 'enrol':
      return <EnrolRequired flowId={phase.flowId} email={phase.email} onResult={onSignInResult} onCancel={() => setPhase({ kind: 'sign-in' })} />;
    case 'expired':
      return <ExpiredPassword flowId={phase.flowId} reason={phase.reason} onResult={onSignInResult} onCancel={() => setPhase({ kind: 'sign-in' })} />;
    case 'app':
      if (!session) return null;
      // While locked the app stays mounted, so unlocking returns to where the user was with
      // their input intact, but it is hidden and inert: not just covered.
      return (
        <>
          {session.locked && <LockScreen session={session} onResult={onSignInResult} onSignOut={signOut} />}
          <div hidden={session.locked} inert={session.locked}>
            {codesLeft !== null && (
              <div className={`alert ${codesLeft < 3 ? 'alert--warn' : 'alert--info'} banner`} role="status">
                You have {codesLeft} recovery code{codesLeft === 1 ? '' : 's'} left.{codesLeft < 3 && ' Generate new ones from My account so you do not get locked out.'}
                <button type="button" className="link" onClick={() => setCodesLeft(null)}>
                  Dismiss
                </button>
              </div>
            )}
            {/* Another account after "Switch account" gets a fresh shell, never the last one's state. */}
            <Shell key={session.email} session={session} onSessionChange={setSession} onSignOut={signOut} onLock={lock} />
          </div>
        </>
      );
  }
}
