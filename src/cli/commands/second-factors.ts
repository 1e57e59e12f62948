import { requireString } from '../args.js';
import { accountIdFor, type Command, type CommandContext } from '../command.js';
import { EXIT } from '../errors.js';
import { printJson, printLine } from '../io.js';
import { groupSecret } from '../../main/core/factors/totp/totp.js';
import { isGatehouseError } from '../../main/common/errors.js';

function printCodes(ctx: CommandContext, codes: string[], extra: Record<string, unknown> = {}): void {
  if (ctx.values.json) return printJson(ctx.io, { ...extra, recoveryCodes: codes });
  printLine(ctx.io, 'Recovery codes (shown once; each works once; keep them somewhere safe):');
  for (const code of codes) printLine(ctx.io, `  ${code}`);
}

export const secondFactorCommands: Command[] = [
  {
    name: 'totp add',
    summary: 'start adding an authenticator app (pending until confirmed with a code)',
    usage: '--email E --name N [--qr] [--json]',
    options: ['email', 'name', 'qr', 'json'],
    store: 'write',
    async run(ctx) {
      const enrolment = ctx.core.selfService.beginTotp(accountIdFor(ctx), requireString(ctx.values, 'name'), ctx.actor);
      if (ctx.values.json) printJson(ctx.io, { secret: enrolment.secret, uri: enrolment.uri, replacedPending: enrolment.replacedPending === true });
      else {
        if (enrolment.replacedPending) printLine(ctx.io, `This replaces the key given earlier for "${enrolment.name}", which was never confirmed: that key will not work.`);
        if (ctx.values.qr) {
          // Drawn with block characters: scan it from the terminal, as from the app's page.
          printLine(ctx.io, 'Scan this QR code with the authenticator app:');
          const { default: QRCode } = await import('qrcode'); // only for --qr
          printLine(ctx.io, await QRCode.toString(enrolment.uri, { type: 'utf8', errorCorrectionLevel: 'M', margin: 2 }));
        }
        printLine(ctx.io, `Add this key to the authenticator app "${enrolment.name}" (or open the URI):`);
        printLine(ctx.io, `  ${groupSecret(enrolment.secret)}`);
        printLine(ctx.io, `  ${enrolment.uri}`);
        printLine(ctx.io, 'Then confirm within 10 minutes: gatehouse totp confirm --email E --name N --code CODE');
      }
      return EXIT.ok;
    },
  },
  {
    name: 'totp confirm',
    summary: 'activate a pending authenticator app with a code from it',
    usage: '--email E --name N --code C [--json]',
    options: ['email', 'name', 'code', 'json'],
    store: 'write',
    async run(ctx) {
      let confirmed: Awaited<ReturnType<typeof ctx.core.selfService.confirmTotp>>;
      try {
        confirmed = await ctx.core.selfService.confirmTotp(accountIdFor(ctx), requireString(ctx.values, 'name'), requireString(ctx.values, 'code'), ctx.actor);
      } catch (error) {
        // A wrong code is an answer, not a mistake in the command: refused (exit 3), like a wrong password.
        if (!(isGatehouseError(error) && error.code === 'invalid_input' && error.field === 'code')) throw error;
        if (ctx.values.json) printJson(ctx.io, { activated: false, reason: error.message });
        else printLine(ctx.io, error.message);
        return EXIT.refused;
      }
      if (ctx.values.json) printJson(ctx.io, { activated: true, ...(confirmed.recoveryCodes ? { recoveryCodes: confirmed.recoveryCodes } : {}) });
      else {
        printLine(ctx.io, 'The authenticator app is active.');
        if (confirmed.recoveryCodes) printCodes(ctx, confirmed.recoveryCodes);
      }
      return EXIT.ok;
    },
  },
  {
    name: 'totp remove',
    summary: 'remove an authenticator app (the last one takes the recovery codes with it)',
    usage: '--email E --name N',
    options: ['email', 'name'],
    store: 'write',
    async run(ctx) {
      ctx.core.selfService.removeTotp(accountIdFor(ctx), requireString(ctx.values, 'name'), ctx.actor);
      printLine(ctx.io, 'Removed.');
      return EXIT.ok;
    },
  },
  {
    name: 'recovery-codes count',
    summary: 'how many unused recovery codes an account has',
    usage: '--email E [--json]',
    options: ['email', 'json'],
    store: 'read',
    async run(ctx) {
      const remaining = ctx.core.selfService.secondFactors(accountIdFor(ctx)).recoveryCodesRemaining;
      if (ctx.values.json) printJson(ctx.io, { remaining });
      else printLine(ctx.io, `${remaining} recovery code${remaining === 1 ? '' : 's'} left.`);
      return EXIT.ok;
    },
  },
  {
    name: 'recovery-codes regenerate',
    summary: "replace an account's recovery codes with ten new ones (the old ones stop working)",
    usage: '--email E [--json]',
    options: ['email', 'json'],
    store: 'write',
    async run(ctx) {
      printCodes(ctx, await ctx.core.selfService.regenerateRecoveryCodes(accountIdFor(ctx), ctx.actor));
      return EXIT.ok;
    },
  },
];
