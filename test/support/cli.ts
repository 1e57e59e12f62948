import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/gatehouse.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export interface CliOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs the real `gatehouse` bin in a new process, as a user or a script would. */
export function runGatehouse(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({ code: code ?? -1, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }),
    );
    child.stdin.end(options.stdin ?? '');
  });
}

export function tempDataDir(prefix = 'gatehouse-cli-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'data');
}

/** True inside scripts/with-keyring.js: a throwaway Secret Service is on the session bus. */
export const HAS_TEST_KEYRING = process.env.GATEHOUSE_TEST_KEYRING === '1';
