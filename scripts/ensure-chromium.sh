#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests, before jest starts
# (`npm test` runs this first). Idempotent and instant when chromium is already there. The
# browser always comes from Debian's packages: Playwright's own browser download
# (`npx playwright install`) is never used, because this project's machines reach only the npm
# and Debian registries. Where it cannot install (no apt-get, not root and no password-less sudo,
# or apt-get failing), it stops at once with one line naming the command to run, instead of
# letting every browser test fail on its own.
set -uo pipefail

CHROMIUM=/usr/bin/chromium
INSTALL="apt-get install --no-install-recommends chromium fonts-dejavu-core"

if [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: present, $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

fail() {
  echo "ensure-chromium: $CHROMIUM is missing and $1; the browser tests need it: run \`sudo $INSTALL\` (Debian), then npm test again" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "this is not root (and there is no sudo)"
  sudo -n true 2>/dev/null || fail "sudo needs a password"
  SUDO="sudo -n"
fi

echo "ensure-chromium: $CHROMIUM missing, installing Debian's chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
  last=$(grep -E '^(E|W):' "$log" | tail -n 1)
  rm -f "$log"
  fail "apt-get could not install it (${last:-see apt-get's output})"
fi
rm -f "$log"
[ -x "$CHROMIUM" ] || fail "apt-get installed no $CHROMIUM"
echo "ensure-chromium: installed, $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
