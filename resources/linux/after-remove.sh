#!/bin/bash
# After the deb is removed: the links after-install.sh made, and the AppArmor profile.
# Only links of ours: another program's `gatehouse` stays.
[ "$(readlink /usr/bin/gatehouse)" = '/opt/${sanitizedProductName}/resources/bin/gatehouse' ] && rm -f /usr/bin/gatehouse
[ "$(readlink '/usr/bin/${executable}')" = '/opt/${sanitizedProductName}/${executable}' ] && rm -f '/usr/bin/${executable}'
profile='/etc/apparmor.d/${executable}'
if [ -f "$profile" ]; then
  if apparmor_status --enabled > /dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
    apparmor_parser --remove "$profile" || true
  fi
  rm -f "$profile"
fi
