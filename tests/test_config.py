"""config.load: the user's TOML file, validated, with errors that name the exact key."""

from datetime import date
from pathlib import Path

import pytest

from followup import config
from followup.domain.cadence import BUILTIN_CADENCES, EVENT_WARM, NEW_ANGLE, Cadence, Step
from followup.domain.dates import Offset
from followup.domain.valuecheck import DEFAULT_QUESTIONS, Question
from followup.errors import ConfigError, NotFound

PARTNER = """
[cadences.partner]
description = "Channel partners"
steps = [
  { wait = 2, channel = "email", action = "Send the partner deck" },
  { wait = 5, channel = "call", action = "Walk through the margins" },
]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> config.Config:
    return config.load(write(tmp_path, text))


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as error:
        load(tmp_path, text)
    return str(error.value)


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = config.load(tmp_path / "absent.toml")
    assert loaded.cadences == BUILTIN_CADENCES
    assert loaded.default_cadence == "event-warm"
    assert loaded.cadence(None) == EVENT_WARM
    assert loaded.questions == DEFAULT_QUESTIONS
    assert loaded.holiday_country is None
    assert loaded.holiday_subdivision is None
    assert loaded.min_active == 20
    assert loaded.nurture_every == Offset(60, "d")


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    loaded = config.load(path)
    assert loaded.cadences == BUILTIN_CADENCES
    assert loaded.questions == DEFAULT_QUESTIONS
    assert loaded.path == path


def test_path_comes_from_followup_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "[pipeline]\nmin_active = 7\n")
    monkeypatch.setenv("FOLLOWUP_CONFIG", str(path))
    assert config.config_path() == path
    assert config.load().min_active == 7


def test_user_cadence_is_added_next_to_the_builtins(tmp_path: Path) -> None:
    loaded = load(tmp_path, PARTNER)
    assert loaded.cadence("partner") == Cadence(
        "partner",
        (Step(2, "email", "Send the partner deck"), Step(5, "call", "Walk through the margins")),
        "Channel partners",
    )
    assert loaded.cadence("event-warm") == EVENT_WARM
    assert loaded.cadence("new-angle") == NEW_ANGLE


def test_user_cadence_in_array_of_tables_form(tmp_path: Path) -> None:
    text = """
[[cadences.quick.steps]]
wait = 0
channel = "in-person"
action = "Say hello at the booth"

[[cadences.quick.steps]]
wait = 365
channel = "other"
action = "Send a card"
"""
    quick = load(tmp_path, text).cadence("quick")
    assert quick.steps == (
        Step(0, "in-person", "Say hello at the booth"),
        Step(365, "other", "Send a card"),
    )
    assert quick.description == ""


def test_builtin_cadence_is_overridden_by_name(tmp_path: Path) -> None:
    text = """
