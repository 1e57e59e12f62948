// `Gatehouse --cli <command> …`: the admin command line inside the installed app, whose fuses
// (rightly) keep its Node from running bin/gatehouse.js. The packaged main calls this before it
// takes the single-instance lock or makes any window; the tests call the same function under Node.
import type { CliIo } from '../../cli/io.js';

export const CLI_SWITCH = '--cli';

/**
 * The command line after `--cli`, or null when the app was started to open its window. Only
 * switches may come before it (Electron's and Chromium's: the Linux wrapper's
 * --ozone-platform=headless), after the executable and, in development, the app's folder: a
 * `--cli` further on (a file name, a URL, after `--`) is never taken for it.
 */
export function cliArguments(argv: readonly string[], { appPathGiven = false }: { appPathGiven?: boolean } = {}): string[] | null {
  const first = appPathGiven ? 2 : 1;
  for (let i = first; i < argv.length; i++) {
    if (argv[i] === CLI_SWITCH) return argv.slice(i + 1);
    if (argv[i] === '--' || !argv[i]!.startsWith('--')) return null;
  }
  return null;
}

/**
 * Runs one command as bin/gatehouse.js does, with the same output and exit codes, and returns
 * the code once everything written has left the process (the app exits at once after it: on
 * Windows a pipe is written asynchronously, and a hurried exit would cut the output short).
 */
export async function runCommandLine(args: string[], io: CliIo & { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  // Loaded only for the command line: the app's own start never pays for it.
  const { runCli } = await import('../../cli/main.js');
  const code = await runCli(args, io);
  await Promise.all([io.stdout, io.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  return code;
}
