// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const electron = { name: 'electron', message: 'This layer runs without Electron (README, "Architecture"): only src/main/app and src/preload may import it.' };
const nodeBuiltins = { group: ['node:*'], message: 'This layer also runs in the renderer: no Node built-ins.' };
const ASSERTIONS = '/^(toMatchObject|toEqual|toStrictEqual|toContainEqual|toHaveBeenCalledWith)$/';
/** Inside main, each layer may import only those below it: common ◄ store, secrets ◄ core ◄ ipc ◄ app. */
const below = (layer, ...above) => ({
  group: above.flatMap((name) => [`**/main/${name}/**`, `../${name}/**`, `../../${name}/**`, `../../../${name}/**`]),
  message: `${layer} sits below ${above.join(', ')} (docs/contributing.md, "Layers"): it may not import them.`,
});
/** zod and the schemas would be in the renderer's first script (a third more to load before the sign-in form): types only. */
const schemasInRenderer = {
  group: ['zod', '**/shared/index.js', '**/shared/contract.js', '**/shared/policy.js', '**/shared/delivery.js'],
  allowTypeImports: true,
  message: 'The renderer imports only types from the modules with schemas: import a value from the shared module that defines it (bench/suites/renderer.ts measures why).',
};
const mainCode = { group: ['**/main/**', '**/cli/**'], message: 'The renderer talks only to window.gatehouse; main-process code never reaches it.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'dist-cli/', '.tools/', 'coverage/', 'test-results/', 'playwright-report/', 'reports/', '.stryker-tmp*/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The rules of hooks, and the React Compiler's checks of purity and state, for every component.
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: { ...reactHooks.configs.flat['recommended-latest'].rules, 'react-hooks/exhaustive-deps': 'error' },
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
    files: ['src/main/common/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [below('src/main/common', 'store', 'secrets', 'core', 'ipc', 'app')] }] },
  },
  {
    files: ['src/main/store/**', 'src/main/secrets/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [below('src/main/store and src/main/secrets', 'core', 'ipc', 'app')] }] },
  },
  {
    files: ['src/main/core/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [below('src/main/core', 'ipc', 'app')] }] },
  },
  {
    files: ['src/main/ipc/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [below('src/main/ipc', 'app')] }] },
  },
  {
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, mainCode] }] },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, mainCode, schemasInRenderer] }],
    },
  },
  {
    // In this Vitest a regular expression inside toMatchObject matches any value (the assertion says
    // nothing there), and inside toEqual matches no string: use expect.stringMatching(/…/).
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=${ASSERTIONS}] :matches(Property > Literal.value, ArrayExpression > Literal.elements)[regex]`,
          message: 'A regular expression here does not test a string (toMatchObject accepts any value, toEqual none): write expect.stringMatching(/…/).',
        },
        {
          selector: `CallExpression[callee.property.name=${ASSERTIONS}] > Literal.arguments[regex]`,
          message: 'A regular expression here does not test a string (toMatchObject accepts any value, toEqual none): write expect.stringMatching(/…/), or toMatch for a string.',
        },
      ],
    },
  },
);
