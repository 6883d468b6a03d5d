"""Exports written row by row, and output files that appear whole or not at all."""

import csv
import io
import json
import stat
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from followup import outfile
from followup.domain.cadence import EVENT_WARM, first_step
from followup.domain.calendar import BusinessCalendar
from followup.formats import export
from followup.formats.csvsafe import FORMULA_SIGNS
from followup.formats.writers import write_csv_rows
from followup.storage.sqlite import SqliteStorage

# The keys the README promises for a contact in JSON and in `export contacts`.
CONTACT_KEYS = (
    "id", "name", "company", "title", "email", "phone", "linkedin", "tz", "tags", "notes",
    "event", "met_on", "discussed", "promised", "problem", "decider", "status", "cadence",
    "meeting_on", "closed_on", "close_reason", "worked", "lesson", "next_due",
)  # fmt: skip

KEYS = ("id", "name", "tags", "notes", "check_skipped")
ANSWER_KEYS = ("value", "problem", "risk")
NOTE = "Met at the booth\nwants a pilot"
# As the store gives them for JSON (as stored) and for CSV (cells ready but for flags).
ROWS: list[tuple[object, ...]] = [
    (1, "José Álvarez Núñez", "vip,trade show", NOTE, 0, "TMS", "late", None),
    (2, "최은희", None, '=HYPERLINK("http://x.example")', 1, None, None, None),
]
CSV_ROWS: list[tuple[object, ...]] = [
    (1, "José Álvarez Núñez", "vip;trade show", NOTE, 0, "TMS", "late", None),
    (2, "최은희", None, '\'=HYPERLINK("http://x.example")', 1, None, None, None),
]


def table(rows: list[tuple[object, ...]] = ROWS) -> export.Table:
    return export.Table(KEYS, iter(rows), ANSWER_KEYS)


def written(fmt: str, rows: list[tuple[object, ...]] | None = None) -> str:
    stream = io.StringIO(newline="")
    given = rows if rows is not None else CSV_ROWS if fmt == export.CSV else ROWS
    export.write(table(given), fmt, stream)
    return stream.getvalue()


# -- CSV ------------------------------------------------------------------------


def test_csv_has_one_answer_column_per_question_key_after_the_fields() -> None:
    header = next(csv.reader(io.StringIO(written(export.CSV))))
    assert header == [*KEYS, "answer_value", "answer_problem", "answer_risk"]


def test_csv_rows_read_back_as_read_with_flags_as_words() -> None:
    rows = list(csv.DictReader(io.StringIO(written(export.CSV), newline="")))
    assert rows[0] == {
        "id": "1",
        "name": "José Álvarez Núñez",
        "tags": "vip;trade show",
        "notes": "Met at the booth\nwants a pilot",
        "check_skipped": "false",
        "answer_value": "TMS",
        "answer_problem": "late",
        "answer_risk": "",
    }
    assert rows[1]["name"] == "최은희"
    assert rows[1]["tags"] == ""
    assert rows[1]["notes"] == '\'=HYPERLINK("http://x.example")'
    assert rows[1]["check_skipped"] == "true"


def test_csv_ends_records_with_crlf_and_keeps_a_note_line_break_inside_quotes() -> None:
    text = written(export.CSV)
    assert text.count("\r\n") == 3
    assert '"Met at the booth\nwants a pilot"' in text


def test_csv_of_nothing_is_the_header_alone() -> None:
    assert written(export.CSV, []) == ",".join(table().header()) + "\r\n"


def test_csv_rows_are_written_as_they_come() -> None:
    stream = io.StringIO(newline="")

    def rows() -> Iterator[list[object]]:
        yield [1, "Ann"]
        # By now the first row must be out already: nothing is gathered first.
        assert "Ann" in stream.getvalue()
        yield [2, "Bo"]

    write_csv_rows(["id", "name"], rows(), stream)
    assert stream.getvalue() == "id,name\r\n1,Ann\r\n2,Bo\r\n"


# Text a spreadsheet would run, text that only looks like it, and numbers.
TRICKY = [
    *(f"{start}1+1" for start in ("=", "+", "-", "@", "\t", "\r")),
    *(f"{sign}cmd" for sign in FORMULA_SIGNS),
    "  =1+1", "\ufeff=1+1", "\u3000+1", "\xa0@x", "'=quoted", "''-1", "'plain", "'",
    "a=b", "-", "", "   ", "Ann", "é=1", "1=1",
]  # fmt: skip


@pytest.fixture
def tricky_store(tmp_path: Path) -> Iterator[SqliteStorage]:
    """One contact, touch and follow-up per tricky text, in every kind of text column."""
    store = SqliteStorage.open(tmp_path / "followup.db", datetime(2026, 3, 2, 9, 0))
    with store.writing("test"):
        event_id = store.events.add("=Expo", None, None)
        for number, text in enumerate(TRICKY):
            contact_id = store.contacts.add(
                {
                    "name": text or "Nobody",
                    "company": text,
                    "tags": f"{text or 'x'},vip",
                    "notes": text,
                    "event_id": event_id,
                    "met_on": date(2026, 2, 27),
                    "status": "active",
                }
            )
            store.touches.add(
                contact_id,
                {"happened_on": date(2026, 3, 2), "channel": "email", "direction": "out"}
                | {"outcome": "sent", "note": text, "step": number},
                {"value": text, "problem": "-42"},
            )
            store.followups.schedule(contact_id, first_step(EVENT_WARM, date(2026, 3, 2), CALENDAR))
    yield store
    store.close()


