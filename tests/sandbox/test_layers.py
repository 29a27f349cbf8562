"""The sandbox's shape beyond what `lint-imports` checks: every module has its side in the
contract (so a new one cannot slip past it), and the routes hand the database to the rules
instead of writing SQL of their own."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = ROOT / "miclaro_tui" / "sandbox"
RULES_CONTRACT = "Inside the sandbox: the rules and the store know no web framework"


def sandbox_contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["name"].startswith(RULES_CONTRACT)]
    return contract


def test_every_sandbox_module_is_on_one_side_of_the_contract():
    contract = sandbox_contract()
    prefix = "miclaro_tui.sandbox."
    rules = {name.removeprefix(prefix) for name in contract["source_modules"]}
    web = {
        name.removeprefix(prefix)
        for name in contract["forbidden_modules"]
        if name.startswith(prefix)
    }
    modules = {path.stem for path in SANDBOX.glob("*.py")} - {"__init__"}
    assert not rules & web
    assert modules == rules | web, "name the new module in pyproject's sandbox contract"
    assert {"fastapi", "starlette"} <= set(contract["forbidden_modules"])


def test_routes_run_no_sql():
    sql = re.compile(r"\.execute(many)?\(|\b(SELECT|INSERT|UPDATE|DELETE)\b")
    for path in sorted(SANDBOX.glob("routes_*.py")):
        found = [line for line in path.read_text(encoding="utf-8").splitlines() if sql.search(line)]
        assert found == [], f"{path.name}: move the SQL into a rule module: {found}"
