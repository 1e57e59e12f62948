import { platformAuthenticatorIsAvailable, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import type { PasskeyKind, PasskeyView, SignInResult, StepUpResult } from '../../../shared/index.js';
import { ApiError, call, gatehouse } from '../../gatehouse.js';

/** The browser said no: the user cancelled, or could not be verified (no fingerprint, wrong PIN). */
export class PasskeyCancelled extends Error {}

function browserError(error: unknown): never {
  if (error instanceof WebAuthnError || (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError'))) {
    if ((error as WebAuthnError).code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || error.name === 'InvalidStateError') {
      throw new ApiError('conflict', 'This passkey is already registered to your account.');
    }
    throw new PasskeyCancelled(error.message);
  }
  throw error;
}

/** Linux has no platform authenticator: then the page offers a security key instead. */
export async function hasPlatformAuthenticator(): Promise<boolean> {
  try {
    return await platformAuthenticatorIsAvailable();
  } catch {
    return false;
  }
}

export async function createPasskey(kind: PasskeyKind, name: string): Promise<{ passkey: PasskeyView; recoveryCodes: string[] | null }> {
  const { flowId, options } = await call(gatehouse().account.passkeyBegin({ kind }));
  const response = await startRegistration({ optionsJSON: options }).catch(browserError);
  return call(gatehouse().account.passkeyFinish({ flowId, name, response }));
}

/**
 * Usernameless sign-in, from the "Sign in with a passkey" button. Passkey autofill (conditional
 * mediation) is not started: in Electron it can report support and then hang (electron#47147),
 * and with a test authenticator it signs in with no gesture at all, so it cannot be tested here.
 */
export async function signInWithPasskey(): Promise<SignInResult> {
  const { flowId, options } = await call(gatehouse().auth.passkeyBegin({}));
  const response = await startAuthentication({ optionsJSON: options }).catch(browserError);
  return call(gatehouse().auth.passkeyFinish({ flowId, response }));
}

/** Unlocking a locked session: a passkey of that account only. */
export async function unlockWithPasskey(): Promise<SignInResult> {
  const { flowId, options } = await call(gatehouse().session.unlockWithPasskeyBegin({}));
  const response = await startAuthentication({ optionsJSON: options }).catch(browserError);
  return call(gatehouse().session.unlockWithPasskeyFinish({ flowId, response }));
}

/** A step-up by passkey: one of the session's own account. */
export async function stepUpWithPasskey(): Promise<StepUpResult> {
  const { flowId, options } = await call(gatehouse().session.stepUpPasskeyBegin({}));
  const response = await startAuthentication({ optionsJSON: options }).catch(browserError);
  return call(gatehouse().session.stepUpPasskeyFinish({ flowId, response }));
}

export async function passkeyAsSecondFactor(flowId: string): Promise<SignInResult> {
  const ceremony = await call(gatehouse().auth.passkeySecondFactorBegin({ flowId }));
  const response = await startAuthentication({ optionsJSON: ceremony.options }).catch(browserError);
  return call(gatehouse().auth.passkeySecondFactorFinish({ flowId, passkeyFlowId: ceremony.flowId, response }));
}
