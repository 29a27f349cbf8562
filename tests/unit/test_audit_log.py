"""The kiosk's audit log: one hash-chained JSON line per operator action, no secrets, and
``miclaro kiosk verify-log`` naming the first broken line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from miclaro_tui.__main__ import main
from miclaro_tui.kiosk.audit import GENESIS, AuditLog, verify_log
from miclaro_tui.kiosk.masking import mask_login, mask_lookup, mask_tail, scrub


class Ticking:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 25, 9, 0, tzinfo=timezone(timedelta(hours=-5)))

    def __call__(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at


def write_shift(path) -> AuditLog:
    log = AuditLog(path, now=Ticking())
    log.record("signIn", operator="cajero", terminal="CAJA-1")
    log.record("openShift", operator="cajero", terminal="CAJA-1", object="shift-1")
    log.record(
        "lookup",
        operator="cajero",
        terminal="CAJA-1",
        object=mask_lookup("document", "1020304050"),
        outcome="found",
        by="document",
    )
    log.record("payment", operator="cajero", terminal="CAJA-1", object="pay-7", amount="COP 95900")
    log.record("lock", operator="cajero", terminal="CAJA-1", outcome="idle")
    return log


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_each_action_is_one_chained_json_line_in_utc(tmp_path):
    path = tmp_path / "audit.jsonl"
    write_shift(path)
    entries = lines(path)
    assert [e["action"] for e in entries] == ["signIn", "openShift", "lookup", "payment", "lock"]
    assert entries[0]["prev"] == GENESIS
    assert entries[0]["time"] == "2026-11-25T14:00:01.000+00:00"  # 09:00:01 at UTC-5
    for entry in entries:
        assert {"time", "action", "operator", "terminal", "object", "outcome", "prev", "hash"} <= (
            set(entry)
        )
    assert entries[2]["object"] == "*******050" and entries[2]["outcome"] == "found"
    assert verify_log(path).ok and verify_log(path).lines == 5


def test_a_changed_line_is_named(tmp_path):
    path = tmp_path / "audit.jsonl"
    write_shift(path)
    text = path.read_text().splitlines()
    text[3] = text[3].replace("COP 95900", "COP 5900")
    path.write_text("\n".join(text) + "\n")
    verdict = verify_log(path)
    assert not verdict.ok and verdict.broken_line == 4 and "changed" in verdict.reason


def test_a_line_rewritten_with_its_own_hash_breaks_the_next_one(tmp_path):
    import hashlib

    path = tmp_path / "audit.jsonl"
    write_shift(path)
    entries = lines(path)
    forged = dict(entries[1], object="shift-9")
    del forged["hash"]
    canonical = json.dumps(forged, sort_keys=True, separators=(",", ":")).encode()
    forged["hash"] = hashlib.sha256(canonical).hexdigest()
    text = path.read_text().splitlines()
    text[1] = json.dumps(forged, sort_keys=True, separators=(",", ":"))
    path.write_text("\n".join(text) + "\n")
    assert verify_log(path).broken_line == 3


def test_a_removed_line_is_named(tmp_path):
    path = tmp_path / "audit.jsonl"
    write_shift(path)
    text = path.read_text().splitlines()
    del text[1]
    path.write_text("\n".join(text) + "\n")
    assert verify_log(path).broken_line == 2


def test_the_command_line_says_ok_or_names_the_line(tmp_path, capsys):
    path = tmp_path / "audit.jsonl"
    write_shift(path)
    assert main(["kiosk", "verify-log", str(path)]) == 0
    assert "5" in capsys.readouterr().out
    text = path.read_text().splitlines()
    text[2] = "not json"
    path.write_text("\n".join(text) + "\n")
    assert main(["kiosk", "verify-log", str(path)]) == 1
    assert " 3" in capsys.readouterr().out
    assert main(["kiosk", "verify-log", str(tmp_path / "missing.jsonl")]) == 2


def test_the_log_goes_on_after_a_restart_and_after_a_torn_last_line(tmp_path):
    path = tmp_path / "audit.jsonl"
    write_shift(path)
    with open(path, "ab") as stream:
        stream.write(b'{"time": "2026-')  # a crash mid-write
    again = AuditLog(path, now=Ticking())
    again.record("signIn", operator="cajero", terminal="CAJA-1")
    assert verify_log(path).ok and verify_log(path).lines == 6


def test_secrets_never_reach_the_log(tmp_path):
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path, now=lambda: datetime(2026, 11, 25, tzinfo=UTC))
    for key in ("password", "supervisorPassword", "cardNumber", "cvv", "token"):
        with pytest.raises(ValueError):
            log.record("void", operator="cajero", terminal="T1", **{key: "x"})
    log.record("void", operator="cajero", terminal="T1", reason="card 4111 1111 1111 1111 given")
    written = path.read_text()
    assert "4111 1111 1111 1111" not in written and "1111" in written
    with pytest.raises(ValueError):
        log.record("format-disk", operator="cajero", terminal="T1")


def test_masking():
    assert mask_tail("1020304050") == "*******050"
    assert mask_tail("12") == "**"
    assert mask_login(" cajerocajero2026 ") == "caj" + "*" * 13  # a password in the user field
    assert mask_lookup("line", "+573001234567") == "*********4567"
    assert mask_lookup("reference", " 7701234 ") == "7701234"
    assert scrub("ref 123456789012") == "ref 123456789012"  # not Luhn-valid: left alone
    assert scrub("4111-1111-1111-1111") == "************1111"
