/**
 * Who may call a channel. Every contract entry names one of these; main's dispatcher checks it
 * before any handler runs, from the session main holds, never from what the renderer says.
 * Listed from least to most.
 */
export const ACCESS_KINDS = [
  /** Anyone, signed in or not. */
  'public',
  /** Whoever holds the sign-in flow the request names; the core checks the flow id. */
  'flow',
  /** A session, locked or not: unlocking it. */
  'own-session',
  /** An unlocked session of an account that still exists and is enabled. */
  'session',
  /** That, and a second factor (authenticator app or passkey) checked in the last 5 minutes when the account has one. */
  'recent-mfa',
  /** That, and for an account without a second factor a sign-in or password in the last 5 minutes. */
  'fresh-auth',
  /** An unlocked administrator's session, checked against the store (a demotion counts at once). */
  'admin',
  /** That, and a second factor in the last 5 minutes when the administrator has one, otherwise a first factor in the last 5 minutes. */
  'admin-mfa',
] as const;

export type Access = (typeof ACCESS_KINDS)[number];

/** A channel's access: fixed, or raised by what the request asks for (making an administrator). */
export type AccessRule<Request> = Access | ((request: Request) => Access);
