import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';

// The WebAuthn library is large (a tenth of a second to load): loaded at the first ceremony.
const webauthn = () => import('@simplewebauthn/server');
import type { Amr, AuditAction, PasskeyKind, PasskeyView } from '../../../../shared/index.js';
import type { PasskeyRecord } from '../../../store/passkeys.js';
import type { UserRecord } from '../../../store/users.js';
import { audit } from '../../audit.js';
import type { Actor, CoreContext } from '../../context.js';
import { GatehouseError } from '../../../common/errors.js';
import { providerName } from './providers.js';
import { nameOrRefuse } from '../../names.js';
import { hasSecondFactor } from '../../assurance.js';
import { regenerateRecoveryCodes } from '../recovery-code/manage.js';

/** WebAuthn L3 as the README describes it: 32-byte single-use challenges, valid 5 minutes. */
export const CHALLENGE_BYTES = 32;
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

export function passkeyView(p: PasskeyRecord): PasskeyView {
  return { id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt, synced: p.backedUp, provider: providerName(p.aaguid), secondStepOnly: !p.userVerified };
}

/** 32 random bytes; the options carry them base64url-encoded, and that string is what comes back. */
function challenge(ctx: CoreContext): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(ctx.random.bytes(CHALLENGE_BYTES));
}

/** The WebAuthn user handle: the account's random id, never an email or a name. */
function userHandle(user: UserRecord): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(user.id, 'utf8'));
}

export async function beginPasskeyRegistration(
  ctx: CoreContext,
  user: UserRecord,
  kind: PasskeyKind,
): Promise<{ flowId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const { generateRegistrationOptions } = await webauthn();
  const options = await generateRegistrationOptions({
    rpName: ctx.webauthn.rpName,
    rpID: ctx.webauthn.rpId,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: userHandle(user),
    challenge: challenge(ctx),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: ctx.store.passkeys.listForUser(user.id).map((p) => ({ id: p.id, transports: p.transports })),
    // A passkey, of this device or on a security key, verifies its user and is discoverable
    // (usernameless sign-in). A security key that cannot (no PIN; Electron has no PIN prompt
    // where no platform authenticator exists, and Chromium makes a discoverable credential only
    // with one) is registered, when the user asks, as a second step after a password only:
    // found by the account's list of keys, verification asked for only where it is given anyway.
    authenticatorSelection:
      kind === 'second_step_key'
        ? { residentKey: 'discouraged', requireResidentKey: false, userVerification: 'discouraged' }
        : { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    preferredAuthenticatorType: kind === 'platform' ? 'localDevice' : 'securityKey',
  });
  return { flowId: ctx.flows.start('passkey_registration', { userId: user.id, challenge: options.challenge, kind }), options };
}

/**
 * A passkey nobody named says what it is and when it came: its provider when the AAGUID is a
 * known one, else "Security key" for one asked for as a key and bound to it, else "Passkey";
 * then the day it was added ("Security key, 2026-11-30"), so that two of them differ.
 */
function defaultName(aaguid: string, kind: PasskeyKind | undefined, synced: boolean, now: number): string {
  const what = providerName(aaguid) ?? (kind !== undefined && kind !== 'platform' && !synced ? 'Security key' : 'Passkey');
  return `${what}, ${new Date(now).toISOString().slice(0, 10)}`;
}

export async function finishPasskeyRegistration(
  ctx: CoreContext,
  user: UserRecord,
  flowId: string,
  response: RegistrationResponseJSON,
  nameInput: string,
  actor: Actor,
): Promise<{ passkey: PasskeyView; recoveryCodes: string[] | null }> {
  const { state } = ctx.flows.take(flowId, 'passkey_registration');
  const refuse = (detail: string, message: string): never => {
    audit(ctx, actor, { action: 'passkey.register', method: 'passkey', accountId: user.id, email: user.email, outcome: 'failed', detail });
    throw new GatehouseError('invalid_input', message);
  };
  if (state.userId !== user.id) refuse('ceremony of another account', 'This passkey setup belongs to another account. Start again.');
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    const { verifyRegistrationResponse } = await webauthn();
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: state.challenge,
      expectedOrigin: ctx.webauthn.origin(),
      expectedRPID: ctx.webauthn.rpId,
      requireUserVerification: state.kind !== 'second_step_key',
    });
  } catch (error) {
    return refuse((error as Error).message, "Passkey wasn't created: the response could not be verified. Try again.");
  }
  if (!verified.verified) return refuse('not verified', "Passkey wasn't created. Try again.");
  const info = verified.registrationInfo;
  if (ctx.store.passkeys.find(info.credential.id)) refuse('already registered', 'This passkey is already registered.');
  const now = ctx.clock.now();
  const record: PasskeyRecord = {
    id: info.credential.id,
    userId: user.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backedUp: info.credentialBackedUp,
    userVerified: info.userVerified,
    aaguid: info.aaguid,
    name: nameOrRefuse('passkey', nameInput) || defaultName(info.aaguid, state.kind, info.credentialDeviceType === 'multiDevice', now),
    createdAt: now,
    lastUsedAt: null,
  };
  // The account's first second factor brings its recovery codes, whatever kind it is.
  const first = !hasSecondFactor(ctx, user.id);
  ctx.store.transaction(() => {
    ctx.store.passkeys.insert(record);
    audit(ctx, actor, { action: 'passkey.register', method: 'passkey', accountId: user.id, email: user.email, outcome: 'success', detail: record.name });
  });
  return { passkey: passkeyView(record), recoveryCodes: first ? await regenerateRecoveryCodes(ctx, user, actor) : null };
}

