import { describe, expect, it } from 'vitest';
import { lockSignalReader, logindSessionPath } from './screen-lock.js';

const header = (path: string, iface: string, member: string) =>
  `signal time=1764490000.000000 sender=:1.42 -> destination=(null destination) serial=7 path=${path}; interface=${iface}; member=${member}\n`;

describe('the Linux screen-lock signals', () => {
  it('names logind sessions as systemd escapes them', () => {
    expect(logindSessionPath('2')).toBe('/org/freedesktop/login1/session/_32');
    expect(logindSessionPath('c1')).toBe('/org/freedesktop/login1/session/c1');
  });

  it('locks when a screensaver becomes active or logind locks this session, and for nothing else', () => {
    let locks = 0;
    const read = lockSignalReader('/org/freedesktop/login1/session/_32', () => locks++);
    read(header('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver', 'ActiveChanged') + '   boolean true\n');
    expect(locks).toBe(1);
    read(header('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', 'ActiveChanged') + '   boolean false\n');
    read(header('/org/freedesktop/login1/session/_33', 'org.freedesktop.login1.Session', 'Lock'));
    read(header('/org/freedesktop/login1/session/_32', 'org.freedesktop.login1.Session', 'Unlock'));
    read(header('/org/example', 'org.example.Other', 'ActiveChanged') + '   boolean true\n');
    expect(locks).toBe(1);
    read(header('/org/freedesktop/login1/session/_32', 'org.freedesktop.login1.Session', 'Lock'));
    expect(locks).toBe(2);
    // A signal split across reads, as a pipe may deliver it.
    const text = header('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', 'ActiveChanged') + '   boolean true\n';
    read(text.slice(0, 40));
    expect(locks).toBe(2);
    read(text.slice(40));
    expect(locks).toBe(3);
  });
});
