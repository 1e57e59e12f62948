import type { SignInOutcome } from '../../shared/index.js';
import { requireEmail } from '../../main/core/email.js';
import { requireString } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { formatDuration } from '../format.js';
import { printJson, printLine } from '../io.js';
import { readPasswordLine } from '../password-input.js';

/** The machine-readable answer: only the fields that apply, the same shape for every `failed`. */
export function outcomeJson(outcome: SignInOutcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'success':
      return { outcome: outcome.kind, amr: outcome.session.amr };
    case 'locked':
      return outcome.retryAfterMs === undefined ? { outcome: outcome.kind } : { outcome: outcome.kind, retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) };
    case 'expired':
      return { outcome: outcome.kind, reason: outcome.reason };
    case 'second_factor_required':
      return { outcome: outcome.kind, methods: outcome.methods };
    case 'failed':
    case 'disabled':
      return { outcome: outcome.kind };
  }
}

function describeOutcome(outcome: SignInOutcome): string {
  switch (outcome.kind) {
    case 'success':
      return `Signed in (amr: ${outcome.session.amr.join(', ')}).`;
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
      return `A second factor is required: ${outcome.methods.join(', ')}.`;
  }
}

export const verifyCommands: Command[] = [
  {
    name: 'verify password',
    summary: 'check a password as a sign-in would (counted, throttled and audited)',
    usage: '--email E --password-stdin [--json]',
    options: ['email', 'password-stdin', 'json'],
    store: 'open',
    async run({ io, values, core, actor }) {
      const email = requireEmail(requireString(values, 'email'));
      if (!values['password-stdin']) throw new UsageError('--password-stdin is required: the password is read from standard input, never from arguments');
      const outcome = await core.signInWithPassword(email, await readPasswordLine(io), actor);
      if (values.json) printJson(io, outcomeJson(outcome));
      else printLine(io, describeOutcome(outcome));
      return outcome.kind === 'success' ? EXIT.ok : EXIT.refused;
    },
  },
];
