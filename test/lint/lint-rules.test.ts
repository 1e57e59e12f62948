// The layer rules the README promises, and the rule against assertions that cannot fail, checked
// by linting small files at the paths they would have: what ESLint must refuse, and must let be.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layers', () => {
  it.each([
    ['src/main/core', 'electron'],
    ['src/main/store', 'electron'],
    ['src/main/ipc', 'electron'],
    ['src/cli', 'electron'],
    ['src/shared', 'node:fs'],
    ['src/shared', '../main/core/gatehouse.js'],
    ['src/renderer', 'node:crypto'],
    ['src/renderer', '../main/store/open.js'],
    ['src/main/common', '../core/gatehouse.js'],
    ['src/main/common', '../store/store.js'],
    ['src/main/store', '../core/errors.js'],
    ['src/main/store', '../ipc/dispatch.js'],
    ['src/main/secrets', '../core/context.js'],
    ['src/main/core', '../ipc/access.js'],
    ['src/main/core/sign-in', '../../ipc/access.js'],
    ['src/main/core', '../app/main.js'],
    ['src/main/ipc', '../app/policies.js'],
  ])('%s may not import %s', async (folder, module) => {
    expect(await problems(`${folder}/fixture.ts`, `import * as m from '${module}';\nexport const a = m;\n`)).toEqual([
      expect.stringMatching(/^(@typescript-eslint\/)?no-restricted-imports: /),
    ]);
  });

  it('lets the renderer take only types from the shared modules with schemas (zod would ship in its first script)', async () => {
    const value = `import { Policy } from '../shared/index.js';\nexport const a = Policy;\n`;
    expect(await problems('src/renderer/fixture.ts', value)).toEqual([expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*only types/)]);
    expect(await problems('src/renderer/fixture.ts', `import { z } from 'zod';\nexport const a = z;\n`)).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: /),
    ]);
    expect(await problems('src/renderer/fixture.ts', `import type { Policy } from '../shared/index.js';\nexport type A = Policy;\n`)).toEqual([]);
    expect(await problems('src/renderer/fixture.ts', `import { NAME_LIMITS } from '../shared/names.js';\nexport const a = NAME_LIMITS;\n`)).toEqual([]);
  });

  it.each([
    ['src/main/store', '../common/errors.js'],
    ['src/main/core/sign-in', '../../store/users.js'],
    ['src/main/core', '../common/ports.js'],
    ['src/main/ipc', '../core/gatehouse.js'],
  ])('%s may import %s, which is below it', async (folder, module) => {
    expect(await problems(`${folder}/fixture.ts`, `import * as m from '${module}';\nexport const a = m;\n`)).toEqual([]);
  });

  it('lets the Electron layer import electron', async () => {
    expect(await problems('src/main/app/fixture.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});

describe('assertions that cannot fail', () => {
  it.each([
    'expect(x).toMatchObject({ message: /nope/ });',
    'expect(x).toEqual({ error: { message: /nope/ } });',
    'expect(x).toEqual([/nope/]);',
    'expect(x).toStrictEqual(/nope/);',
  ])('refuses %s', async (line) => {
    expect(await problems('test/integration/fixture.test.ts', `declare const x: unknown;\n${line}\n`)).toEqual([
      expect.stringMatching(/^no-restricted-syntax: A regular expression here does not test a string/),
    ]);
  });

  it('lets expect.stringMatching and toMatch be', async () => {
    const code = 'declare const x: string;\nexpect({ x }).toEqual({ x: expect.stringMatching(/ok/) });\nexpect(x).toMatch(/ok/);\n';
    expect(await problems('test/integration/fixture.test.ts', code)).toEqual([]);
  });
});
