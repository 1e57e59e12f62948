// The Linux screen-lock watch against a real D-Bus session bus (the private one the tests run in)
// and the real dbus-monitor: a screensaver announcing it is active locks Gatehouse.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { watchLinuxScreenLock, type ScreenLockWatch } from '../../src/main/app/screen-lock.js';

let watch: ScreenLockWatch | undefined;
afterEach(() => watch?.stop());

function emit(iface: string, active: boolean): void {
  const path = `/${iface.replaceAll('.', '/')}`;
  const result = spawnSync('gdbus', ['emit', '--session', '--object-path', path, '--signal', `${iface}.ActiveChanged`, String(active)]);
  expect(result.status, result.stderr.toString()).toBe(0);
}

describe('watchLinuxScreenLock', () => {
  it('locks when the screensaver on the session bus becomes active, not when it goes away', async () => {
    let locks = 0;
    watch = watchLinuxScreenLock(() => locks++);
    expect(watch.listening).toBe(true);
    // dbus-monitor has its match rules once it prints its first line (its own NameAcquired).
    await new Promise((resolve) => setTimeout(resolve, 500));
    emit('org.gnome.ScreenSaver', false);
    emit('org.freedesktop.ScreenSaver', true);
    await expect.poll(() => locks, { timeout: 5000 }).toBe(1);
    emit('org.gnome.ScreenSaver', true);
    await expect.poll(() => locks, { timeout: 5000 }).toBe(2);
  });

  it('says it is not listening where there is no session bus', () => {
    watch = watchLinuxScreenLock(() => undefined, { PATH: process.env.PATH });
    expect(watch.listening).toBe(false);
  });
});
