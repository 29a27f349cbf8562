#!/usr/bin/env bash
# Refresh constraints.txt on purpose: the newest versions pyproject.toml allows, installed into
# a scratch venv. Then run scripts/test.sh: new CLDR data (Babel), a new ruff or mypy may move
# snapshots or checks, which is why CI and the README install with the file, not the ranges.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q --upgrade pip
"$scratch/venv/bin/python" -m pip install -q '.[test]'
{
    head -3 constraints.txt
    "$scratch/venv/bin/python" -m pip freeze | grep -v -i '^miclaro' | sort -f
} >"$scratch/constraints.txt"
mv "$scratch/constraints.txt" constraints.txt
echo "constraints.txt refreshed; run bash scripts/test.sh"
