// @ts-check
import tseslint from 'typescript-eslint';

const electron = { name: 'electron', message: 'This layer runs without Electron (DESIGN.md §2): only src/main/app and src/preload may import it.' };
const nodeBuiltins = { group: ['node:*'], message: 'This layer also runs in the renderer: no Node built-ins.' };
const mainCode = { group: ['**/main/**', '**/cli/**'], message: 'The renderer talks only to window.gatehouse; main-process code never reaches it.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.tools/', 'coverage/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // CommonJS by necessity (electron-builder requires its hooks).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/main/core/**', 'src/main/store/**', 'src/main/secrets/**', 'src/main/ipc/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron] }] },
  },
  {
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, mainCode] }] },
  },
  {
    files: ['src/renderer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, mainCode] }] },
  },
);