[cadences.event-warm]
steps = [{ wait = 2, channel = "linkedin", action = "Connect" }]
"""
    loaded = load(tmp_path, text)
    assert loaded.cadence("event-warm").steps == (Step(2, "linkedin", "Connect"),)
    assert loaded.cadence(None).steps == (Step(2, "linkedin", "Connect"),)
    assert loaded.cadence("new-angle") == NEW_ANGLE
    assert BUILTIN_CADENCES["event-warm"] == EVENT_WARM


def test_default_cadence_can_name_a_user_cadence(tmp_path: Path) -> None:
    loaded = load(tmp_path, 'default_cadence = "partner"\n' + PARTNER)
    assert loaded.cadence(None).name == "partner"


def test_default_cadence_must_exist(tmp_path: Path) -> None:
    message = load_error(tmp_path, 'default_cadence = "partners"\n' + PARTNER)
    assert message.endswith("default_cadence: no cadence named 'partners'")


def test_unknown_cadence_is_not_found_and_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as error:
        load(tmp_path, PARTNER).cadence("partnr")
    known = "after-meeting, engaged, event-warm, new-angle, partner"
    assert str(error.value) == f"no cadence named 'partnr' (known: {known})"


def test_bad_channel_names_the_step_key(tmp_path: Path) -> None:
    text = PARTNER.replace('channel = "call"', 'channel = "fax"')
    message = load_error(tmp_path, text)
    assert "cadences.partner.steps[2].channel: 'fax' is not a channel" in message
    assert "email, call, linkedin, text, in-person, other" in message


def test_missing_channel_names_the_step_key(tmp_path: Path) -> None:
    text = '[cadences.partner]\nsteps = [{ wait = 2, action = "Hi" }]\n'
    assert "cadences.partner.steps[1].channel: None is not a channel" in load_error(tmp_path, text)


@pytest.mark.parametrize("wait", ["-1", "366", '"3"', "true", "2.5"])
def test_bad_wait_names_the_step_key(tmp_path: Path, wait: str) -> None:
    text = PARTNER.replace("wait = 2,", f"wait = {wait},")
    message = load_error(tmp_path, text)
    assert (
        "cadences.partner.steps[1].wait: must be a whole number of business days from 0 to 365"
        in message
    )


def test_missing_action_names_the_step_key(tmp_path: Path) -> None:
    text = '[cadences.partner]\nsteps = [{ wait = 2, channel = "email" }]\n'
    assert "cadences.partner.steps[1].action: is required" in load_error(tmp_path, text)


def test_unknown_key_in_a_step_names_it(tmp_path: Path) -> None:
    text = PARTNER.replace("wait = 5,", "wait = 5, delay = 3,")
    message = load_error(tmp_path, text)
    assert "cadences.partner.steps[2].delay: unknown setting (known: action, channel, wait)" in (
        message
    )


def test_unknown_key_in_a_cadence_names_it(tmp_path: Path) -> None:
    message = load_error(tmp_path, PARTNER + 'owner = "me"\n')
    assert "cadences.partner.owner: unknown setting" in message


def test_cadence_without_steps_is_refused(tmp_path: Path) -> None:
    message = load_error(tmp_path, '[cadences.partner]\ndescription = "x"\n')
    assert "cadences.partner.steps: must be a non-empty list of steps" in message
    message = load_error(tmp_path, "[cadences.partner]\nsteps = []\n")
    assert "cadences.partner.steps: must be a non-empty list of steps" in message


def test_cadence_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    assert "cadences.partner: must be a table" in load_error(tmp_path, "cadences.partner = 3\n")
    assert "cadences: must be a table" in load_error(tmp_path, "cadences = 3\n")


def test_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    message = load_error(tmp_path, 'cadence = "partner"\n')
    assert message.startswith(f"config {tmp_path / 'config.toml'}: cadence: unknown setting")
    known = ", ".join(sorted(config.TOP_LEVEL_KEYS))
    assert known == (
        "accounts, cadences, calendar, calls, channels, default_cadence, imap, inbox, nurture, "
        "pipeline, questions, smtp, templates, today, user"
    )
    assert f"(known: {known})" in message


def test_unknown_key_in_a_section_is_refused(tmp_path: Path) -> None:
    assert "calendar.country: unknown setting" in load_error(
        tmp_path, '[calendar]\ncountry = "US"\n'
    )
    assert "pipeline.target: unknown setting" in load_error(tmp_path, "[pipeline]\ntarget = 5\n")
    assert "nurture.interval: unknown setting" in load_error(
        tmp_path, '[nurture]\ninterval = "60d"\n'
    )


def test_custom_questions_replace_the_defaults(tmp_path: Path) -> None:
    text = """
[[questions]]
key = "value"
text = "What is new for them?"
required = true

[[questions]]
key = "champion"
text = "Who inside wants this?"
"""
    assert load(tmp_path, text).questions == (
        Question("value", "What is new for them?", True),
        Question("champion", "Who inside wants this?", False),
    )


def test_questions_without_value_are_refused(tmp_path: Path) -> None:
    text = '[[questions]]\nkey = "problem"\ntext = "Their problem?"\nrequired = true\n'
    message = load_error(tmp_path, text)
    assert "questions: must keep the 'value' question" in message


def test_duplicate_question_key_names_the_entry(tmp_path: Path) -> None:
    text = """
[[questions]]
key = "value"
text = "New value?"

[[questions]]
key = "problem"
text = "Problem?"

