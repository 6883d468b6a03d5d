"""What reaches a person's terminal: untrusted text escaped, rows that fit, names that match.

A contact's notes, a touch's note, a value-check answer, an imported file's header
or a broken card can all carry escape sequences (set the window title, clear the
screen, write the clipboard through OSC 52), bidi overrides and zero-width
characters. Everything printed for people shows them as visible escapes, while
JSON and CSV keep the data exact. Tables fit an 80-column terminal by cutting
free text, and contacts are found, and completed, without regard to case or accents.
"""

import io
import json
import re
import sqlite3
import subprocess
import unicodedata
from contextlib import closing

import pexpect
import pytest

from tests.conftest import ERROR, FOLLOWUP, Followup, in_terminal, refused

# Clear the screen and set the window title; write the clipboard; reorder a line.
CLEAR_AND_TITLE = "\x1b[2J\x1b]0;owned\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x1b\\"
BIDI_OVERRIDE = "\u202e"
ZERO_WIDTH = "\u200b"
RAW = (CLEAR_AND_TITLE, CLIPBOARD, "\x1b]", "\x1b[2J", "\x07", BIDI_OVERRIDE, ZERO_WIDTH)


def assert_no_raw_sequences(text: str) -> None:
    for sequence in RAW:
        assert sequence not in text, f"{sequence!r} reached the terminal raw in {text!r}"


def in_a_terminal(followup: Followup, *args: str, columns: int = 80) -> str:
    """What ``followup ARGS`` shows on a terminal ``columns`` wide, colour codes removed."""
    child = in_terminal(followup, *args, columns=columns)
    child.expect(pexpect.EOF)
    child.close()
    output = child.before or ""
    assert child.exitstatus == 0, output
    assert "Traceback" not in output
    return re.sub(r"\x1b\[[0-9;]*m", "", output).replace("\r\n", "\n")


def width(line: str) -> int:
    """Terminal cells, counted here as terminals do (not by the code under test)."""

    def cells(char: str) -> int:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            return 0
        return 2 if unicodedata.east_asian_width(char) in "WF" else 1

    return sum(map(cells, line))


# -- untrusted text is escaped -----------------------------------------------------------


def test_an_imported_csv_header_cannot_write_the_clipboard(followup: Followup) -> None:
    scans = followup.db.parent / "scans.csv"
    scans.write_text(f"Name,Email,Booth{CLIPBOARD}\nAnn Lee,ann@acme.example,B12\n")
    result = followup.ok("import", str(scans))
    assert_no_raw_sequences(result.err)
    assert "Booth\\x1b]52;c;cm0gLXJmIH4=\\x1b\\" in result.err


def test_show_escapes_what_notes_answers_and_touch_notes_carry(followup: Followup) -> None:
    followup.ok(
        "add", "Ann Lee", "--met", "2026-02-26", "--note", f"Met at the booth{CLEAR_AND_TITLE}"
    )
    followup.ok("log", "ann", "--note", f"sent the deck {BIDI_OVERRIDE}fdp.exe")
    followup.ok(
        "log", "ann", "-a", f"value=the benchmark{ZERO_WIDTH}", "-a", "problem=churn",
        "-a", f"decider=yes{CLIPBOARD}", "--on", "2026-03-02",
    )  # fmt: skip
    shown = followup.ok("show", "ann").out
    assert_no_raw_sequences(shown)
    assert "Met at the booth\\x1b[2J\\x1b]0;owned\\x07" in shown
    assert "sent the deck \\u202efdp.exe" in shown
    assert "the benchmark\\u200b" in shown
    # The data itself is kept exactly, for scripts.
    record = json.loads(followup.ok("show", "ann", "--json").out)
    assert record["notes"] == f"Met at the booth{CLEAR_AND_TITLE}"
    assert record["touches"][1]["answers"]["decider"] == f"yes{CLIPBOARD}"


