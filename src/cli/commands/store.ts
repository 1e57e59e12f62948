import { join } from 'node:path';
import { openGatehouse } from '../../main/open-gatehouse.js';
import { DATABASE_FILE } from '../../main/store/layout.js';
import { openStore } from '../../main/store/open.js';
import { SCHEMA_VERSION } from '../../main/store/migrations.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { printJson, printLine } from '../io.js';
import { isGatehouseError } from '../../main/core/errors.js';

export const storeCommands: Command[] = [
  {
    name: 'init',
    summary: 'create a new, empty store (refused where one exists)',
    usage: '',
    options: [],
    store: 'none',
    async run({ io, location }) {
      const { store } = await openGatehouse(location, { create: true });
      try {
        printLine(io, `Created a new store in ${location.dataDir}.`);
        printLine(io, `Its key is in ${location.keychain.describe(store.storeId)}.`);
        printLine(io, 'Add the first account (an administrator) with: gatehouse users add --email E --password-stdin');
      } finally {
        store.close();
      }
      return EXIT.ok;
    },
  },
  {
    name: 'doctor',
    summary: 'check the keychain, the store and its integrity',
    usage: '[--json]',
    options: ['json'],
    store: 'none',
    async run({ io, values, location }) {
      const report: Record<string, unknown> = {
        keychain: location.keychain.backend,
        dataDir: location.dataDir,
        store: join(location.dataDir, DATABASE_FILE),
        expectedSchemaVersion: SCHEMA_VERSION,
      };
      let healthy = false;
      try {
        const store = await openStore(location);
        try {
          const problems = store.integrityProblems();
          Object.assign(report, { keyLocation: location.keychain.describe(store.storeId), schemaVersion: store.schemaVersion, integrity: problems.length === 0 ? 'ok' : problems });
          healthy = problems.length === 0;
        } finally {
          store.close();
        }
      } catch (error) {
        if (!isGatehouseError(error)) throw error;
        Object.assign(report, { error: { code: error.code, message: error.message } });
      }
      if (values.json) printJson(io, { healthy, ...report });
      else {
        for (const [key, value] of Object.entries(report)) {
          const text = typeof value === 'object' && value !== null ? ((value as { message?: string }).message ?? JSON.stringify(value)) : String(value);
          printLine(io, `${`${key}:`.padEnd(24)}${text}`);
        }
        printLine(io, healthy ? 'All checks passed.' : 'Problems found (see above).');
      }
      return healthy ? EXIT.ok : EXIT.operational;
    },
  },
];
