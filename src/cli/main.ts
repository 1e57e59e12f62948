import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { packageRoot } from '../main/common/package-root.js';
import { isGatehouseError } from '../main/common/errors.js';
import { escapeUnsafeText } from '../shared/text.js';
import { openGatehouse } from '../main/open-gatehouse.js';
import { createKeychain } from '../main/secrets/create-keychain.js';
import { USER_KEYCHAIN_BACKENDS, type KeychainBackend } from '../main/secrets/keychain.js';
import { defaultDataDir } from '../main/store/layout.js';
import type { StoreLocation } from '../main/store/open.js';
import { assertOnlyOptions, parseCommandLine, type OptionValues } from './args.js';
import type { Command } from './command.js';
import { auditCommands } from './commands/audit.js';
import { policyCommands } from './commands/policy.js';
import { storeCommands } from './commands/store.js';
import { backupCommands, kitCommands } from './commands/kit.js';
import { usersCommands } from './commands/users.js';
import { verifyCommands } from './commands/verify.js';
import { secondFactorCommands } from './commands/second-factors.js';
import { passkeyCommands } from './commands/passkeys.js';
import { providerCommands } from './commands/providers.js';
import { deliveryCommands } from './commands/delivery.js';
import { EXIT, exitCodeFor, UsageError } from './errors.js';
import { printLine, warn, type CliIo } from './io.js';

const COMMANDS: Command[] = [
  ...storeCommands,
  ...usersCommands,
  ...secondFactorCommands,
  ...passkeyCommands,
  ...providerCommands,
  ...deliveryCommands,
  ...policyCommands,
  ...verifyCommands,
  ...auditCommands,
  ...kitCommands,
  ...backupCommands,
];

/** package.json's version: one number for the app and its command line (read only when asked). */
const version = (): string => (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: gatehouse [--data-dir DIR] [--keychain os|file] <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options (also as environment variables):',
    "  --data-dir DIR       GATEHOUSE_DATA_DIR; default: the desktop app's data folder",
    '  --keychain os|file   GATEHOUSE_KEYCHAIN; where the store key is kept (default: os)',
    "  --help, -h           this help, or a command's (gatehouse users add --help)",
    '  --version            the version of Gatehouse',
    '',
    'Passwords are read from standard input only (--password-stdin), never from arguments.',
    'Exit codes: 0 success, 1 operational error, 2 bad usage or invalid input, 3 refused (failed, expired, locked, disabled, second factor required).',
  ].join('\n');
}

function commandUsage(command: Command): string {
  return `Usage: gatehouse ${command.name} ${command.usage}`.trimEnd();
}

function findCommand(words: string[]): Command {
  // The longest name that the words start with: `audit prune` before `audit`.
  const command = COMMANDS.filter((c) => c.name === words.slice(0, c.name.split(' ').length).join(' ')).sort((a, b) => b.name.length - a.name.length)[0];
  if (!command) {
    throw new UsageError(words.length === 0 ? 'no command given (see gatehouse --help)' : `unknown command '${words.join(' ')}' (see gatehouse --help)`);
  }
  const extra = words.slice(command.name.split(' ').length);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' for 'gatehouse ${command.name}'`);
  return command;
}

function storeLocation(values: OptionValues, io: CliIo): StoreLocation {
  // An empty --data-dir would silently mean the current folder.
  if (values['data-dir'] !== undefined && values['data-dir'].trim() === '') throw new UsageError('--data-dir must name a folder, not be empty');
  const dataDir = resolve(values['data-dir'] ?? (io.env.GATEHOUSE_DATA_DIR || defaultDataDir(process.platform, io.env)));
  const backend = values.keychain ?? (io.env.GATEHOUSE_KEYCHAIN || 'os');
  if (!(USER_KEYCHAIN_BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`--keychain takes ${USER_KEYCHAIN_BACKENDS.join(' or ')}, not "${backend}"`);
  }
  return { dataDir, keychain: createKeychain(backend as KeychainBackend, dataDir, (message) => warn(io, message)), warn: (message) => warn(io, message) };
}

/** Runs one command line and returns the exit code. Expected failures never print a stack. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { words, values } = parseCommandLine(argv);
    if (values.version) {
      printLine(io, version());
      return EXIT.ok;
    }
    if (words.length === 0 && values.help) {
      printLine(io, usage());
      return EXIT.ok;
    }
    const command = findCommand(words);
    if (values.help) {
      printLine(io, `${commandUsage(command)}\n\n${command.summary}`);
      return EXIT.ok;
    }
    assertOnlyOptions(command.name, values, command.options);
    const location = storeLocation(values, io);
    const actor = { kind: 'cli', osUser: safeUserName(io) } as const;
    if (command.store === 'none') {
      return await command.run({ io, values, location, actor, core: undefined!, store: undefined! });
    }
    const { core, store } = await openGatehouse(location, { readOnly: command.store === 'read' });
    try {
      return await command.run({ io, values, location, actor, core, store });
    } catch (error) {
      // A full disk, a damaged or read-only store: said in words, not as SQLite's.
      throw store.failure(error) ?? error;
    } finally {
      store.close();
    }
  } catch (error) {
    // Every message is one line, with whatever the user typed shown escaped (a newline, ESC).
    if (error instanceof UsageError) {
      warn(io, `gatehouse: ${escapeUnsafeText(error.message)}`);
      return EXIT.usage;
    }
    if (isGatehouseError(error)) {
      warn(io, `gatehouse: ${escapeUnsafeText(error.message)}`);
      return exitCodeFor(error.code);
    }
    warn(io, `gatehouse: unexpected error: ${escapeUnsafeText((error as Error)?.message ?? String(error))}`);
    if (io.env.GATEHOUSE_DEBUG) warn(io, String((error as Error)?.stack));
    return EXIT.operational;
  }
}

function safeUserName(io: CliIo): string {
  try {
    return userInfo().username;
  } catch {
    return io.env.USER ?? 'unknown';
  }
}
