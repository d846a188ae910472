#!/bin/sh
# The system packages the tests need, installed the way `make demo` installs Python ones:
# Chromium (Debian package `chromium`) for the browser tests, which drive it through
# Playwright (`playwright install` cannot download a browser on these machines). Installed
# with apt-get where the user is root or has passwordless sudo. Prints "ok" when the
# packages are there; anywhere else, one line saying what to run (and exits 1), which the
# Makefile turns into its error so that `make test` stops before doing anything.
set -u
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then echo ok; exit 0; fi

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    AS_ROOT=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    AS_ROOT="sudo -n"
  else
    AS_ROOT="none"
  fi
  if [ "$AS_ROOT" != "none" ]; then
    echo "make test: installing the Debian package chromium (for the browser tests)" >&2
    APT="$AS_ROOT env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=300"
    $APT update >/dev/null 2>&1
    $APT install -y --no-install-recommends chromium >/dev/null 2>&1
    if [ -x "$CHROMIUM" ]; then echo ok; exit 0; fi
  fi
fi
echo "make test needs the package chromium: run 'sudo apt-get install -y --no-install-recommends chromium' (or 'make test SKIP_BROWSER=1' to skip the browser tests)"
exit 1
