import type { Policy } from '../../shared/index.js';
import { RequireMfa } from '../../shared/index.js';
import { parseInteger, type OptionName } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { printJson, printLine } from '../io.js';

type Setter = (text: string, name: string) => Partial<Policy>;

const integer =
  (key: keyof Policy): Setter =>
  (text, name) => ({ [key]: parseInteger(name, text) });

const onOff =
  (key: keyof Policy): Setter =>
  (text, name) => {
    if (text !== 'on' && text !== 'off') throw new UsageError(`--${name} takes on or off, not "${text}"`);
    return { [key]: text === 'on' };
  };

/** `policy set` options and the setting each one changes. */
const SETTERS: Partial<Record<OptionName, Setter>> = {
  'password-min-length': integer('passwordMinLength'),
  'password-min-length-mfa': integer('passwordMinLengthWithMfa'),
  'password-max-length': integer('passwordMaxLength'),
  'password-max-age-days': (text, name) => ({ passwordMaxAgeDays: text === 'off' ? null : parseInteger(name, text) }),
  'password-history': integer('passwordHistory'),
  'password-composition': onOff('passwordComposition'),
  'require-mfa': (text, name) => {
    const parsed = RequireMfa.safeParse(text);
    if (!parsed.success) throw new UsageError(`--${name} takes none, admins or all, not "${text}"`);
    return { requireMfa: parsed.data };
  },
  'throttle-max-failures': integer('throttleMaxFailures'),
  'throttle-window-minutes': integer('throttleWindowMinutes'),
  'throttle-block-minutes': integer('throttleBlockMinutes'),
  'lockout-after-failures': integer('lockoutAfterFailures'),
  'idle-lock-minutes': integer('idleLockMinutes'),
  'audit-retention-days': (text, name) => ({ auditRetentionDays: text === 'off' ? null : parseInteger(name, text) }),
  'otp-auto-register': onOff('otpAutoRegister'),
  'otp-lifetime-minutes': integer('otpLifetimeMinutes'),
  'sms-second-factor': onOff('smsSecondFactor'),
  'sms-hourly-cap': integer('smsHourlyCap'),
};

function printPolicy({ io, values }: CommandContext, policy: Policy): void {
  if (values.json) return printJson(io, policy);
  const rows: [string, string][] = [
    ['Minimum password length', `${policy.passwordMinLength} (${policy.passwordMinLengthWithMfa} when two-step verification is required)`],
    ['Maximum password length', String(policy.passwordMaxLength)],
    ['Composition rules', policy.passwordComposition ? 'on' : 'off'],
    ['Password history', policy.passwordHistory === 0 ? 'off' : `last ${policy.passwordHistory}`],
    ['Password maximum age', policy.passwordMaxAgeDays === null ? 'off' : `${policy.passwordMaxAgeDays} days`],
    ['Two-step verification required for', policy.requireMfa],
    ['Throttling', `${policy.throttleMaxFailures} failures in ${policy.throttleWindowMinutes} min block for ${policy.throttleBlockMinutes} min`],
    ['Lockout', `after ${policy.lockoutAfterFailures} consecutive failures, until an administrator unlocks`],
    ['Idle lock', `${policy.idleLockMinutes} min`],
    ['Audit trail kept for', policy.auditRetentionDays === null ? 'ever' : `${policy.auditRetentionDays} days`],
    ['Codes by email or text', `valid ${policy.otpLifetimeMinutes} min; ${policy.otpAutoRegister ? 'an unknown address gets an account' : 'known addresses only'}`],
    ['Texts', `at most ${policy.smsHourlyCap} an hour; as a second factor: ${policy.smsSecondFactor ? 'on' : 'off'}`],
  ];
  for (const [label, value] of rows) printLine(io, `${`${label}:`.padEnd(36)}${value}`);
}

const SET_OPTIONS = Object.keys(SETTERS) as OptionName[];

export const policyCommands: Command[] = [
  {
    name: 'policy show',
    summary: 'show the password and sign-in policy',
    usage: '[--json]',
    options: ['json'],
    store: 'read',
    async run(ctx) {
      printPolicy(ctx, ctx.core.policy.current());
      return EXIT.ok;
    },
  },
  {
    name: 'policy set',
    summary: 'change the policy',
    usage: `${SET_OPTIONS.map((o) => `[--${o} …]`).join(' ')} [--json]`,
    options: [...SET_OPTIONS, 'json'],
    store: 'write',
    async run(ctx) {
      let change: Partial<Policy> = {};
      for (const name of SET_OPTIONS) {
        const text = ctx.values[name];
        if (typeof text === 'string') change = { ...change, ...SETTERS[name]!(text.trim(), name) };
      }
      if (Object.keys(change).length === 0) throw new UsageError(`'gatehouse policy set' needs at least one setting: ${SET_OPTIONS.map((o) => `--${o}`).join(', ')}`);
      printPolicy(ctx, ctx.core.policy.update(change, ctx.actor));
      return EXIT.ok;
    },
  },
];
