import { describe, expect, it } from 'vitest';
import { cliArguments } from './command-line.js';

describe('cliArguments', () => {
  it('takes what follows --cli when only switches come before it', () => {
    expect(cliArguments(['/opt/Gatehouse/gatehouse-desktop', '--cli', 'users', 'list'])).toEqual(['users', 'list']);
    expect(cliArguments(['/opt/Gatehouse/gatehouse-desktop', '--ozone-platform=headless', '--disable-gpu', '--cli', '--version'])).toEqual(['--version']);
    expect(cliArguments(['electron', '/work/gatehouse', '--cli', 'audit', '--json'], { appPathGiven: true })).toEqual(['audit', '--json']);
    // A --cli after the command is the command's own argument.
    expect(cliArguments(['Gatehouse.exe', '--cli', 'users', 'show', '--email', '--cli'])).toEqual(['users', 'show', '--email', '--cli']);
  });

  it('opens the window otherwise: no --cli, or one after anything but a switch', () => {
    expect(cliArguments(['Gatehouse.exe'])).toBeNull();
    expect(cliArguments(['Gatehouse.exe', '--use-environment'])).toBeNull();
    expect(cliArguments(['gatehouse-desktop', 'file:///home/ada/--cli', '--cli', 'users', 'list'])).toBeNull();
    expect(cliArguments(['gatehouse-desktop', '--', '--cli', 'init'])).toBeNull();
    // In development the app's folder is not a switch, and is not taken for the start of a command.
    expect(cliArguments(['electron', '/work/gatehouse', '--cli'], { appPathGiven: false })).toBeNull();
  });
});
