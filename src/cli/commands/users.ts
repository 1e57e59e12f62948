import { parseInteger, requireString } from '../args.js';
import { requireEmail } from '../../main/core/email.js';
import type { Command, CommandContext } from '../command.js';
import { EXIT } from '../errors.js';
import { accountJson, accountStatus, formatTime, table } from '../format.js';
import { printJson, printLine } from '../io.js';
import { readPasswordLine } from '../password-input.js';
import { escapeUnsafeText, type AccountView } from '../../shared/index.js';
import { UsageError } from '../errors.js';

function printAccount({ io, values, core }: CommandContext, account: AccountView): void {
  const factors = core.selfService.secondFactors(account.id);
  const passkeys = core.passkeys.list(account.id);
  const identities = core.providers.identitiesOf(account.id);
  if (values.json) {
    return printJson(io, {
      ...accountJson(account),
      authenticators: factors.authenticators.map((a) => a.name),
      recoveryCodesRemaining: factors.recoveryCodesRemaining,
      passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, synced: p.synced })),
      identities: identities.map((i) => ({
        provider: i.provider,
        email: i.email,
        linkedAt: formatTime(i.linkedAt),
        lastUsedAt: i.lastUsedAt === null ? null : formatTime(i.lastUsedAt),
      })),
    });
  }
  const rows: [string, string][] = [
    ['Email', `${account.email}${account.emailVerifiedAt === null ? '' : ` (verified ${formatTime(account.emailVerifiedAt)})`}`],
    ['Name', account.displayName],
    ['Phone', account.phone === null ? 'none' : `${account.phone}${account.phoneVerifiedAt === null ? ' (not verified)' : ` (verified ${formatTime(account.phoneVerifiedAt)})`}`],
    ['Role', account.isAdmin ? 'administrator' : 'user'],
    ['Status', accountStatus(account)],
    ['Password', !account.hasPassword ? 'none' : account.mustChangePassword ? 'must be changed at next sign-in' : 'set'],
    ['Password changed', formatTime(account.passwordChangedAt)],
    ['Password expires', account.passwordExpiresAt === null ? 'never' : formatTime(account.passwordExpiresAt)],
    ['Created', formatTime(account.createdAt)],
    ['Last sign-in', formatTime(account.lastSignInAt)],
    ['Authenticators', factors.authenticators.map((a) => a.name).join(', ') || 'none'],
    ['Recovery codes', `${factors.recoveryCodesRemaining} left`],
    ['Passkeys', passkeys.map((p) => p.name).join(', ') || 'none'],
    ['Providers', identities.map((i) => (i.email ? `${i.provider} (${i.email})` : i.provider)).join(', ') || 'none'],
    ['Id', account.id],
  ];
  for (const [label, value] of rows) printLine(io, `${`${label}:`.padEnd(18)}${escapeUnsafeText(value)}`);
}

const add: Command = {
  name: 'users add',
  summary: 'add an account (the first account of a store is an administrator)',
  usage: '--email E [--name N] [--phone +NUMBER] [--admin] (--password-stdin [--must-change-password] | --no-password) [--json]',
  options: ['email', 'name', 'phone', 'admin', 'password-stdin', 'no-password', 'must-change-password', 'json'],
  store: 'write',
  async run(ctx) {
    const email = requireString(ctx.values, 'email');
    const fromStdin = ctx.values['password-stdin'] === true;
    const none = ctx.values['no-password'] === true;
    if (fromStdin === none) {
      throw new UsageError(
        none
          ? '--password-stdin and --no-password cannot go together'
          : '--password-stdin is required (the password is read from standard input, never from arguments), or --no-password for an account that signs in another way',
      );
    }
    if (none && ctx.values['must-change-password']) throw new UsageError('--must-change-password needs a password: it makes the one given here temporary');
    const password = fromStdin ? await readPasswordLine(ctx.io) : undefined;
    const account = await ctx.core.accounts.create(
      {
        email,
        displayName: ctx.values.name,
        password,
        isAdmin: ctx.values.admin === true,
        mustChangePassword: ctx.values['must-change-password'] === true,
        ...(ctx.values.phone === undefined ? {} : { phone: ctx.values.phone }),
      },
      ctx.actor,
    );
    if (ctx.values.json) printAccount(ctx, account);
    else printLine(ctx.io, `Added ${account.email}${account.isAdmin ? ' (administrator)' : ''}${account.hasPassword ? '' : ' without a password'}.`);
    return EXIT.ok;
  },
};

const list: Command = {
  name: 'users list',
  summary: 'list the accounts, in the order they were made (a page of them with --limit, after --after E)',
  usage: '[--limit N] [--after EMAIL] [--json]',
  options: ['limit', 'after', 'json'],
  store: 'read',
  async run({ io, values, core }) {
    const accounts = core.accounts.list({
      afterEmail: values.after === undefined ? undefined : requireEmail(values.after),
      limit: values.limit === undefined ? undefined : parseInteger('limit', values.limit, { min: 1 }),
    });
    if (values.json) printJson(io, accounts.map(accountJson));
    else if (accounts.length === 0) printLine(io, 'No accounts yet. Add one with "gatehouse users add".');
    else
      printLine(
        io,
        table(
          ['EMAIL', 'NAME', 'ROLE', 'STATUS', 'LAST SIGN-IN'],
          accounts.map((a) => [a.email, a.displayName, a.isAdmin ? 'admin' : 'user', accountStatus(a), formatTime(a.lastSignInAt)]),
        ),
      );
    return EXIT.ok;
  },
};

