"""Everyday commands must not pay for the ORM.

Each command runs in a fresh interpreter exactly as the console script would,
then reports which heavy packages ended up imported. No timing here: speed is
measured by benchmarks/run.py, the design is checked here.
"""

import json
import subprocess
import sys

import pytest

from followup.cli.app import COMMAND_MODULES
from tests.conftest import Followup

# The ORM, what only drafting and sending need (templates, the SMTP client), the IMAP
# client of `inbox sync`, and PostgreSQL's driver, which a SQLite store never needs.
HEAVY = (
    "sqlmodel", "sqlalchemy", "pydantic", "alembic", "jinja2", "smtplib", "imapclient", "psycopg",
)  # fmt: skip

PROBE = """
import json, sys
args, watched = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
sys.argv = ["followup", *args]
from followup.cli.main import run
run()
# A package counts with any of its modules; a dotted name counts exactly.
heavy = sorted({name.split(".")[0] for name in sys.modules} & watched | set(sys.modules) & watched)
print(json.dumps(heavy), file=sys.stderr)
"""


def heavy_modules_after(
    followup: Followup, *args: str, watched: tuple[str, ...] = HEAVY, **env: str
) -> list[str]:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(watched)],
        capture_output=True,
        text=True,
        env=followup.env(**env),
        timeout=60,
    )
    return json.loads(completed.stderr.strip().splitlines()[-1])


@pytest.fixture
def existing_store(followup: Followup) -> Followup:
    followup.ok("add", "Ann Lee", "--company", "Acme", "--met", "2026-02-27")
    return followup


@pytest.mark.parametrize(
    "args",
    [
        ("today",),
        ("today", "--count"),
        ("today", "--json"),
        ("today", "--csv"),
        ("--help",),
        ("today", "--help"),
        ("show", "Ann"),
        ("show", "Ann", "--json"),
        ("list",),
        ("upcoming",),
        ("log", "Ann"),
    ],
)
def test_everyday_commands_do_not_import_the_orm(
    existing_store: Followup, args: tuple[str, ...]
) -> None:
    assert heavy_modules_after(existing_store, *args) == []


def test_completing_a_contact_name_does_not_import_the_orm(existing_store: Followup) -> None:
    loaded = heavy_modules_after(
        existing_store,
        _FOLLOWUP_COMPLETE="complete_bash",
        COMP_WORDS="followup show An",
        COMP_CWORD="2",
    )
    assert loaded == []


def test_only_creating_a_new_database_imports_the_schema(followup: Followup) -> None:
    assert "sqlmodel" in heavy_modules_after(followup, "today")
    assert heavy_modules_after(followup, "today") == []


def test_today_does_not_import_the_holidays_package_even_when_configured(
    existing_store: Followup,
) -> None:
    existing_store.config.write_text('[calendar]\nholidays = "US"\n', encoding="utf-8")
    watched = ("holidays",)
    assert heavy_modules_after(existing_store, "today", watched=watched) == []
    assert heavy_modules_after(existing_store, "today", "--count", watched=watched) == []
    # Scheduling needs the calendar, so it pays for it.
    assert heavy_modules_after(existing_store, "add", "Bo Chen", watched=watched) == ["holidays"]


def test_only_a_call_to_someone_with_a_time_zone_loads_the_zone_database(
    existing_store: Followup,
) -> None:
    watched = ("zoneinfo",)
    assert heavy_modules_after(existing_store, "today", "--count", watched=watched) == []
    assert heavy_modules_after(existing_store, "today", "--json", watched=watched) == []
    existing_store.ok("edit", "Ann", "--tz", "Asia/Tokyo", "--phone", "+81 3 5550100")
    existing_store.ok("log", "Ann", "--on", "2026-02-27")
    existing_store.ok("log", "Ann", "-a", "value=x", "-a", "problem=y", "-a", "decider=z",
                      "--on", "2026-03-02")  # fmt: skip
    call_day = {"FOLLOWUP_NOW": "2026-03-05"}  # step 3, a call
    assert heavy_modules_after(existing_store, "today", "--json", watched=watched, **call_day) == [
        "zoneinfo"
    ]


# What only import, export, calendar and the reports need, and the packages behind them.
DATA_IN_AND_OUT = (
    "vobject",
    "icalendar",
    "followup.formats.importers.tabular",
    "followup.formats.importers.vcard",
    "followup.domain.matching",
    "followup.domain.report",
    "followup.formats.ics",
)


@pytest.mark.parametrize("args", [("today",), ("today", "--count"), ("show", "Ann"), ("--help",)])
def test_everyday_commands_do_not_load_imports_exports_or_reports(
    existing_store: Followup, args: tuple[str, ...]
) -> None:
    assert heavy_modules_after(existing_store, *args, watched=DATA_IN_AND_OUT) == []


CLI_MODULES = tuple(sorted({f"followup.cli.{name}" for name in COMMAND_MODULES.values()}))


@pytest.mark.parametrize(
    ("args", "needed"),
    [
        (("today",), {"followup.cli.agenda"}),
        (("today", "--count"), {"followup.cli.agenda"}),
        (("show", "Ann"), {"followup.cli.contacts"}),
        (("log", "Ann", "--skip-check", "--reason", "test"), {"followup.cli.working"}),
    ],
)
def test_a_command_loads_only_the_module_that_defines_it(
    existing_store: Followup, args: tuple[str, ...], needed: set[str]
) -> None:
    assert set(heavy_modules_after(existing_store, *args, watched=CLI_MODULES)) == needed


def test_help_lists_every_command(existing_store: Followup) -> None:
    loaded = heavy_modules_after(existing_store, "--help", watched=CLI_MODULES)
    assert set(loaded) == set(CLI_MODULES)
