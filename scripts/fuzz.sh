#!/usr/bin/env bash
# Long schemathesis run against `miclaro sandbox serve` over real HTTP, signed in as camila:
# every check, every phase (examples, coverage, fuzzing, stateful, following the contract's
# links). Not part of CI (tests/sandbox/test_schemathesis.py runs a short budget there).
#
#   bash scripts/fuzz.sh [EXAMPLES_PER_OPERATION=300] [SEED]
#
# 300 examples per operation over the 20 operations is well over 5,000 cases. Exits non-zero
# on any failure; the report is in $REPORT_DIR (default: a temporary folder, printed).
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES="${1:-300}"
SEED="${2:-2026}"
PY=.venv/bin/python
WORK="$(mktemp -d)"
REPORT_DIR="${REPORT_DIR:-$WORK/report}"
PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"

MICLARO_TODAY=2026-11-25 $PY -m miclaro_tui sandbox serve --port "$PORT" \
    --db "$WORK/fuzz.sqlite3" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 1 150); do
    if $PY -c "import httpx, sys; sys.exit(httpx.get('$URL/health').status_code != 200)" 2>/dev/null; then
        break
    fi
    sleep 0.2
done

token() {
    $PY - "$URL" <<'PY'
import sys, httpx
answer = httpx.post(sys.argv[1] + "/auth/token", json={"username": "camila", "password": "camila2026"})
answer.raise_for_status()
print(answer.json()["access_token"])
PY
}

run() {
    .venv/bin/schemathesis --config-file scripts/schemathesis.toml run "$URL/openapi.json" \
        --checks all \
        --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 \
        --report junit --report-dir "$REPORT_DIR" "$@"
}

status=0
# Signed in for every operation but sign-out, which would revoke the very session in use.
run -H "Authorization: Bearer $(token)" --exclude-path /auth/logout \
    --phases examples,coverage,fuzzing,stateful || status=$?
# Sign-out on its own, with no session: it can only ever answer 401 or 422.
run --include-path /auth/logout --phases examples,coverage,fuzzing || status=$?
echo "fuzz: report in $REPORT_DIR; server log in $WORK/server.log"
if grep -E '" (500|502) ' "$WORK/server.log" >/dev/null; then
    echo "fuzz: the server answered 5xx other than 503:" >&2
    grep -E '" (500|502) ' "$WORK/server.log" | head >&2
    status=1
fi
exit "$status"
