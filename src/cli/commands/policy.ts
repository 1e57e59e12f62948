import { DEFAULT_PASSWORD_HASHING, type PasswordHashing, type Policy } from '../../shared/index.js';
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

/** The options that change Argon2id's parameters: merged into the policy's (or the default's) before it is validated whole. */
const HASHING: Partial<Record<OptionName, keyof PasswordHashing>> = {
  'password-hash-memory-mib': 'memoryMiB',
  'password-hash-iterations': 'iterations',
  'password-hash-parallelism': 'parallelism',
};

function hashingChange({ values, core }: CommandContext): Partial<Policy> {
  if (values['password-hashing'] !== undefined) {
    if (values['password-hashing'] !== 'default') throw new UsageError(`--password-hashing takes only "default" (Gatehouse's own parameters), not "${values['password-hashing']}"`);
    return { passwordHashing: null };
  }
  const given = Object.entries(HASHING).filter(([option]) => values[option as OptionName] !== undefined);
  if (given.length === 0) return {};
  let hashing: PasswordHashing = core.policy.current().passwordHashing ?? DEFAULT_PASSWORD_HASHING;
  for (const [option, key] of given) hashing = { ...hashing, [key!]: parseInteger(option, String(values[option as OptionName])) };
  return { passwordHashing: hashing };
}

const describeHashing = (hashing: PasswordHashing | null): string => {
  const { memoryMiB, iterations, parallelism } = hashing ?? DEFAULT_PASSWORD_HASHING;
  return `Argon2id, ${memoryMiB} MiB, ${iterations} passes, ${parallelism} lanes${hashing ? '' : " (Gatehouse's default)"}`;
};

function printPolicy({ io, values }: CommandContext, policy: Policy): void {
  if (values.json) return printJson(io, policy);
  const rows: [string, string][] = [
    ['Password hashing', describeHashing(policy.passwordHashing)],
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

const SET_OPTIONS = [...(Object.keys(SETTERS) as OptionName[]), ...(Object.keys(HASHING) as OptionName[]), 'password-hashing' as OptionName];

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
      let change: Partial<Policy> = hashingChange(ctx);
      for (const name of Object.keys(SETTERS) as OptionName[]) {
        const text = ctx.values[name];
        if (typeof text === 'string') change = { ...change, ...SETTERS[name]!(text.trim(), name) };
      }
      if (Object.keys(change).length === 0) throw new UsageError(`'gatehouse policy set' needs at least one setting: ${SET_OPTIONS.map((o) => `--${o}`).join(', ')}`);
      printPolicy(ctx, ctx.core.policy.update(change, ctx.actor));
      return EXIT.ok;
    },
  },
  {
    name: 'policy calibrate',
    summary: "measure this computer and propose the strongest password hashing that takes at most --target-ms (--apply: make it the policy's)",
    usage: '--target-ms N [--apply] [--json]',
    options: ['target-ms', 'apply', 'json'],
    store: 'write',
    async run(ctx) {
      const { io, values, core } = ctx;
      if (values['target-ms'] === undefined) throw new UsageError('--target-ms is required: how long one password check may take here, in milliseconds (200 to 1000 is usual)');
      const target = parseInteger('target-ms', values['target-ms'], { min: 50, max: 5000 });
      const { proposal, measured } = await core.policy.calibrate(target);
      if (values.json) {
        printJson(io, { targetMs: target, proposal, measured, applied: Boolean(values.apply && proposal) });
      } else {
        printLine(io, `Measured on this computer (one hash at ${measured[0]?.iterations ?? 2} passes, ${measured[0]?.parallelism ?? 1} lanes):`);
        for (const m of measured) printLine(io, `  ${String(m.memoryMiB).padStart(5)} MiB  ${m.ms.toFixed(0).padStart(5)} ms`);
        if (!proposal) printLine(io, `Even OWASP's minimum (19 MiB, 2 passes) takes longer than ${target} ms here: keep the current parameters, or give a longer target.`);
        else printLine(io, `Proposed: ${describeHashing(proposal)} — about ${proposal.ms.toFixed(0)} ms a password here.`);
      }
      if (!proposal) return EXIT.refused;
      if (values.apply) {
        core.policy.update({ passwordHashing: { memoryMiB: proposal.memoryMiB, iterations: proposal.iterations, parallelism: proposal.parallelism } }, ctx.actor);
        if (!values.json) printLine(io, 'Applied: new passwords are hashed so, and each stored one at its next sign-in.');
      } else if (!values.json) {
        printLine(io, 'Nothing was changed: run again with --apply to make it the policy.');
      }
      return EXIT.ok;
    },
  },
];
