/** What the admin pages and the CLI may see of an account: never a hash or a secret. */
export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  hasPassword: boolean;
  /** Epoch ms; null when the password never expires. */
  passwordExpiresAt: number | null;
  passwordChangedAt: number | null;
  createdAt: number;
  lastSignInAt: number | null;
  /** When a code sent to the email was entered; null: the address is not verified. */
  emailVerifiedAt: number | null;
  /** E.164, and as written in its country; null: no phone. */
  phone: string | null;
  phoneDisplay: string | null;
  /** When a code texted to the phone was entered; null: not verified. */
  phoneVerifiedAt: number | null;
  /** Why two-step verification is required of this account (the policy, or an administrator for it alone); null: it is not. */
  mfaRequired: 'everyone' | 'administrators' | 'this_account' | null;
  /** An administrator requires it of this account, whatever the policy says. */
  requireMfa: boolean;
  /** Second factors the account holds: authenticator apps and passkeys (a passkey is a way in and a second step). */
  secondFactors: { authenticatorApps: number; passkeys: number };
  /** `blocked` clears by itself after `retryAfterMs`; `locked` needs an administrator. */
  signInState: { kind: 'open' } | { kind: 'blocked'; retryAfterMs: number } | { kind: 'locked' };
}
