import { open, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { emergencyKitText } from '../../shared/index.js';
import { cryptoRandom } from '../../main/common/ports.js';
import { openGatehouse } from '../../main/open-gatehouse.js';
import { createEmergencyKit, keepNewEmergencyKit, restoreAccessWithKit } from '../../main/store/custody.js';
import { replaceWithBackup, restoreBackup, writeBackup } from '../../main/store/backup.js';
import { rotateStoreKey } from '../../main/store/rotation.js';
import { requireString, type OptionValues } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { printLine, type CliIo } from '../io.js';
import { readPasswordLine } from '../password-input.js';

/** The recovery key, from standard input only: never from arguments, which other users can list. */
async function readRecoveryKey(io: CliIo, values: OptionValues): Promise<string> {
  if (!values['recovery-key-stdin']) throw new UsageError('--recovery-key-stdin is required: the recovery key is read from standard input, never from arguments');
  return readPasswordLine(io, 'Recovery key: ', { name: 'recovery key', flag: '--recovery-key-stdin' });
}

export const kitCommands: Command[] = [
  {
    name: 'kit create',
    summary: 'make a new emergency kit (a recovery key for the store key); the earlier kit stops working',
    usage: '[--out FILE | --stdout]',
    options: ['out', 'stdout'],
    store: 'write',
    async run({ io, values, location, core, store, actor }) {
      if (values.out !== undefined && values.stdout) throw new UsageError('give --out FILE or --stdout, not both');
      // Only a new file, private to its owner: never over an earlier kit or anything else.
      const out = values.stdout ? null : resolve(values.out ?? 'gatehouse-emergency-kit.txt');
      const handle =
        out === null
          ? null
          : await open(out, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
              if (error.code === 'EEXIST') throw new UsageError(`${out} exists already: give another --out, or move it away`);
              throw error;
            });
      let written = false;
      try {
        const madeAt = new Date();
        const { recoveryKey, storeId, pending } = await createEmergencyKit(location, store, cryptoRandom, madeAt);
        const text = emergencyKitText({ recoveryKey, storeId, computer: hostname(), madeAt });
        if (handle === null) io.stdout.write(text);
        else {
          await handle.writeFile(text);
          await handle.sync();
          written = true;
        }
        // Only once the new kit is written out does it replace the one in force.
        if (pending) await keepNewEmergencyKit(location);
        core.audit.recordKeyCustody('emergency_kit.create', actor);
        if (handle !== null) printLine(io, `Wrote the emergency kit to ${out}. Print it or keep it in a password manager, then delete the file from this computer.`);
      } finally {
        await handle?.close();
        // No kit was made: no empty file is left behind to be mistaken for one.
        if (out !== null && !written) await rm(out, { force: true });
      }
      return EXIT.ok;
    },
  },
  {
    name: 'kit restore',
    summary: "put the store key back into the keychain with the emergency kit's recovery key (read from standard input)",
    usage: '--recovery-key-stdin',
    options: ['recovery-key-stdin'],
    store: 'none',
    async run({ io, values, location, actor }) {
      const typed = await readRecoveryKey(io, values);
      const outcome = await restoreAccessWithKit(location, typed);
      if (outcome === 'already_there') {
        printLine(io, 'The keychain already holds this store key: nothing to restore.');
        return EXIT.ok;
      }
      const { core, store } = await openGatehouse(location);
      try {
        core.audit.recordKeyCustody('emergency_kit.restore', actor);
      } finally {
        store.close();
      }
      printLine(io, `Restored: the store key is in ${location.keychain.describe(store.storeId)} again. Make a new emergency kit if this one may have been seen.`);
      return EXIT.ok;
    },
  },
  {
    name: 'store rotate-key',
    summary: 'make a new store key and re-encrypt the store with it; the old key is forgotten, the emergency kit keeps working',
    usage: '',
    options: [],
    store: 'write',
    async run({ io, location, core, store, actor }) {
      const { kitUpdated } = await rotateStoreKey(location, store, cryptoRandom);
      core.audit.recordKeyCustody('store.rotate_key', actor, kitUpdated ? 'the emergency kit holds the new key' : 'no emergency kit to update');
      printLine(io, `The store now opens with a new key, in ${location.keychain.describe(store.storeId)}; the old key was forgotten.`);
      printLine(
        io,
        kitUpdated
          ? 'Your emergency kit opens the new key: its recovery key is unchanged. Backups made before keep opening with it too.'
          : 'There is no emergency kit for this store: make one now with "gatehouse kit create".',
      );
      return EXIT.ok;
    },
  },
];

export const backupCommands: Command[] = [
  {
    name: 'backup',
    summary: 'write the whole store to a new backup file, which opens with the emergency kit alone',
    usage: '--out FILE',
    options: ['out'],
    store: 'write',
    async run({ io, values, location, core, store, actor }) {
      const out = resolve(requireString(values, 'out'));
      const header = await writeBackup(location, store, out, new Date());
      const head = header.auditHead ? `audit head ${header.auditHead.id} ${header.auditHead.chain}` : 'no audit entry yet';
      core.audit.recordKeyCustody('backup.create', actor, `${out}; ${head}`);
      printLine(io, `Wrote a backup to ${out} (schema ${header.schemaVersion}, ${head}). It opens with your emergency kit's recovery key.`);
      return EXIT.ok;
    },
  },
  {
    name: 'restore',
    summary: 'restore a backup after checking it through (recovery key from standard input); --replace backs up and moves aside the store that is there first',
    usage: '--from FILE --recovery-key-stdin [--replace]',
    options: ['from', 'recovery-key-stdin', 'replace'],
    store: 'none',
    async run({ io, values, location, actor }) {
      const from = resolve(requireString(values, 'from'));
      const typed = await readRecoveryKey(io, values);
      const { header, movedTo, backupOfNow } = values.replace
        ? await replaceWithBackup(location, from, typed, new Date())
        : { header: await restoreBackup(location, from, typed), movedTo: null, backupOfNow: null };
      const { core, store } = await openGatehouse(location);
      try {
        core.audit.recordKeyCustody('backup.restore', actor, `${from}, made ${header.madeAt}${movedTo ? `; the store before it moved to ${movedTo}` : ''}`);
      } finally {
        store.close();
      }
      printLine(io, `Restored the backup made ${header.madeAt} into ${location.dataDir}; its key is in ${location.keychain.describe(header.storeId)}.`);
      if (movedTo) {
        printLine(
          io,
          `The store that was there is in ${movedTo}${backupOfNow ? `, and backed up to ${backupOfNow} (it opens with its emergency kit)` : ''}. Nothing of it was deleted.`,
        );
      }
      return EXIT.ok;
    },
  },
];
