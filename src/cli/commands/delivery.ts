import type { DeliveryView } from '../../shared/index.js';
import { escapeUnsafeText } from '../../shared/index.js';
import { parseInteger, requireString } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { printJson, printLine } from '../io.js';
import { readPasswordLine } from '../password-input.js';

function printDelivery({ io, values }: CommandContext, view: DeliveryView): void {
  if (values.json) return printJson(io, { email: view.email && { ...view.email, password: view.email.hasPassword ? 'set (never shown)' : null }, sms: view.sms });
  const { email, sms } = view;
  printLine(
    io,
    email
      ? `Email: ${escapeUnsafeText(email.host)}:${email.port}, ${email.tls === 'none-loopback-only' ? 'no TLS (test server on this computer only)' : email.tls === 'implicit' ? 'TLS' : 'STARTTLS'}, from ${escapeUnsafeText(email.from)}${email.user ? `, as ${escapeUnsafeText(email.user)} (password ${email.hasPassword ? 'set, never shown' : 'none'})` : ''}`
      : 'Email: not set up ("gatehouse delivery set-smtp")',
  );
  printLine(
    io,
    sms
      ? `Texts: ${escapeUnsafeText(sms.baseUrl)}, account ${escapeUnsafeText(sms.accountId)}, from ${sms.from}, to ${sms.allowedCountryCodes.length === 0 ? 'no country yet (--allowed-country-codes)' : sms.allowedCountryCodes.map((c) => `+${c}`).join(' ')}`
      : 'Texts: not set up ("gatehouse delivery set-sms")',
  );
}

/** "1,44" → [1, 44]; anything else is refused by name. */
function countryCodes(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const code = part.trim().replace(/^\+/, '');
    if (!/^\d{1,3}$/.test(code) || code.startsWith('0')) throw new UsageError(`--allowed-country-codes takes calling codes like 1,44,49, not "${part.trim()}"`);
    return Number(code);
  });
}

export const deliveryCommands: Command[] = [
  {
    name: 'delivery show',
    summary: 'show how codes are sent by email and text (never a password or token)',
    usage: '[--json]',
    options: ['json'],
    store: 'read',
    async run(ctx) {
      printDelivery(ctx, ctx.core.delivery.view());
      return EXIT.ok;
    },
  },
  {
    name: 'delivery set-smtp',
    summary: 'set the SMTP server that emails codes',
    usage: '--host H --port P [--tls implicit|starttls|none-loopback-only] [--user U] [--password-stdin] --from ADDR [--json]',
    options: ['host', 'port', 'tls', 'user', 'password-stdin', 'from', 'json'],
    store: 'write',
    async run(ctx) {
      const { values } = ctx;
      const tls = values.tls ?? 'starttls';
      if (!['implicit', 'starttls', 'none-loopback-only'].includes(tls)) throw new UsageError(`--tls takes implicit, starttls or none-loopback-only, not "${tls}"`);
      if (values['password-stdin'] && values.user === undefined) throw new UsageError('--password-stdin needs --user');
      const password = values['password-stdin'] ? await readPasswordLine(ctx.io, 'SMTP password: ', { name: 'SMTP password', flag: '--password-stdin' }) : null;
      const view = ctx.core.delivery.setSmtp(
        {
          host: requireString(values, 'host'),
          port: parseInteger('port', requireString(values, 'port')),
          tls,
          user: values.user ?? null,
          ...(password === null ? {} : { password }),
          from: requireString(values, 'from'),
        },
        ctx.actor,
      );
      if (tls === 'none-loopback-only') ctx.io.stderr.write('gatehouse: warning: codes will be emailed without TLS, to a test server on this computer. For development only.\n');
      if (values.json) printDelivery(ctx, view);
      else printLine(ctx.io, 'Email is set up. "gatehouse delivery test --to ADDRESS" sends a test message.');
      return EXIT.ok;
    },
  },
  {
    name: 'delivery set-sms',
    summary: 'set the SMS provider (Twilio Messages API shape) that texts codes',
    usage: '--base-url URL --account-id ID --auth-token-stdin --from NUMBER [--allowed-country-codes 1,44] [--json]',
    options: ['base-url', 'account-id', 'auth-token-stdin', 'from', 'allowed-country-codes', 'json'],
    store: 'write',
    async run(ctx) {
      const { values } = ctx;
      if (!values['auth-token-stdin']) throw new UsageError('give the auth token on standard input with --auth-token-stdin (never on the command line)');
      const authToken = await readPasswordLine(ctx.io, 'Auth token: ', { name: 'auth token', flag: '--auth-token-stdin' });
      const allowed = countryCodes(values['allowed-country-codes']);
      const view = ctx.core.delivery.setSms(
        {
          baseUrl: requireString(values, 'base-url'),
          accountId: requireString(values, 'account-id'),
          authToken,
          from: requireString(values, 'from'),
          ...(allowed === undefined ? {} : { allowedCountryCodes: allowed }),
        },
        ctx.actor,
      );
      if (values.json) printDelivery(ctx, view);
      else printLine(ctx.io, `Texts are set up${view.sms!.allowedCountryCodes.length === 0 ? ', but no country is allowed yet: add --allowed-country-codes' : ''}.`);
      return EXIT.ok;
    },
  },
  {
    name: 'delivery test',
    summary: 'send a test message to an email address or a phone number (+15551234567)',
    usage: '--to ADDRESS',
    options: ['to'],
    store: 'write',
    async run(ctx) {
      const { sentTo, channel } = await ctx.core.delivery.test(requireString(ctx.values, 'to'), ctx.actor);
      printLine(ctx.io, `A test ${channel === 'email' ? 'email' : 'text'} was sent to ${escapeUnsafeText(sentTo)}.`);
      return EXIT.ok;
    },
  },
];
