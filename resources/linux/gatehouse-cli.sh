#!/bin/sh
# The `gatehouse` admin command line of an installed Gatehouse (the deb links /usr/bin/gatehouse
# here): the app's own executable with --cli, which runs the command in its main process and
# opens no window. Chromium picks its display before any of Gatehouse's code runs, so it is told
# here that there is none: the command works over SSH and in a terminal with no desktop.
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../gatehouse-desktop" --ozone-platform=headless --disable-gpu --cli "$@"
