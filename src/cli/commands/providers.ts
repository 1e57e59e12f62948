import type { ProviderView } from '../../shared/index.js';
import { escapeUnsafeText } from '../../shared/index.js';
import { requireString } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { formatTime, table } from '../format.js';
import { printJson, printLine } from '../io.js';
import { readPasswordLine } from '../password-input.js';

function providerJson(p: ProviderView): Record<string, unknown> {
  const discovery =
    p.discovery.state === 'ok'
      ? { state: 'ok', fetchedAt: formatTime(p.discovery.fetchedAt) }
      : p.discovery.state === 'unreachable'
        ? {
            state: 'unreachable',
            problem: p.discovery.problem,
            at: formatTime(p.discovery.at),
            fetchedAt: p.discovery.fetchedAt === null ? null : formatTime(p.discovery.fetchedAt),
          }
        : { state: 'unknown' };
  return {
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecret: p.hasClientSecret ? 'set (never shown)' : null,
    scopes: p.scopes,
    allowRegistration: p.allowRegistration,
    trustMfa: p.trustMfa,
    mfaAcr: p.mfaAcr,
    emailClaim: p.emailClaim,
    insecureLoopbackIssuer: p.insecureLoopbackIssuer,
    discovery,
    linkedIdentities: p.linkedIdentities,
    createdAt: formatTime(p.createdAt),
  };
}

function describeDiscovery(p: ProviderView): string {
  switch (p.discovery.state) {
    case 'ok':
      return `reachable (checked ${formatTime(p.discovery.fetchedAt)})`;
    case 'unreachable':
      return `cannot be reached: ${p.discovery.problem} (${formatTime(p.discovery.at)})`;
    case 'unknown':
      return 'not checked yet ("gatehouse providers test" checks it)';
  }
}

function printProvider({ io, values }: CommandContext, p: ProviderView): void {
  if (values.json) return printJson(io, providerJson(p));
  const rows: [string, string][] = [
    ['Name', p.name],
    ['Issuer', p.issuer + (p.insecureLoopbackIssuer ? '  (insecure loopback issuer: development only)' : '')],
    ['Client ID', p.clientId],
    ['Client secret', p.hasClientSecret ? 'set (never shown)' : 'none (public client)'],
    ['Scopes', p.scopes.join(' ')],
    ['Registration', p.allowRegistration ? 'new accounts allowed' : 'existing accounts only'],
    ['Email claim', p.emailClaim],
    ['Its two-step', p.trustMfa ? `trusted as a second factor (amr mfa${p.mfaAcr.length > 0 ? `, or acr ${p.mfaAcr.join(' ')}` : ''})` : 'shown, not relied on'],
    ['Discovery', describeDiscovery(p)],
    ['Linked accounts', String(p.linkedIdentities)],
    ['Added', formatTime(p.createdAt)],
  ];
  for (const [label, value] of rows) printLine(io, `${`${label}:`.padEnd(17)}${escapeUnsafeText(value)}`);
}

export const providerCommands: Command[] = [
  {
    name: 'providers add',
    summary: 'add an OpenID Connect provider to sign in with',
    usage:
      '--name N --issuer URL --client-id ID [--client-secret-stdin] [--scopes S] [--allow-registration] [--email-claim C] [--trust-mfa [--mfa-acr "V …"]] [--insecure-loopback-issuer] [--json]',
    options: ['name', 'issuer', 'client-id', 'client-secret-stdin', 'scopes', 'allow-registration', 'email-claim', 'trust-mfa', 'mfa-acr', 'insecure-loopback-issuer', 'json'],
    store: 'write',
    async run(ctx) {
      const { values } = ctx;
      const input = { name: requireString(values, 'name'), issuer: requireString(values, 'issuer'), clientId: requireString(values, 'client-id') };
      const clientSecret = values['client-secret-stdin'] ? await readPasswordLine(ctx.io, 'Client secret: ', { name: 'client secret', flag: '--client-secret-stdin' }) : undefined;
      if (values.scopes !== undefined && values.scopes.trim() === '') throw new UsageError('--scopes takes a space-separated list, like "openid email profile"');
      const provider = ctx.core.providers.add(
        {
          ...input,
          ...(clientSecret === undefined ? {} : { clientSecret }),
          ...(values.scopes === undefined ? {} : { scopes: values.scopes }),
          ...(values['email-claim'] === undefined ? {} : { emailClaim: values['email-claim'] }),
          allowRegistration: values['allow-registration'] === true,
          dangerouslyAllowInsecureLoopbackIssuer: values['insecure-loopback-issuer'] === true,
          trustMfa: values['trust-mfa'] === true,
          ...(values['mfa-acr'] !== undefined ? { mfaAcr: values['mfa-acr'] } : {}),
        },
        ctx.actor,
      );
      if (provider.insecureLoopbackIssuer) ctx.io.stderr.write('gatehouse: warning: this provider uses a plain-http issuer on this machine. For development only.\n');
      if (values.json) printProvider(ctx, provider);
      else
        printLine(
          ctx.io,
          `Added ${escapeUnsafeText(provider.name)} (${provider.issuer}). "gatehouse providers test --name ${escapeUnsafeText(provider.name)}" checks that it can be reached.`,
        );
      return EXIT.ok;
    },
  },
  {
    name: 'providers list',
    summary: 'list the OpenID Connect providers',
    usage: '[--json]',
    options: ['json'],
    store: 'read',
    async run({ io, values, core }) {
      const providers = core.providers.list();
      if (values.json) printJson(io, providers.map(providerJson));
      else if (providers.length === 0) printLine(io, 'No providers. Add one with "gatehouse providers add".');
      else
        printLine(
          io,
          table(
            ['NAME', 'ISSUER', 'REGISTRATION', 'DISCOVERY', 'LINKED'],
            providers.map((p) => [p.name, p.issuer, p.allowRegistration ? 'allowed' : 'off', p.discovery.state, String(p.linkedIdentities)]),
          ),
        );
      return EXIT.ok;
    },
  },
  {
    name: 'providers show',
    summary: 'show one provider, with whether it could be reached',
    usage: '--name N [--json]',
    options: ['name', 'json'],
    store: 'read',
    async run(ctx) {
      printProvider(ctx, ctx.core.providers.show(requireString(ctx.values, 'name')));
      return EXIT.ok;
    },
  },
  {
    name: 'providers test',
    summary: "fetch a provider's discovery document now, and say whether it can be reached",
    usage: '--name N [--json]',
    options: ['name', 'json'],
    store: 'write',
    async run(ctx) {
      const provider = await ctx.core.providers.test(requireString(ctx.values, 'name'), ctx.actor);
      if (ctx.values.json) printProvider(ctx, provider);
      else printLine(ctx.io, `${escapeUnsafeText(provider.name)} can be reached: its discovery document names the issuer ${provider.issuer}.`);
      return EXIT.ok;
    },
  },
  {
    name: 'providers remove',
    summary: 'remove a provider (refused while accounts are linked to it, unless --unlink-all)',
    usage: '--name N [--unlink-all]',
    options: ['name', 'unlink-all'],
    store: 'write',
    async run(ctx) {
      const name = requireString(ctx.values, 'name');
      const { unlinked } = ctx.core.providers.remove(name, { unlinkAll: ctx.values['unlink-all'] === true }, ctx.actor);
      printLine(ctx.io, `Removed ${escapeUnsafeText(name.trim())}${unlinked ? `, and unlinked ${unlinked} account${unlinked === 1 ? '' : 's'}` : ''}.`);
      return EXIT.ok;
    },
  },
];
