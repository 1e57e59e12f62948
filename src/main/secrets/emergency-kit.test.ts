import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptoRandom } from '../common/ports.js';
import { KIT_FILE, newRecoveryKey, parseRecoveryKey, readKit, unwrapStoreKey, writeKit } from './emergency-kit.js';

const STORE_ID = 'store-id-for-the-kit-tests';

describe('recovery keys', () => {
  it('are 160 bits in nine groups of four, read back in any case, spacing and with look-alike letters', () => {
    const { bytes, text } = newRecoveryKey(cryptoRandom);
    expect(bytes).toHaveLength(20);
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseRecoveryKey(text)).toEqual(bytes);
    expect(parseRecoveryKey(` ${text.toLowerCase().replace(/-/g, ' ')} `)).toEqual(bytes);
    expect(parseRecoveryKey(text.replace(/0/g, 'O').replace(/1/g, 'l'))).toEqual(bytes);
  });

  it('catch a typo, a missing group and a character outside the alphabet', () => {
    const { text } = newRecoveryKey(cryptoRandom);
    const swapped = text[0] === 'A' ? `B${text.slice(1)}` : `A${text.slice(1)}`;
    expect(parseRecoveryKey(swapped)).toBeNull();
    expect(parseRecoveryKey(text.slice(0, -5))).toBeNull();
    expect(parseRecoveryKey(`U${text.slice(1)}`)).toBeNull();
    expect(parseRecoveryKey('')).toBeNull();
  });
});

describe('the kit file', () => {
  const storeKey = Buffer.alloc(32, 7);

  it('unwraps the store key with its recovery key, and with no other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kit-'));
    const recovery = await writeKit(dir, STORE_ID, storeKey, cryptoRandom, new Date('2026-11-30T00:00:00Z'));
    const kit = (await readKit(dir))!;
    expect(kit).toMatchObject({ format: 1, storeId: STORE_ID, cipher: 'aes-256-gcm', kdf: { algorithm: 'argon2id' } });
    // The file holds no key in the clear.
    expect(readFileSync(join(dir, KIT_FILE), 'utf8')).not.toContain(storeKey.toString('base64url'));
    expect(await unwrapStoreKey(kit, STORE_ID, recovery)).toEqual(storeKey);
    await expect(unwrapStoreKey(kit, 'another-store-id-entirely', recovery)).rejects.toMatchObject({ code: 'store_locked', message: expect.stringContaining('another store') });
    await expect(unwrapStoreKey(kit, STORE_ID, newRecoveryKey(cryptoRandom).text)).rejects.toMatchObject({
      code: 'store_locked',
      message: expect.stringContaining('does not open this store'),
    });
    await expect(unwrapStoreKey(kit, STORE_ID, 'not a key')).rejects.toMatchObject({ code: 'store_locked', message: expect.stringContaining('not a recovery key') });
    // A new kit replaces the old: its recovery key no longer opens anything.
    const newer = await writeKit(dir, STORE_ID, storeKey, cryptoRandom, new Date());
    await expect(unwrapStoreKey((await readKit(dir))!, STORE_ID, recovery)).rejects.toMatchObject({ code: 'store_locked' });
    expect(await unwrapStoreKey((await readKit(dir))!, STORE_ID, newer)).toEqual(storeKey);
  });

  it('says so when there is none, and when the file is not a kit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kit-'));
    expect(await readKit(dir)).toBeNull();
    writeFileSync(join(dir, KIT_FILE), '{"format": 2}');
    await expect(readKit(dir)).rejects.toMatchObject({ code: 'store_incompatible' });
    writeFileSync(join(dir, KIT_FILE), 'not json');
    await expect(readKit(dir)).rejects.toMatchObject({ code: 'store_incompatible' });
  });
});