const show: Command = {
  name: 'users show',
  summary: 'show one account',
  usage: '--email E [--json]',
  options: ['email', 'json'],
  store: 'read',
  async run(ctx) {
    printAccount(ctx, ctx.core.accounts.show(requireString(ctx.values, 'email')));
    return EXIT.ok;
  },
};

/** The one-account administrative actions share a shape: `--email E`, a change, a sentence. */
function adminAction(verb: string, summary: string, act: (ctx: CommandContext, email: string) => void, done: string): Command {
  return {
    name: `users ${verb}`,
    summary,
    usage: '--email E',
    options: ['email'],
    store: 'write',
    async run(ctx) {
      const email = requireString(ctx.values, 'email');
      act(ctx, email);
      printLine(ctx.io, done.replace('%s', email.trim().toLowerCase()));
      return EXIT.ok;
    },
  };
}

const unlink: Command = {
  name: 'users unlink',
  summary: "unlink an account's identity at a provider (never its only way in)",
  usage: '--email E --provider N',
  options: ['email', 'provider'],
  store: 'write',
  async run(ctx) {
    const account = ctx.core.accounts.show(requireString(ctx.values, 'email'));
    const provider = requireString(ctx.values, 'provider');
    ctx.core.providers.unlink(account.id, provider, ctx.actor);
    printLine(ctx.io, `Unlinked ${account.email} from ${escapeUnsafeText(provider.trim())}.`);
    return EXIT.ok;
  },
};

/** `users require-mfa --email E on|off`: the last word is part of the command's name. */
const requireMfa = (on: boolean): Command => ({
  name: `users require-mfa ${on ? 'on' : 'off'}`,
  summary: on ? 'require two-step verification of one account, on top of the policy' : "stop requiring it of one account (the policy's rule still applies)",
  usage: '--email E',
  options: ['email'],
  store: 'write',
  async run(ctx) {
    const account = ctx.core.accounts.setRequireMfa(requireString(ctx.values, 'email'), on, ctx.actor);
    printLine(
      ctx.io,
      on
        ? `Two-step verification is required of ${account.email}: without a second factor, it sets one up at its next sign-in.`
        : `Two-step verification is no longer required of ${account.email} alone${account.mfaRequired ? ' (the policy still requires it)' : ''}.`,
    );
    return EXIT.ok;
  },
});

const setRole: Command = {
  name: 'users set-role',
  summary: 'make an account an administrator or a user (never the last administrator)',
  usage: '--email E --role admin|user',
  options: ['email', 'role'],
  store: 'write',
  async run(ctx) {
    const role = requireString(ctx.values, 'role');
    if (role !== 'admin' && role !== 'user') throw new UsageError(`--role takes admin or user, not "${role}"`);
    const account = ctx.core.accounts.setRole(requireString(ctx.values, 'email'), role === 'admin', ctx.actor);
    printLine(ctx.io, `${account.email} is ${account.isAdmin ? 'an administrator' : 'a user'}.`);
    return EXIT.ok;
  },
};

const rename: Command = {
  name: 'users rename',
  summary: "change an account's display name",
  usage: '--email E --name N',
  options: ['email', 'name'],
  store: 'write',
  async run(ctx) {
    const account = ctx.core.accounts.rename(requireString(ctx.values, 'email'), requireString(ctx.values, 'name'), ctx.actor);
    printLine(ctx.io, `${account.email} is now called ${account.displayName}.`);
    return EXIT.ok;
  },
};

const resetPassword: Command = {
  name: 'users reset-password',
  summary: 'set a temporary password (read from standard input) that must be changed at next sign-in',
  usage: '--email E --password-stdin',
  options: ['email', 'password-stdin'],
  store: 'write',
  async run(ctx) {
    if (!ctx.values['password-stdin']) throw new UsageError('--password-stdin is required: the password is read from standard input, never from arguments');
    const account = await ctx.core.accounts.setTemporaryPassword(requireString(ctx.values, 'email'), await readPasswordLine(ctx.io), ctx.actor);
    printLine(ctx.io, `${account.email} has a temporary password, to be changed at next sign-in.`);
    return EXIT.ok;
  },
};

export const usersCommands: Command[] = [
  add,
  list,
  show,
  unlink,
  adminAction('disable', 'disable an account (it can no longer sign in)', (c, e) => c.core.accounts.disable(e, c.actor), 'Disabled %s.'),
  adminAction('enable', 'enable a disabled account', (c, e) => c.core.accounts.enable(e, c.actor), 'Enabled %s.'),
  adminAction('unlock', 'lift a sign-in block or lockout', (c, e) => c.core.accounts.unlock(e, c.actor), 'Unlocked %s.'),
  adminAction('delete', 'delete an account and everything it holds', (c, e) => c.core.accounts.remove(e, c.actor), 'Deleted %s.'),
  setRole,
  requireMfa(true),
  requireMfa(false),
  rename,
  resetPassword,
  adminAction(
    'reset-2fa',
    'remove the authenticator apps and recovery codes of someone who lost them',
    (c, e) => c.core.accounts.resetSecondFactors(e, c.actor),
    'Removed the authenticator apps and recovery codes of %s.',
  ),
  adminAction('expire-password', 'require a new password at next sign-in', (c, e) => c.core.accounts.expirePassword(e, c.actor), '%s must choose a new password at next sign-in.'),
];
