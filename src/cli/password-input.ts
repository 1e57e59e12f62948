import { HARD_MAX_PASSWORD_LENGTH } from '../shared/index.js';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

/** Bounds what we read before giving up: a password line is never this long. */
const MAX_INPUT_BYTES = HARD_MAX_PASSWORD_LENGTH * 4 + 2;

/**
 * Reads one line from standard input: the only way a password reaches the CLI, so that it never
 * shows in `ps`, shell history or logs. A terminal gets a prompt with echo turned off.
 */
export async function readPasswordLine(io: CliIo, prompt = 'Password: ', what = { name: 'password', flag: '--password-stdin' }): Promise<string> {
  const { stdin } = io;
  const interactive = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  if (interactive) {
    // Echo off before the prompt shows: whatever is typed the moment it appears stays hidden.
    stdin.setRawMode!(true);
    io.stderr.write(prompt);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stdin) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (interactive && buffer.includes(0x03)) throw new UsageError('cancelled');
      chunks.push(buffer);
      size += buffer.length;
      if (buffer.includes(0x0a) || buffer.includes(0x0d) || size > MAX_INPUT_BYTES) break;
    }
  } finally {
    if (interactive) {
      stdin.setRawMode!(false);
      io.stderr.write('\n');
    }
    if ('pause' in stdin && typeof stdin.pause === 'function') stdin.pause();
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const line = text.split(/\r?\n|\r/, 1)[0] ?? '';
  if (line.length === 0) throw new UsageError(`no ${what.name} on standard input (${what.flag} reads one line)`);
  if ([...line].length > HARD_MAX_PASSWORD_LENGTH) throw new UsageError(`the ${what.name} on standard input is longer than ${HARD_MAX_PASSWORD_LENGTH} characters`);
  return line;
}
