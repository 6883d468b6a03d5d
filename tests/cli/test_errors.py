"""Every way a command can be refused, through the real `followup` command.

The contract for each: the right exit code (1 for a request that cannot be
carried out, 2 for a malformed command line), one line on stderr starting
`followup: error:` that says what was wrong, nothing on stdout, no traceback,
and not a single row of the database changed.
"""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ERROR, MEMORY_LIMIT, Followup, refused

VALUE = "TMS benchmark on their own lane data"


@pytest.fixture(scope="module")
def pipeline_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ann is on a retry (step 3 after two touches), Anna's first touch is due."""
    maker = Followup(tmp_path_factory.mktemp("pipeline"))
    maker.ok(
        "add", "Ann Lee", "--company", "Acme", "--email", "ann@acme.example", "--met", "2026-02-20",
        "--phone", "+49 30 1234567",
    )  # fmt: skip
    maker.ok("log", "Ann Lee", "--on", "2026-02-23")
    maker.ok(
        "log", "Ann Lee", "--on", "2026-02-26",
        "-a", f"value={VALUE}", "-a", "problem=late deliveries", "-a", "decider=yes, with the CFO",
    )  # fmt: skip
    maker.ok(
        "add", "Anna Berg", "--company", "Beta", "--email", "anna@beta.example",
        "--met", "2026-02-27",
    )  # fmt: skip
    return maker.db


@pytest.fixture
def pipeline(followup: Followup, pipeline_db: Path) -> Followup:
    shutil.copy2(pipeline_db, followup.db)
    return followup


# -- naming a contact ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("show", "nobody"), "no contact matches 'nobody'"),
        (("show", "99"), "no contact with id 99"),
        (("log", "#99"), "no contact with id 99"),
        (("reply", "someone@nowhere.example"), "no contact matches 'someone@nowhere.example'"),
        (("snooze", "nobody", "+1w"), "no contact matches 'nobody'"),
        (("edit", "nobody", "--company", "X"), "no contact matches 'nobody'"),
        (("delete", "nobody", "--yes"), "no contact matches 'nobody'"),
        (("won", "nobody"), "no contact matches 'nobody'"),
    ],
)
def test_an_unknown_contact_is_refused_and_writes_nothing(
    pipeline: Followup, args: tuple[str, ...], fragment: str
) -> None:
    assert fragment in refused(pipeline, *args)


@pytest.mark.parametrize("command", [("show",), ("log",), ("archive",)])
def test_an_ambiguous_name_part_lists_the_candidates(
    pipeline: Followup, command: tuple[str, ...]
) -> None:
    message = refused(pipeline, *command, "ann")
    assert "'ann' matches 2 contacts" in message
    assert "#1 Ann Lee (Acme)" in message
    assert "#2 Anna Berg (Beta)" in message


# -- dates ----------------------------------------------------------------------

BAD_DATES = [
    pytest.param("2026-02-30", "'2026-02-30' is not a real date", id="no-such-day"),
    pytest.param("someday", "cannot read 'someday' as a date", id="unreadable"),
    pytest.param("", "an empty date is not a date", id="empty"),
]
DATE_COMMANDS = [
    pytest.param(("add", "Kenji Watanabe", "--met", "{}"), id="add--met"),
    pytest.param(("log", "berg", "--on", "{}"), id="log--on"),
    pytest.param(("reply", "berg", "--on", "{}"), id="reply--on"),
    pytest.param(("snooze", "berg", "{}"), id="snooze"),
    pytest.param(("away", "{}", "2026-03-20"), id="away-from"),
    pytest.param(("away", "2026-03-16", "{}"), id="away-to"),
    pytest.param(("meeting", "berg", "--on", "{}"), id="meeting--on"),
    pytest.param(("event", "add", "Web Summit", "--date", "{}"), id="event-add--date"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD_DATES)
@pytest.mark.parametrize("template", DATE_COMMANDS)
def test_a_bad_date_is_refused_and_writes_nothing(
    pipeline: Followup, template: tuple[str, ...], text: str, fragment: str
) -> None:
    args = [arg.replace("{}", text) for arg in template]
    message = refused(pipeline, *args)
    assert fragment in message
    assert "try 2026-03-05" in message or "not a real date" in message


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("log", "berg", "--on", "tomorrow"), "a touch cannot be in the future (Tue 2026-03-03)"),
        (("log", "berg", "--on", "2026-03-10"), "a touch cannot be in the future"),
        (("reply", "berg", "--on", "+2d"), "a reply cannot be in the future (Wed 2026-03-04)"),
        (("add", "Kenji Watanabe", "--met", "friday"), "--met cannot be in the future"),
        (("log", "berg", "--on", "2026-02-20"), "a touch cannot be before you met Anna Berg"),
        (("snooze", "berg", "yesterday"), "cannot snooze into the past"),
        (("away", "2026-03-20", "2026-03-16"), "is before FROM"),
    ],
)
def test_a_date_on_the_wrong_side_of_today_is_refused(
    pipeline: Followup, args: tuple[str, ...], fragment: str
) -> None:
    assert fragment in refused(pipeline, *args)


