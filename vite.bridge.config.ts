import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The HTTP bridge for preview and tests: one classic script, run before the app's modules. */
export default defineConfig({
  build: {
    outDir: 'out/bridge',
    emptyOutDir: true,
    lib: { entry: resolve('src/preload/http-bridge.ts'), formats: ['iife'], name: 'gatehouseBridge', fileName: () => 'gatehouse-bridge.js' },
  },
});
