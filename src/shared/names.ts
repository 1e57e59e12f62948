import { hasUnsafeText } from './text.js';

/**
 * Names people give things, and the one way they are cleaned. The contract checks a request
 * with these rules and the core applies them again (the CLI reaches the core directly), so the
 * two can never disagree about what a name may be.
 */
export const NAME_LIMITS = {
  /** An account's display name: shown to administrators and printed by the CLI. */
  displayName: 100,
  /** An authenticator app's name ("phone"). */
  authenticator: 40,
  /** A passkey's name ("YubiKey 5"). */
  passkey: 60,
  /** An OpenID Connect provider's name, on its sign-in button ("Contoso SSO"). */
  provider: 40,
} as const;

/** Names that other people read: unsafe characters in them are refused, not quietly dropped. */
const READ_BY_OTHERS: readonly NameKind[] = ['displayName', 'provider'];

export type NameKind = keyof typeof NAME_LIMITS;

export type CleanedName = { ok: true; name: string } | { ok: false; problem: string };

/**
 * One Unicode form (NFC), no surrounding space, within the limit. A display name or a
 * provider's name is read by others, so control and text-direction characters are refused; an authenticator's or a
 * passkey's name is only read back by its owner, and is looked up by the name as stored, so
 * control characters are dropped and nothing else changes. May be empty: each caller knows
 * whether to refuse that or use a default.
 */
export function cleanName(kind: NameKind, input: string): CleanedName {
  const normal = input.normalize('NFC');
  const shown = READ_BY_OTHERS.includes(kind);
  const name = shown ? normal.trim() : normal.replace(CONTROL, '').trim();
  if (shown && hasUnsafeText(name)) return { ok: false, problem: 'A name cannot contain control or text-direction characters.' };
  if (name.length > NAME_LIMITS[kind]) return { ok: false, problem: `The name is longer than ${NAME_LIMITS[kind]} characters.` };
  return { ok: true, name };
}

const CONTROL = /\p{Cc}/gu;
