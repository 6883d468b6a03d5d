"""The scripting contract, through the real `followup` command.

Machine output (`--json`, `--csv`, `--count`, `add`'s id) is alone on stdout,
undecorated and uncoloured; messages for the human go to stderr. Every
CONTACT argument takes an id, `#id`, an email or a unique part of a name. The
database is private to its owner and found through `--db` or `FOLLOWUP_DB`.
"""

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FOLLOWUP, TODAY_COLUMNS, Followup, Result

CONTACT_KEYS = {
    "id",
    "name",
    "company",
    "account_id",
    "account",
    "owner",
    "decider_id",
    "pause_reason",
    "title",
    "email",
    "phone",
    "linkedin",
    "tz",
    "tags",
    "notes",
    "event",
    "met_on",
    "discussed",
    "promised",
    "problem",
    "decider",
    "status",
    "cadence",
    "meeting_on",
    "paused_until",
    "bounced_email",
    "closed_on",
    "close_reason",
    "worked",
    "lesson",
    "next_due",
}
TOUCH_KEYS = {
    "id",
    "date",
    "channel",
    "direction",
    "outcome",
    "step",
    "note",
    "answers",
    "check_skipped",
    "skip_reason",
    "message_id",
}
RECAP = "Recap the conversation, deliver what you promised, ask for the meeting"
ESC = "\x1b"


def as_json(result: Result) -> Any:
    return json.loads(result.out)


def exact_stdout(followup: Followup, *args: str) -> str:
    """Stdout exactly as written (no newline translation), to see CSV's CRLF and a lone CR."""
    return followup.exact(*args).decode("utf-8")


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def pipeline_home(tmp_path_factory: pytest.TempPathFactory) -> Followup:
    """Four people, one of each kind of due item, on the pinned Monday 2026-03-02.

    Maria and Kenji await their first touch (4 days late, and today); Tom went
    silent after step 1 (step 2 is 14 days late); Sam ran through a one-step
    cadence and is due a decision. Built once, copied for each test.
    """
    maker = Followup(tmp_path_factory.mktemp("pipeline"))
    maker.config.write_text(
        '[cadences.one-shot]\ndescription = "A single nudge"\n'
        'steps = [{ wait = 1, channel = "text", action = "Send one short text" }]\n',
        encoding="utf-8",
    )
    maker.ok(
        "add", "Maria Gonzalez", "--company", "Northwind Logistics",
        "--email", "maria@northwind.example", "--event", "SaaStr Annual 2026",
        "--met", "2026-02-25", "--promised", "send the TMS benchmark",
        "--problem", "late deliveries", "--decider", "yes, with the CFO", "--tag", "logistics",
    )  # fmt: skip
    maker.ok("add", "Kenji Watanabe", "--company", "Hikari Foods", "--met", "2026-02-27")
    maker.ok("add", "Tom Berger", "--company", "Initech", "--met", "2026-02-10")
    maker.ok("log", "tom", "--on", "2026-02-11")
    maker.ok("add", "Sam Short", "--met", "2026-02-20", "--cadence", "one-shot")
    maker.ok("log", "sam", "--on", "2026-02-23")
    return maker


@pytest.fixture
def pipeline(followup: Followup, pipeline_home: Followup) -> Followup:
    shutil.copy2(pipeline_home.db, followup.db)
    shutil.copy2(pipeline_home.config, followup.config)
    return followup


# -- today ----------------------------------------------------------------------


def test_today_json_lists_every_due_item_most_urgent_first(pipeline: Followup) -> None:
    items = as_json(pipeline.ok("today", "--json"))

    assert all(set(item) >= set(TODAY_COLUMNS) for item in items)
    assert [(item["name"], item["kind"], item["days_overdue"]) for item in items] == [
        ("Maria Gonzalez", "touch", 4),
        ("Kenji Watanabe", "touch", 0),
        ("Tom Berger", "touch", 14),
        ("Sam Short", "decide", 6),
    ]
    maria, _, tom, sam = items
    assert maria == {
        "contact_id": 1,
        "name": "Maria Gonzalez",
        "company": "Northwind Logistics",
        "kind": "touch",
        "due": "2026-02-26",
        "days_overdue": 4,
        "step": 1,
        "steps_total": 7,
        "channel": "email",
        "action": RECAP,
        "stage": "silent",
        "cadence": "event-warm",
        "fallback_from": None,
        "local_time": None,
        "in_call_hours": None,
        "account_id": maria["account_id"],
        "account": "Northwind Logistics",
        "decider_id": None,
        "decider": None,
    }
    assert (tom["step"], tom["steps_total"], tom["due"]) == (2, 7, "2026-02-16")
    assert (sam["step"], sam["channel"], sam["company"]) == (None, None, None)


