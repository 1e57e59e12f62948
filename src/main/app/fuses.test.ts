import { createRequire } from 'node:module';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

// The packaging hook is CommonJS (electron-builder requires it); its fuse table is checked here.
const { FUSES } = createRequire(import.meta.url)('../../../scripts/after-pack.cjs') as { FUSES: Record<number, boolean> };

describe('packaged fuses', () => {
  it('turn off running as Node and NODE_OPTIONS, and load only the integrity-checked asar', () => {
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });
});