/**
 * What an assertion proves. A sign-in on its own (usernameless, or unlocking) needs the user
 * verified: the passkey is then both factors. A second step after a password, or a step-up,
 * asks for verification where the authenticator can give it and accepts possession alone.
 */
export type AssertionUse = 'whole_sign_in' | 'second_step';

/** Options for an assertion: usernameless (empty allow list), or limited to one account's passkeys. */
export async function beginPasskeyAssertion(
  ctx: CoreContext,
  user: UserRecord | null,
  use: AssertionUse = 'whole_sign_in',
): Promise<{ flowId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({
    rpID: ctx.webauthn.rpId,
    challenge: challenge(ctx),
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: use === 'whole_sign_in' ? 'required' : 'preferred',
    // A key kept as a second step is never offered to sign in on its own (unlocking names the account's keys).
    allowCredentials: user
      ? ctx.store.passkeys
          .listForUser(user.id)
          .filter((p) => use === 'second_step' || p.userVerified)
          .map((p) => ({ id: p.id, transports: p.transports }))
      : [],
  });
  // The use is kept with the challenge: main decides what the answer must prove, not the caller of finish.
  return { flowId: ctx.flows.start('passkey_authentication', { userId: user?.id ?? null, challenge: options.challenge, use }), options };
}

export type AssertionCheck = { kind: 'verified'; user: UserRecord; passkey: PasskeyRecord; amr: Amr[] } | { kind: 'failed' };

/**
 * Verifies an assertion against its single-use challenge, the app's origin and RP ID, user
 * verification, and the stored counter. Every refusal is audited with its reason and answers
 * the same `failed`.
 */
export async function verifyPasskeyAssertion(
  ctx: CoreContext,
  flowId: string,
  response: AuthenticationResponseJSON,
  actor: Actor,
  action: AuditAction,
  use: AssertionUse = 'whole_sign_in',
): Promise<AssertionCheck> {
  const { state } = ctx.flows.take(flowId, 'passkey_authentication');
  const passkey = ctx.store.passkeys.find(response.id);
  const user = passkey && ctx.store.users.findById(passkey.userId);
  const refuse = (detail: string): AssertionCheck => {
    audit(ctx, actor, { action, method: 'passkey', accountId: user?.id ?? null, email: user?.email ?? null, outcome: 'failed', detail });
    return { kind: 'failed' };
  };
  if (!passkey || !user) return refuse('unknown or removed passkey');
  // A key kept as a second step never signs in on its own, even if it verifies its user today:
  // anyone holding it can set a PIN on a key that had none, and its credential still works.
  if (use === 'whole_sign_in' && !passkey.userVerified) return refuse('a key kept as a second step used to sign in on its own');
  // A challenge given for a second step (verification not required) never finishes a sign-in on its own.
  if (state.use !== use) return refuse(`a ceremony for a ${state.use.replaceAll('_', ' ')} used for a ${use.replaceAll('_', ' ')}`);
  if (state.userId !== null && state.userId !== user.id) return refuse('passkey of another account');
  // A discoverable credential names its account (WebAuthn L3 §7.2 step 6): when nobody was named
  // beforehand the handle must be there, and whenever it is there it must be the passkey's own.
  const handle = response.response.userHandle;
  if (state.userId === null && !handle) return refuse('user handle missing in a usernameless sign-in');
  if (handle !== undefined && handle !== Buffer.from(userHandle(user)).toString('base64url')) return refuse('user handle does not match the passkey');
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    const { verifyAuthenticationResponse } = await webauthn();
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: state.challenge,
      expectedOrigin: ctx.webauthn.origin(),
      expectedRPID: ctx.webauthn.rpId,
      requireUserVerification: use !== 'second_step',
      // The library compares counters before it checks the signature; we compare after, so an
      // unsigned response cannot raise a clone alarm in the audit trail.
      credential: { id: passkey.id, publicKey: passkey.publicKey, counter: 0, transports: passkey.transports },
    });
  } catch (error) {
    return refuse((error as Error).message);
  }
  if (!verified.verified) return refuse('signature not verified');
  const info = verified.authenticationInfo;
  if (!info.userVerified && use !== 'second_step') return refuse('user verification missing');
  // WebAuthn L3 §7.2 step 21: a counter that does not move on signals a cloned authenticator.
  // Authenticators that always report 0 keep working (0 after 0).
  if ((info.newCounter > 0 || passkey.counter > 0) && info.newCounter <= passkey.counter) {
    return refuse(`counter regression: ${info.newCounter} after ${passkey.counter}`);
  }
  if (!ctx.store.passkeys.recordUse(passkey.id, passkey.counter, info.newCounter, info.credentialBackedUp, ctx.clock.now())) {
    return refuse('counter regression: a concurrent use of the same passkey');
  }
  // RFC 8176: hwk for a key bound to one device, swk for a synced (software-held) one; user
  // when it verified its user. Without that, it proved possession only: a second step.
  const amr: Amr[] = [passkey.backupEligible ? 'swk' : 'hwk', ...(info.userVerified && passkey.userVerified ? (['user'] as const) : []), 'mfa'];
  return { kind: 'verified', user, passkey, amr };
}
