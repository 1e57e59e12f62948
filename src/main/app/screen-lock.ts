// Locking the OS screen locks Gatehouse. Electron's powerMonitor says so on macOS and Windows
// only ('lock-screen'); on Linux the desktop says it on D-Bus, which Gatehouse listens to here:
// the screensaver's ActiveChanged(true) on the session bus (GNOME, KDE, Cinnamon, MATE, Xfce and
// others through org.freedesktop.ScreenSaver), and logind's Lock signal for this login session on
// the system bus. Anyone on the bus could send such a signal; the worst it can do is lock
// Gatehouse, which then asks for a sign-in: nothing is ever unlocked by a signal.
import { spawn, type ChildProcess } from 'node:child_process';

const SCREENSAVERS = ['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver', 'org.cinnamon.ScreenSaver', 'org.mate.ScreenSaver', 'org.xfce.ScreenSaver'];

export interface ScreenLockWatch {
  /** Whether anything is listening: false where dbus-monitor or the session bus is missing. */
  readonly listening: boolean;
  stop(): void;
}

/** logind's object path for a session id: systemd writes each byte that is not a letter or a digit, and a digit first, as _xx. */
export function logindSessionPath(id: string): string {
  const escaped = [...Buffer.from(id, 'utf8')]
    .map((byte, i) => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z]/.test(c) || (i > 0 && /[0-9]/.test(c)) ? c : `_${byte.toString(16).padStart(2, '0')}`;
    })
    .join('');
  return `/org/freedesktop/login1/session/${escaped}`;
}

/**
 * Reads dbus-monitor's output, a signal per header line (`signal … path=P; interface=I;
 * member=M`) followed by its arguments, one per line: calls `onLock` for a screensaver that
 * became active, or a Lock of `sessionPath`.
 */
export function lockSignalReader(sessionPath: string | null, onLock: () => void): (chunk: string) => void {
  let pending = '';
  let header: { path: string; iface: string; member: string } | null = null;
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const signal = /^signal .*path=([^;]*); interface=([^;]*); member=(\S+)/.exec(line);
      if (signal) {
        header = { path: signal[1]!, iface: signal[2]!, member: signal[3]! };
        if (header.iface === 'org.freedesktop.login1.Session' && header.member === 'Lock' && header.path === sessionPath) onLock();
        continue;
      }
      if (header && header.member === 'ActiveChanged' && SCREENSAVERS.includes(header.iface) && /^\s*boolean true\s*$/.test(line)) onLock();
      if (!/^\s/.test(line)) header = null;
    }
  };
}

/** Starts listening; `onLock` is called each time the screen locks. Linux only (elsewhere powerMonitor tells). */
export function watchLinuxScreenLock(onLock: () => void, env: NodeJS.ProcessEnv = process.env): ScreenLockWatch {
  const children: ChildProcess[] = [];
  const sessionPath = env.XDG_SESSION_ID ? logindSessionPath(env.XDG_SESSION_ID) : null;
  const listen = (bus: '--session' | '--system', rules: string[]) => {
    const child = spawn('dbus-monitor', [bus, ...rules], { stdio: ['ignore', 'pipe', 'ignore'], env });
    child.on('error', () => undefined); // no dbus-monitor: not listening, said by `listening`
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', lockSignalReader(sessionPath, onLock));
    children.push(child);
    return child;
  };
  let listening = false;
  if (env.DBUS_SESSION_BUS_ADDRESS || env.XDG_RUNTIME_DIR) {
    const session = listen(
      '--session',
      SCREENSAVERS.map((iface) => `type='signal',interface='${iface}',member='ActiveChanged'`),
    );
    listening = session.pid !== undefined;
  }
  if (sessionPath) listen('--system', [`type='signal',interface='org.freedesktop.login1.Session',member='Lock',path='${sessionPath}'`]);
  return {
    get listening() {
      return listening && children.some((child) => child.exitCode === null && child.pid !== undefined);
    },
    stop: () => children.forEach((child) => child.kill()),
  };
}
