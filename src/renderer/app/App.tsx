import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useState, type ReactNode } from 'react';
import type { AppStatus, SessionView, SignInResult } from '../../shared/index.js';
import { INITIAL_STATUS_ID } from '../../shared/origin.js';
import { appReducer, initialState } from './phase.js';
import { SessionProvider, useSessionUpkeep, type SessionContextValue } from './session.js';
import { ErrorMessage } from '../ui/Feedback.js';
import { call, errorMessage, gatehouse } from '../gatehouse.js';
import { SignIn } from '../features/sign-in/SignIn.js';

// The sign-in form is in the first script; every other screen is a chunk of its own, fetched
// when it is first needed (the signed-in app is most of the code): the form is there sooner.
const Shell = lazy(() => import('./Shell.js').then((m) => ({ default: m.Shell })));
const EnrolRequired = lazy(() => import('../features/sign-in/EnrolRequired.js').then((m) => ({ default: m.EnrolRequired })));
const ExpiredPassword = lazy(() => import('../features/sign-in/ExpiredPassword.js').then((m) => ({ default: m.ExpiredPassword })));
const FirstRun = lazy(() => import('../features/sign-in/FirstRun.js').then((m) => ({ default: m.FirstRun })));
const LockScreen = lazy(() => import('../features/sign-in/LockScreen.js').then((m) => ({ default: m.LockScreen })));
const SecondFactorStep = lazy(() => import('../features/sign-in/SecondFactorStep.js').then((m) => ({ default: m.SecondFactorStep })));
const StoreProblem = lazy(() => import('./StoreProblem.js').then((m) => ({ default: m.StoreProblem })));

const IN_FLOW = 'gatehouse.signing-in';

/** The whole app: which screen (app/phase.ts decides), and the session for the screens inside. */
/**
 * Main's answer to app.status, served in the page (main/ipc/renderer-files.ts): the first screen
 * drawn is then the right one. Null when the page has none (or not one that parses): it asks.
 */
function statusInPage(): AppStatus | null {
  const text = document.getElementById(INITIAL_STATUS_ID)?.textContent;
  if (!text) return null;
  try {
    const status = JSON.parse(text) as AppStatus | null;
    return status && typeof status === 'object' && typeof status.needsSetup === 'boolean' ? status : null;
  } catch {
    return null;
  }
}

export function App() {
  const [embedded] = useState(statusInPage);
  const [{ phase, session, codesLeft }, dispatch] = useReducer(appReducer, embedded, (status) => (status ? appReducer(initialState, { type: 'status', status }) : initialState));
  // A reload in the middle of a sign-in starts it again (its flow lives in main, not in the
  // page): the sign-in form then says why the user is back there.
  const [interrupted] = useState(() => {
    const was = sessionStorage.getItem(IN_FLOW) !== null;
    sessionStorage.removeItem(IN_FLOW);
    return was;
  });
  useEffect(() => {
    if (phase.kind === 'second-factor' || phase.kind === 'enrol' || phase.kind === 'expired') sessionStorage.setItem(IN_FLOW, phase.kind);
    else if (phase.kind !== 'loading') sessionStorage.removeItem(IN_FLOW);
  }, [phase.kind]);

  useEffect(() => {
    if (embedded) return;
    call(gatehouse().app.status({})).then(
      (status) => dispatch({ type: 'status', status }),
      (e: unknown) => dispatch({ type: 'status-failed', message: errorMessage(e) }),
    );
  }, [embedded]);

  const onSession = useCallback((next: SessionView | null) => dispatch({ type: 'session', session: next }), []);
  useSessionUpkeep(phase.kind === 'app', session?.locked ?? true, onSession);

  const onResult = useCallback((result: SignInResult, email = '') => dispatch({ type: 'sign-in-result', result, email }), []);
  const onCancel = useCallback(() => dispatch({ type: 'cancelled' }), []);
  const signOut = useCallback(async () => {
    await call(gatehouse().session.signOut({})).catch(() => undefined);
    dispatch({ type: 'signed-out' });
  }, []);
  const lock = useCallback(async () => onSession(await call(gatehouse().session.lock({}))), [onSession]);
  const dismissCodesLeft = useCallback(() => dispatch({ type: 'codes-left-dismissed' }), []);
  const sessionContext = useMemo<SessionContextValue | null>(
    () => (session ? { session, onSessionChange: onSession, signOut, lock, codesLeft, dismissCodesLeft } : null),
    [session, onSession, signOut, lock, codesLeft, dismissCodesLeft],
  );

  return <Suspense fallback={<Opening />}>{screen()}</Suspense>;

  function screen(): ReactNode {
    switch (phase.kind) {
      case 'fatal':
        return (
          <main className="card narrow">
            <h1>Gatehouse cannot start</h1>
            <ErrorMessage>{phase.message}</ErrorMessage>
          </main>
        );
      case 'loading':
        return <Opening />;
      case 'store-problem':
        return <StoreProblem problem={phase.problem} canRestoreWithKit={phase.canRestoreWithKit} />;
      case 'setup':
        return <FirstRun onResult={onResult} />;
      case 'sign-in':
        return <SignIn onResult={onResult} interrupted={interrupted} />;
      case 'second-factor':
        return <SecondFactorStep flowId={phase.flowId} email={phase.email} methods={phase.methods} onResult={onResult} onCancel={onCancel} />;
      case 'enrol':
        return <EnrolRequired flowId={phase.flowId} email={phase.email} onResult={onResult} onCancel={onCancel} />;
      case 'expired':
        return <ExpiredPassword flowId={phase.flowId} reason={phase.reason} onResult={onResult} onCancel={onCancel} />;
      case 'app':
        if (!sessionContext) return null;
        // While locked the app stays mounted, so unlocking returns to where the user was with
        // their input intact, but it is hidden and inert: not just covered.
        return (
          <SessionProvider value={sessionContext}>
            {sessionContext.session.locked && <LockScreen onResult={onResult} />}
            <div hidden={sessionContext.session.locked} inert={sessionContext.session.locked}>
              {/* Another account after a sign-out gets a fresh shell, never the last one's state. */}
              <Shell key={sessionContext.session.email} />
            </div>
          </SessionProvider>
        );
    }
  }
}

/** While the first answer, or a screen's code, is on its way. */
function Opening() {
  return (
    <main className="card narrow" aria-busy="true">
      <h1>Gatehouse</h1>
      <p role="status">Opening…</p>
    </main>
  );
}
