import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cryptoRandom } from '../common/ports.js';
import { addKeyToKit, keepOnlyKeyInKit, KIT_FILE, newRecoveryKey, parseRecoveryKey, readKit, unwrapStoreKeys, writeKit } from './emergency-kit.js';

const STORE_ID = 'store-id-for-the-kit-tests';
const CHECK = 'AAAAAAAAAAAAAAAAAAAAAA';

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
    const { recoveryKey: recovery } = await writeKit(dir, STORE_ID, storeKey, CHECK, cryptoRandom, new Date('2026-11-30T00:00:00Z'));
    const kit = (await readKit(dir))!;
    expect(kit).toMatchObject({ format: 2, storeId: STORE_ID, kdf: { algorithm: 'argon2id' }, keys: [{ keyCheck: CHECK }] });
    // The file holds no key in the clear.
    expect(readFileSync(join(dir, KIT_FILE), 'utf8')).not.toContain(storeKey.toString('base64url'));
    expect(await unwrapStoreKeys(kit, STORE_ID, recovery)).toEqual([storeKey]);
    await expect(unwrapStoreKeys(kit, 'another-store-id-entirely', recovery)).rejects.toMatchObject({ code: 'store_locked', message: expect.stringContaining('another store') });
    await expect(unwrapStoreKeys(kit, STORE_ID, newRecoveryKey(cryptoRandom).text)).rejects.toMatchObject({
      code: 'store_locked',
      message: expect.stringContaining('does not open this store'),
    });
    await expect(unwrapStoreKeys(kit, STORE_ID, 'not a key')).rejects.toMatchObject({ code: 'store_locked', message: expect.stringContaining('not a recovery key') });
    // A new kit replaces the old: its recovery key no longer opens anything.
    const { recoveryKey: newer } = await writeKit(dir, STORE_ID, storeKey, CHECK, cryptoRandom, new Date());
    await expect(unwrapStoreKeys((await readKit(dir))!, STORE_ID, recovery)).rejects.toMatchObject({ code: 'store_locked' });
    expect(await unwrapStoreKeys((await readKit(dir))!, STORE_ID, newer)).toEqual([storeKey]);
  });

  it('takes a new key without the recovery key (a rotation), opened by the same recovery key, and forgets the old one when told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kit-'));
    const { recoveryKey: recovery, macKey } = await writeKit(dir, STORE_ID, storeKey, CHECK, cryptoRandom, new Date());
    const newKey = Buffer.alloc(32, 9);
    const NEW_CHECK = 'NEWCHECKNEWCHECKNEWCHE';
    const both = await addKeyToKit(dir, (await readKit(dir))!, macKey, newKey, NEW_CHECK, CHECK, cryptoRandom);
    expect(both.keys.map((sealed) => sealed.keyCheck)).toEqual([CHECK, NEW_CHECK]);
    expect(readFileSync(join(dir, KIT_FILE), 'utf8')).not.toContain(newKey.toString('base64url'));
    expect(await unwrapStoreKeys((await readKit(dir))!, STORE_ID, recovery)).toEqual([storeKey, newKey]);
    await keepOnlyKeyInKit(dir, both, NEW_CHECK);
    expect(await unwrapStoreKeys((await readKit(dir))!, STORE_ID, recovery)).toEqual([newKey]);
    // A sealing whose bytes were changed does not open; with none left, the kit is called damaged.
    const kit = (await readKit(dir))!;
    const tampered = { ...kit, keys: [{ ...kit.keys[0]!, sealedKey: Buffer.alloc(32, 1).toString('base64url') }] };
    await expect(unwrapStoreKeys(tampered, STORE_ID, recovery)).rejects.toMatchObject({ code: 'store_locked', message: expect.stringContaining('damaged') });
  });

  it('never opens a key sealed by someone without the recovery key (a forged kit in a backup handed over)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kit-'));
    const { recoveryKey } = await writeKit(dir, STORE_ID, storeKey, CHECK, cryptoRandom, new Date());
    // The public key is no secret: anyone can seal a key of their choosing to it, but not with the kit's MAC key.
    const attackerKey = Buffer.alloc(32, 0xaa);
    const forged = await addKeyToKit(dir, (await readKit(dir))!, Buffer.alloc(32, 1), attackerKey, 'FORGEDFORGEDFORGEDFORG', CHECK, cryptoRandom);
    expect(forged.keys).toHaveLength(2);
    expect(await unwrapStoreKeys(forged, STORE_ID, recoveryKey)).toEqual([storeKey]);
    const onlyForged = { ...forged, keys: forged.keys.slice(1) };
    await expect(unwrapStoreKeys(onlyForged, STORE_ID, recoveryKey)).rejects.toMatchObject({ code: 'store_locked', message: expect.stringContaining('damaged') });
    // Nor a true sealing moved to another key's check value (it is bound by the MAC and the associated data).
    const relabelled = { ...forged, keys: [{ ...forged.keys[0]!, keyCheck: 'OTHERCHECKOTHERCHECKOT' }] };
    await expect(unwrapStoreKeys(relabelled, STORE_ID, recoveryKey)).rejects.toMatchObject({ code: 'store_locked' });
  });

  it('says so when there is none, and when the file is not a kit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kit-'));
    expect(await readKit(dir)).toBeNull();
    writeFileSync(join(dir, KIT_FILE), '{"format": 2}');
    await expect(readKit(dir)).rejects.toMatchObject({ code: 'store_incompatible' });
    // A kit written before the key could be rotated (format 1) is not read: a new one is made.
    writeFileSync(join(dir, KIT_FILE), '{"format": 1}');
    await expect(readKit(dir)).rejects.toMatchObject({ code: 'store_incompatible' });
    writeFileSync(join(dir, KIT_FILE), 'not json');
    await expect(readKit(dir)).rejects.toMatchObject({ code: 'store_incompatible' });
  });
});
