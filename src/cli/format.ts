import { escapeUnsafeText } from '../shared/text.js';
import type { AccountView } from '../shared/index.js';

export function formatTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "4 min 10 s", rounded up to whole seconds: never tell someone to retry too early. */
export function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}` : `${seconds} s`;
}

export function accountStatus(account: AccountView): string {
  if (account.status === 'disabled') return 'disabled';
  if (account.signInState.kind === 'locked') return 'locked';
  if (account.signInState.kind === 'blocked') return `blocked (${formatDuration(account.signInState.retryAfterMs)})`;
  if (account.mustChangePassword) return 'must change password';
  return 'active';
}

/** A plain text table with aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  // A cell is one line: a newline stored in a name must not forge a row.
  rows = rows.map((row) => row.map(escapeUnsafeText));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** The JSON form of an account for `users list/show --json`: stable names, ISO times. */
export function accountJson(account: AccountView) {
  return {
    id: account.id,
    email: account.email,
    name: account.displayName,
    admin: account.isAdmin,
    status: account.status,
    signInState: account.signInState.kind,
    ...(account.signInState.kind === 'blocked' ? { retryAfterSeconds: Math.ceil(account.signInState.retryAfterMs / 1000) } : {}),
    mustChangePassword: account.mustChangePassword,
    hasPassword: account.hasPassword,
    passwordChangedAt: account.passwordChangedAt === null ? null : formatTime(account.passwordChangedAt),
    passwordExpiresAt: account.passwordExpiresAt === null ? null : formatTime(account.passwordExpiresAt),
    createdAt: formatTime(account.createdAt),
    lastSignInAt: account.lastSignInAt === null ? null : formatTime(account.lastSignInAt),
    emailVerifiedAt: account.emailVerifiedAt === null ? null : formatTime(account.emailVerifiedAt),
    phone: account.phone,
    phoneVerifiedAt: account.phoneVerifiedAt === null ? null : formatTime(account.phoneVerifiedAt),
    requireMfa: account.requireMfa,
    mfaRequired: account.mfaRequired,
  };
}
