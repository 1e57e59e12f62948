import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mounting a tmpfs needs root on Linux; CI runs as root. Tests that need it skip elsewhere, saying so. */
export const CAN_MOUNT = process.platform === 'linux' && process.getuid?.() === 0;
if (!CAN_MOUNT) console.warn('tiny-disk: not root on Linux, so the full-disk and read-only-folder tests skip');

/**
 * Runs `work` on a real, small file system (a tmpfs of `kib` KiB): a full disk and a read-only
 * folder are the kernel's, not a fake's.
 */
export async function withTinyDisk(kib: number, work: (mount: string, remountReadOnly: () => void) => Promise<void>): Promise<void> {
  const mount = mkdtempSync(join(tmpdir(), 'gatehouse-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', mount]);
  try {
    await work(mount, () => execFileSync('mount', ['-o', 'remount,ro', mount]));
  } finally {
    execFileSync('umount', ['-l', mount]);
    rmSync(mount, { recursive: true, force: true });
  }
}
