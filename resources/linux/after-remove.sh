#!/bin/bash
# After the deb is removed: the links after-install.sh made, and the AppArmor profile.
rm -f '/usr/bin/gatehouse' '/usr/bin/${executable}'
profile='/etc/apparmor.d/${executable}'
if [ -f "$profile" ]; then
  if apparmor_status --enabled > /dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
    apparmor_parser --remove "$profile" || true
  fi
  rm -f "$profile"
fi