def test_a_reply_backdated_before_the_last_touch_is_refused(pipeline: Followup) -> None:
    message = refused(pipeline, "reply", "lee", "--on", "2026-02-24")
    assert "cannot be before the last touch with Ann Lee on Thu 2026-02-26" in message


def test_a_touch_logged_before_the_last_one_is_a_backfill(pipeline: Followup) -> None:
    logged = pipeline.ok("log", "lee", "--on", "2026-02-25", "--channel", "call")
    assert "Logged a touch for #1 Ann Lee (Acme). Next: step 3/7 (call)" in logged.err
    touches = json.loads(pipeline.ok("touch", "list", "lee", "--json").out)
    assert [(t["date"], t["step"]) for t in touches] == [
        ("2026-02-23", 1), ("2026-02-25", None), ("2026-02-26", 2),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "args", [("today",), ("today", "--count"), ("add", "Kenji Watanabe"), ("log", "berg")]
)
def test_a_garbage_followup_now_is_refused(pipeline: Followup, args: tuple[str, ...]) -> None:
    message = refused(pipeline, *args, now="garbage")
    assert "FOLLOWUP_NOW='garbage' is not an ISO date or datetime" in message


# -- the config file ------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        pytest.param('default_cadence = "event-warm', "is not valid TOML", id="invalid-toml"),
        pytest.param(
            '[cadences.x]\nsteps = [{ wait = 1, channel = "fax", action = "Fax them" }]\n',
            "cadences.x.steps[1].channel: 'fax' is not a channel",
            id="bad-channel",
        ),
        pytest.param(
            "[cadences.x]\nsteps = [\n"
            '  { wait = 1, channel = "email", action = "Recap" },\n'
            '  { wait = -2, channel = "call", action = "Call" },\n]\n',
            "cadences.x.steps[2].wait",
            id="negative-wait",
        ),
        pytest.param('default_cadence = "nope"\n', "default_cadence: no cadence named", id="dflt"),
        pytest.param("[pipeline]\nmin_active = -1\n", "pipeline.min_active", id="min-active"),
        pytest.param('colour = "red"\n', "colour: unknown setting", id="unknown-key"),
        pytest.param(
            '[[questions]]\nkey = "risk"\ntext = "Risk?"\n', "must keep the 'value'", id="no-value"
        ),
        pytest.param('[calendar]\nholidays = "ZZ"\n', "calendar.holidays:", id="bad-country"),
    ],
)
def test_a_bad_config_stops_the_command_naming_the_key(
    pipeline: Followup, config: str, fragment: str
) -> None:
    pipeline.config.write_text(config, encoding="utf-8")
    for args in (("add", "Kenji Watanabe"), ("log", "lee", "--skip-check", "--reason", "x")):
        message = refused(pipeline, *args)
        assert f"config {pipeline.config}" in message
        assert fragment in message


def test_a_bad_config_stops_today_before_it_prints_anything(pipeline: Followup) -> None:
    pipeline.config.write_text("[pipeline]\nmin_active = -1\n", encoding="utf-8")
    assert "pipeline.min_active" in refused(pipeline, "today")


