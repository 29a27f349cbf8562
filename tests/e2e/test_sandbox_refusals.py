"""`miclaro sandbox serve|reset --db` as an operator types it: a file that is not ours, or a
folder, is refused in one line on stderr with exit status 2, and left as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MICLARO_TODAY="2026-11-25", XDG_DATA_HOME=str(tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-m", "miclaro_tui", "sandbox", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize("action", ["serve", "reset"])
def test_another_programs_database_is_refused_with_exit_2(tmp_path, action):
    theirs = tmp_path / "theirs.db"
    with closing(sqlite3.connect(theirs)) as conn:
        conn.execute("CREATE TABLE note (body TEXT)")
        conn.execute("INSERT INTO note VALUES ('keep me')")
        conn.commit()
    before = hashlib.sha256(theirs.read_bytes()).hexdigest()
    result = run(tmp_path, action, "--db", str(theirs))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "another program's SQLite database" in result.stderr
    assert hashlib.sha256(theirs.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["theirs.db"]


def test_a_folder_as_the_database_is_refused_with_exit_2(tmp_path):
    result = run(tmp_path, "serve", "--db", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is a folder" in result.stderr
    assert "Traceback" not in result.stderr
