import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** Lists the npm packages the renderer's bundle holds (bundled-packages.json), for the licences About Gatehouse shows (scripts/licenses.js). */
function bundledPackages(): Plugin {
  return {
    name: 'gatehouse-bundled-packages',
    generateBundle() {
      const names = new Set<string>();
      for (const id of this.getModuleIds()) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'));
        if (match) names.add(match[1]!);
      }
      this.emitFile({ type: 'asset', fileName: 'bundled-packages.json', source: `${JSON.stringify([...names].sort())}\n` });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Native modules and the rest of node_modules load at run time, as packaged.
      externalizeDeps: true,
      rollupOptions: { input: { main: resolve('src/main/app/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else, as CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), bundledPackages()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html') },
        // What the sign-in form needs, in one script: React, the entry, and the two modules it
        // shares with the screens loaded later (which Rolldown would otherwise split into small
        // chunks of their own, each a request before the form: bench/suites/renderer.ts).
        output: {
          codeSplitting: {
            groups: [{ name: 'start', test: /src[\\/]renderer[\\/](gatehouse\.ts|ui[\\/]useAction\.ts|main\.tsx)|node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
          },
        },
      },
    },
  },
});