# -- the value-check gate -------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ((), "value, problem, decider"),
        (("-a", "value=A pilot on one lane"), "problem, decider"),
        (("-a", "value=A pilot on one lane", "-a", "problem=late deliveries"), "decider"),
        (("-a", "value=   ", "-a", "problem=late deliveries", "-a", "decider=yes"), "value"),
    ],
)
def test_a_retry_missing_required_answers_is_refused_naming_the_keys(
    pipeline: Followup, answers: tuple[str, ...], missing: str
) -> None:
    message = refused(pipeline, "log", "lee", *answers)
    assert message == f"{ERROR}value-check refused: missing required answer(s): {missing}"


@pytest.mark.parametrize("repeat", [VALUE, VALUE.upper(), f"  {VALUE.lower()}. "])
def test_retry_with_repeated_value_is_refused_and_writes_nothing(
    pipeline: Followup, repeat: str
) -> None:
    message = refused(
        pipeline, "log", "lee",
        "-a", f"value={repeat}", "-a", "problem=late deliveries", "-a", "decider=yes",
    )  # fmt: skip
    assert "value-check refused" in message
    assert "'value' repeats an earlier answer for this contact" in message


def test_an_unknown_answer_key_is_refused(pipeline: Followup) -> None:
    message = refused(
        pipeline, "log", "lee", "-a", "value=A pilot on one lane", "-a", "problem=late deliveries",
        "-a", "decider=yes", "-a", "budget=50k",
    )  # fmt: skip
    assert "unknown value-check key(s): budget" in message
    assert "known: value, problem, decider, risk, learned, stakes" in message


def test_an_unknown_answer_key_is_refused_on_a_first_touch_too(pipeline: Followup) -> None:
    assert "unknown value-check key(s): budget" in refused(
        pipeline, "log", "berg", "-a", "budget=x"
    )


@pytest.mark.parametrize("pair", ["value", "=no key", ""])
def test_an_answer_without_key_and_equals_sign_is_a_usage_error(
    pipeline: Followup, pair: str
) -> None:
    message = refused(pipeline, "log", "lee", "--answer", pair, code=2)
    assert f"--answer takes KEY=TEXT, got {pair!r}" in message


def test_a_missing_answers_file_is_refused(pipeline: Followup, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    message = refused(pipeline, "log", "lee", "--answers", str(missing))
    assert f"cannot read answers file {missing}" in message


def test_an_endless_answers_file_is_refused_after_a_bounded_read(pipeline: Followup) -> None:
    message = refused(pipeline, "log", "lee", "--answers", "/dev/zero", memory=MEMORY_LIMIT)
    assert message == f"{ERROR}answers file /dev/zero is larger than 1 MiB, the most it may be"


def test_a_100_mb_answers_file_is_refused_unread(pipeline: Followup, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    with answers.open("wb") as file:
        file.write(b'value = "')
        file.truncate(100 * 1024 * 1024)  # the rest of it a hole: no disk taken
    message = refused(pipeline, "log", "lee", "--answers", str(answers), memory=MEMORY_LIMIT)
    assert message == f"{ERROR}answers file {answers} is larger than 1 MiB, the most it may be"


@pytest.mark.parametrize("how", ["file", "option"])
def test_an_answer_over_10000_characters_is_refused_naming_its_key(
    pipeline: Followup, tmp_path: Path, how: str
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"value": VALUE, "problem": "p" * 10_001, "decider": "yes"}))
    given = ("--answers", str(answers)) if how == "file" else ("-a", f"problem={'p' * 10_001}")
    message = refused(pipeline, "log", "lee", *given, "-a", "value=a new case", "-a", "decider=y")
    assert message == f"{ERROR}answer 'problem' is longer than 10,000 characters"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("answers.json", '["value", "problem"]', "is not a TOML or JSON table"),
        ("answers.json", '{"value": "A pilot",', "is not a TOML or JSON table"),
        ("answers.json", '{"value": 42}', "must map question keys to text"),
        ("answers.toml", "value = A pilot", "is not a TOML or JSON table"),
        ("answers.toml", "[value]\ntext = 'A pilot'\n", "must map question keys to text"),
    ],
)
def test_an_answers_file_that_is_not_a_table_of_text_is_refused(
    pipeline: Followup, tmp_path: Path, name: str, content: str, fragment: str
) -> None:
    answers = tmp_path / name
    answers.write_text(content, encoding="utf-8")
    message = refused(pipeline, "log", "lee", "--answers", str(answers))
    assert f"answers file {answers}" in message
    assert fragment in message


