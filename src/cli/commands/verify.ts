import { describeAmr, listInWords, type SecondFactorMethod, type SignInResult } from '../../shared/index.js';

const METHOD_WORDS: Record<SecondFactorMethod, string> = { totp: 'a code from an authenticator app', recovery_code: 'a recovery code', sms: 'a texted code', passkey: 'a passkey' };
import type { Session } from '../../main/core/sessions.js';
import { requireEmail } from '../../main/core/email.js';
import { requireString } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { formatDuration } from '../format.js';
import { printJson, printLine } from '../io.js';
import { readPasswordLine } from '../password-input.js';

/** The machine-readable answer: only the fields that apply, the same shape for every `failed`. */
export function outcomeJson(outcome: SignInResult<Session>): Record<string, unknown> {
  switch (outcome.kind) {
    case 'success':
      return { outcome: outcome.kind, amr: outcome.session.amr, ...(outcome.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: outcome.recoveryCodesLeft }) };
    case 'locked':
      return outcome.retryAfterMs === undefined ? { outcome: outcome.kind } : { outcome: outcome.kind, retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) };
    case 'expired':
      return { outcome: outcome.kind, reason: outcome.reason };
    case 'second_factor_required':
      return { outcome: outcome.kind, methods: outcome.methods };
    case 'mfa_enrolment_required':
      return { outcome: outcome.kind };
    case 'failed':
    case 'disabled':
      return { outcome: outcome.kind };
  }
}

function describeOutcome(outcome: SignInResult<Session>): string {
  switch (outcome.kind) {
    case 'success':
      return outcome.recoveryCodesLeft === undefined
        ? `Signed in with ${describeAmr(outcome.session.amr)}.`
        : `Signed in with ${describeAmr(outcome.session.amr)}. ${outcome.recoveryCodesLeft} recovery code${outcome.recoveryCodesLeft === 1 ? '' : 's'} left${outcome.recoveryCodesLeft < 3 ? ': make new ones with "gatehouse recovery-codes regenerate"' : ''}.`;
    case 'failed':
      return 'Incorrect email or password.';
    case 'locked':
      return outcome.retryAfterMs === undefined
        ? 'This account is locked after too many failed attempts. An administrator must unlock it.'
        : `Too many failed attempts. Try again in ${formatDuration(outcome.retryAfterMs)}.`;
    case 'expired':
      return outcome.reason === 'forced' ? 'The password is correct, but a new one must be chosen.' : 'The password is correct, but it has expired: a new one must be chosen.';
    case 'disabled':
      return 'This account is disabled.';
    case 'second_factor_required':
      return `The password is correct; a second step is required (${listInWords(outcome.methods.map((m) => METHOD_WORDS[m])).replace(/ and ([^,]*)$/, ' or $1')}): use --totp or --recovery-code.`;
    case 'mfa_enrolment_required':
      return 'The password is correct, but two-step verification is required and not set up: add an authenticator with "gatehouse totp add".';
  }
}

export const verifyCommands: Command[] = [
  {
    name: 'verify password',
    summary: 'check a password as a sign-in would (counted, throttled and audited)',
    usage: '--email E --password-stdin [--totp CODE | --recovery-code CODE] [--json]',
    options: ['email', 'password-stdin', 'totp', 'recovery-code', 'json'],
    store: 'write',
    async run({ io, values, core, actor }) {
      const email = requireEmail(requireString(values, 'email'));
      if (!values['password-stdin']) throw new UsageError('--password-stdin is required: the password is read from standard input, never from arguments');
      if (values.totp !== undefined && values['recovery-code'] !== undefined) throw new UsageError('give --totp or --recovery-code, not both');
      const proof =
        values.totp !== undefined
          ? { kind: 'totp' as const, code: values.totp }
          : values['recovery-code'] !== undefined
            ? { kind: 'recovery_code' as const, code: values['recovery-code'] }
            : null;
      let outcome = await core.signIn.password(email, await readPasswordLine(io), actor);
      if (outcome.kind === 'second_factor_required' && proof) outcome = await core.signIn.secondFactor(outcome.flowId, proof, actor);
      if (values.json) printJson(io, outcomeJson(outcome));
      else printLine(io, describeOutcome(outcome));
      return outcome.kind === 'success' ? EXIT.ok : EXIT.refused;
    },
  },
];
