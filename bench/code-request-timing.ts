/**
 * Does asking for an emailed code take as long for an address with no account (when codes may
 * not register: no message is sent) as for one with an account (a message is sent)? Runs the
 * real core against a real SMTP server on loopback, interleaving the two cases so that machine
 * noise falls on both alike. Ratios are against the known address.
 *
 *   npx tsx bench/code-request-timing.ts       (ROUNDS=25 by default)
 */
import { createCoreFixture, CLI_ACTOR } from '../test/support/core.js';
import { startSmtpServer } from '../test/support/smtp-server.js';

const ROUNDS = Number(process.env.ROUNDS ?? 25);
const HOUR = 60 * 60_000;
const smtp = await startSmtpServer();
const f = await createCoreFixture();
await f.core.accounts.create({ email: 'admin@example.com', password: 'the administrator passphrase' }, CLI_ACTOR);
await f.core.accounts.create({ email: 'bo@example.com' }, CLI_ACTOR);
f.core.delivery.setSmtp({ host: '127.0.0.1', port: smtp.port, tls: 'none-loopback-only', from: 'gatehouse@example.com' }, CLI_ACTOR);
f.core.policy.update({ otpAutoRegister: false }, CLI_ACTOR);
const anonymous = { kind: 'anonymous' } as const;

const cases: Record<string, () => Promise<unknown>> = {
  'address with an account (sent)': () => f.core.signIn.requestCode('email', 'bo@example.com', anonymous),
  'address with none (not sent)': () => f.core.signIn.requestCode('email', 'nobody@example.com', anonymous),
};
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? Object.keys(cases) : Object.keys(cases).reverse();
  for (const name of order) {
    f.clock.advance(HOUR); // clear of the resend wait and the hourly limit: this measures the answer, not a refusal
    const start = performance.now();
    await cases[name]!();
    samples[name]!.push(performance.now() - start);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const baseline = median(samples['address with an account (sent)']!);
console.log(`Asking for an emailed code, ${ROUNDS} rounds, SMTP on loopback`);
console.log('| case | median ms | ratio to an address with an account |');
console.log('| --- | ---: | ---: |');
for (const name of Object.keys(cases)) console.log(`| ${name} | ${median(samples[name]!).toFixed(1)} | ${(median(samples[name]!) / baseline).toFixed(2)}× |`);
await f.cleanup();
await smtp.stop();
