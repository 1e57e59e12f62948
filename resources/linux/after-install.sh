#!/bin/bash
# After the deb is installed: the `gatehouse` admin command on PATH (the CLI wrapper, not the
# app), the app's launcher beside it, Chromium's sandbox and Gatehouse's AppArmor profile.
# electron-builder fills in ${sanitizedProductName} and ${executable}.
# Only over a link of ours (an upgrade) or nothing: another program's `gatehouse` is left alone, and said.
link() {
  if [ ! -e "$2" ] && [ ! -L "$2" ] || [ "$(readlink "$2")" = "$1" ]; then
    ln -sf "$1" "$2"
  else
    echo "Gatehouse: $2 belongs to something else; left as it is. The command line is $1."
  fi
}
link '/opt/${sanitizedProductName}/resources/bin/gatehouse' '/usr/bin/gatehouse'
link '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'

# The SUID sandbox helper only where user namespaces do not work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Ubuntu 24.04+: allow the user namespaces Chromium's sandbox needs (never turn the sandbox off).
# AppArmor older than abi 4.0 (Ubuntu 22.04) does not need, nor read, the profile: skipped.
if apparmor_status --enabled > /dev/null 2>&1; then
  source='/opt/${sanitizedProductName}/resources/apparmor-profile'
  target='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$source" > /dev/null 2>&1; then
    cp -f "$source" "$target"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$target"
    fi
  else
    echo "Gatehouse: this AppArmor does not read the bundled profile (abi 4.0); none is needed here."
  fi
fi
