"""Output formats: the plain table people read, CSV for spreadsheets, JSON for scripts."""

import csv
import io
import json

import pytest

from followup.cli.render import (
    Column,
    Format,
    cell_width,
    choose,
    emit,
)
from followup.errors import UsageError

COLUMNS = (Column("id", "id", style="dim"), Column("name", "name"), Column("action", "action"))
RECORDS = [
    {"id": 1, "name": "Ann Lee", "action": "Recap the conversation"},
    {"id": 12, "name": "김민수", "action": "Call\nthem\tback"},
]


def test_table_aligns_columns_counting_wide_characters_as_two_cells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    emit(RECORDS, COLUMNS, Format.TABLE)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "id  name     action",
        "1   Ann Lee  Recap the conversation",
        "12  김민수   Call them back",
    ]


def test_table_title_is_a_heading_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    emit(RECORDS, COLUMNS, Format.TABLE, title="Due 2026-03-02")
    captured = capsys.readouterr()
    assert captured.err == "Due 2026-03-02\n"
    assert captured.out.startswith("id  name")


def test_table_off_a_terminal_has_no_colour_codes_and_one_line_per_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    long_action = "word " * 100
    emit([{"id": 1, "name": "Ann", "action": long_action}], COLUMNS, Format.TABLE)
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert len(out.splitlines()) == 2


def test_cell_width_counts_east_asian_wide_characters_twice() -> None:
    assert cell_width("Ann") == 3
    assert cell_width("김민수") == 6
    assert cell_width("Łukasz") == 6


def test_csv_has_a_header_row_and_neutralises_formulas(
    capsys: pytest.CaptureFixture[str],
) -> None:
    emit([{"id": 1, "name": "=HYPERLINK()", "action": "a, b\nc"}], COLUMNS, Format.CSV)
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["id", "name", "action"], ["1", "'=HYPERLINK()", "a, b\nc"]]


def test_json_is_the_records_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    emit(RECORDS, COLUMNS, Format.JSON)
    assert json.loads(capsys.readouterr().out) == RECORDS


def test_json_and_csv_together_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        choose(as_json=True, as_csv=True)