@pytest.mark.parametrize("reason", [(), ("--reason", ""), ("--reason", "   ")])
def test_skip_check_without_a_reason_is_refused(
    pipeline: Followup, reason: tuple[str, ...]
) -> None:
    message = refused(pipeline, "log", "lee", "--skip-check", *reason)
    assert "--skip-check needs --reason" in message


def test_skip_check_with_a_reason_logs_the_retry_and_records_why(pipeline: Followup) -> None:
    result = pipeline.ok("log", "lee", "--skip-check", "--reason", "she asked me to call today")
    assert result.out == ""
    assert "Logged step 3/7 for #1 Ann Lee (Acme)" in result.err

    touch = json.loads(pipeline.ok("show", "lee", "--json").out)["touches"][-1]
    assert touch["step"] == 3
    assert touch["channel"] == "call"
    assert touch["check_skipped"] is True
    assert touch["skip_reason"] == "she asked me to call today"
    assert touch["answers"] == {}


def test_a_checked_retry_is_not_marked_as_skipped(pipeline: Followup) -> None:
    touches = json.loads(pipeline.ok("show", "lee", "--json").out)["touches"]
    assert [touch["check_skipped"] for touch in touches] == [False, False]
    assert [touch["skip_reason"] for touch in touches] == [None, None]


# -- option values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("log", "berg", "--channel", "fax"), "--channel 'fax' is not one of: email, call"),
        (("log", "berg", "--outcome", "ghosted"), "--outcome 'ghosted' is not one of: sent"),
        (("reply", "berg", "--via", "pigeon"), "--via 'pigeon' is not one of: email"),
        (("list", "--status", "hot"), "--status 'hot' is not one of: active, engaged"),
        (("add", "Kenji Watanabe", "--email", "kenji"), "--email 'kenji' is not an email"),
        (("add", "Kenji Watanabe", "--tz", "Mars/Olympus"), "--tz 'Mars/Olympus' is not a time"),
        (("add", "Kenji Watanabe", "--cadence", "nope"), "no cadence named 'nope'"),
        (("nurture", "berg", "--every", "often"), "cannot read 'often' as a duration"),
        (("nurture", "berg", "--every", ""), "cannot read '' as a duration"),
        (("cadence", "show", "nope"), "no cadence named 'nope'"),
        (("event", "show", "Nowhere Summit"), "no event named 'Nowhere Summit'"),
    ],
)
def test_an_invalid_option_value_is_refused(
    pipeline: Followup, args: tuple[str, ...], fragment: str
) -> None:
    assert fragment in refused(pipeline, *args)


@pytest.mark.parametrize("command", ["today", "upcoming", "list"])
def test_json_and_csv_together_is_a_usage_error(pipeline: Followup, command: str) -> None:
    message = refused(pipeline, command, "--json", "--csv", code=2)
    assert "choose one of --json and --csv" in message


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("tomorrow",), "No such command 'tomorrow'"),
        (("list", "--colour"), "No such option: --colour"),
        (("today", "--limit", "0"), "Invalid value for '--limit'"),
        (("upcoming", "--days", "99999999999999999999"), "Invalid value for '--days'"),
        (("meeting", "berg"), "Missing option '--on'"),
        (("snooze", "berg"), "Missing argument 'until'"),
        (("today", "-i"), "today -i needs a terminal"),
    ],
)
def test_a_malformed_command_line_is_a_one_line_usage_error(
    pipeline: Followup, args: tuple[str, ...], fragment: str
) -> None:
    assert fragment in refused(pipeline, *args, code=2)


# -- contacts ---------------------------------------------------------------------