CALENDAR = BusinessCalendar()
# Each kind's keys and answer keys: follow-ups carry no answers.
KINDS = {
    export.CONTACTS: (CONTACT_KEYS, ("value", "problem")),
    export.TOUCHES: (export.TOUCH_KEYS, ("value", "problem")),
    export.FOLLOWUPS: (export.FOLLOWUP_KEYS, ()),
}


@pytest.mark.parametrize("kind", KINDS)
def test_csv_cells_read_ready_from_the_store_are_those_python_would_write(
    tricky_store: SqliteStorage, kind: str
) -> None:
    """SQLite joins tags and neutralises formulas as it reads: exactly as ``render`` does."""
    keys, answer_keys = KINDS[kind]
    as_stored = export.Table(keys, tricky_store.exports.rows(kind, keys, answer_keys), answer_keys)
    expected = io.StringIO(newline="")
    write_csv_rows(as_stored.header(), as_stored.values(), expected)
    ready = tricky_store.exports.rows(
        kind, keys, answer_keys, (), tag_separator=";", spreadsheet_safe=True
    )
    written = io.StringIO(newline="")
    export.write(export.Table(keys, ready, answer_keys), export.CSV, written)
    assert written.getvalue() == expected.getvalue()
    assert "'=1+1" in written.getvalue()


# -- JSON and NDJSON ------------------------------------------------------------

EXPECTED = [
    {
        "id": 1,
        "name": "José Álvarez Núñez",
        "tags": ["vip", "trade show"],
        "notes": "Met at the booth\nwants a pilot",
        "check_skipped": False,
        "answers": {"value": "TMS", "problem": "late"},
    },
    {
        "id": 2,
        "name": "최은희",
        "tags": [],
        "notes": '=HYPERLINK("http://x.example")',
        "check_skipped": True,
        "answers": {},
    },
]


def test_json_is_an_array_of_records_with_an_answers_object() -> None:
    assert json.loads(written(export.JSON)) == EXPECTED


def test_ndjson_is_one_record_per_line() -> None:
    lines = written(export.NDJSON).splitlines()
    assert [json.loads(line) for line in lines] == EXPECTED


def test_json_keeps_unicode_readable() -> None:
    assert "최은희" in written(export.JSON)


@pytest.mark.parametrize(("fmt", "expected"), [(export.JSON, "[]\n"), (export.NDJSON, "")])
def test_json_of_nothing_is_empty(fmt: str, expected: str) -> None:
    assert written(fmt, []) == expected


def test_rows_without_answers_have_no_answers_key() -> None:
    stream = io.StringIO()
    export.write(export.Table(("id", "due"), iter([(7, "2026-03-02")])), export.JSON, stream)
    assert json.loads(stream.getvalue()) == [{"id": 7, "due": "2026-03-02"}]


# -- output files ---------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_output_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "contacts.csv"
    with outfile.replacing(target, never=()) as stream:
        stream.write("id\r\n")
    assert target.read_bytes() == b"id\r\n"
    assert mode(target) == 0o600


def test_an_existing_file_is_replaced_whole_and_made_private(tmp_path: Path) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("old line one\nold line two\nold line three\n")
    target.chmod(0o644)
    with outfile.replacing(target, never=()) as stream:
        stream.write("new")
    assert target.read_text() == "new"
    assert mode(target) == 0o600


def test_a_failure_half_way_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    target = tmp_path / "contacts.csv"
    target.write_text("yesterday's export")
    with pytest.raises(RuntimeError), outfile.replacing(target, never=()) as stream:
        stream.write("half of today's")
        raise RuntimeError("database went away")
    assert target.read_text() == "yesterday's export"
    assert [path.name for path in tmp_path.iterdir()] == ["contacts.csv"]


def test_a_failure_half_way_creates_no_file(tmp_path: Path) -> None:
    with (
        pytest.raises(KeyboardInterrupt),
        outfile.replacing(tmp_path / "new.csv", never=()) as stream,
    ):
        stream.write("half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_missing_directory_cannot_be_written(tmp_path: Path) -> None:
    with (
        pytest.raises(outfile.CannotWrite, match="No such file or directory"),
        outfile.replacing(tmp_path / "missing" / "contacts.csv", never=()),
    ):
        pass


def test_a_directory_cannot_be_the_output_file(tmp_path: Path) -> None:
    with (
        pytest.raises(outfile.CannotWrite, match="is a directory"),
        outfile.replacing(tmp_path, never=()),
    ):
        pass


def test_binary_output_files_take_bytes(tmp_path: Path) -> None:
    target = tmp_path / "followups.ics"
    with outfile.replacing(target, never=(), binary=True) as stream:
        stream.write(b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