def test_today_json_is_an_empty_list_when_nothing_is_due(followup: Followup) -> None:
    result = followup.ok("today", "--json")
    assert json.loads(result.out) == []


def test_today_limit_keeps_the_most_urgent(pipeline: Followup) -> None:
    items = as_json(pipeline.ok("today", "--limit", "2", "--json"))
    assert [item["name"] for item in items] == ["Maria Gonzalez", "Kenji Watanabe"]


def test_today_limit_beyond_sqlites_integers_shows_everything(pipeline: Followup) -> None:
    records = as_json(pipeline.ok("today", "--json", "--limit", "99999999999999999999"))
    assert len(records) == 4


@pytest.mark.parametrize(("now", "count"), [("2026-03-02", "4"), ("2026-02-01", "0")])
def test_today_count_prints_one_integer_only(pipeline: Followup, now: str, count: str) -> None:
    result = pipeline.ok("today", "--count", now=now)
    assert result.out == f"{count}\n"
    assert result.err == ""


def test_today_csv_has_a_header_and_one_row_per_item(pipeline: Followup) -> None:
    text = exact_stdout(pipeline, "today", "--csv")
    assert text.startswith(
        "contact_id,name,company,kind,due,days_overdue,step,steps_total,channel,action,"
        "stage,cadence,fallback_from,local_time,in_call_hours,account_id,account,decider_id,"
        "decider\r\n"
    )
    rows = csv_rows(text)
    assert [row["name"] for row in rows] == [
        "Maria Gonzalez",
        "Kenji Watanabe",
        "Tom Berger",
        "Sam Short",
    ]
    assert rows[0]["action"] == RECAP
    assert rows[3]["step"] == ""


def test_today_table_goes_to_stdout_and_the_thin_pipeline_warning_to_stderr(
    pipeline: Followup,
) -> None:
    result = pipeline.ok("today")
    assert "Maria Gonzalez" in result.out
    assert "Warning" not in result.out
    assert "Warning: pipeline is thin" in result.err


# -- add, log and messages --------------------------------------------------------


def test_add_prints_the_new_id_on_stdout_and_the_confirmation_on_stderr(
    followup: Followup,
) -> None:
    result = followup.ok("add", "Maria Gonzalez", "--event", "SaaStr Annual 2026")
    assert result.out == "1\n"
    assert "New event 'SaaStr Annual 2026'." in result.err
    assert "Added #1 Maria Gonzalez: step 1/7 (email) on Tue 2026-03-03." in result.err


def test_add_quiet_prints_only_the_id(followup: Followup) -> None:
    followup.ok("add", "Maria Gonzalez")
    result = followup.ok("add", "Kenji Watanabe", "-q")
    assert result.out == "2\n"
    assert result.err == ""


def test_add_quiet_is_silent_about_a_new_event_too(followup: Followup) -> None:
    result = followup.ok("add", "Maria Gonzalez", "--event", "SaaStr Annual 2026", "-q")
    assert result.out == "1\n"
    assert result.err == ""


def followups(followup: Followup) -> list[tuple[str, int | None, str]]:
    with sqlite3.connect(followup.db) as db:
        return db.execute("SELECT kind, step, status FROM followup ORDER BY id").fetchall()


def test_a_logged_follow_up_is_done_and_a_replaced_one_superseded(followup: Followup) -> None:
    followup.ok("add", "Cat Nguyen", "--met", "2026-02-20")
    followup.ok("log", "cat", "--on", "2026-02-23")
    followup.ok("snooze", "cat", "+1w")
    followup.ok("restart", "cat")
    followup.ok("nurture", "cat")
    followup.ok("log", "cat", "--skip-check", "--reason", "a quick hello")
    assert followups(followup) == [
        ("touch", 1, "done"),
        ("touch", 2, "superseded"),
        ("touch", 1, "superseded"),
        ("nurture", None, "done"),
        ("nurture", None, "pending"),
    ]


