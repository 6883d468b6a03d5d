"""Spreadsheet-safe cells: what is quoted, and that the quote comes off exactly."""

import sqlite3
from contextlib import closing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.formats.csvsafe import LEADING_BLANKS, neutralised, neutralised_sql, unneutralised
from followup.formats.writers import spreadsheet_safe

RUN = [
    "=SUM(A1)",
    "+1",
    "-2",
    "@cmd",
    "\tx",
    "\rx",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20x",
    "\ufe661",
    "\ufe621",
    "\ufe631",
]
HIDDEN = ["  =1+1", "\t=1", "\ufeff=cmd", "\u3000+1", "\xa0-1", " \ufeff @x"]


@pytest.mark.parametrize("cell", [*RUN, *HIDDEN])
def test_text_a_spreadsheet_would_run_is_led_by_a_quote(cell: str) -> None:
    assert neutralised(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Ann Lee", "a=b", "1-2", "'plain", "'", "", "   ", "é=1"])
def test_other_text_is_left_alone(cell: str) -> None:
    assert neutralised(cell) == cell


@pytest.mark.parametrize("cell", ["'=1", "''+1", "' =1"])
def test_a_quote_already_before_a_formula_gets_one_more(cell: str) -> None:
    assert neutralised(cell) == "'" + cell
    assert unneutralised(neutralised(cell)) == cell


# Text made of the characters that matter, so that hypothesis finds the corners.
corners = st.text(
    st.sampled_from(["'", "=", "+", "-", "@", "\uff1d", "\ufe63", "a", "1", *LEADING_BLANKS])
)


@given(corners | st.text())
def test_the_quote_comes_off_exactly(value: str) -> None:
    assert unneutralised(neutralised(value)) == value


@given(st.lists(corners | st.text(), min_size=1, max_size=20))
def test_sqlite_quotes_exactly_what_python_quotes(values: list[str]) -> None:
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.execute("CREATE TABLE cell (value)")
        connection.executemany("INSERT INTO cell VALUES (?)", [(value,) for value in values])
        rows = connection.execute(f"SELECT {neutralised_sql('value')} FROM cell ORDER BY rowid")
        assert [row[0] for row in rows] == [neutralised(value) for value in values]


def test_sqlite_leaves_numbers_and_nulls_alone() -> None:
    with closing(sqlite3.connect(":memory:")) as connection:
        row = connection.execute(
            f"SELECT {neutralised_sql('-2')}, {neutralised_sql('NULL')}, {neutralised_sql('1.5')}"
        ).fetchone()
        assert row == (-2, None, 1.5)


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell


def test_ordinary_cells_are_left_alone() -> None:
    assert spreadsheet_safe("Ann Lee") == "Ann Lee"
    assert spreadsheet_safe(-2) == -2
