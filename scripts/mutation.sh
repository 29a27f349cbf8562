#!/usr/bin/env bash
# Mutation testing of the money rules: mutmut changes the code of the money modules one small
# way at a time (pyproject's [tool.mutmut] names the modules and the fast tests) and counts the
# changes the tests notice. Not run in CI: it takes minutes. Results stay in mutants/ (ignored
# by git); a later run only retries what changed. Then, for a surviving mutant:
#   .venv/bin/mutmut show <name>      what it changed
# Each survivor is killed by a test, or listed as equivalent with a reason in
# scripts/mutation-equivalents.txt; the script fails if any survivor is neither.
#
#   scripts/mutation.sh              run (or resume), then print the score
#   scripts/mutation.sh --fresh      forget earlier results first (after changing the tests)
#   MUTATION_JOBS=1 scripts/mutation.sh   fewer worker processes (default 2, niced)
set -euo pipefail
cd "$(dirname "$0")/.."

# 3.8.1 runs on Python 3.11 (3.x needs fork: Linux, macOS or WSL).
MUTMUT_VERSION=3.8.1
[ -x .venv/bin/python ] || { echo "scripts/mutation.sh: no .venv; run scripts/test.sh once" >&2; exit 1; }
if ! .venv/bin/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("mutmut") != sys.argv[1])' \
    "$MUTMUT_VERSION" 2>/dev/null; then
    .venv/bin/python -m pip install -q "mutmut==$MUTMUT_VERSION"
fi

if [ "${1:-}" = "--fresh" ]; then
    rm -rf mutants
    shift
fi

nice -n 10 .venv/bin/mutmut run --max-children "${MUTATION_JOBS:-2}" "$@"

.venv/bin/mutmut results --all true >mutants/results.txt
.venv/bin/python - mutants/results.txt scripts/mutation-equivalents.txt <<'PY'
"""Reads `mutmut results --all true`; prints the score and the unexplained survivors."""

import collections
import re
import sys

equivalents = set()
with open(sys.argv[2], encoding="utf-8") as listed:
    for line in listed:
        name = line.split("#", 1)[0].strip()
        if name:
            equivalents.add(name)

status = {}
with open(sys.argv[1], encoding="utf-8") as results:
    for line in results:
        found = re.match(r"\s*(\S+): (.+)$", line)
        if found:
            status[found[1]] = found[2].strip()

# A mutant that makes the tests hang (timeout) was noticed too, as mutmut counts it.
DETECTED = ("killed", "timeout")
counts = collections.Counter(status.values())
covered = sum(n for s, n in counts.items() if s not in ("no tests", "skipped"))
killed = sum(counts[s] for s in DETECTED)
survivors = sorted(name for name, s in status.items() if s not in (*DETECTED, "no tests", "skipped"))
unexplained = [name for name in survivors if name not in equivalents]
stale = sorted(equivalents - set(survivors))

print()
print("mutants: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
if covered:
    print(f"score: {killed} of {covered} covered mutants killed or timed out ({100 * killed / covered:.1f}%)")
    explained = killed + len(survivors) - len(unexplained)
    print(f"with the {len(survivors) - len(unexplained)} listed equivalents: {explained} of {covered}"
          f" ({100 * explained / covered:.1f}%)")
for name in stale:
    print(f"listed as equivalent but not a survivor (killed now, or renamed): {name}")
if unexplained:
    print(f"{len(unexplained)} survivors neither killed nor listed in {sys.argv[2]}:")
    for name in unexplained:
        print(f"    {name}: {status[name]}")
    sys.exit(1)
PY
