"""Bad input, systematically: hypothesis feeds the real `followup` command hostile text.

Names, notes, dates, durations, option values and value-check answers are drawn
from unicode at large (right-to-left text, combining marks, emoji, control
characters, bytes that are not UTF-8), with SQL and spreadsheet-formula
fragments, empty, blank and very long strings mixed in. Whatever comes in:

- no traceback, ever, and an exit code the contract knows (0, 1 or 2);
- a refusal is one line on stderr, `followup: error: …`, nothing on stdout, and
  the database dump is exactly what it was;
- what is accepted reads back identical (`show --json`, `list --json`).

Each example runs the whole command line in this process (as the other CLI
tests do); CI runs the same fixed examples every time. FOLLOWUP_FUZZ_EXAMPLES=500
draws that many fresh random examples per property instead.
"""

import csv
import json
import os
import re
import shutil
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from followup.domain.calendar import BusinessCalendar, Period
from followup.domain.dates import parse_date, parse_duration
from followup.domain.text import has_invisible
from followup.errors import InvalidValue
from tests.conftest import ERROR, Followup, Result

ASKED = os.environ.get("FOLLOWUP_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(ASKED or 25),
    deadline=None,
    derandomize=not ASKED,  # CI: the same examples every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PINNED = date(2026, 3, 2)  # conftest's FOLLOWUP_NOW
VALUE = "TMS benchmark on their own lane data"

SQL = [
    "'; DROP TABLE contact; --",
    "Robert'); DELETE FROM touch; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "%' ESCAPE '\\",
]
FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.example";"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
]
SCRIPTS = [
    "مریم رضایی",  # Persian, right to left
    "שלום עליכם",
    "\u202eevil\u202c",  # a right-to-left override
    "Zoe\u0301\u0308\u0327",  # stacked combining marks
    "Z\u0351\u0364\u033ea\u0353l\u0359g\u0349o",
    "최유림",
    "🙂👍🏽 family: 👨‍👩‍👧",
    "\u200b\ufeff",  # zero-width space, byte-order mark
    "İstanbul ß ﬁ",  # case-folding oddities
]
CONTROLS = [
    "\x1b[31mred\x1b[0m",
    "a\nb",
    "a\r\nb",
    "tab\there",
    "\x07bell",
    "\x7f",
    "\x85",
    "\u2028",
]
NOT_UTF8 = ["\udcff", "caf\udce9"]  # the bytes b"\xff" and latin-1 b"caf\xe9", as argv gets them
SPECIAL = ["", " ", "   ", "-", "--", "#1", "1", "#99", "99999999999999999999", "ann", *SQL]
HOSTILE = [*SPECIAL, *FORMULAS, *SCRIPTS, *CONTROLS, *NOT_UTF8]

