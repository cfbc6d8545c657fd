#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests (never `playwright install`).
# Where it cannot be installed, says so loudly; under CI that is a failure.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -n "$candidate" ] && [ -x "$candidate" ] && exit 0
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's Chromium with apt-get..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  [ -x /usr/bin/chromium ] && exit 0
fi
printf '\n\033[1;31m!!! Chromium is missing and cannot be installed here: browser tests skipped.\033[0m\n\n' >&2
[ "${CI:-}" = "true" ] && exit 1
exit 0
