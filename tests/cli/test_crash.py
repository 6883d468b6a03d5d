"""Crash safety: `followup` killed with SIGKILL at random points loses or half-writes nothing.

A long `import` and a `log` with value-check answers are started again and again
from the same database and killed after a random delay, drawn from a seeded RNG
between start-up and a little past the time a whole run takes (measured first).
After each kill the file passes `PRAGMA integrity_check`, and its content is
exactly the state before the command or exactly the state a completed run
leaves: the clock is pinned, so both are byte-for-byte dumps. Then the same
command, run again, completes.

CI runs a fixed set of kill points; FOLLOWUP_CRASH_RUNS=200 tries more (and
FOLLOWUP_CRASH_SEED other ones).
"""

import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FOLLOWUP, Followup

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RUNS = int(os.environ.get("FOLLOWUP_CRASH_RUNS", "12"))
SEED = int(os.environ.get("FOLLOWUP_CRASH_SEED", "20260302"))
IMPORTED = 5000
ANSWERS = (
    "-a", "value=Case study: 18% less spoilage at a cold-chain peer",
    "-a", "problem=cold-chain visibility",
    "-a", "decider=yes, with the CFO",
)  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    how: str  # "absent", "whole" (killed after the commit) or "finished" (exited first)
    wal_written: bool  # the kill left frames in the write-ahead log


def people_csv(path: Path) -> Path:
    """A badge-scan export of a big event: a few MB, so the import spills to the WAL."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "company", "email", "met on", "notes", "promised", "problem"])
        for n in range(IMPORTED):
            writer.writerow(
                [
                    f"Person {n}",
                    f"Company {n % 97}",
                    f"p{n}@example.com",
                    "2026-02-20",
                    f"met at booth {n % 40}; " + "wants a pilot on their busiest lane " * 5,
                    "a case study",
                    "late deliveries",
                ]
            )
    return path


def dump(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as connection:
        return list(connection.iterdump())


def integrity(db: Path) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchall()


class Crasher:
    """Runs one command from a fresh copy of a prepared database, killing it on cue."""

    def __init__(self, base: Followup, tmp: Path, args: list[str]):
        self.base = base
        self.tmp = tmp
        self.args = args
        self.runs = 0
        self.before = dump(base.db)
        self.duration = min(self.time_a_whole_run() for _ in range(2))  # the first is cold
        assert self.after != self.before

    def time_a_whole_run(self) -> float:
        whole = self.copy()
        began = time.monotonic()
        whole.ok(*self.args)
        took = time.monotonic() - began
        self.after = dump(whole.db)
        return took

    def copy(self) -> Followup:
        self.runs += 1
        home = self.tmp / f"run{self.runs}"
        home.mkdir()
        fresh = Followup(home)
        shutil.copy2(self.base.db, fresh.db)  # the base was closed cleanly: no -wal to copy
        return fresh

    def kill_after(self, delay: float) -> tuple[Followup, Outcome]:
        target = self.copy()
        process = subprocess.Popen(
            [str(FOLLOWUP), *self.args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=target.env(),
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        _, err = process.communicate(timeout=60)
        wal = target.db.with_name(target.db.name + "-wal")
        wal_written = wal.exists() and wal.stat().st_size > 0
        assert integrity(target.db) == [("ok",)]
        state = dump(target.db)
        if process.returncode == -signal.SIGKILL:
            assert state in (self.before, self.after), "a killed command left half its writes"
            how = "absent" if state == self.before else "whole"
        else:
            assert process.returncode == 0, err
            assert state == self.after
            how = "finished"
        return target, Outcome(how, wal_written)

    def kill_many(self, check_again: Callable[[Followup], None]) -> Counter[Outcome]:
        """Kill at RUNS random points from start-up to a little past a whole run.

        Every other point falls in the last quarter, where the writes are: start-up
        (imports, reading the file) takes most of a short command's time.
        """
        rng = random.Random(SEED)
        outcomes: Counter[Outcome] = Counter()
        for run in range(RUNS):
            start = 0.75 if run % 2 else 0.0
            target, outcome = self.kill_after(rng.uniform(start, 1.1) * self.duration)
            outcomes[outcome] += 1
            check_again(target)
        print(f"\n{' '.join(self.args[:1])}: {self.duration:.2f}s a run; {dict(outcomes)}")
        assert sum(n for outcome, n in outcomes.items() if outcome.how != "finished") > 0
        return outcomes


@pytest.fixture
def pipeline(followup: Followup) -> Followup:
    """Ann is on step 3 after two touches; the file was closed cleanly."""
    followup.ok("add", "Ann Lee", "--company", "Acme", "--met", "2026-02-20")
    followup.ok("log", "Ann Lee", "--on", "2026-02-23")
    followup.ok(
        "log", "Ann Lee", "--on", "2026-02-26",
        "-a", "value=TMS benchmark", "-a", "problem=late deliveries", "-a", "decider=yes",
    )  # fmt: skip
    return followup


def test_a_killed_import_leaves_all_of_the_file_or_none(pipeline: Followup, tmp_path: Path) -> None:
    people = people_csv(tmp_path / "people.csv")
    crasher = Crasher(pipeline, tmp_path, ["import", str(people)])

    def run_again(target: Followup) -> None:
        # The next run recovers the log and finishes the job; a second one adds nothing.
        target.ok("import", str(people))
        assert dump(target.db) == crasher.after
        assert target.ok("today", "--count").out == f"{IMPORTED}\n"  # Ann is due tomorrow

    crasher.kill_many(run_again)


def test_a_killed_log_leaves_the_touch_answers_and_next_step_together_or_none(
    pipeline: Followup, tmp_path: Path
) -> None:
    crasher = Crasher(pipeline, tmp_path, ["log", "ann", "--note", "called twice", *ANSWERS])
    # What "whole" means here: the touch, its three answers, step 3 done, step 4 pending.
    whole = set(crasher.after) - set(crasher.before)
    assert sum(line.startswith('INSERT INTO "answer"') for line in whole) == 3
    assert sum(line.startswith('INSERT INTO "touch"') for line in whole) == 1

    def run_again(target: Followup) -> None:
        touches = [
            touch["step"] for touch in json.loads(target.ok("show", "ann", "--json").out)["touches"]
        ]
        if touches == [1, 2]:
            target.ok("log", "ann", "--note", "called twice", *ANSWERS)
        assert dump(target.db) == crasher.after

    crasher.kill_many(run_again)


def test_a_killed_upgrade_leaves_the_old_schema_or_the_new_one(
    followup: Followup, tmp_path: Path
) -> None:
    """Opening a database from the first release upgrades it, after a backup beside it."""
    shutil.copy2(FIXTURES / "schema-v1.db", followup.db)
    crasher = Crasher(followup, tmp_path, ["today", "--count"])

    def run_again(target: Followup) -> None:
        target.ok("today", "--count")
        assert dump(target.db) == crasher.after
        beside = sorted(path.name for path in target.db.parent.iterdir() if path != target.db)
        # A kill between the backup and the upgrade's commit means a second backup next time.
        backups = [name for name in beside if not name.startswith(".")]
        assert backups and all(".v1-backup-" in name for name in backups), beside
        assert all(dump(target.db.parent / name) == crasher.before for name in backups)
        # The partial copy a kill left (and its -journal) is gone: the next backup removed it.
        assert backups == beside, beside

    crasher.kill_many(run_again)
