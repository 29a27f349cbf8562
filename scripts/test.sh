#!/usr/bin/env bash
# Installs everything the tests need into .venv (and, as root, the Debian packages of a real
# Secret Service), then runs the whole suite inside a private D-Bus session with an unlocked
# gnome-keyring so the keyring test talks to a real backend.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            gnome-keyring dbus >/dev/null
    else
        echo "scripts/test.sh: needs gnome-keyring and dbus: sudo apt-get install gnome-keyring dbus" >&2
        exit 1
    fi
fi

# A real headless browser for tests/web (Playwright drives Debian's chromium: no browser
# download); without it, and not root, those tests are skipped.
if ! command -v chromium >/dev/null && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]' -c constraints.txt

# The habits first: lint and the layers of DESIGN.md section 1 (pyproject's importlinter).
.venv/bin/ruff check miclaro_tui tests bench scripts
.venv/bin/ruff format --check miclaro_tui tests bench scripts
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache
.venv/bin/mypy --no-error-summary

# Two workers, a test file each at a time (module fixtures stay in one process): the suite
# takes about 7 minutes on 2 cores instead of 13.
exec scripts/with-secret-service.sh .venv/bin/python -m pytest -q -n 2 --dist loadfile "$@"
