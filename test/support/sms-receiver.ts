import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedText {
  path: string;
  authorization: string | undefined;
  to: string;
  from: string;
  body: string;
}

export interface RunningSmsReceiver {
  /** The base URL to configure as the SMS provider. */
  url: string;
  received: ReceivedText[];
  /** Answer every text with this HTTP status and message (a provider that refuses), or accept again (null). */
  refuseWith(status: number | null): void;
  stop(): Promise<void>;
}

/** A loopback HTTP receiver in the shape of Twilio's Messages API: keeps every text, answers 201 (or a refusal). */
export async function startSmsReceiver(): Promise<RunningSmsReceiver> {
  const received: ReceivedText[] = [];
  let refusal: number | null = null;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (refusal !== null) return void res.writeHead(refusal, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 21211, message: 'Invalid To number' }));
      const form = new URLSearchParams(body);
      received.push({ path: req.url ?? '', authorization: req.headers.authorization, to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '' });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${received.length}`, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    refuseWith: (status) => void (refusal = status),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in the newest text to `to`. */
export function codeTextedTo(receiver: RunningSmsReceiver, to: string): string {
  const code = /^(\d{6}) /.exec(receiver.received.findLast((t) => t.to === to)?.body ?? '')?.[1];
  if (!code) throw new Error(`no code was texted to ${to}`);
  return code;
}
