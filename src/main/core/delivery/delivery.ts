import type { z } from 'zod';
import { describeInputProblem, E164, SmsSettingsInput, SmtpSettingsInput, type DeliveryView, type AuditOutcome } from '../../../shared/index.js';
import { GatehouseError, inputRefused } from '../../common/errors.js';
import { audit } from '../audit.js';
import type { Actor, CoreContext } from '../context.js';
import { isLoopbackHost } from '../loopback.js';
import { requireEmail } from '../email.js';
import { countryCallingCodeOf } from '../phone.js';
import { networkCode } from '../providers/providers.js';

/**
 * Sending the codes: email through the administrator's SMTP server (nodemailer), texts through
 * an HTTP provider in the shape of Twilio's Messages API. The settings live in the encrypted
 * store; passwords and tokens are never shown again once given.
 */

const SMTP_KEY = 'delivery.smtp';
const SMS_KEY = 'delivery.sms';
// Parsed, the inputs are whole (their defaults filled in): the stored form is the same schema.
type SmtpSettings = z.output<typeof SmtpSettingsInput>;
type SmsSettings = z.output<typeof SmsSettingsInput>;

/** A message could not be sent: words for the audit trail (never a password or a stack). */
export class DeliveryFailure extends Error {}

const SEND_TIMEOUT_MS = 10_000;

function parseOrRefuse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw inputRefused(describeInputProblem(parsed.error));
}

export function readSmtp(ctx: CoreContext): SmtpSettings | null {
  return ctx.store.settings.get(SMTP_KEY, SmtpSettingsInput.nullable()) ?? null;
}

export function readSms(ctx: CoreContext): SmsSettings | null {
  return ctx.store.settings.get(SMS_KEY, SmsSettingsInput.nullable()) ?? null;
}

export function deliveryView(ctx: CoreContext): DeliveryView {
  const smtp = readSmtp(ctx);
  const sms = readSms(ctx);
  return {
    email: smtp && { host: smtp.host, port: smtp.port, tls: smtp.tls, user: smtp.user, hasPassword: smtp.password !== null, from: smtp.from },
    sms: sms && { baseUrl: sms.baseUrl, accountId: sms.accountId, from: sms.from, allowedCountryCodes: [...sms.allowedCountryCodes] },
  };
}

/** Sets the SMTP server. Plain text is refused except to a test server on this machine. */
export function setSmtp(ctx: CoreContext, input: unknown, actor: Actor): DeliveryView {
  const smtp = parseOrRefuse(SmtpSettingsInput, input);
  // No password given for the same user: the stored one stays (it is never shown, so it cannot be given back).
  const stored = readSmtp(ctx);
  if ((input as { password?: unknown }).password === undefined && stored?.user === smtp.user && smtp.user !== null) smtp.password = stored.password;
  if (smtp.tls === 'none-loopback-only' && !isLoopbackHost(smtp.host)) {
    throw new GatehouseError('invalid_input', 'Without TLS, codes would cross the network in clear: plain text is allowed only to a test server on this computer (127.0.0.1).');
  }
  ctx.store.transaction(() => {
    ctx.store.settings.set(SMTP_KEY, smtp);
    audit(ctx, actor, { action: 'delivery.set', outcome: 'success', detail: `email: ${smtp.host}:${smtp.port} (${smtp.tls}) from ${smtp.from}` });
  });
  return deliveryView(ctx);
}

/** Sets the SMS provider. Its base URL is https, or http to a test receiver on this computer. */
export function setSms(ctx: CoreContext, input: unknown, actor: Actor): DeliveryView {
  const sms = parseOrRefuse(SmsSettingsInput, input);
  const url = new URL(sms.baseUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new GatehouseError('invalid_input', "The SMS provider's base URL must be https (plain http only to a test receiver on this computer).");
  }
  if (url.username || url.password || url.search || url.hash)
    throw new GatehouseError('invalid_input', 'The base URL cannot carry a user name, a password, a query or a fragment.');
  ctx.store.transaction(() => {
    ctx.store.settings.set(SMS_KEY, { ...sms, baseUrl: sms.baseUrl.replace(/\/+$/, '') });
    const countries = sms.allowedCountryCodes.length === 0 ? 'no country yet' : sms.allowedCountryCodes.map((c) => `+${c}`).join(' ');
    audit(ctx, actor, { action: 'delivery.set', outcome: 'success', detail: `sms: ${url.host} from ${sms.from}, to ${countries}` });
  });
  return deliveryView(ctx);
}

export interface Message {
  subject: string;
  text: string;
}

/** Sends one email; throws `DeliveryFailure` with the reason. */
export async function sendEmail(ctx: CoreContext, to: string, message: Message): Promise<void> {
  const smtp = readSmtp(ctx);
  if (!smtp) throw new DeliveryFailure('email is not set up');
  // Loaded when an email is first sent: most commands never send one.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'implicit',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none-loopback-only',
    auth: smtp.user === null ? undefined : { user: smtp.user, pass: smtp.password ?? '' },
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    // The envelope said outright: the message goes to this one address, whatever a header parser would make of it.
    await transport.sendMail({ from: smtp.from, to, envelope: { from: smtp.from, to: [to] }, subject: message.subject, text: message.text });
  } catch (error) {
    throw new DeliveryFailure(describeSmtpFailure(error));
  } finally {
    transport.close();
  }
}

