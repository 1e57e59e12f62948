import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';

export const BIN = resolve(import.meta.dirname, '../../bin/gatehouse.js');

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
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
    child.stdin.end(options.stdin ?? '');
  });
}

export function tempDataDir(prefix = 'gatehouse-cli-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'data');
}

/**
 * A private copy of a store a `beforeAll` made, for one test: no test sees another's changes,
 * whatever order they run in. The copy keeps the store id, so the same keychain entry opens it.
 */
export function copyOfStore(template: string): string {
  const copy = tempDataDir('gatehouse-cli-copy-');
  cpSync(template, copy, { recursive: true });
  chmodSync(copy, 0o700); // as private as the original, or the CLI would say it tightened it
  return copy;
}

const STEP_MS = 30_000;

/**
 * A TOTP code for a `gatehouse` process about to start, which reads the real clock. It is given
 * only when at least 10 s of the current 30 s step are left, so the process checks it in this
 * step or the next: inside the ±1 window whatever the machine's load. `next` gives the next
 * step's code, newer than any code of the current step used before (replay protection).
 */
export async function codeForCli(secret: string, which: 'current' | 'next'): Promise<string> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  return totpCodeAt(secret, Date.now() + (which === 'next' ? STEP_MS : 0));
}

/** True inside scripts/with-keyring.js: a throwaway Secret Service is on the session bus. */
export const HAS_TEST_KEYRING = process.env.GATEHOUSE_TEST_KEYRING === '1';
