// About Gatehouse: the version, where the store is, how a screen lock reaches the app, and the
// licences of what ships in it (out/licenses.json, written at build by scripts/licenses.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AboutView } from '../../shared/index.js';
import { packageRoot } from '../common/package-root.js';

export function aboutGatehouse(storeLocation: string, screenLock: () => AboutView['screenLock']): () => AboutView {
  return () => {
    const root = packageRoot();
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    let licenses: AboutView['licenses'] = [];
    try {
      licenses = JSON.parse(readFileSync(join(root, 'out', 'licenses.json'), 'utf8')) as AboutView['licenses'];
    } catch {
      // Not built yet (tests of other things): an empty list, never an error.
    }
    return { version, storeLocation, screenLock: screenLock(), licenses };
  };
}

/** Where nothing says (tests of other things). */
export const NO_ABOUT = (): AboutView => ({ version: '0.0.0', storeLocation: '', screenLock: 'not_detected', licenses: [] });