def test_delete_without_yes_in_a_script_deletes_nothing(pipeline: Followup) -> None:
    message = refused(pipeline, "delete", "berg")
    assert message == f"{ERROR}not deleting #2 Anna Berg (Beta) without --yes"
    assert json.loads(pipeline.ok("show", "berg", "--json").out)["id"] == 2


@pytest.mark.parametrize("email", ["ann@acme.example", "ANN@Acme.Example"])
def test_adding_a_second_contact_with_the_same_email_is_refused(
    pipeline: Followup, email: str
) -> None:
    message = refused(pipeline, "add", "Ann Lee-Smith", "--email", email)
    assert "#1 Ann Lee (Acme) already has the email" in message


def test_editing_an_email_into_a_duplicate_is_refused(pipeline: Followup) -> None:
    message = refused(pipeline, "edit", "berg", "--email", "ann@acme.example")
    assert "#1 Ann Lee (Acme) already has the email ann@acme.example" in message


@pytest.mark.parametrize("name", ["", "   "])
def test_a_contact_needs_a_name(pipeline: Followup, name: str) -> None:
    assert refused(pipeline, "add", name) == f"{ERROR}a contact needs a name"
    assert refused(pipeline, "edit", "berg", "--name", name) == f"{ERROR}a contact needs a name"


def test_edit_with_nothing_to_change_is_refused(pipeline: Followup) -> None:
    assert "nothing to change" in refused(pipeline, "edit", "berg")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("add", "Evil\nName"), "NAME"),
        (("add", "Evil\u2028Name"), "NAME"),
        (("edit", "berg", "--name", "Anna\rBerg"), "--name"),
        (("add", "Kenji Watanabe", "--company", "Hikari\tFoods"), "--company"),
        (("add", "Kenji Watanabe", "--title", "COO\x1b[31m"), "--title"),
        (("add", "Kenji Watanabe", "--email", "kenji@hikari.example\n"), "--email"),
        (("add", "Kenji Watanabe", "--phone", "+81\x7f"), "--phone"),
        (("add", "Kenji Watanabe", "--linkedin", "https://x.example/\x85k"), "--linkedin"),
        (("add", "Kenji Watanabe", "--tz", "Asia/Tokyo\n"), "--tz"),
        (("add", "Kenji Watanabe", "--event", "Web\nSummit"), "--event"),
        (("edit", "berg", "--tag", "cfo\nwarm"), "--tag"),
        # A right-to-left override would show the rest of a table line reversed.
        (("add", "Eve \u202egnirts"), "NAME"),
    ],
)
def test_a_control_character_in_a_one_line_field_is_refused(
    pipeline: Followup, args: tuple[str, ...], option: str
) -> None:
    message = refused(pipeline, *args)
    assert message == f"{ERROR}{option} cannot contain control characters or line breaks"


@pytest.mark.parametrize(
    "args", [("add", "Kenji Watanabe", "--event", "   "), ("edit", "berg", "--event", "")]
)
def test_a_blank_event_name_is_refused(pipeline: Followup, args: tuple[str, ...]) -> None:
    assert refused(pipeline, *args) == f"{ERROR}--event cannot be blank"


def test_adding_at_a_future_event_without_met_is_refused(pipeline: Followup) -> None:
    pipeline.ok("event", "add", "Web Summit", "--date", "+2w")
    message = refused(pipeline, "add", "Kenji Watanabe", "--event", "Web Summit")
    assert "'Web Summit' is on Mon 2026-03-16, in the future" in message
    assert "give --met" in message


@pytest.mark.parametrize("query", ["\u00b2", "#\u0663", "99999999999999999999"])
def test_an_id_that_is_not_plain_ascii_digits_or_too_long_is_a_name_not_found(
    pipeline: Followup, query: str
) -> None:
    assert refused(pipeline, "show", query) == f"{ERROR}no contact matches {query!r}"


# -- the database file --------------------------------------------------------------


