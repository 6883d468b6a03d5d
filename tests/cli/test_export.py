"""`followup export`: everything in the store, for a spreadsheet or a script.

CSV opens safely in a spreadsheet (RFC 4180, CRLF, UTF-8, formulas neutralised)
and has one `answer_<key>` column per value-check question; JSON and NDJSON
carry the same data with an `answers` object. `-o FILE` writes a private file
that appears whole or not at all.
"""

import csv
import io
import json
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_hot_paths import HEAVY, heavy_modules_after
from tests.conftest import Followup, refused

# The keys the README promises for a contact in JSON and in `export contacts`.
CONTACT_KEYS = (
    "id", "name", "company", "account_id", "account", "title", "email", "phone", "linkedin",
    "tz", "tags", "notes", "event", "met_on", "discussed", "promised", "problem", "decider",
    "decider_id", "status", "cadence", "meeting_on", "paused_until", "pause_reason",
    "bounced_email", "closed_on", "close_reason", "worked", "lesson", "owner", "next_due",
)  # fmt: skip


NOTE = '=HYPERLINK("http://evil.example","click")\nsecond line of the note'
VALUE = "TMS benchmark on their own lane data"
ANSWER_COLUMNS = [
    "answer_value",
    "answer_problem",
    "answer_decider",
    "answer_risk",
    "answer_learned",
    "answer_stakes",
]
TOUCH_KEYS = [
    "id",
    "contact_id",
    "name",
    "date",
    "channel",
    "direction",
    "outcome",
    "step",
    "note",
    "check_skipped",
    "skip_reason",
]
FOLLOWUP_KEYS = [
    "id",
    "contact_id",
    "name",
    "kind",
    "step",
    "steps_total",
    "channel",
    "action",
    "due",
    "status",
    "scheduled_from",
    "wait",
    "note",
    "created_at",
    "closed_at",
]


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Maria is on step 3 after a retry with answers; José skipped the check; 최은희 is new."""
    maker = Followup(tmp_path_factory.mktemp("export"))
    maker.ok(
        "add", "Maria Gonzalez", "--company", "Northwind", "--email", "maria@northwind.example",
        "--phone", "+1 212 555 0199", "--met", "2026-02-20", "--event", "LogiMAT 2026",
        "--tag", "vip", "--tag", "trade show", "--note", NOTE, "--problem", "late deliveries",
        "--promised", "send the lane benchmark",
    )  # fmt: skip
    maker.ok("log", "Maria", "--on", "2026-02-23")
    maker.ok(
        "log", "Maria", "--on", "2026-02-26", "-a", f"value={VALUE}",
        "-a", "problem=late deliveries on the Hamburg lane", "-a", "decider=yes, with the CFO",
        "-a", "risk=a pilot on one lane",
    )  # fmt: skip
    maker.ok(
        "add", "José Álvarez Núñez", "--company", "Café Ñandú", "--met", "2026-02-24",
        "--title=-Head of Ops", "--email", "jose@nandu.example",
    )  # fmt: skip
    maker.ok("log", "José", "--on", "2026-02-25")
    maker.ok("log", "José", "--on", "2026-02-27", "--skip-check", "--reason", "trade show week")
    maker.ok("add", "최은희", "--company", "한빛", "--met", "2026-02-27")
    return maker.db


@pytest.fixture
def store(followup: Followup, store_db: Path) -> Followup:
    shutil.copy2(store_db, followup.db)
    return followup


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def by_name(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["name"]: record for record in records}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- contacts -------------------------------------------------------------------


def test_csv_is_the_list_json_fields_then_one_column_per_question(store: Followup) -> None:
    data = store.exact("export", "contacts")
    header = next(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert header == [*CONTACT_KEYS, *ANSWER_COLUMNS]


def test_csv_is_utf8_without_bom_and_crlf_terminated(store: Followup) -> None:
    data = store.exact("export", "contacts")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    # The note's own line break stays inside its quoted cell.
    assert b'second line of the note"' in data
    assert data.count(b"\r\n") == 4  # header and three contacts


def test_csv_reads_back_in_a_spreadsheet_safely(store: Followup) -> None:
    rows = by_name(csv_rows(store.exact("export", "contacts")))
    assert set(rows) == {"Maria Gonzalez", "José Álvarez Núñez", "최은희"}
    maria = rows["Maria Gonzalez"]
    assert maria["phone"] == "'+1 212 555 0199"
    assert maria["notes"] == "'" + NOTE
    assert maria["tags"] == "vip;trade show"
    assert maria["event"] == "LogiMAT 2026"
    assert maria["met_on"] == "2026-02-20"
    assert rows["José Álvarez Núñez"]["title"] == "'-Head of Ops"
    assert rows["José Álvarez Núñez"]["company"] == "Café Ñandú"
    assert rows["최은희"]["company"] == "한빛"


def test_csv_answer_columns_hold_each_contacts_latest_answers(store: Followup) -> None:
    rows = by_name(csv_rows(store.exact("export", "contacts")))
    maria = rows["Maria Gonzalez"]
    assert [maria[column] for column in ANSWER_COLUMNS] == [
        VALUE,
        "late deliveries on the Hamburg lane",
        "yes, with the CFO",
        "a pilot on one lane",
        "",
        "",
    ]
    assert all(rows["최은희"][column] == "" for column in ANSWER_COLUMNS)


def test_json_is_list_json_plus_each_contacts_answers(store: Followup) -> None:
    exported = json.loads(store.ok("export", "contacts", "--format", "json").out)
    listed = by_name(json.loads(store.ok("list", "--json").out))
    for record in exported:
        answers = record.pop("answers")
        assert record == listed[record["name"]]
        assert isinstance(answers, dict)
    maria = by_name(exported)["Maria Gonzalez"]
    assert maria["tags"] == ["vip", "trade show"]
    assert maria["notes"] == NOTE  # JSON is data, not a spreadsheet: nothing is prefixed


def test_json_answers_are_the_latest_given(store: Followup) -> None:
    exported = by_name(json.loads(store.ok("export", "contacts", "-f", "json").out))
    assert exported["Maria Gonzalez"]["answers"] == {
        "value": VALUE,
        "problem": "late deliveries on the Hamburg lane",
        "decider": "yes, with the CFO",
        "risk": "a pilot on one lane",
    }
    assert exported["최은희"]["answers"] == {}


def test_ndjson_is_the_json_records_one_per_line(store: Followup) -> None:
    lines = store.ok("export", "contacts", "--format", "ndjson").out.splitlines()
    array = json.loads(store.ok("export", "contacts", "--format", "json").out)
    assert [json.loads(line) for line in lines] == array


def test_answers_to_a_question_removed_from_the_config_are_still_exported(
    store: Followup,
) -> None:
    store.config.write_text(
        "[[questions]]\nkey = 'value'\ntext = 'What new value?'\nrequired = true\n"
        "[[questions]]\nkey = 'decider'\ntext = 'Who decides?'\n",
        encoding="utf-8",
    )
    rows = csv_rows(store.exact("export", "contacts"))
    assert list(rows[0])[len(CONTACT_KEYS) :] == [
        "answer_value",
        "answer_decider",
        "answer_problem",
        "answer_risk",
    ]
    assert by_name(rows)["Maria Gonzalez"]["answer_risk"] == "a pilot on one lane"


def test_an_empty_store_exports_a_header_or_an_empty_array(followup: Followup) -> None:
    assert followup.exact("export", "contacts").count(b"\r\n") == 1
    assert json.loads(followup.ok("export", "contacts", "-f", "json").out) == []
    assert followup.ok("export", "touches", "-f", "ndjson").out == ""


# -- touches and follow-ups -----------------------------------------------------


def test_touches_carry_the_answers_given_before_them(store: Followup) -> None:
    touches = json.loads(store.ok("export", "touches", "-f", "json").out)
    assert [list(touch) for touch in touches] == [[*TOUCH_KEYS, "answers"]] * 4
    maria = [touch for touch in touches if touch["name"] == "Maria Gonzalez"]
    assert [(touch["date"], touch["step"]) for touch in maria] == [
        ("2026-02-23", 1),
        ("2026-02-26", 2),
    ]
    assert maria[0]["answers"] == {}
    assert maria[1]["answers"]["value"] == VALUE


def test_touches_show_a_skipped_check_and_why(store: Followup) -> None:
    rows = csv_rows(store.exact("export", "touches"))
    assert list(rows[0]) == [*TOUCH_KEYS, *ANSWER_COLUMNS]
    skipped = [row for row in rows if row["check_skipped"] == "true"]
    assert [(row["name"], row["step"], row["skip_reason"]) for row in skipped] == [
        ("José Álvarez Núñez", "2", "trade show week")
    ]
    assert {row["check_skipped"] for row in rows} == {"true", "false"}


def test_followups_are_every_row_pending_and_closed(store: Followup) -> None:
    rows = json.loads(store.ok("export", "followups", "-f", "json").out)
    assert [list(row) for row in rows] == [FOLLOWUP_KEYS] * 7
    maria = [row for row in rows if row["name"] == "Maria Gonzalez"]
    assert [(row["step"], row["status"], row["due"]) for row in maria] == [
        (1, "done", "2026-02-23"),
        (2, "done", "2026-02-26"),
        (3, "pending", "2026-03-03"),
    ]
    assert maria[-1]["closed_at"] is None
    assert maria[0]["closed_at"] is not None


def test_followups_csv_has_the_same_columns(store: Followup) -> None:
    rows = csv_rows(store.exact("export", "followups"))
    assert list(rows[0]) == FOLLOWUP_KEYS
    assert len(rows) == 7


# -- output files ---------------------------------------------------------------


def test_output_file_is_private_and_holds_exactly_what_stdout_would(
    store: Followup, tmp_path: Path
) -> None:
    target = tmp_path / "contacts.csv"
    result = store.ok("export", "contacts", "-o", str(target))
    assert result.out == ""
    assert result.err == f"Exported 3 contacts to {target}.\n"
    assert target.read_bytes() == store.exact("export", "contacts")
    assert mode(target) == 0o600


def test_output_file_replaces_an_existing_file_whole(store: Followup, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "touches.ndjson"
    target.write_text("an older, much longer export\n" * 1000)
    target.chmod(0o644)
    store.ok("export", "touches", "--format", "ndjson", "--output", str(target))
    assert target.read_bytes() == store.exact("export", "touches", "-f", "ndjson")
    assert mode(target) == 0o600
    assert [path.name for path in folder.iterdir()] == ["touches.ndjson"]


def test_output_into_a_missing_directory_is_refused_and_creates_nothing(
    store: Followup, tmp_path: Path
) -> None:
    target = tmp_path / "no such dir" / "contacts.csv"
    message = refused(store, "export", "contacts", "-o", str(target))
    assert str(target) in message
    assert "No such file or directory" in message
    assert not target.parent.exists()


def test_output_onto_a_directory_is_refused(store: Followup, tmp_path: Path) -> None:
    message = refused(store, "export", "contacts", "-o", str(tmp_path))
    assert message.endswith("it is a directory")


@pytest.mark.parametrize(
    "args",
    [
        ("export",),
        ("export", "people"),
        ("export", "contacts", "--format", "xlsx"),
        ("export", "contacts", "touches"),
    ],
)
def test_unknown_kinds_and_formats_are_usage_errors(store: Followup, args: tuple[str, ...]) -> None:
    refused(store, *args, code=2)


def test_exporting_contacts_loads_neither_the_orm_nor_rich(store: Followup) -> None:
    loaded = heavy_modules_after(
        store, "export", "contacts", "--format", "csv", watched=(*HEAVY, "rich")
    )
    assert loaded == []


def test_o_dash_is_stdout(store: Followup) -> None:
    assert store.ok("export", "contacts", "-o", "-").out.startswith("id,name,")