# Any text argv can carry: everything but NUL, and of the surrogates only those that
# stand for undecodable bytes (the rest cannot be passed to a process at all).
characters = st.one_of(
    st.characters(exclude_characters="\x00", exclude_categories=["Cs"]),
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
)
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(characters, max_size=40),
    # Very long: 1,500 times a hostile piece is up to 60 KB, so that even KEY=TEXT of two
    # stays within the 128 KiB Linux allows one argument.
    st.sampled_from([*SQL, *FORMULAS, *SCRIPTS, *CONTROLS, *NOT_UTF8]).map(
        lambda text: text * 1500
    ),
    st.builds("".join, st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4)),
)
# Text a person can type: printable, valid UTF-8, not blank.
typed = st.text(
    # Not what one-line fields refuse: controls, format characters, separators, surrogates.
    st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(str.strip)
DATE_WORDS = [
    *[
        "today",
        "yesterday",
        "tomorrow",
        "fri",
        "+3d",
        "-1w",
        "2w",
        "+10bd",
        "1m",
        "-99999m",
        "+99999999999d",
        "2026-02-30",
    ],
    *["2026-13-01", "0000-01-01", "9999-12-31", "03/04/2026", "2026-03-02T10:00"],
    "mar 5",
    "5 March 2026",
    "+" + "9" * 5000 + "d",
]
dates = st.one_of(
    texts,
    st.sampled_from(DATE_WORDS),
    st.dates().map(date.isoformat),
    st.integers(-20000, 20000).map(lambda n: f"{n:+d}d"),
)
numbers = st.one_of(
    st.integers(-(2**70), 2**70).map(str), texts, st.sampled_from(["0", "-1", "1e3", "0x10"])
)


class Pipeline(Followup):
    """Ann is on a retry (step 3 after two touches), Anna's first touch is due.

    Built once; ``reset()`` puts it back before an example that may write.
    """

    def __init__(self, home: Path):
        super().__init__(home)
        self.ok(
            "add",
            "Ann Lee",
            "--company",
            "Acme",
            "--email",
            "ann@acme.example",
            "--met",
            "2026-02-20",
        )
        self.ok("log", "Ann Lee", "--on", "2026-02-23")
        self.ok(
            "log", "Ann Lee", "--on", "2026-02-26",
            "-a", f"value={VALUE}", "-a", "problem=late deliveries", "-a", "decider=yes",
        )  # fmt: skip
        self.ok("add", "Anna Berg", "--company", "Beta", "--met", "2026-02-27", "--tag", "warm")
        self.template = home / "pipeline.db"
        shutil.copy2(self.db, self.template)

    def reset(self) -> "Pipeline":
        # Every command closed the database, so no -wal is left to replay onto the copy.
        assert not self.db.with_name(self.db.name + "-wal").exists()
        shutil.copy2(self.template, self.db)
        return self

    def dump(self) -> list[str]:
        # Closed at once: a connection left to the garbage collector keeps the -wal file,
        # whose frames the next command would replay onto the freshly copied database.
        with closing(sqlite3.connect(self.db)) as connection:
            return list(connection.iterdump())

    def run(self, *args: str) -> Result:
        """Run a command; check what every outcome must be, and that a refusal wrote nothing."""
        before = self.dump()
        result = self(*args)
        shown = f"followup {args!r} -> {result}"
        assert "Traceback" not in result.err, shown
        assert result.code in (0, 1, 2), shown
        if result.code != 0:
            assert result.out == "", shown
            lines = result.err.splitlines()
            assert len(lines) == 1 and lines[0].startswith(ERROR), shown
            assert self.dump() == before, f"{shown} changed the database"
        return result

    def show(self, contact: str) -> dict[str, Any]:
        return json.loads(self.ok("show", contact, "--json").out)


@pytest.fixture(scope="module")
def fu(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return Pipeline(tmp_path_factory.mktemp("fuzz"))


# -- contacts -----------------------------------------------------------------------


@FUZZ
@given(name=texts, note=texts, company=texts)
@example(name=SQL[0], note=FORMULAS[0], company=SQL[1])
@example(name="x" * 100_000, note="é" * 50_000, company="")
def test_add_stores_any_name_and_note_exactly_or_refuses_cleanly(
    fu: Pipeline, name: str, note: str, company: str
) -> None:
    # Options first and `--` before NAME, so that a name like "-2+3" is a name.
    result = fu.reset().run("add", "--note", note, "--company", company, "--", name)
    if result.code == 0:
        stored = fu.show(result.out.strip())
        assert (stored["name"], stored["notes"], stored["company"]) == (name.strip(), note, company)
        assert fu.show(stored["email"] or f"#{stored['id']}")["id"] == stored["id"]


@FUZZ
@given(name=typed, company=st.one_of(st.none(), typed))
def test_any_name_a_person_can_type_is_accepted_and_finds_its_contact(
    fu: Pipeline, name: str, company: str | None
) -> None:
    extra = ["--company", company] if company is not None else []
    result = fu.reset().run("add", *extra, "--", name)
    assert result.code == 0, result
    person = fu.show(result.out.strip())
    assert person["name"] == name.strip()
    query = name.strip()
    if re.fullmatch("#?[0-9]{1,18}", query) or "@" in query:
        return  # by the contract an id or an email, not part of a name
    # By name: the exact full name wins over partial matches like "Ann" in "Ann Lee".
    found = fu("show", "--json", "--", query)
    if found.code == 0:
        assert json.loads(found.out)["id"] == person["id"]
    else:
        assert "matches" in found.err and f"#{person['id']} " in found.err, found


@pytest.mark.parametrize(
    "args",
    [
        ("add", "caf\udce9 Owner"),
        ("add", "Kenji Watanabe", "--note", "\udcff"),
        ("edit", "berg", "--promised", "a caf\udce9 voucher"),
        ("log", "berg", "--note", "caf\udce9"),
        ("event", "add", "Caf\udce9 Summit"),
    ],
)
def test_text_that_is_not_utf8_is_refused_in_one_line(fu: Pipeline, args: tuple[str, ...]) -> None:
    """A terminal in Latin-1 sends b"caf\xe9": a clear refusal, not a traceback."""
    result = fu.reset().run(*args)
    assert result.code == 1
    assert result.err.startswith(f"{ERROR}text is not valid UTF-8: ")
    assert "\\udc" in result.err  # the bad byte is shown, escaped


@FUZZ
@given(name=texts, place=st.one_of(st.none(), texts), when=st.one_of(st.none(), dates))
@example(name="Web\nSummit", place=None, when=None)
def test_event_add_stores_any_name_or_refuses_cleanly(
    fu: Pipeline, name: str, place: str | None, when: str | None
) -> None:
    extra = [
        *(["--place", place] if place is not None else []),
        *(["--date", when] if when else []),
    ]
    result = fu.reset().run("event", "add", *extra, "--", name)
    if result.code == 0:
        [event] = json.loads(fu.ok("event", "list", "--json").out)
        assert (event["name"], event["place"]) == (name.strip(), place)
    elif has_invisible(name):
        assert "NAME cannot contain control characters" in result.err


EDITABLE = {
    "--name": "name",
    "--company": "company",
    "--title": "title",
    "--email": "email",
    "--phone": "phone",
    "--linkedin": "linkedin",
    "--tz": "tz",
    "--event": "event",
    "--tag": "tags",
    "--note": "notes",
    "--discussed": "discussed",
    "--promised": "promised",
    "--problem": "problem",
    "--decider": "decider",
    "--met": "met_on",
}


def as_stored(option: str, value: str) -> Any:
    """What `show --json` gives back for ``value`` given to ``option``."""
    if option in ("--name", "--event"):
        return value.strip()
    if option == "--email":
        return value.strip() or None
    if option == "--tag":
        return [value.strip()]
    if option == "--met":
        return parse_date(value, PINNED, BusinessCalendar()).isoformat()
    return value


@FUZZ
@given(option=st.sampled_from(sorted(EDITABLE)), value=st.one_of(texts, dates))
@example(option="--tz", value="../../../../etc/passwd")
@example(option="--email", value="ann@acme.example")
@example(option="--event", value="%")
def test_edit_stores_any_field_exactly_or_refuses_cleanly(
    fu: Pipeline, option: str, value: str
) -> None:
    result = fu.reset().run("edit", "berg", option, value)
    if result.code == 0:
        assert fu.show("#2")[EDITABLE[option]] == as_stored(option, value)


@FUZZ
@given(query=texts)
def test_any_contact_argument_finds_one_contact_or_says_why(fu: Pipeline, query: str) -> None:
    result = fu.run("show", "--json", "--", query)
    if result.code == 0:
        assert json.loads(result.out)["id"] in (1, 2)


@FUZZ
@given(
    option=st.sampled_from(["--status", "--event", "--company", "--tag", "--search"]),
    value=texts,
    fmt=st.sampled_from(["--json", "--csv", None]),
)
def test_list_filters_take_any_text(fu: Pipeline, option: str, value: str, fmt: str | None) -> None:
    result = fu.run("list", option, value, *([fmt] if fmt else []))
    if result.code == 0 and fmt == "--json":
        assert {person["id"] for person in json.loads(result.out)} <= {1, 2}
    if result.code == 0 and fmt == "--csv":
        assert result.out.startswith("id,name,")
        assert not any(line.startswith(("=", "+", "@")) for line in result.out.splitlines())


# -- working the cadence --------------------------------------------------------------


@FUZZ
@given(value=texts, problem=texts, decider=texts, note=texts, on=st.one_of(st.none(), dates))
@example(value=VALUE.upper(), problem="x", decider="y", note="", on=None)
@example(value=SQL[0], problem=FORMULAS[0], decider="\u202eyes", note="a\nb", on="today")
def test_log_a_retry_keeps_any_answers_and_note_exactly_or_refuses_cleanly(
    fu: Pipeline, value: str, problem: str, decider: str, note: str, on: str | None
) -> None:
    answers = {"value": value, "problem": problem, "decider": decider}
    args = [arg for key, text in answers.items() for arg in ("-a", f"{key}={text}")]
    when = ["--on", on] if on is not None else []
    result = fu.reset().run("log", "lee", "--note", note, *when, *args)
    if result.code == 0:
        touch = fu.show("lee")["touches"][-1]
        assert touch["step"] == 3
        assert touch["note"] == note
        assert touch["answers"] == {key: text.strip() for key, text in answers.items()}


@FUZZ
@given(pairs=st.lists(st.tuples(texts, texts), max_size=4), skip=st.booleans())
@example(pairs=[("a\nb", ""), ("\udcff", "x")], skip=False)  # unknown keys, on one line
def test_log_takes_any_answer_options(
    fu: Pipeline, pairs: list[tuple[str, str]], skip: bool
) -> None:
    args = [arg for key, text in pairs for arg in ("--answer", f"{key}={text}")]
    skipping = ["--skip-check", "--reason", "fuzz"] if skip else []
    result = fu.reset().run("log", "lee", *args, *skipping)
    if result.code == 0:
        assert [touch["step"] for touch in fu.show("lee")["touches"]] == [1, 2, 3]


@FUZZ
@given(until=dates, reason=st.one_of(st.none(), texts))
@example(until="9999-12-30", reason=None)  # a Thursday, the day before the last there is
@example(until="9999-12-31", reason=None)  # the last day there is
def test_snooze_to_any_date_moves_the_step_forward_or_refuses_cleanly(
    fu: Pipeline, until: str, reason: str | None
) -> None:
    because = ["--reason", reason] if reason is not None else []
    result = fu.reset().run("snooze", "berg", until, *because)
    if result.code == 0:
        target = parse_date(until, PINNED, BusinessCalendar())
        due = date.fromisoformat(fu.show("berg")["next_due"])
        assert timedelta(0) <= due - target < timedelta(days=3) and due.weekday() < 5


@FUZZ
@given(start=dates, end=dates)
@example(start="today", end="+2w")
@example(start="0001-01-01", end="9999-12-31")
def test_away_over_any_period_moves_what_falls_in_it_or_refuses_cleanly(
    fu: Pipeline, start: str, end: str
) -> None:
    result = fu.reset().run("away", start, end)
    if result.code == 0:
        period = Period(
            parse_date(start, PINNED, BusinessCalendar()),
            parse_date(end, PINNED, BusinessCalendar()),
        )
        people = json.loads(fu.ok("list", "--json").out)
        assert all(date.fromisoformat(person["next_due"]) not in period for person in people)


@FUZZ
@given(every=st.one_of(texts, st.integers(-5, 10**7).map(lambda n: f"{n}{'dwm'[n % 3]}")))
@example(every="20bd")
@example(every="+99999999bd")
def test_nurture_every_any_duration_schedules_a_check_in_or_refuses_cleanly(
    fu: Pipeline, every: str
) -> None:
    result = fu.reset().run("nurture", "berg", "--every", every)
    if result.code == 0:
        person = fu.show("berg")
        assert person["status"] == "nurture"
        assert person["next"]["kind"] == "nurture" and person["next_due"] > PINNED.isoformat()


@FUZZ
@given(command=st.sampled_from([("today", "--limit"), ("upcoming", "--days")]), number=numbers)
@example(command=("today", "--limit"), number="99999999999999999999")
@example(command=("upcoming", "--days"), number="36500")
def test_counts_take_any_number_or_refuse_as_usage_errors(
    fu: Pipeline, command: tuple[str, str], number: str
) -> None:
    result = fu.run(*command, number, "--json")
    if result.code == 0:
        assert len(json.loads(result.out)) <= max(int(number), 2)
    else:
        assert result.code == 2, result


# -- import -----------------------------------------------------------------------------


@FUZZ
@given(name=texts, company=texts, email=texts, notes=texts, met=dates)
@example(name=SQL[0], company=FORMULAS[0], email="a@b.example", notes="", met="2026-02-20")
def test_import_a_row_of_anything_stores_it_or_refuses_the_file_cleanly(
    fu: Pipeline, tmp_path_factory: pytest.TempPathFactory, name: str, company: str, email: str,
    notes: str, met: str,
) -> None:  # fmt: skip
    people = tmp_path_factory.getbasetemp() / "fuzzed-row.csv"
    with people.open("w", newline="", encoding="utf-8", errors="surrogateescape") as file:
        csv.writer(file).writerows(
            [["name", "company", "email", "notes", "met on"], [name, company, email, notes, met]]
        )
    before = fu.reset().dump()
    result = fu("import", str(people))
    shown = f"import {[name, company, email, notes, met]!r} -> {result}"
    assert "Traceback" not in result.err, shown
    if result.code != 0:
        # A refused file lists its bad rows, then says so on its last line.
        assert result.code == 1 and result.out == "", shown
        assert result.err.splitlines()[-1].startswith(ERROR), shown
        assert fu.dump() == before, shown
        return
    added = [person for person in json.loads(fu.ok("list", "--json").out) if person["id"] > 2]
    if added:
        [person] = added
        assert person["name"] == name.strip()
        assert person["company"] == (company.strip() or None)


def test_an_apostrophe_is_not_taken_for_the_quote_character(fu: Pipeline, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("name,company\n'Iolani Kahale,Jones' Bakery\n", encoding="utf-8")
    fu.reset().ok("import", str(people))
    [person] = [person for person in json.loads(fu.ok("list", "--json").out) if person["id"] > 2]
    assert (person["name"], person["company"]) == ("'Iolani Kahale", "Jones' Bakery")


def test_a_bad_rows_name_is_listed_on_one_line_and_escaped(fu: Pipeline, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        'name,email\n"Eve\x1b[2J\nfollowup: error: all is well",not-an-address\n', encoding="utf-8"
    )
    result = fu.reset()("import", str(people))
    assert (result.code, result.out) == (1, "")
    [problem, refusal] = result.err.splitlines()
    assert problem.startswith("  bad line 2 (") and "\x1b" not in problem
    assert refusal.startswith(f"{ERROR}1 row in {people} cannot be imported")


# -- dates, as pure functions ------------------------------------------------------------

PURE = settings(FUZZ, max_examples=int(ASKED or 25) * 20)


@PURE
@given(text=st.one_of(texts, dates), today=st.dates())
def test_parse_date_reads_a_date_or_says_why_in_one_line(text: str, today: date) -> None:
    try:
        parsed = parse_date(text, today, BusinessCalendar())
    except InvalidValue as error:
        assert "\n" not in str(error) and str(error)
    else:
        assert isinstance(parsed, date)


@PURE
@given(day=st.dates(), today=st.dates(), shout=st.booleans())
def test_an_iso_date_reads_as_itself(day: date, today: date, shout: bool) -> None:
    text = f"  {day.isoformat()} " if shout else day.isoformat()
    assert parse_date(text, today, BusinessCalendar()) == day


@PURE
@given(today=st.dates(date(2000, 1, 1), date(2100, 1, 1)), count=st.integers(-400, 400))
def test_offsets_count_days_weeks_and_business_days(today: date, count: int) -> None:
    calendar = BusinessCalendar(away=[Period(date(2026, 7, 27), date(2026, 8, 7))])
    assert parse_date(f"{count:+d}d", today, calendar) == today + timedelta(days=count)
    assert parse_date(f"{count:+d}w", today, calendar) == today + timedelta(weeks=count)
    landed = parse_date(f"{count:+d}bd", today, calendar)
    assert calendar.is_business_day(landed)
    if count:
        between = calendar.business_days_between(*sorted((today, landed)))
        assert between == abs(count) - (count < 0 and not calendar.is_business_day(today))


@PURE
@given(text=st.one_of(texts, st.from_regex(r"[+-]?\d{1,6}(bd|d|w|m)", fullmatch=True)))
def test_parse_duration_is_positive_or_refused(text: str) -> None:
    try:
        offset = parse_duration(text)
    except InvalidValue as error:
        assert "\n" not in str(error)
    else:
        assert offset.count > 0 and offset.unit in ("d", "w", "m", "bd")
