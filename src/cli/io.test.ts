import { describe, expect, it } from 'vitest';
import { printLine, warn, type CliIo } from './io.js';
import { table } from './format.js';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io = { stdin: process.stdin, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: {} } as CliIo;
  return { io, out: () => out, err: () => err };
}

describe('human output of the CLI (issue 8, finding 5)', () => {
  it('never sends a control character to the terminal, keeping its own line breaks', () => {
    const { io, out, err } = capture();
    printLine(io, 'Name: Eve\u001b]0;pwned\u0007\rX\nnext line');
    warn(io, 'gatehouse: \u001b[31mred\u202e');
    expect(out()).toBe('Name: Eve\\x1b]0;pwned\\x07\\rX\nnext line\n');
    expect(err()).toBe('gatehouse: \\x1b[31mred\\u202e\n');
  });

  it('keeps a table cell on its line: a stored newline cannot forge a row', () => {
    const lines = table(['ACTOR', 'ACTION'], [['user:eve', 'sign_in\n2026-01-01T00:00:00Z  cli:root  account.delete']]).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('sign_in\\n2026');
  });
});
