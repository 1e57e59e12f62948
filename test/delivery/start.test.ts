// scripts/start.js (npm start) says when Electron did not run, and runs npm's tools on Windows.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { npmSpawnOptions, outcomeOf } from '../../scripts/start.js';

describe('npm start', () => {
  it("exits with the child's own status", () => {
    expect(outcomeOf('Electron', spawnSync(process.execPath, ['-e', 'process.exit(3)']))).toEqual({ code: 3 });
    expect(outcomeOf('Electron', spawnSync(process.execPath, ['-e', '0']))).toEqual({ code: 0 });
  });

  it('exits 1, saying why, when the child could not start or was killed', () => {
    const missing = outcomeOf('Electron', spawnSync('/nonexistent/electron', []));
    expect(missing).toEqual({ code: 1, message: expect.stringMatching(/^Gatehouse: Electron could not run: .*ENOENT/) });
    // Windows has no signals: a killed process there just ends with a status.
    if (process.platform !== 'win32') {
      const killed = outcomeOf('Electron', spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")']));
      expect(killed).toEqual({ code: 1, message: 'Gatehouse: Electron was stopped by SIGKILL.' });
    }
  });

  it('runs npm and npx through a shell on Windows only (they are .cmd files there)', () => {
    expect(npmSpawnOptions('win32')).toEqual({ shell: true });
    expect(npmSpawnOptions('linux')).toEqual({});
    expect(npmSpawnOptions('darwin')).toEqual({});
  });
});
