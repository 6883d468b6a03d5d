"""Time followup's everyday commands as a user runs them, as ratios to baselines.

    python benchmarks/run.py            # 10k-contact store, 15 runs each
    python benchmarks/run.py --contacts 100000 --runs 20

Every command runs in a cold process, exactly as a shell alias would start it.
Runs are interleaved (one of each command per round, after a warm-up round) so
that machine noise hits every command alike; the table shows the median wall
time, the peak resident memory, and the ratio to the baseline measured in the
same run: `python -c pass` for start-up, and Taskwarrior's `task next` over
the same number of items when the `task` command is installed.
"""

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import PINNED_DAY, generate  # noqa: E402

FOLLOWUP = str(Path(sys.executable).with_name("followup"))
PYTHON_BASELINE = "python -c pass"
TASK_BASELINE = "task next limit:50"


@dataclass
class Case:
    """One command to time; ``prepare`` runs untimed before each run (e.g. a fresh copy)."""

    label: str
    argv: list[str]
    baseline: str = PYTHON_BASELINE
    target: float | None = None
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[], None] | None = None
    seconds: list[float] = field(default_factory=list)
    peak_kib: int | None = None

    @property
    def full_env(self) -> dict[str, str]:
        return {**os.environ, **self.env}


def timed_run(case: Case) -> None:
    if case.prepare:
        case.prepare()
    start = time.perf_counter()
    completed = subprocess.run(
        case.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=case.full_env
    )
    case.seconds.append(time.perf_counter() - start)
    if completed.returncode != 0:
        raise SystemExit(f"{case.label} exited {completed.returncode}: {' '.join(case.argv)}")


def measure_peak_rss(case: Case) -> None:
    """Peak RSS from GNU time, in a run of its own.

    A child's own ``ru_maxrss`` would count the memory of the process that
    forked it (Linux keeps the pre-exec high-water mark), so a small separate
    process must do the forking.
    """
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not Path(gnu_time).exists():
        return
    if case.prepare:
        case.prepare()
    completed = subprocess.run(
        [gnu_time, "-f", "%M", *case.argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=case.full_env,
    )
    case.peak_kib = int(completed.stderr.strip().splitlines()[-1])


def taskwarrior_case(work: Path, items: int) -> Case | None:
    """`task next` over ``items`` pending tasks, when Taskwarrior is installed."""
    task = shutil.which("task")
    if task is None:
        return None
    data = work / "task"
    rc = work / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n")
    env = {"TASKRC": str(rc)}
    lines = "".join(
        f'{{"description":"follow up {n}","status":"pending","entry":"20260101T000000Z",'
        f'"uuid":"{n:08x}-0000-4000-8000-000000000000","due":"20260302T000000Z"}}\n'
        for n in range(items)
    )
    (work / "tasks.json").write_text(lines)
    subprocess.run(
        [task, "import", str(work / "tasks.json")],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    return Case(TASK_BASELINE, [task, "next", "limit:50"], env=env)


def cases(db: Path, work: Path) -> list[Case]:
    env = {
        "FOLLOWUP_DB": str(db),
        "FOLLOWUP_NOW": PINNED_DAY.isoformat(),
        "FOLLOWUP_CONFIG": str(work / "none.toml"),
        "NO_COLOR": "1",
    }
    scratch = work / "scratch.db"

    def fresh_copy() -> None:
        shutil.copyfile(db, scratch)

    write_env = {**env, "FOLLOWUP_DB": str(scratch)}
    # Named as a user would: by name, which makes the store scan every name.
    with sqlite3.connect(db) as connection:
        someone = connection.execute(
            "SELECT name FROM contact WHERE status = 'active' ORDER BY id LIMIT 1"
        ).fetchone()[0]
    return [
        Case(PYTHON_BASELINE, [sys.executable, "-c", "pass"]),
        Case("followup --help", [FOLLOWUP, "--help"], target=15, env=env),
        Case("followup today", [FOLLOWUP, "today"], baseline=TASK_BASELINE, target=1.5, env=env),
        Case(
            "followup today --count",
            [FOLLOWUP, "today", "--count"],
            baseline=TASK_BASELINE,
            target=1.3,
            env=env,
        ),
        Case("followup today --json", [FOLLOWUP, "today", "--json"], env=env),
        Case(
            "followup show CONTACT",
            [FOLLOWUP, "show", someone],
            baseline=TASK_BASELINE,
            target=2,
            env=env,
        ),
        Case(
            "followup log CONTACT",
            [FOLLOWUP, "log", someone, "--skip-check", "--reason", "benchmark"],
            baseline=TASK_BASELINE,
            target=2,
            env=write_env,
            prepare=fresh_copy,
        ),
    ]


def report(measured: list[Case]) -> str:
    medians = {case.label: statistics.median(case.seconds) for case in measured}
    lines = [
        "| command | median ms | peak RSS MiB | ratio | to baseline | target |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for case in measured:
        base = medians.get(case.baseline)
        ratio = f"{medians[case.label] / base:.2f}" if base and case.label != case.baseline else ""
        target = f"≤ {case.target}" if case.target and ratio else ""
        lines.append(
            f"| `{case.label}` | {medians[case.label] * 1000:.0f} | {_mib(case.peak_kib)} "
            f"| {ratio} | {case.baseline if ratio else ''} | {target} |"
        )
    return "\n".join(lines)


def _mib(kib: int | None) -> str:
    return f"{kib / 1024:.0f}" if kib is not None else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as folder:
        work = Path(folder)
        db = work / "store.db"
        print(f"generating {arguments.contacts} contacts …", file=sys.stderr)
        generate(db, arguments.contacts, arguments.seed)
        measured = cases(db, work)
        task = taskwarrior_case(work, arguments.contacts)
        if task:
            measured.insert(1, task)
        else:
            print("`task` not installed: ratios to it are left out", file=sys.stderr)
        measured = [case for case in measured if case.baseline in {c.label for c in measured}]
        for round_number in range(arguments.runs + 1):
            for case in measured:
                timed_run(case)
                if round_number == 0:
                    case.seconds.clear()  # the warm-up round fills caches; it is not counted
        for case in measured:
            measure_peak_rss(case)
        print(
            f"{arguments.contacts} contacts, median of {arguments.runs} cold runs, "
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )
        print(report(measured))


if __name__ == "__main__":
    main()
