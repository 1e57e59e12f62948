import { escapeUnsafeText } from '../shared/text.js';

/** What a command may touch of its process: passed in, so that tests can run it in-process too. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

/**
 * Human output: whatever a person or a stored value put in it, no control character reaches the
 * terminal (ESC and OSC sequences, carriage returns). Our own line breaks stay; JSON is escaped by itself.
 */
export function printLine(io: CliIo, text = ''): void {
  io.stdout.write(`${text.split('\n').map(escapeUnsafeText).join('\n')}\n`);
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function warn(io: CliIo, text: string): void {
  io.stderr.write(`${text.split('\n').map(escapeUnsafeText).join('\n')}\n`);
}