[[questions]]
key = "problem"
text = "Problem again?"
"""
    assert "questions[3].key: 'problem' appears twice" in load_error(tmp_path, text)


def test_question_entries_are_validated(tmp_path: Path) -> None:
    assert "questions[1]: needs both key and text" in load_error(
        tmp_path, '[[questions]]\nkey = "value"\n'
    )
    assert "questions[1].required: must be true or false" in load_error(
        tmp_path, '[[questions]]\nkey = "value"\ntext = "New?"\nrequired = "yes"\n'
    )
    assert "questions[1].hint: unknown setting" in load_error(
        tmp_path, '[[questions]]\nkey = "value"\ntext = "New?"\nhint = "x"\n'
    )
    assert "questions: must be a non-empty list" in load_error(tmp_path, "questions = []\n")


def test_holidays_country_is_kept(tmp_path: Path) -> None:
    loaded = load(tmp_path, '[calendar]\nholidays = "US"\nsubdivision = "CA"\n')
    assert (loaded.holiday_country, loaded.holiday_subdivision) == ("US", "CA")


def holidays_error(tmp_path: Path, text: str) -> str:
    loaded = load(tmp_path, text)  # the country is checked when a calendar is needed
    with pytest.raises(ConfigError) as error:
        loaded.public_holidays()
    return str(error.value)


def test_bad_holidays_country_names_the_key(tmp_path: Path) -> None:
    message = holidays_error(tmp_path, '[calendar]\nholidays = "XX"\n')
    assert "calendar.holidays: the holidays package has no country 'XX' (ABW, AD, " in message


def test_bad_holidays_subdivision_names_the_subdivision_key(tmp_path: Path) -> None:
    message = holidays_error(tmp_path, '[calendar]\nholidays = "US"\nsubdivision = "ZZ"\n')
    assert "calendar.subdivision:" in message
    assert "ZZ" in message


def test_configured_country_gives_its_public_holidays(tmp_path: Path) -> None:
    loaded = load(tmp_path, '[calendar]\nholidays = "US"\n')
    assert date(2026, 11, 26) in loaded.public_holidays()  # Thanksgiving
    assert date(2026, 11, 26) not in config.load(tmp_path / "absent.toml").public_holidays()


def test_blank_holidays_country_is_refused(tmp_path: Path) -> None:
    message = load_error(tmp_path, '[calendar]\nholidays = " "\n')
    assert "calendar.holidays: must be a non-empty string" in message


def test_invalid_toml_is_a_config_error_naming_the_file_and_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, '[pipeline]\nmin_active = 5\n[cadences.partner\nsteps = "x"\n')
    assert message.startswith(f"config {tmp_path / 'config.toml'} is not valid TOML:")
    assert "line 3" in message


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ConfigError, match="cannot read config"):
        config.load(path)


@pytest.mark.parametrize(
    ("every", "expected"),
    [('"30d"', Offset(30, "d")), ('"8w"', Offset(8, "w")), ('"2m"', Offset(2, "m"))],
)
def test_nurture_every_is_parsed_as_a_duration(
    tmp_path: Path, every: str, expected: Offset
) -> None:
    assert load(tmp_path, f"[nurture]\nevery = {every}\n").nurture_every == expected


@pytest.mark.parametrize("every", ['"0d"', '"-5d"', '"often"', "60"])
def test_bad_nurture_every_names_the_key(tmp_path: Path, every: str) -> None:
    message = load_error(tmp_path, f"[nurture]\nevery = {every}\n")
    assert "nurture.every: cannot read" in message
    assert "as a duration" in message


def test_pipeline_min_active_is_read(tmp_path: Path) -> None:
    assert load(tmp_path, "[pipeline]\nmin_active = 0\n").min_active == 0
    assert load(tmp_path, "[pipeline]\nmin_active = 35\n").min_active == 35


@pytest.mark.parametrize("value", ["-1", '"20"', "true", "2.5"])
def test_bad_pipeline_min_active_names_the_key(tmp_path: Path, value: str) -> None:
    message = load_error(tmp_path, f"[pipeline]\nmin_active = {value}\n")
    assert "pipeline.min_active: must be a whole number ≥ 0" in message


@pytest.mark.parametrize("capacity", ["0", "-3", "2.5", "'ten'", "true"])
def test_a_days_capacity_is_a_whole_number_of_at_least_one(tmp_path: Path, capacity: str) -> None:
    assert "today.capacity: must be a whole number ≥ 1" in load_error(
        tmp_path, f"[today]\ncapacity = {capacity}\n"
    )
    assert load(tmp_path, "[today]\ncapacity = 12\n").capacity == 12


@pytest.mark.parametrize("fallback", ["'email'", "[]", "['email', 'fax']", "[1]"])
def test_a_fallback_is_a_list_of_known_channels(tmp_path: Path, fallback: str) -> None:
    message = load_error(tmp_path, f"[channels]\nfallback = {fallback}\n")
    assert "channels.fallback: must be a list of channels" in message
    ordered = load(tmp_path, "[channels]\nfallback = ['call', 'email']\n")
    assert ordered.fallback == ("call", "email")


def test_calling_hours_that_do_not_read_name_their_key(tmp_path: Path) -> None:
    message = load_error(tmp_path, '[calls]\nhours = "5pm-9am"\n')
    assert "calls.hours: '5pm-9am' is not calling hours like 09:00-17:30" in message
    assert str(load(tmp_path, '[calls]\nhours = "08:00-16:00"\n').call_hours) == "08:00-16:00"


def test_accounts_on_reply_pauses_by_default_and_can_continue(tmp_path: Path) -> None:
    assert config.parse({}).pause_account_on_reply
    assert not config.parse({"accounts": {"on_reply": "continue"}}).pause_account_on_reply
    message = load_error(tmp_path, '[accounts]\non_reply = "stop"\n')
    assert message.endswith("accounts.on_reply: must be one of: pause, continue")


def test_smtp_and_templates_are_read_and_checked(tmp_path: Path) -> None:
    parsed = config.parse(
        {
            "smtp": {"host": "mail.example", "from": "Sam <sam@example.com>", "security": "ssl"},
            "templates": {"event-warm/2": {"subject": "Hi {{ first_name }}"}},
        }
    )
    assert parsed.smtp is not None
    assert (parsed.smtp.host, parsed.smtp.port, parsed.smtp.security) == (
        "mail.example",
        465,
        "ssl",
    )
    assert parsed.templates == {"event-warm/2": {"subject": "Hi {{ first_name }}"}}
    message = load_error(tmp_path, '[smtp]\nhost = "x"\nfrom = "a@b"\nsecurity = "tls"\n')
    assert message.endswith("smtp.security: must be one of: starttls, ssl, none")
    assert load_error(tmp_path, '[smtp]\nhost = "x"\n').endswith(
        "smtp: needs at least host and from"
    )


def test_imap_and_inbox_settings_are_read_with_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[imap]\nhost = "imap.example.com"\nuser = "sam"\n[inbox]\nooo_default = 3\n')
    loaded = config.load(path)
    assert loaded.imap is not None
    assert (loaded.imap.port, loaded.imap.security, loaded.imap.folders) == (993, "ssl", ("INBOX",))
    assert loaded.ooo_default == 3


def test_bad_imap_and_inbox_settings_are_refused(tmp_path: Path) -> None:
    assert "imap: needs at least host and user" in load_error(tmp_path, '[imap]\nhost = "x"\n')
    assert "imap.folders: must be a list" in load_error(
        tmp_path, '[imap]\nhost = "x"\nuser = "u"\nfolders = "INBOX"\n'
    )
    assert "imap.security: must be one of" in load_error(
        tmp_path, '[imap]\nhost = "x"\nuser = "u"\nsecurity = "tls"\n'
    )
    assert "inbox.ooo_default: must be a whole number" in load_error(
        tmp_path, "[inbox]\nooo_default = 0\n"
    )
    assert "inbox.date_order: must be one of: dmy, mdy" in load_error(
        tmp_path, '[inbox]\ndate_order = "ymd"\n'
    )
    assert load(tmp_path, '[inbox]\ndate_order = "mdy"\n').ooo_date_order == "mdy"


def test_the_user_name_is_read_trimmed(tmp_path: Path) -> None:
    assert load(tmp_path, '[user]\nname = "  Sam Seller "\n').user_name == "Sam Seller"
    assert load(tmp_path, "").user_name is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[user]\nname = ""\n', "user.name: must be a non-empty string"),
        ("[user]\nname = 7\n", "user.name: must be a non-empty string"),
        ('[user]\nname = "Sam\\u001b[2J"\n', "user.name: must be one line of visible text"),
        ('[user]\nemail = "sam@example.com"\n', "user.email: unknown setting (known: name)"),
    ],
)
def test_a_bad_user_name_is_refused(tmp_path: Path, text: str, message: str) -> None:
    assert message in load_error(tmp_path, text)
