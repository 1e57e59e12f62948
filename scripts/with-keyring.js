#!/usr/bin/env node
// Runs a command against a throwaway OS keychain: a private D-Bus session with its own
// gnome-keyring, unlocked, whose keyring files live in a temporary folder. Tests use the real
// Secret Service this way without touching the developer's own keychain.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: with-keyring.js COMMAND [ARGS...]');
  process.exit(2);
}
const missing = ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length > 0) {
  console.error(`with-keyring: ${missing.join(' and ')} not found; install them with: apt-get install -y gnome-keyring dbus dbus-x11`);
  process.exit(1);
}
const home = mkdtempSync(join(tmpdir(), 'gatehouse-keyring-'));
// Should a request reach D-Bus while the daemon below is being restarted, D-Bus starts the
// Secret Service itself. Its own service file would start a locked daemon over another keyring,
// which knows no key; this one, found first in XDG_DATA_HOME, starts the same unlocked daemon
// over the same keyring file.
mkdirSync(join(home, 'dbus-1', 'services'), { recursive: true });
writeFileSync(
  join(home, 'dbus-1', 'services', 'org.freedesktop.secrets.service'),
  [
    '[D-BUS Service]',
    'Name=org.freedesktop.secrets',
    `Exec=/bin/sh -c "printf '%s' throwaway-test-keyring | gnome-keyring-daemon --foreground --unlock --components=secrets"`,
    '',
  ].join('\n'),
);
// An empty unlock password makes gnome-keyring ask a GUI prompt; any fixed one will do here.
// The daemon is kept running: under heavy Secret Service load it has been seen to die mid-run,
// and D-Bus would then start a fresh, locked one that knows no key. Here it is started again,
// unlocked, over the same keyring file (XDG_DATA_HOME), so every key written stays readable;
// a request in between starts the same daemon through the service file above. Neither replaces
// the other (that would drop the requests in flight): whichever holds the name serves.
// The test command's exit status is the script's.
const script = `
export XDG_DATA_HOME="$KEYRING_HOME"
( while [ ! -e "$KEYRING_HOME/stop" ]; do
    printf '%s' throwaway-test-keyring | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    echo $! > "$KEYRING_HOME/daemon.pid"
    wait $!
    sleep 1
  done ) &
for i in $(seq 1 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
done
"$@"
status=$?
touch "$KEYRING_HOME/stop"
kill "$(cat "$KEYRING_HOME/daemon.pid")" 2>/dev/null
wait
exit $status`;
const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...command], {
  stdio: 'inherit',
  // XDG_DATA_HOME reaches the D-Bus daemon too: its activated services use the same keyring.
  env: { ...process.env, KEYRING_HOME: home, XDG_DATA_HOME: home, GATEHOUSE_TEST_KEYRING: '1' },
});
rmSync(home, { recursive: true, force: true });
process.exit(result.status ?? 1);
