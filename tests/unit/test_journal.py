"""The payment journal: written durably before sending, latest state wins, a torn last line
is survived, compaction keeps what matters and nothing secret is ever written."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from miclaro_tui import journal as journal_module
from miclaro_tui.journal import Journal, JournalEntry, KeyReuseError, digest_of
from miclaro_tui.models import CardPayment, Money, PaymentCreate, PaymentItem, Ref

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
DIGEST = "sha256:" + "ab" * 32
OTHER_DIGEST = "sha256:" + "cd" * 32


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "payments.journal"


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def create(token: str = "tok_secret_123", value: str = "125900.5") -> PaymentCreate:
    amount = Money(unit="COP", value=Decimal(value))
    return PaymentCreate(
        correlatorId="key-00000001",
        account=Ref(id="A1"),
        amount=amount,
        paymentItem=[PaymentItem(item=Ref(id="B1"), amount=amount)],
        paymentMethod=CardPayment(id=token),
    )


def test_begin_writes_a_pending_line_with_every_field(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST, owner="camila")
    assert lines(path) == [
        {
            "key": "k1",
            "operation": "payment",
            "body_digest": DIGEST,
            "state": "pending",
            "payment_id": None,
            "owner": "camila",
            "ts": "2026-11-25T10:00:00+00:00",
        }
    ]


def test_latest_state_wins_and_unresolved_lists_pending_and_unknown(path, clock):
    journal = Journal(path, now=clock)
    for key in ("k1", "k2", "k3", "k4"):
        journal.begin(key, "payment", DIGEST)
    journal.settle("k1", "done", "P1")
    journal.settle("k2", "unknown")
    journal.settle("k4", "denied")
    assert [e.key for e in journal.unresolved()] == ["k2", "k3"]
    assert journal.get("k1").state == "done"
    assert journal.get("k1").payment_id == "P1"
    assert journal.get("k1").resolved
    assert journal.get("nope") is None
    assert len(lines(path)) == 7  # append-only


def test_settle_keeps_the_payment_id_and_skips_repeats(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    journal.settle("k1", "pending", "P1")
    journal.settle("k1", "done")
    journal.settle("k1", "done")
    assert journal.get("k1").payment_id == "P1"
    assert [line["state"] for line in lines(path)] == ["pending", "pending", "done"]


def test_settle_of_an_unknown_key_writes_nothing(path, clock):
    journal = Journal(path, now=clock)
    assert journal.settle("ghost", "done") is None
    assert not path.exists()


def test_only_unresolved_leaves_a_resolved_entry_alone(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    journal.settle("k1", "done", "P1")
    journal.settle("k1", "notSent", only_unresolved=True)
    assert journal.get("k1").state == "done"


def test_unknown_state_is_refused(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    with pytest.raises(ValueError):
        journal.settle("k1", "maybe")  # type: ignore[arg-type]


def test_same_key_for_another_body_is_refused(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    journal.settle("k1", "done", "P1")
    journal.begin("k1", "payment", DIGEST)  # the same request again: fine
    with pytest.raises(KeyReuseError):
        journal.begin("k1", "payment", OTHER_DIGEST)
    assert journal.get("k1").body_digest == DIGEST


def test_a_torn_last_line_is_ignored_and_cut(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    journal.settle("k1", "unknown")
    whole = path.read_bytes()
    torn = JournalEntry("k1", "payment", DIGEST, "done", T0, "P1").to_line()[:25]
    path.write_bytes(whole + torn)  # the crash came mid-write

    assert journal.get("k1").state == "unknown"  # reading tolerates it
    reopened = Journal(path, now=clock)  # opening cuts it...
    assert path.read_bytes() == whole
    reopened.settle("k1", "done", "P1")  # ...so the next line is a line of its own
    assert [line["state"] for line in lines(path)] == ["pending", "unknown", "done"]


def test_a_garbage_line_in_the_middle_is_skipped(path, clock):
    path.parent.mkdir(parents=True)
    good = JournalEntry("k1", "payment", DIGEST, "pending", T0).to_line()
    later = JournalEntry("k2", "payment", DIGEST, "unknown", T0).to_line()
    path.write_bytes(good + b'{"key": "x", "state": "bogus"}\n\x00\x00garbage\n' + later)
    assert [e.key for e in Journal(path, now=clock).unresolved()] == ["k1", "k2"]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="names fds through /proc")
def test_every_write_is_fsynced_and_the_new_file_s_directory_too(path, clock, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(journal_module.os, "fsync", fsync)
    journal = Journal(path, now=clock)
    journal.begin("k1", "payment", DIGEST)
    assert synced == [str(path), str(path.parent)]
    journal.settle("k1", "done", "P1")
    assert synced[2:] == [str(path)]  # the directory only when the file is created


def test_compaction_keeps_latest_unresolved_and_recent(path, clock):
    journal = Journal(path, now=clock, keep_resolved=timedelta(days=30))
    journal.begin("old-done", "payment", DIGEST)
    journal.settle("old-done", "done", "P1")
    journal.begin("old-unknown", "payment", DIGEST)
    journal.settle("old-unknown", "unknown")
    clock.now = T0 + timedelta(days=31)
    journal.begin("new-done", "payment", DIGEST)
    journal.settle("new-done", "done", "P2")
    journal.compact()
    assert [(line["key"], line["state"]) for line in lines(path)] == [
        ("old-unknown", "unknown"),
        ("new-done", "done"),
    ]
    assert not list(path.parent.glob("*.tmp"))


def test_compaction_happens_by_itself(path, clock):
    journal = Journal(path, now=clock, compact_every=10, keep_resolved=timedelta(0))
    for n in range(12):
        journal.begin(f"k{n}", "payment", DIGEST)
        clock.now += timedelta(seconds=1)
        journal.settle(f"k{n}", "done", f"P{n}")
    assert len(lines(path)) < 10
    assert journal.unresolved() == []


def test_a_long_journal_is_compacted_when_opened(path, clock):
    journal = Journal(path, now=clock, compact_every=1000)
    for n in range(30):
        journal.begin("k", "payment", DIGEST)
    assert len(lines(path)) == 30
    Journal(path, now=clock, compact_every=20)
    assert len(lines(path)) == 1


def test_two_journals_on_one_file_see_each_other(path, clock):
    first, second = Journal(path, now=clock), Journal(path, now=clock)
    first.begin("k1", "payment", DIGEST)
    second.settle("k1", "done", "P1")
    assert first.get("k1").state == "done"


def test_concurrent_writers_never_tear_a_line(path, clock):
    journal = Journal(path, now=clock, compact_every=50)

    def work(n: int) -> None:
        for m in range(20):
            journal.begin(f"k{n}-{m}", "payment", DIGEST)
            journal.settle(f"k{n}-{m}", "done", f"P{n}-{m}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latest = journal.latest()
    assert len(latest) == 80
    assert {e.state for e in latest.values()} == {"done"}
    lines(path)  # every line parses


def test_digest_is_canonical_and_hides_the_body():
    assert digest_of(create()) == digest_of(create())
    assert digest_of(create()) == digest_of(json.loads(create().model_dump_json(by_alias=True)))
    assert digest_of(create()) != digest_of(create(value="125900.51"))
    assert digest_of(create()) != digest_of(create(token="tok_other"))
    assert digest_of(create()).startswith("sha256:")


def test_nothing_but_the_digest_of_the_body_is_written(path, clock):
    journal = Journal(path, now=clock)
    journal.begin("key-00000001", "payment", digest_of(create()))
    assert "tok_secret_123" not in path.read_text()
    assert "125900" not in path.read_text()