def test_a_touch_on_the_same_day_as_the_last_one_is_kept(followup: Followup) -> None:
    followup.ok("add", "Cat Nguyen", "--met", "2026-02-20")
    followup.ok("log", "cat", "--on", "2026-02-23")
    followup.ok("reply", "cat", "--on", "2026-02-23")
    touches = as_json(followup.ok("show", "cat", "--json"))["touches"]
    assert [(touch["date"], touch["direction"]) for touch in touches] == [
        ("2026-02-23", "out"),
        ("2026-02-23", "in"),
    ]


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("nurture", "cat"), "nurture"),
        (("restart", "cat"), "active"),
        (("reply", "cat"), "engaged"),
        (("meeting", "cat", "--on", "+1w"), "meeting"),
    ],
)
def test_reopening_a_closed_contact_clears_why_it_was_closed_but_keeps_the_lesson(
    followup: Followup, args: tuple[str, ...], status: str
) -> None:
    followup.ok("add", "Cat Nguyen", "--met", "2026-02-20")
    followup.ok("lost", "cat", "--reason", "no budget", "--worked", "demo", "--lesson", "ask")
    followup.ok(*args)
    shown = as_json(followup.ok("show", "cat", "--json"))
    assert (shown["status"], shown["closed_on"], shown["close_reason"]) == (status, None, None)
    assert (shown["worked"], shown["lesson"]) == ("demo", "ask")


def test_multi_line_text_stays_allowed_in_the_free_text_fields(followup: Followup) -> None:
    text = "line one\nline two\twith a tab"
    followup.ok(
        "add", "Kenji Watanabe", "--note", text, "--discussed", text, "--promised", text,
        "--problem", text, "--decider", text,
    )  # fmt: skip
    shown = as_json(followup.ok("show", "kenji", "--json"))
    assert {shown[key] for key in ("notes", "discussed", "promised", "problem", "decider")} == {
        text
    }


@pytest.mark.parametrize(
    "args",
    [
        ("log", "kenji"),
        ("reply", "maria", "--note", "Wants a call next week"),
        ("snooze", "tom", "+1w", "--reason", "at a trade fair"),
        ("away", "2026-03-09", "2026-03-13", "--reason", "vacation"),
        ("edit", "kenji", "--title", "COO"),
        ("won", "maria", "--worked", "the benchmark", "--lesson", "call sooner"),
        ("delete", "sam", "--yes"),
    ],
)
def test_commands_that_change_things_talk_on_stderr_and_leave_stdout_empty(
    pipeline: Followup, args: tuple[str, ...]
) -> None:
    result = pipeline.ok(*args)
    assert result.out == ""
    assert result.err.strip()


# -- no colour, no decoration -----------------------------------------------------


