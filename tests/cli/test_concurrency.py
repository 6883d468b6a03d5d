"""Parallel invocations from scripts, through the real `followup` command.

Several processes are started at once against one database with the same
pinned clock. Whatever the interleaving, each refused one exits 1 with one
line on stderr, and the stored state stays consistent: no step is logged twice,
no email belongs to two contacts, every active contact has exactly one pending
follow-up.
"""

import sqlite3
import subprocess

from tests.conftest import FOLLOWUP, Followup, Result

PARALLEL = 6


def run_at_once(followup: Followup, commands: list[list[str]]) -> list[Result]:
    """Start every command before waiting for any, so that they race."""
    started = [
        subprocess.Popen(
            [str(FOLLOWUP), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=followup.env(),
        )
        for args in commands
    ]
    results = []
    for process in started:
        out, err = process.communicate(timeout=60)
        results.append(Result(process.returncode, out, err))
    return results


def assert_refused_cleanly(result: Result, fragment: str) -> None:
    shown = str(result)
    assert result.code == 1, shown
    assert result.out == "", shown
    lines = result.err.splitlines()
    assert len(lines) == 1, shown
    assert lines[0].startswith("followup: error: "), shown
    assert fragment in lines[0], shown


def query(followup: Followup, sql: str) -> list[tuple]:
    with sqlite3.connect(followup.db) as db:
        return db.execute(sql).fetchall()


def assert_one_pending_per_active_contact(followup: Followup) -> None:
    counts = query(
        followup,
        "SELECT c.id, COUNT(f.id) FROM contact c "
        "LEFT JOIN followup f ON f.contact_id = c.id AND f.status = 'pending' "
        "WHERE c.status = 'active' GROUP BY c.id",
    )
    assert counts and all(pending == 1 for _, pending in counts), counts


def test_parallel_logs_of_one_contact_log_each_step_once(followup: Followup) -> None:
    followup.ok("add", "Cat Nguyen", "--met", "2026-02-20")
    command = ["log", "cat", "--skip-check", "--reason", "r"]
    results = run_at_once(followup, [command] * PARALLEL)

    succeeded = [result for result in results if result.code == 0]
    for result in results:
        if result.code != 0:
            assert_refused_cleanly(result, "changed while you were logging; run it again")
    steps = [step for (step,) in query(followup, "SELECT step FROM touch ORDER BY id")]
    assert len(steps) == len(succeeded) >= 1
    assert steps == list(range(1, len(steps) + 1)), "a step was logged twice"
    done = query(followup, "SELECT step FROM followup WHERE status = 'done' ORDER BY step")
    assert [step for (step,) in done] == steps
    assert_one_pending_per_active_contact(followup)


def test_parallel_adds_with_one_email_make_one_contact(followup: Followup) -> None:
    followup.ok("add", "Someone Else")  # the database exists, as it does for a script
    commands = [["add", f"Q{n}", "--email", "dup@x.io"] for n in range(PARALLEL + 2)]
    results = run_at_once(followup, commands)

    assert sum(result.code == 0 for result in results) == 1, results
    for result in results:
        if result.code != 0:
            assert_refused_cleanly(result, "already has the email dup@x.io")
    assert query(followup, "SELECT COUNT(*) FROM contact WHERE email = 'dup@x.io'") == [(1,)]
    assert_one_pending_per_active_contact(followup)


def test_parallel_snoozes_and_a_log_never_move_a_logged_step(followup: Followup) -> None:
    followup.ok("add", "Cat Nguyen", "--met", "2026-02-20")
    commands = [["log", "cat", "--skip-check", "--reason", "r"]] + [
        ["snooze", "cat", f"2026-03-{10 + n}"] for n in range(PARALLEL - 1)
    ]
    results = run_at_once(followup, commands)

    for result in results[1:]:
        if result.code != 0:
            assert_refused_cleanly(result, "changed while you were snoozing; run it again")
    assert results[0].code == 0, results[0]
    # The logged step is closed as done with the date it had; only the new step moves.
    assert query(followup, "SELECT step, status FROM followup WHERE step = 1") == [(1, "done")]
    assert_one_pending_per_active_contact(followup)