def test_a_multi_line_note_keeps_its_lines_in_show(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--note", "first line\nsecond\x1b[2J line")
    lines = followup.ok("show", "ann").out.splitlines()
    (first,) = [line for line in lines if "first line" in line]
    (second,) = [line for line in lines if "second" in line]
    assert second.strip() == "second\\x1b[2J line"
    assert second.index("second") == first.index("first line")


def _plant_name(followup: Followup, name: str) -> None:
    """A name as an older followup (or the sqlite3 shell) could have stored it."""
    with closing(sqlite3.connect(followup.db)) as connection, connection:
        connection.execute("UPDATE contact SET name = ? WHERE id = 1", (name,))


def test_a_name_with_escape_sequences_from_an_old_store_is_shown_escaped(
    followup: Followup,
) -> None:
    followup.ok("add", "Eve", "--company", "Acme", "--met", "2026-02-27")
    _plant_name(followup, f"Eve{CLEAR_AND_TITLE}")
    for args in (("today",), ("list",), ("show", "1"), ("upcoming", "--days", "30")):
        result = followup.ok(*args)
        assert_no_raw_sequences(result.out + result.err)
    assert "Eve\\x1b[2J" in followup.ok("today").out
    assert json.loads(followup.ok("today", "--json").out)[0]["name"] == f"Eve{CLEAR_AND_TITLE}"


def test_a_rejected_name_in_an_error_is_shown_escaped(followup: Followup) -> None:
    followup.ok("add", "Eve Adams")
    followup.ok("add", "Eve Brown")
    _plant_name(followup, f"Eve{CLEAR_AND_TITLE} Adams")
    message = refused(followup, "show", "eve")
    assert_no_raw_sequences(message)
    assert "#1 Eve\\x1b[2J" in message


def test_undo_list_escapes_the_command_lines_it_shows(followup: Followup) -> None:
    followup.ok("add", "Ann Lee")
    followup.ok("log", "ann", "--note", f"hi{CLEAR_AND_TITLE}")
    listing = followup.ok("undo", "--list").out
    assert_no_raw_sequences(listing)
    assert "hi\\x1b[2J" in listing


def test_a_mistyped_command_is_echoed_escaped(followup: Followup) -> None:
    result = followup(f"tod{CLEAR_AND_TITLE}")
    assert result.code == 2
    assert_no_raw_sequences(result.err)
    assert result.err.startswith(ERROR)


def test_a_broken_vcard_line_is_reported_escaped(followup: Followup) -> None:
    cards = followup.db.parent / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@acme.example\r\nEND:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nthis is no property{CLEAR_AND_TITLE}\r\n"
        "END:VCARD\r\n"
    )
    result = followup("import", str(cards))
    assert result.code == 1
    assert "card 2" in result.err
    assert_no_raw_sequences(result.err)


def test_the_value_check_shows_a_previous_answer_escaped(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-02-20")
    followup.ok("log", "ann", "--on", "2026-02-23")
    followup.ok(
        "log", "ann", "--on", "2026-02-26", "-a", "value=benchmark", "-a",
        f"problem=churn{CLEAR_AND_TITLE}", "-a", "decider=yes",
    )  # fmt: skip
    child = in_terminal(followup, "log", "ann")
    transcript = io.StringIO()
    child.logfile_read = transcript
    child.expect("What new value")
    child.sendline("a fresh benchmark")
    child.expect("most pressing problem")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert "previous: churn\\x1b[2J\\x1b]0;owned\\x07" in transcript.getvalue()
    assert_no_raw_sequences(transcript.getvalue())


# -- one line means one visible line -------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        f"Ann{ZERO_WIDTH} Lee",  # looks like "Ann Lee"
        "Ann \u200dLee",  # zero-width joiner
        "Ann \ufeffLee",  # byte-order mark
        f"{BIDI_OVERRIDE}eeL nnA",  # shows as "Ann Lee"
        "Ann \u2066Lee\u2069",  # bidi isolate
        "Ann Lee\U000e0041\U000e0042",  # tag characters
    ],
)
def test_a_look_alike_name_is_refused(followup: Followup, name: str) -> None:
    message = refused(followup, "add", name)
    assert message == f"{ERROR}NAME cannot contain control characters or line breaks"


def test_the_company_refuses_invisible_characters_too(followup: Followup) -> None:
    refused(followup, "add", "Ann Lee", "--company", f"Acme{ZERO_WIDTH}")


def test_a_field_longer_than_the_limit_is_refused(followup: Followup) -> None:
    message = refused(followup, "add", "Ann Lee", "--note", "x" * 100_001)
    assert message == f"{ERROR}--note is longer than 100,000 characters"


# -- tables fit the terminal ---------------------------------------------------------------


@pytest.fixture
def long_texts(followup: Followup) -> Followup:
    followup.ok(
        "add", "Maximiliane Alexandra von Hohenzollern-Sigmaringen",
        "--company", "Internationale Speditions- und Logistikgesellschaft Süddeutschland",
        "--met", "2026-02-27",
    )  # fmt: skip
    followup.ok("add", "김민수", "--company", "한국물류주식회사", "--met", "2026-02-27")
    followup.ok("add", "José Núñez", "--company", "Café", "--met", "2026-02-27")
    return followup


