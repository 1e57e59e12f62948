import { join } from 'node:path';
import { openGatehouse } from '../../main/open-gatehouse.js';
import { DATABASE_FILE } from '../../main/store/layout.js';
import { openStore } from '../../main/store/open.js';
import { SCHEMA_VERSION } from '../../main/store/migrations.js';
import type { Command } from '../command.js';
import { EXIT } from '../errors.js';
import { printJson, printLine } from '../io.js';
import { isGatehouseError } from '../../main/common/errors.js';
import { damagedStoreError, storeFailure } from '../../main/store/failures.js';
import { escapeUnsafeText } from '../../shared/text.js';

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
    summary: 'check the keychain, the store and its integrity (reads only)',
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
      /** Each problem, with what to do about it. */
      const findings: { code: string; message: string }[] = [];
      try {
        // Read-only: the doctor changes nothing, works on a read-only folder, and still reads a damaged store.
        const store = await openStore(location, { readOnly: true });
        try {
          const problems = store.integrityProblems();
          Object.assign(report, { keyLocation: location.keychain.describe(store.storeId), schemaVersion: store.schemaVersion, integrity: problems.length === 0 ? 'ok' : problems });
          if (problems.length > 0) findings.push({ code: 'store_damaged', message: damagedStoreError(store.path, problems).message });
          else {
            // The audit trail's links, recomputed row by row: a change, a removal or an insertion breaks them.
            const chain = store.audit.verifyChain();
            Object.assign(report, {
              auditChain: chain.ok ? `ok (${chain.rows} entries${chain.head ? `, head ${chain.head.id} ${chain.head.chain}` : ''})` : `broken at entry ${chain.brokenAt}`,
            });
            if (!chain.ok) {
              findings.push({
                code: 'audit_chain_broken',
                message: `The audit trail was changed outside Gatehouse: entry ${chain.brokenAt} breaks its chain (${chain.why}). Compare with an export or a backup.`,
              });
            }
          }
        } finally {
          store.close();
        }
      } catch (error) {
        const known = isGatehouseError(error) ? error : storeFailure(error, join(location.dataDir, DATABASE_FILE), []);
        if (!known) throw error;
        findings.push({ code: known.code, message: known.message });
      }
      const healthy = findings.length === 0;
      const DOCTOR_WORDS: Record<string, string> = {
        keychain: 'Keychain',
        dataDir: 'Data folder',
        store: 'Store',
        expectedSchemaVersion: 'Schema this version reads',
        keyLocation: 'Store key',
        schemaVersion: 'Schema of the store',
        integrity: 'Integrity check',
        auditChain: 'Audit trail chain',
      };
      if (values.json) printJson(io, { healthy, ...report, findings });
      else {
        for (const [key, value] of Object.entries(report)) {
          printLine(io, `${`${DOCTOR_WORDS[key] ?? key}:`.padEnd(24)}${Array.isArray(value) ? value.join('; ') : String(value)}`);
        }
        for (const finding of findings) printLine(io, `Problem: ${escapeUnsafeText(finding.message)}`);
        printLine(io, healthy ? 'All checks passed.' : `${findings.length} problem${findings.length === 1 ? '' : 's'} found (see above).`);
      }
      return healthy ? EXIT.ok : EXIT.operational;
    },
  },
];
