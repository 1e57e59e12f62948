#!/usr/bin/env bash
# Installs the Debian packages the tests need, when they are missing: the Secret Service
# (gnome-keyring on a private D-Bus) for the real OS keychain, Chromium and Xvfb for the
# end-to-end tests. Playwright never downloads a browser: it drives Debian's Chromium.
# bsdutils brings script(1), the pseudo-terminal the CLI test of hidden password input types into;
# dbus-bin the dbus-monitor the Linux screen-lock watch listens with, libglib2.0-bin the gdbus
# its test announces a screensaver with.
set -euo pipefail
packages=(gnome-keyring dbus dbus-x11 dbus-bin libglib2.0-bin libsecret-tools chromium xvfb xauth bsdutils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all Debian packages present"
  exit 0
fi
echo "install-test-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