function describeSmtpFailure(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  // nodemailer wraps a socket's error as ESOCKET: the cause is named in its message.
  const network = networkCode(error) === 'ESOCKET' ? /\b(E[A-Z_]+)\b/.exec(e.message ?? '')?.[1] : networkCode(error);
  if (network === 'ECONNREFUSED') return 'nothing answers at the SMTP server';
  if (network === 'ENOTFOUND' || network === 'EAI_AGAIN') return 'the SMTP host name cannot be resolved';
  if (e.code === 'ETIMEDOUT' || e.code === 'ETIMEOUT') return 'the SMTP server did not answer in time';
  if (e.code === 'EAUTH') return 'the SMTP server refused the user name or password';
  if (e.code === 'ETLS' || /STARTTLS/i.test(e.message ?? '')) return 'the SMTP server offers no TLS, which these settings require';
  if (e.responseCode) return `the SMTP server refused the message (${String(e.response ?? e.responseCode).slice(0, 120)})`;
  return `the message could not be sent (${String(e.code ?? e.message ?? error).slice(0, 120)})`;
}

/** Sends one text through the Messages API; throws `DeliveryFailure` with the reason. */
export async function sendSms(ctx: CoreContext, to: string, body: string): Promise<void> {
  const sms = readSms(ctx);
  if (!sms) throw new DeliveryFailure('texts are not set up');
  let response: Response;
  try {
    response = await fetch(`${sms.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(sms.accountId)}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sms.accountId}:${sms.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: to, From: sms.from, Body: body }),
      redirect: 'error',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const network = networkCode(error);
    throw new DeliveryFailure(network ? `the SMS provider cannot be reached (${network})` : 'the SMS provider did not answer in time');
  }
  if (response.ok) return;
  const answer = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
  const said = typeof answer.message === 'string' ? `: ${answer.message.slice(0, 120)}` : '';
  throw new DeliveryFailure(`the SMS provider refused the text (HTTP ${response.status}${said})`);
}

/** "Send a test message": to an email address, or to a phone number in international form. Says why it failed. */
export async function sendTestMessage(ctx: CoreContext, to: string, actor: Actor): Promise<{ sentTo: string; channel: 'email' | 'sms' }> {
  const phone = to.trim().startsWith('+');
  const channel = phone ? 'sms' : 'email';
  const address = phone ? to.trim() : requireEmail(to, 'to');
  if (phone && !E164.safeParse(address).success)
    throw new GatehouseError('invalid_input', `"${address.slice(0, 20)}" is not a phone number in international form, like +15551234567.`);
  const record = (outcome: AuditOutcome, detail: string | null) =>
    audit(ctx, actor, { action: 'code.send', method: channel, email: phone ? null : address, outcome, detail: `test message${detail ? `: ${detail}` : ''}` });
  if (phone) guardText(ctx, address, (why) => record('refused', why));
  try {
    if (phone) await sendSms(ctx, address, 'This is a test message from Gatehouse: texts are set up.');
    else await sendEmail(ctx, address, { subject: 'Gatehouse test message', text: 'This is a test message from Gatehouse: email is set up, and codes can be sent.' });
  } catch (error) {
    const why = error instanceof DeliveryFailure ? error.message : 'the message could not be sent';
    record('failed', why);
    throw new GatehouseError('delivery_failed', `The test message could not be sent: ${why}.`);
  }
  record('success', null);
  return { sentTo: address, channel };
}

/**
 * Texts cost money and draw toll fraud: only to the country calling codes an administrator
 * allowed (none until one is), and at most `smsHourlyCap` an hour, all addresses together.
 * Checked, and the text counted, before anything is sent.
 */
export function guardText(ctx: CoreContext, to: string, refused: (why: string) => void): void {
  const sms = readSms(ctx);
  if (!sms) throw new GatehouseError('invalid_input', 'Texts are not set up on this computer. Ask an administrator.');
  const country = countryCallingCodeOf(to);
  if (!sms.allowedCountryCodes.includes(country)) {
    refused(`country calling code +${Number.isNaN(country) ? '?' : country} is not allowed`);
    throw new GatehouseError('forbidden', `Texts to ${Number.isNaN(country) ? 'this number' : `+${country} numbers`} are not allowed here. Ask an administrator.`);
  }
  const now = ctx.clock.now();
  if (ctx.store.deliveries.countOnChannelSince('sms', now - 60 * 60_000) >= ctx.policy().smsHourlyCap) {
    refused(`the hourly cap of ${ctx.policy().smsHourlyCap} texts is reached`);
    throw new GatehouseError('rate_limited', 'Gatehouse has sent as many texts as it may this hour. Try again later, or sign in another way.');
  }
  ctx.store.deliveries.record('sms', `sms:${to}`, now);
}
