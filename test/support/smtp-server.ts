import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

export interface RunningSmtp {
  port: number;
  /** Every message accepted, oldest first. */
  received: ReceivedMail[];
  /** Refuse every recipient from now on (a server that says no), or accept again. */
  refuseRecipients(refuse: boolean): void;
  stop(): Promise<void>;
}

/** Quoted-printable, as nodemailer may write a body: soft line breaks and =XX bytes. */
function fromQuotedPrintable(body: string): string {
  return Buffer.from(
    body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 for the tests: plain text only (its built-in
 * certificate has expired, so STARTTLS is off), any sender, and every message kept.
 */
export async function startSmtpServer(): Promise<RunningSmtp> {
  const received: ReceivedMail[] = [];
  let refuse = false;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const headers = raw.slice(0, split);
        const qp = /content-transfer-encoding:\s*quoted-printable/i.test(headers);
        const body = raw.slice(split + 4);
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: /^subject: (.*)$/im.exec(headers)?.[1]?.trim() ?? '',
          text: qp ? fromQuotedPrintable(body) : body,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    refuseRecipients: (value) => void (refuse = value),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in the newest message to `to`. */
export function codeSentTo(smtp: RunningSmtp, to: string): string {
  const mail = smtp.received.findLast((m) => m.to.includes(to));
  const code = mail && /\b(\d{6})\b/.exec(mail.subject)?.[1];
  if (!code) throw new Error(`no code was sent to ${to}`);
  return code;
}
