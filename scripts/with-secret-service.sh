#!/bin/sh
# Run CMD... against a real, throwaway Secret Service: gnome-keyring on a private D-Bus
# session bus, unlocked with a random password, in a fresh temporary HOME. Installs nothing:
#   apt-get install -y --no-install-recommends gnome-keyring dbus
# Example: scripts/with-secret-service.sh .venv/bin/pytest tests/keyring_real -q
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: $tool not found; apt-get install -y --no-install-recommends gnome-keyring dbus" >&2
        exit 127
    fi
done

home=$(mktemp -d "${TMPDIR:-/tmp}/miclaro-keyring.XXXXXX")
trap 'rm -rf "$home"' EXIT INT TERM
mkdir -m 700 "$home/run"

PASS=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
status=0
env HOME="$home" XDG_RUNTIME_DIR="$home/run" XDG_DATA_HOME="$home/.local/share" \
    XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" PASS="$PASS" \
    PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring MICLARO_REAL_KEYRING=1 \
    dbus-run-session -- sh -c \
    'printf %s "$PASS" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; unset PASS; exec "$@"' \
    sh "$@" || status=$?
exit "$status"