def test_today_fits_an_80_column_terminal_by_cutting_free_text(long_texts: Followup) -> None:
    shown = in_a_terminal(long_texts, "today")
    rows = [line for line in shown.splitlines() if line and not line.startswith(("Due", "Warn"))]
    assert rows[0].startswith("id  name")
    assert len(rows) == 4, shown  # the heading and one line per contact: nothing wrapped
    assert all(width(row) <= 80 for row in rows), shown
    assert any(row.rstrip().endswith("…") for row in rows[1:]), shown
    # Whole in JSON.
    names = [item["name"] for item in json.loads(long_texts.ok("today", "--json").out)]
    assert "Maximiliane Alexandra von Hohenzollern-Sigmaringen" in names


def test_wide_and_combining_characters_keep_the_columns_aligned(followup: Followup) -> None:
    # 김민수 takes two cells a letter; the "é" of this José is an "e" and a combining accent.
    for name, company in (
        ("Ann Lee", "Acme"),
        ("김민수", "Hikari"),
        ("Jose\u0301 Nu\u0301n\u0303ez", "Café"),
    ):
        followup.ok("add", name, "--company", company)
    shown = in_a_terminal(followup, "list", columns=200)
    rows = [line for line in shown.splitlines() if line.startswith(("id ", "1 ", "2 ", "3  "))]
    companies = ("company", "Acme", "Hikari", "Café")
    offsets = {
        width(row[: row.index(company)]) for row in rows for company in companies if company in row
    }
    assert len(rows) == 4 and len(offsets) == 1, shown


def test_report_fits_80_columns_and_wide_shows_every_column(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-02-20", "--event", "Logistics World Summit 2026")
    followup.ok("log", "ann", "--on", "2026-02-23")
    followup.ok("reply", "ann", "--on", "2026-02-25")
    for by in ("step", "event", "channel"):
        shown = in_a_terminal(followup, "report", "--by", by)
        # Every line of the table and the chart; the pipeline warning is a sentence.
        lines = [line for line in shown.splitlines() if not line.startswith("Warning")]
        assert all(width(line) <= 80 for line in lines), shown
    wide = in_a_terminal(followup, "report", "--wide", columns=200)
    assert "checks skipped" in wide and "contacts" in wide


# -- finding and completing people ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("jurgen", "Jürgen Groß"),
        ("GROSS", "Jürgen Groß"),
        ("tomas", "Tomás Ruiz"),
        ("lukasz", "Łukasz Nowak"),
    ],
)
def test_a_contact_is_found_without_regard_to_case_or_accents(
    followup: Followup, query: str, name: str
) -> None:
    for person in ("Jürgen Groß", "Tomás Ruiz", "Łukasz Nowak"):
        followup.ok("add", person)
    assert json.loads(followup.ok("show", query, "--json").out)["name"] == name


def bash_completes(followup: Followup, line: str) -> list[list[str]]:
    """What bash makes of each completion of ``line``, as the words it would run."""
    script = subprocess.run(
        [str(FOLLOWUP), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=followup.env(),
        check=True,
    ).stdout
    words = line.split(" ")
    program = f"""
{script}
COMP_WORDS=({" ".join(words)})
COMP_CWORD={len(words) - 1}
_followup_completion followup
for reply in "${{COMPREPLY[@]}}"; do
  eval "words=( $reply )"
  printf '%s\\x1f' "${{words[@]}}"
  printf '\\n'
done
"""
    env = followup.env(PATH=f"{FOLLOWUP.parent}:/usr/bin:/bin")
    completed = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return [line.split("\x1f")[:-1] for line in completed.stdout.splitlines()]


def test_bash_completion_offers_names_quoted_as_one_word(followup: Followup) -> None:
    followup.ok("add", "María González", "--met", "2026-02-25")
    followup.ok("add", "Anne O'Neil", "--met", "2026-02-26")
    followup.ok("add", "Pedro Gonzaga", "--met", "2026-02-20")
    assert bash_completes(followup, "followup show gonz") == [["María González"], ["Pedro Gonzaga"]]
    assert bash_completes(followup, "followup show o") == [["Anne O'Neil"]]
    assert bash_completes(followup, "followup log MARI") == [["María González"]]


def test_bash_completion_quotes_a_planted_escape_sequence(followup: Followup) -> None:
    followup.ok("add", "Eve Adams")
    _plant_name(followup, f"Eve{CLEAR_AND_TITLE}")
    completed = subprocess.run(
        [str(FOLLOWUP)],
        capture_output=True,
        text=True,
        env=followup.env(
            _FOLLOWUP_COMPLETE="complete_bash", COMP_WORDS="followup show ev", COMP_CWORD="2"
        ),
    )
    assert_no_raw_sequences(completed.stdout)
    assert bash_completes(followup, "followup show ev") == [[f"Eve{CLEAR_AND_TITLE}"]]
