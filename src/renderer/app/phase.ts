import type { AppStatus, SecondFactorMethod, SessionView, SignInResult, WireError } from '../../shared/index.js';

/**
 * Where the app is, as a pure function of what happened: no React, no IPC, so every change of
 * screen is tested under Node (phase.test.ts). App.tsx only feeds it events.
 */
export type Phase =
  | { kind: 'loading' }
  | { kind: 'fatal'; message: string }
  | { kind: 'store-problem'; problem: WireError; canRestoreWithKit: boolean }
  | { kind: 'setup' }
  | { kind: 'sign-in' }
  | { kind: 'second-factor'; flowId: string; methods: SecondFactorMethod[]; email: string }
  | { kind: 'enrol'; flowId: string; email: string }
  | { kind: 'expired'; flowId: string; reason: 'forced' | 'max_age' }
  | { kind: 'app' };

export interface AppState {
  phase: Phase;
  /** The session main holds, as last seen; null when nobody is signed in. */
  session: SessionView | null;
  /** Said once after a sign-in that used a recovery code. */
  codesLeft: number | null;
}

export type AppEvent =
  | { type: 'status'; status: AppStatus }
  | { type: 'status-failed'; message: string }
  | { type: 'sign-in-result'; result: SignInResult; email: string }
  /** Main's answer to a poll, a touch, a lock or a rename: null means the session is gone. */
  | { type: 'session'; session: SessionView | null }
  | { type: 'signed-out' }
  /** Back to the sign-in form from a step the user gave up. */
  | { type: 'cancelled' }
  | { type: 'codes-left-dismissed' };

export const initialState: AppState = { phase: { kind: 'loading' }, session: null, codesLeft: null };

export function appReducer(state: AppState, event: AppEvent): AppState {
  switch (event.type) {
    case 'status': {
      const { status } = event;
      if (status.storeProblem) return { ...state, session: null, phase: { kind: 'store-problem', problem: status.storeProblem, canRestoreWithKit: status.canRestoreWithKit } };
      const phase: Phase = status.needsSetup ? { kind: 'setup' } : status.session ? { kind: 'app' } : { kind: 'sign-in' };
      return { ...state, session: status.session, phase };
    }
    case 'status-failed':
      return { ...state, phase: { kind: 'fatal', message: event.message } };
    case 'sign-in-result':
      return afterSignIn(state, event.result, event.email);
    case 'session':
      // The session ended in main (signed out elsewhere, the account removed): back to sign-in.
      if (!event.session) return state.phase.kind === 'app' ? { ...state, session: null, phase: { kind: 'sign-in' } } : { ...state, session: null };
      return { ...state, session: event.session };
    case 'signed-out':
      return { ...state, session: null, codesLeft: null, phase: { kind: 'sign-in' } };
    case 'cancelled':
      return { ...state, phase: { kind: 'sign-in' } };
    case 'codes-left-dismissed':
      return { ...state, codesLeft: null };
  }
}

/** A sign-in step's answer: the next step, or the app. Refusals stay on the screen that got them. */
function afterSignIn(state: AppState, result: SignInResult, email: string): AppState {
  switch (result.kind) {
    case 'success':
      return { session: result.session, codesLeft: result.recoveryCodesLeft ?? null, phase: { kind: 'app' } };
    case 'expired':
      return { ...state, session: null, phase: { kind: 'expired', flowId: result.flowId, reason: result.reason } };
    case 'second_factor_required':
      return { ...state, phase: { kind: 'second-factor', flowId: result.flowId, methods: result.methods, email } };
    case 'mfa_enrolment_required':
      return { ...state, phase: { kind: 'enrol', flowId: result.flowId, email } };
    case 'failed':
    case 'locked':
    case 'disabled':
      return state;
  }
}