def run_uncoloured(followup: Followup, *args: str, no_color: bool) -> Result:
    """Run with a colour-capable TERM, FORCE_COLOR unset, and NO_COLOR set or not."""
    forced = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
    env = {key: value for key, value in followup.env().items() if key not in forced}
    env["TERM"] = "xterm-256color"
    if no_color:
        env["NO_COLOR"] = "1"
    completed = subprocess.run(
        [str(FOLLOWUP), *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    return Result(completed.returncode, completed.stdout, completed.stderr)


@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR", "no-NO_COLOR"])
@pytest.mark.parametrize(
    "args",
    [
        ("today",),
        ("today", "--json"),
        ("today", "--csv"),
        ("list",),
        ("list", "--json"),
        ("show", "maria"),
        ("show", "maria", "--json"),
        ("cadence", "show", "event-warm"),
        ("event", "list"),
        ("cadence", "simulate", "event-warm"),
    ],
)
def test_stdout_has_no_ansi_escapes_when_piped(
    pipeline: Followup, args: tuple[str, ...], no_color: bool
) -> None:
    result = run_uncoloured(pipeline, *args, no_color=no_color)
    assert result.out.strip()
    assert ESC not in result.out
    assert ESC not in result.err


# -- list --csv ---------------------------------------------------------------------


def test_list_csv_is_parseable_with_a_header_row(pipeline: Followup) -> None:
    text = exact_stdout(pipeline, "list", "--csv")
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert set(header) == CONTACT_KEYS
    rows = {row["name"]: row for row in csv_rows(text)}
    assert set(rows) == {"Maria Gonzalez", "Kenji Watanabe", "Tom Berger", "Sam Short"}
    maria = rows["Maria Gonzalez"]
    assert maria["email"] == "maria@northwind.example"
    assert maria["event"] == "SaaStr Annual 2026"
    assert maria["tags"] == "logistics"
    assert maria["next_due"] == "2026-02-26"
    assert rows["Kenji Watanabe"]["title"] == ""


def test_list_csv_quotes_commas_quotes_and_newlines(followup: Followup) -> None:
    note = 'Said "call me, not email"\nprefers mornings'
    followup.ok("add", "Kenji Watanabe", "--company", "Hikari Foods, Ltd.", "--note", note)
    (row,) = csv_rows(exact_stdout(followup, "list", "--csv"))
    assert row["company"] == "Hikari Foods, Ltd."
    assert row["notes"] == note


def test_list_filters_match_underscore_and_percent_literally(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--tag", "axb", "--company", "100 Foods")
    followup.ok("add", "Bob Ng", "--tag", "a_b", "--company", "100% Foods")
    assert [r["name"] for r in as_json(followup.ok("list", "--tag", "a_b", "--json"))] == ["Bob Ng"]
    assert [r["name"] for r in as_json(followup.ok("list", "--company", "0%", "--json"))] == [
        "Bob Ng"
    ]


@pytest.mark.parametrize("danger", ["=", "+", "-", "@"])
def test_list_csv_neutralises_a_name_or_note_that_a_spreadsheet_would_run(
    followup: Followup, danger: str
) -> None:
    name = f'{danger}HYPERLINK("http://evil.example")'
    note = f"{danger}1+1"
    followup.ok("add", "--note", note, "--", name)
    (row,) = csv_rows(exact_stdout(followup, "list", "--csv"))
    assert row["name"] == f"'{name}"
    assert row["notes"] == f"'{note}"
    assert json.loads(followup.ok("list", "--json").out)[0]["name"] == name


@pytest.mark.parametrize("danger", ["\t", "\r"])
def test_list_csv_neutralises_a_note_starting_with_tab_or_carriage_return(
    followup: Followup, danger: str
) -> None:
    followup.ok("add", "Kenji Watanabe", "--note", f"{danger}=1+1")
    (row,) = csv_rows(exact_stdout(followup, "list", "--csv"))
    assert row["notes"] == f"'{danger}=1+1"


# -- show --json ----------------------------------------------------------------------


def test_show_json_has_the_contract_keys_and_the_timeline(pipeline: Followup) -> None:
    pipeline.ok(
        "log", "tom", "--outcome", "voicemail", "--note", "left a message",
        "-a", "value=Case study: 18% less spoilage", "-a", "problem=cold-chain visibility",
        "-a", "decider=no: COO Aiko Mori",
    )  # fmt: skip
    record = as_json(pipeline.ok("show", "tom", "--json"))

    assert set(record) >= CONTACT_KEYS | {"next", "touches"}
    assert record["status"] == "active"
    assert record["problem"] == "cold-chain visibility"
    assert record["decider"] == "no: COO Aiko Mori"
    assert record["next_due"] == "2026-03-05"
    assert record["next"]["step"] == 3
    assert record["next"]["channel"] == "call"
    first, second = record["touches"]
    assert set(first) >= TOUCH_KEYS
    assert (first["date"], first["step"], first["answers"]) == ("2026-02-11", 1, {})
    assert second["id"] > first["id"]
    assert second == {
        "id": second["id"],
        "date": "2026-03-02",
        "channel": "email",
        "direction": "out",
        "outcome": "voicemail",
        "step": 2,
        "note": "left a message",
        "answers": {
            "value": "Case study: 18% less spoilage",
            "problem": "cold-chain visibility",
            "decider": "no: COO Aiko Mori",
        },
        "check_skipped": False,
        "skip_reason": None,
        "message_id": None,
    }
    assert record["reminders"] == []


def test_show_json_of_a_new_contact_has_its_profile(pipeline: Followup) -> None:
    record = as_json(pipeline.ok("show", "maria", "--json"))
    assert record["id"] == 1
    assert record["event"] == "SaaStr Annual 2026"
    assert record["met_on"] == "2026-02-25"
    assert record["promised"] == "send the TMS benchmark"
    assert record["tags"] == ["logistics"]
    assert record["cadence"] == "event-warm"
    assert record["touches"] == []


def test_list_json_gives_the_same_contact_fields(pipeline: Followup) -> None:
    records = as_json(pipeline.ok("list", "--json"))
    assert len(records) == 4
    assert all(set(record) == CONTACT_KEYS for record in records)


# -- contact resolution -----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["3", "#3", "tom.berger@initech.example", "TOM.Berger@Initech.EXAMPLE", "berger", "TOM B"],
)
def test_a_contact_is_found_by_id_email_or_unique_name_part(pipeline: Followup, query: str) -> None:
    pipeline.ok("edit", "tom", "--email", "tom.berger@initech.example")
    assert as_json(pipeline.ok("show", query, "--json"))["name"] == "Tom Berger"


def test_an_exact_full_name_wins_over_partial_matches(followup: Followup) -> None:
    followup.ok("add", "Ann Lee")
    followup.ok("add", "Ann Leeds")
    assert as_json(followup.ok("show", "ann lee", "--json"))["id"] == 1


def test_completing_a_contact_does_not_create_a_missing_database(followup: Followup) -> None:
    result = followup(
        "show", _FOLLOWUP_COMPLETE="complete_bash", COMP_WORDS="followup show An", COMP_CWORD="2"
    )
    assert (result.code, result.out.strip(), result.err) == (0, "", "")
    assert not followup.db.exists()


# -- events ---------------------------------------------------------------------------


def test_event_add_prints_the_id_and_list_and_show_give_json(followup: Followup) -> None:
    result = followup.ok(
        "event", "add", "SaaStr Annual 2026", "--date", "2026-02-25", "--place", "San Mateo"
    )
    assert result.out == "1\n"
    assert "Added event 'SaaStr Annual 2026'." in result.err
    followup.ok("add", "Maria Gonzalez", "--event", "SaaStr Annual 2026", "-q")
    followup.ok("add", "Kenji Watanabe", "--event", "SaaStr Annual 2026", "-q")
    followup.ok("reply", "kenji")

    (event,) = as_json(followup.ok("event", "list", "--json"))
    assert event == {
        "name": "SaaStr Annual 2026",
        "date": "2026-02-25",
        "place": "San Mateo",
        "contacts": 2,
        "active": 1,
        "engaged": 1,
        "meeting": 0,
        "nurture": 0,
        "paused": 0,
        "won": 0,
        "lost": 0,
        "archived": 0,
    }
    shown = as_json(followup.ok("event", "show", "SaaStr Annual 2026", "--json"))
    assert {key: shown[key] for key in ("name", "date", "place")} == {
        "name": "SaaStr Annual 2026",
        "date": "2026-02-25",
        "place": "San Mateo",
    }
    assert shown["contacts"] == [
        {  # replied today (Monday): the answer is due on Tuesday
            "id": 2,
            "name": "Kenji Watanabe",
            "company": None,
            "status": "engaged",
            "next_due": "2026-03-03",
        },
        {
            "id": 1,
            "name": "Maria Gonzalez",
            "company": None,
            "status": "active",
            "next_due": "2026-02-26",
        },
    ]


def test_event_list_json_is_an_empty_list_without_events(followup: Followup) -> None:
    assert as_json(followup.ok("event", "list", "--json")) == []


# -- cadences ----------------------------------------------------------------------------


def test_cadence_list_json_names_the_built_in_and_configured_cadences(
    pipeline: Followup,
) -> None:
    cadences = {item["name"]: item for item in as_json(pipeline.ok("cadence", "list", "--json"))}
    assert set(cadences) == {"event-warm", "new-angle", "engaged", "after-meeting", "one-shot"}
    assert cadences["event-warm"]["steps"] == 7
    assert cadences["event-warm"]["business_days"] == 36
    assert cadences["event-warm"]["default"] is True
    assert cadences["one-shot"] == {
        "name": "one-shot",
        "steps": 1,
        "business_days": 1,
        "default": False,
        "description": "A single nudge",
    }


def test_cadence_show_json_is_the_default_cadence_table(followup: Followup) -> None:
    steps = as_json(followup.ok("cadence", "show", "event-warm", "--json"))
    assert [(step["step"], step["wait"], step["channel"]) for step in steps] == [
        (1, 1, "email"),
        (2, 3, "email"),
        (3, 3, "call"),
        (4, 4, "linkedin"),
        (5, 5, "email"),
        (6, 10, "call"),
        (7, 10, "email"),
    ]
    assert steps[0]["action"] == RECAP
    assert steps[6]["action"] == "Close the loop politely; leave the door open"


def test_cadence_simulate_json_gives_the_real_calendar(followup: Followup) -> None:
    plan = as_json(
        followup.ok("cadence", "simulate", "event-warm", "--start", "2026-02-20", "--json")
    )
    assert [(row["step"], row["due"], row["day"], row["channel"]) for row in plan] == [
        (1, "2026-02-23", "Mon", "email"),
        (2, "2026-02-26", "Thu", "email"),
        (3, "2026-03-03", "Tue", "call"),
        (4, "2026-03-09", "Mon", "linkedin"),
        (5, "2026-03-16", "Mon", "email"),
        (6, "2026-03-30", "Mon", "call"),
        (7, "2026-04-13", "Mon", "email"),
        ("decide", "2026-04-27", "Mon", None),
    ]


def test_cadence_simulate_skips_configured_public_holidays(followup: Followup) -> None:
    followup.config.write_text('[calendar]\nholidays = "US"\n', encoding="utf-8")
    plan = as_json(
        followup.ok("cadence", "simulate", "event-warm", "--start", "2026-05-21", "--json")
    )
    # Step 2 waits 3 business days after Fri 22 May, skipping Memorial Day (Mon 25 May).
    assert [row["due"] for row in plan[:2]] == ["2026-05-22", "2026-05-28"]


# -- the database file ----------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("how", ["--db", "FOLLOWUP_DB"])
def test_a_new_database_is_private_to_its_owner(
    followup: Followup, tmp_path: Path, how: str
) -> None:
    db = tmp_path / "private" / "followup.db"
    if how == "--db":
        followup.ok("--db", str(db), "add", "Maria Gonzalez", "-q")
    else:
        followup.ok("add", "Maria Gonzalez", "-q", FOLLOWUP_DB=str(db))
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700


def test_db_option_and_followup_db_env_each_choose_the_database(
    followup: Followup, tmp_path: Path
) -> None:
    by_option, by_env = tmp_path / "option.db", tmp_path / "env.db"
    followup.ok("--db", str(by_option), "add", "Maria Gonzalez", FOLLOWUP_DB=str(by_env))
    followup.ok("add", "Kenji Watanabe", FOLLOWUP_DB=str(by_env))

    def names(*args: str, **env: str) -> list[str]:
        return [record["name"] for record in as_json(followup.ok(*args, "list", "--json", **env))]

    assert names("--db", str(by_option)) == ["Maria Gonzalez"]
    assert names(FOLLOWUP_DB=str(by_env)) == ["Kenji Watanabe"]
    assert names("--db", str(by_option), FOLLOWUP_DB=str(by_env)) == ["Maria Gonzalez"]
    assert not followup.db.exists()


def test_python_dash_m_followup_runs_the_same_command(followup: Followup) -> None:
    help_run = subprocess.run(
        [sys.executable, "-m", "followup", "--help"],
        capture_output=True,
        text=True,
        env=followup.env(),
        timeout=60,
    )
    assert help_run.returncode == 0, help_run.stderr
    assert "Usage: followup" in help_run.stdout
    for command in ("today", "log", "show", "cadence"):
        assert command in help_run.stdout

    count_run = subprocess.run(
        [sys.executable, "-m", "followup", "today", "--count"],
        capture_output=True,
        text=True,
        env=followup.env(),
        timeout=60,
    )
    assert (count_run.returncode, count_run.stdout) == (0, "0\n")
    assert os.path.exists(followup.db)
