#!/usr/bin/env bash
# The console's end-to-end tests drive Debian's Chromium (test/support/console-browser.ts). It comes
# from the distribution's packages, never from a download at test time: air-gapped CI mirrors those.
set -euo pipefail
if [ -x "${EDGEPLANE_CHROMIUM:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' (or set EDGEPLANE_CHROMIUM)" >&2
  exit 1
fi
echo "Installing Debian's chromium for the console tests…"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
  || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; }