def test_a_db_that_is_not_sqlite_is_refused_and_left_untouched(
    followup: Followup, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("call Ann on Tuesday\n", encoding="utf-8")
    before = sorted(path.name for path in tmp_path.iterdir())
    for args in (("today",), ("add", "Kenji Watanabe"), ("list", "--json")):
        message = refused(followup, "--db", str(notes), *args)
        assert f"cannot open database {notes}: file is not a database" in message
    assert notes.read_text(encoding="utf-8") == "call Ann on Tuesday\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_a_db_whose_folder_cannot_be_created_is_refused(followup: Followup, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    wanted = blocker / "sub" / "followup.db"
    message = refused(followup, "--db", str(wanted), "add", "Kenji Watanabe")
    assert f"cannot create database {wanted}" in message
    assert blocker.read_text(encoding="utf-8") == ""


def test_an_empty_db_option_is_refused_rather_than_ignored(pipeline: Followup) -> None:
    assert "--db needs a file path" in refused(pipeline, "--db", "", "add", "Kenji Watanabe")


def test_a_db_that_is_not_a_file_is_refused(followup: Followup, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for path in (tmp_path, fifo):
        message = refused(followup, "--db", str(path), "today")
        assert message == f"{ERROR}cannot open database {path}: it is not a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.db"]  # no journal left behind


# -- the journey: reminders, pauses ------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("remind", "berg", "2026-02-01", "too late"), 1, "a reminder cannot be in the past"),
        (("remind", "berg", "friday", ""), 1, "TEXT is empty"),
        (("remind", "berg", "friday", "two\nlines"), 1, "control characters or line breaks"),
        (("remind", "berg", "friday"), 2, "say when and what: `remind CONTACT WHEN TEXT`"),
        (("remind", "berg", "friday", "x", "--done"), 2, "takes no WHEN or TEXT"),
        (("remind", "--done", "berg"), 1, "#2 Anna Berg (Beta) has no reminder due"),
        (("remind", "nobody", "friday", "x"), 1, "no contact matches 'nobody'"),
        (("pause", "berg"), 2, "Missing option '--until'"),
        (("pause", "berg", "--until", "2026-02-01"), 1, "--until cannot be in the past"),
        (("pause", "berg", "--until", "someday"), 1, "someday"),
        (("resume", "berg"), 1, "#2 Anna Berg (Beta) is active, not paused"),
        (("reply", "berg", "--ooo"), 2, "--ooo and --until go together"),
        (("reply", "berg", "--until", "friday"), 2, "--ooo and --until go together"),
        (
            ("reply", "berg", "--ooo", "--until", "friday", "--on", "2026-02-27"),
            2,
            "an out-of-office reply is recorded today",
        ),
        (("reply", "berg", "--ooo", "--until", "friday", "--via", "fax"), 1, "--via 'fax'"),
        (("touch", "edit", "99", "--note", "x"), 1, "no touch with id 99"),
        (("touch", "edit", "1"), 2, "say what to change: --on, --channel, --outcome or --note"),
        (("touch", "edit", "1", "--on", "2026-02-01"), 1, "cannot be before you met"),
        (("touch", "edit", "1", "--outcome", "ghosted"), 1, "--outcome 'ghosted' is not one of"),
        (("touch", "delete", "1"), 2, "pass --yes to delete it"),
        (("touch", "delete", "0", "--yes"), 2, "0 is not in the range"),
        (("touch", "list", "nobody"), 1, "no contact matches 'nobody'"),
        (("log", "lee", "--on", "2026-02-19"), 1, "cannot be before you met"),
    ],
)
def test_a_journey_command_that_cannot_be_carried_out_is_refused(
    pipeline: Followup, args: tuple[str, ...], code: int, fragment: str
) -> None:
    assert fragment in refused(pipeline, *args, code=code)


def test_a_closed_contact_is_neither_reminded_nor_paused(pipeline: Followup) -> None:
    pipeline.ok("archive", "berg")
    assert "is archived: reminders are for open contacts" in refused(
        pipeline, "remind", "berg", "friday", "x"
    )
    assert "is archived: only an open contact is paused" in refused(
        pipeline, "pause", "berg", "--until", "friday"
    )


def test_a_booked_meeting_is_moved_rather_than_paused(pipeline: Followup) -> None:
    pipeline.ok("meeting", "berg", "--on", "2026-03-10")
    message = refused(pipeline, "pause", "berg", "--until", "friday")
    assert message.endswith("move it with `followup meeting 2 --on DATE` instead")
