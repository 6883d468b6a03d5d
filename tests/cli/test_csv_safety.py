"""Every CSV followup writes is safe to open in a spreadsheet, and our export imports back exact.

A cell a spreadsheet could run as a formula is led by ``'``: the plain signs
``= + - @``, the same after leading spaces or a byte-order mark, and their
full-width and small forms. Each CSV output is read back with the csv module and
checked cell by cell.
"""

import csv
import io
import json

import pytest

from tests.conftest import Followup

# What a spreadsheet would run (shown here as Python escapes, so the source stays readable).
HOSTILE = [
    "=HYPERLINK(1)",
    "  =1+1",
    "\ufeff=cmd|' /C calc'!A0",
    "\uff1dSUM(A1)",
    "\uff0b1",
    "\ufe63cmd",
    "\u3000@SUM(1)",
]
SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63"


def risky(cell: str) -> bool:
    """Whether a spreadsheet could run ``cell``: the test's own reading of the rule."""
    rest = cell
    while rest[:1].isspace() or rest[:1] == "\ufeff":
        rest = rest[1:]
    return cell[:1] in ("\t", "\r") or (rest != "" and rest[0] in SIGNS)


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.fixture
def hostile(followup: Followup) -> Followup:
    followup.ok("event", "add", "\uff1dExpo", "--date", "2026-02-20")
    for number, text in enumerate(HOSTILE):
        # A one-line field refuses the byte-order mark; notes and answers keep it.
        company = text.replace("\ufeff", "")
        followup.ok(
            "add", f"Person {number}", "--company", company, "--met", "2026-02-20",
            "--event", "\uff1dExpo", "--note", text, "--problem", text,
        )  # fmt: skip
        followup.ok("log", f"Person {number}", "--on", "2026-02-23", "--note", text)
    followup.ok(
        "log", "Person 0", "-a", f"value={HOSTILE[1]}", "-a", f"problem={HOSTILE[2]}",
        "-a", f"decider={HOSTILE[3]}", "--on", "2026-02-26",
    )  # fmt: skip
    followup.ok("lost", "Person 1", "--reason", HOSTILE[4], "--lesson", HOSTILE[5])
    followup.ok("snooze", "Person 2", "+1w", "--reason", HOSTILE[6])
    followup.ok("snooze", "Person 3", "+1w")
    return followup


@pytest.mark.parametrize(
    "args",
    [
        ("today", "--csv"),
        ("list", "--csv"),
        ("upcoming", "--days", "30", "--csv"),
        ("report", "--by", "event", "--csv"),
        ("review", "--csv"),
        ("export", "contacts"),
        ("export", "touches"),
        ("export", "followups"),
    ],
)
def test_no_csv_cell_a_spreadsheet_could_run(hostile: Followup, args: tuple[str, ...]) -> None:
    written = cells(hostile.ok(*args).out)
    dangerous = [cell for cell in written if risky(cell)]
    assert dangerous == [], f"followup {' '.join(args)}"
    # The texts are there, quoted, not dropped.
    assert any(cell.startswith("'") and risky(cell[1:]) for cell in written)


def test_a_quote_typed_before_a_formula_survives_an_export_and_import(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--company", "'=not a formula", "--note", "''+1 on purpose")
    exported = followup.db.parent / "contacts.csv"
    followup.ok("export", "contacts", "-o", str(exported))
    fresh = Followup(followup.db.parent / "fresh")
    fresh.db.parent.mkdir()
    fresh.ok("import", str(exported))
    (person,) = json.loads(fresh.ok("list", "--json").out)
    assert (person["company"], person["notes"]) == ("'=not a formula", "''+1 on purpose")


# Every field `export contacts` writes that `import` reads back.
FIELDS = (
    "name", "company", "title", "email", "phone", "linkedin", "tz", "tags", "notes", "event",
    "met_on", "discussed", "promised", "problem", "decider", "status", "meeting_on",
    "closed_on", "close_reason", "worked", "lesson",
)  # fmt: skip


def test_our_export_imports_back_byte_for_byte(followup: Followup) -> None:
    followup.ok(
        "add", "Ann Lee", "--company", "  Acme Logistics  ", "--title", " VP Operations",
        "--phone", "+1 212 555 0199", "--met", "2026-01-12", "--event", "LogiMAT 2026",
        "--note", "line one\r\nline two\n  indented\n", "--discussed", "'@ the booth",
        "--promised", "'-5% on the pilot", "--problem", "'=SUM(A1) in their sheet",
        "--decider", "''+ the CFO", "--tag", "eu", "--tag", " spaced ",
    )  # fmt: skip
    followup.ok("log", "ann", "--on", "2026-01-13")
    followup.ok("add", "Bo Chen", "--met", "2026-01-12", "--note", "  kept as typed  ")
    followup.ok("lost", "bo", "--reason", " budget ", "--lesson", "=ask earlier")
    original = json.loads(followup.ok("list", "--json").out)
    exported = followup.db.parent / "contacts.csv"
    followup.ok("export", "contacts", "-o", str(exported))

    fresh = Followup(followup.db.parent / "fresh")
    fresh.db.parent.mkdir()
    assert "(followup export)" in fresh.ok("import", str(exported)).err
    again = json.loads(fresh.ok("list", "--json").out)
    assert [{key: p[key] for key in FIELDS} for p in again] == [
        {key: p[key] for key in FIELDS} for p in original
    ]


def test_an_active_contact_imported_from_our_export_starts_again_from_the_import_day(
    followup: Followup,
) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-01-12", now="2026-01-12")
    exported = followup.db.parent / "contacts.csv"
    followup.ok("export", "contacts", "-o", str(exported))
    fresh = Followup(followup.db.parent / "fresh")
    fresh.db.parent.mkdir()
    fresh.ok("import", str(exported))  # on Mon 2026-03-02, the pinned day
    (person,) = json.loads(fresh.ok("list", "--json").out)
    assert (person["met_on"], person["next_due"]) == ("2026-01-12", "2026-03-03")
