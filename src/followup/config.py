"""The user's TOML config: their cadences, questions, holidays and pipeline target.

Every entry is validated when read, and an error names the exact key, e.g.
``cadences.partner.steps[2].channel: 'fax' is not a channel``.
"""

import os
import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from followup.domain.cadence import (
    BUILTIN_CADENCES,
    CHANNELS,
    DEFAULT_NURTURE_EVERY,
    STAGE_CADENCES,
    Cadence,
    Step,
)
from followup.domain.callhours import DEFAULT_CALL_HOURS, CallHours, parse_call_hours
from followup.domain.channels import DEFAULT_FALLBACK
from followup.domain.dates import DATE_ORDERS, Offset, parse_duration
from followup.domain.valuecheck import DEFAULT_QUESTIONS, NEW_VALUE_KEY, Question
from followup.errors import ConfigError, FollowupError, NotFound

CONFIG_VARIABLE = "FOLLOWUP_CONFIG"
DEFAULT_CADENCE = "event-warm"
DEFAULT_MIN_ACTIVE = 20
T = TypeVar("T")
DEFAULT_DAY_OF_WORK = 10  # items, when today.capacity is not set
# ISO 3166-1 alpha-2 or alpha-3, as the holidays package names countries.
COUNTRY_CODE = re.compile(r"[A-Z]{2,3}")
TOP_LEVEL_KEYS = {
    "default_cadence", "calendar", "pipeline", "nurture", "cadences", "questions", "today",
    "channels", "calls", "accounts", "smtp", "templates", "imap", "inbox", "user",
}  # fmt: skip
# A mail server's security settings, the default first (see _choice), and the port each
# implies.
SMTP_SECURITY = ("starttls", "ssl", "none")
SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
IMAP_SECURITY = ("ssl", "starttls", "none")
IMAP_PORTS = {"ssl": 993, "starttls": 143, "none": 143}
DEFAULT_OOO_DAYS = 5  # business days an out-of-office reply pauses when it names no day
# What a reply (or a booked meeting) at an account does to the others' silent cadences.
ON_REPLY = ("pause", "continue")


@dataclass(frozen=True)
class Smtp:
    """Your own mail server, for `send` (the password is never in the config)."""

    host: str
    sender: str  # the From address: "Sam Seller <sam@example.com>"
    port: int
    security: str  # one of SMTP_SECURITY
    user: str | None = None
    password_command: str | None = None  # prints the password, e.g. `pass show smtp`


@dataclass(frozen=True)
class Imap:
    """Your own mailbox, for `inbox sync` (the password is never in the config)."""

    host: str
    user: str
    port: int
    security: str  # one of IMAP_SECURITY
    folders: tuple[str, ...] = ("INBOX",)
    password_command: str | None = None


@dataclass(frozen=True)
class Config:
    cadences: dict[str, Cadence] = field(default_factory=lambda: dict(BUILTIN_CADENCES))
    default_cadence: str = DEFAULT_CADENCE
    questions: tuple[Question, ...] = DEFAULT_QUESTIONS
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    min_active: int = DEFAULT_MIN_ACTIVE
    nurture_every: Offset = DEFAULT_NURTURE_EVERY
    # How many items a day you handle: `today` shows as many, `respace` spreads so.
    capacity: int | None = None
    # The order a step falls back through when its channel does not reach someone.
    fallback: tuple[str, ...] = DEFAULT_FALLBACK
    call_hours: CallHours = DEFAULT_CALL_HOURS
    # Whether a reply at an account pauses the others' silent cadences (see ON_REPLY).
    pause_account_on_reply: bool = True
    smtp: Smtp | None = None
    # Per step ("event-warm/2"), a subject and a body replacing the built-in text.
    templates: dict[str, dict[str, str]] = field(default_factory=dict)
    imap: Imap | None = None
    # Business days an out-of-office reply without a return day pauses the contact.
    ooo_default: int = DEFAULT_OOO_DAYS
    # How out-of-office texts write 03/04: "dmy" (the 3rd of April, as most of the
    # world) or "mdy" (March 4th, as in the US).
    ooo_date_order: str = "dmy"
    # Your name as the owner of the contacts you add (FOLLOWUP_USER overrides it).
    user_name: str | None = None
    path: Path | None = None

    @property
    def day_of_work(self) -> int:
        """How many items make a day's work: ``capacity``, or a default when unset."""
        return self.capacity or DEFAULT_DAY_OF_WORK

    def public_holidays(self) -> Container[date]:
        """The configured country's public holidays (none when no country is set).

        Checked here, when a command needs the calendar, rather than on every
        load: importing `holidays` costs more than all of `followup today`.
        """
        if not self.holiday_country:
            return frozenset()
        # The package finds a country by looking its code up as an attribute, so a name
        # like "__init__" would reach its internals: only a code is looked up at all.
        if not COUNTRY_CODE.fullmatch(self.holiday_country):
            raise self._bad(
                "calendar.holidays",
                f"{self.holiday_country!r} is not a country code (e.g. US, DE, GB, ESP)",
            )
        import holidays

        try:
            holidays.country_holidays(self.holiday_country)
        except NotImplementedError:
            known = ", ".join(sorted(holidays.list_supported_countries())[:8])
            raise self._bad(
                "calendar.holidays",
                f"the holidays package has no country {self.holiday_country!r} ({known}, …)",
            ) from None
        # Checked apart so that a bad subdivision is blamed on its own key.
        try:
            return holidays.country_holidays(self.holiday_country, subdiv=self.holiday_subdivision)
        except NotImplementedError as error:
            raise self._bad("calendar.subdivision", str(error)) from None

    def _bad(self, key: str, reason: str) -> ConfigError:
        return ConfigError(f"config {self.path}: {key}: {reason}")

    def cadence(self, name: str | None) -> Cadence:
        name = name or self.default_cadence
        try:
            return self.cadences[name]
        except KeyError:
            known = ", ".join(sorted(self.cadences))
            raise NotFound(f"no cadence named {name!r} (known: {known})") from None


def default_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("followup") / "config.toml"


def config_path() -> Path:
    configured = os.environ.get(CONFIG_VARIABLE, "").strip()
    return Path(configured).expanduser() if configured else default_path()


def load(path: Path | None = None) -> Config:
    """The config at ``path`` (default: ``FOLLOWUP_CONFIG`` or the user config dir).

    A missing file means the built-in defaults.
    """
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from None
    import tomllib  # only when there is a file: most people run on the defaults

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config {path} is not valid TOML: {error}") from None
    try:
        return parse(raw, path)
    except _Bad as error:
        raise ConfigError(f"config {path}: {error.key}: {error.reason}") from None


class _Bad(Exception):
    def __init__(self, key: str, reason: str):
        super().__init__(key, reason)
        self.key, self.reason = key, reason


def parse(raw: dict[str, Any], path: Path | None = None) -> Config:
    """A Config from a parsed TOML table; raises ``_Bad`` naming the offending key."""
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise _Bad(key, f"unknown setting (known: {', '.join(sorted(TOP_LEVEL_KEYS))})")
    cadences = dict(BUILTIN_CADENCES)
    for name, table in _table(raw, "cadences").items():
        cadences[name] = _cadence(name, table)
    default_cadence = _text(raw, "default_cadence", DEFAULT_CADENCE)
    if default_cadence not in cadences:
        raise _Bad("default_cadence", f"no cadence named {default_cadence!r}")
    if default_cadence in STAGE_CADENCES:
        raise _Bad("default_cadence", f"{default_cadence!r} is a stage's cadence, not a start")
    calendar = _table(raw, "calendar")
    _only(calendar, "calendar", {"holidays", "subdivision"})
    country = _text(calendar, "holidays", None, "calendar.holidays")
    subdivision = _text(calendar, "subdivision", None, "calendar.subdivision")
    pipeline = _table(raw, "pipeline")
    _only(pipeline, "pipeline", {"min_active"})
    min_active = pipeline.get("min_active", DEFAULT_MIN_ACTIVE)
    if not _whole(min_active, 0):
        raise _Bad("pipeline.min_active", "must be a whole number ≥ 0")
    today = _table(raw, "today")
    _only(today, "today", {"capacity"})
    capacity = today.get("capacity")
    if capacity is not None and not _whole(capacity, 1):
        raise _Bad("today.capacity", "must be a whole number ≥ 1")
    channels = _table(raw, "channels")
    _only(channels, "channels", {"fallback"})
    fallback = channels.get("fallback", list(DEFAULT_FALLBACK))
    if (
        not isinstance(fallback, list)
        or not fallback
        or any(channel not in CHANNELS for channel in fallback)
    ):
        raise _Bad("channels.fallback", f"must be a list of channels ({', '.join(CHANNELS)})")
    calls = _table(raw, "calls")
    _only(calls, "calls", {"hours"})
    call_hours = _parsed(calls, "calls.hours", parse_call_hours, DEFAULT_CALL_HOURS)
    accounts = _table(raw, "accounts")
    _only(accounts, "accounts", {"on_reply"})
    on_reply = _choice(accounts, "accounts.on_reply", ON_REPLY)
    smtp = _smtp(_table(raw, "smtp"))
    templates = _templates(_table(raw, "templates"))
    imap = _imap(_table(raw, "imap"))
    inbox = _table(raw, "inbox")
    _only(inbox, "inbox", {"ooo_default", "date_order"})
    ooo_default = inbox.get("ooo_default", DEFAULT_OOO_DAYS)
    if not _whole(ooo_default, 1):
        raise _Bad("inbox.ooo_default", "must be a whole number of business days ≥ 1")
    ooo_date_order = _choice(inbox, "inbox.date_order", DATE_ORDERS)
    user = _table(raw, "user")
    _only(user, "user", {"name"})
    user_name = _text(user, "name", None, "user.name")
    if user_name is not None:
        from followup.domain import fields  # only for a config that names you

        try:
            user_name = fields.seller("user.name", user_name)
        except FollowupError:
            raise _Bad("user.name", "must be one line of visible text") from None
    nurture = _table(raw, "nurture")
    _only(nurture, "nurture", {"every"})
    every = _parsed(nurture, "nurture.every", parse_duration, DEFAULT_NURTURE_EVERY)
    return Config(
        cadences=cadences,
        default_cadence=default_cadence,
        questions=_questions(raw.get("questions")),
        holiday_country=country,
        holiday_subdivision=subdivision,
        min_active=min_active,
        nurture_every=every,
        capacity=capacity,
        fallback=tuple(fallback),
        call_hours=call_hours,
        pause_account_on_reply=on_reply == "pause",
        smtp=smtp,
        templates=templates,
        imap=imap,
        ooo_default=ooo_default,
        ooo_date_order=ooo_date_order,
        user_name=user_name,
        path=path,
    )


def _smtp(table: dict[str, Any]) -> Smtp | None:
    if not table:
        return None
    _only(table, "smtp", {"host", "port", "user", "from", "security", "password_command"})
    host = _text(table, "host", None, "smtp.host")
    sender = _text(table, "from", None, "smtp.from")
    if not host or not sender:
        raise _Bad("smtp", "needs at least host and from")
    security = _choice(table, "smtp.security", SMTP_SECURITY)
    return Smtp(
        host=host,
        sender=sender,
        port=_port(table, "smtp.port", SMTP_PORTS[security]),
        security=security,
        user=_text(table, "user", None, "smtp.user"),
        password_command=_text(table, "password_command", None, "smtp.password_command"),
    )


def _imap(table: dict[str, Any]) -> Imap | None:
    if not table:
        return None
    _only(table, "imap", {"host", "port", "user", "folders", "security", "password_command"})
    host = _text(table, "host", None, "imap.host")
    user = _text(table, "user", None, "imap.user")
    if not host or not user:
        raise _Bad("imap", "needs at least host and user")
    security = _choice(table, "imap.security", IMAP_SECURITY)
    folders = table.get("folders", ["INBOX"])
    if (
        not isinstance(folders, list)
        or not folders
        or not all(isinstance(name, str) and name.strip() for name in folders)
    ):
        raise _Bad("imap.folders", 'must be a list of folder names, e.g. ["INBOX"]')
    return Imap(
        host=host,
        user=user,
        port=_port(table, "imap.port", IMAP_PORTS[security]),
        security=security,
        folders=tuple(folders),
        password_command=_text(table, "password_command", None, "imap.password_command"),
    )


def _choice(table: dict[str, Any], label: str, choices: tuple[str, ...]) -> str:
    """The setting ``label`` (``section.key``), one of ``choices``; the first when unset."""
    chosen: str = _text(table, label.rpartition(".")[2], choices[0], label)
    if chosen not in choices:
        raise _Bad(label, f"must be one of: {', '.join(choices)}")
    return chosen


def _port(table: dict[str, Any], label: str, default: int) -> int:
    port = table.get("port", default)
    if not _whole(port, 1) or port > 65535:
        raise _Bad(label, "must be a port number (1 to 65535)")
    return int(port)


def _templates(table: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``[templates."event-warm/2"]`` tables: a subject, a body, or both."""
    found = {}
    for name, given in table.items():
        label = f"templates.{name}"
        if not isinstance(given, dict):
            raise _Bad(label, "must be a table with subject and/or body")
        _only(given, label, {"subject", "body"})
        found[name] = {key: _text(given, key, "", f"{label}.{key}") for key in given}
    return found


def _parsed(table: dict[str, Any], label: str, parse: Callable[[str], T], default: T) -> T:
    """The setting ``label`` (``section.key``) of ``table`` read by ``parse``, or ``default``."""
    key = label.rpartition(".")[2]
    if key not in table:
        return default
    try:
        return parse(str(table[key]))
    except FollowupError as error:
        raise _Bad(label, str(error)) from None


def _whole(value: Any, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _table(raw: dict[str, Any], key: str, label: str | None = None) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise _Bad(label or key, "must be a table")
    return value


def _text(raw: dict[str, Any], key: str, default: Any, label: str | None = None) -> Any:
    value = raw.get(key, default)
    if value is not default and (not isinstance(value, str) or not value.strip()):
        raise _Bad(label or key, "must be a non-empty string")
    return value


def _only(table: dict[str, Any], label: str, allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            raise _Bad(f"{label}.{key}", f"unknown setting (known: {', '.join(sorted(allowed))})")


def _cadence(name: str, table: Any) -> Cadence:
    label = f"cadences.{name}"
    if not isinstance(table, dict):
        raise _Bad(label, "must be a table with a 'steps' list")
    _only(table, label, {"description", "steps"})
    steps = table.get("steps")
    if not isinstance(steps, list) or not steps:
        raise _Bad(f"{label}.steps", "must be a non-empty list of steps")
    return Cadence(
        name,
        tuple(_step(f"{label}.steps[{index}]", step) for index, step in enumerate(steps, 1)),
        str(_text(table, "description", "", f"{label}.description")),
    )


def _step(label: str, raw: Any) -> Step:
    if not isinstance(raw, dict):
        raise _Bad(label, "must be a table with wait, channel and action")
    _only(raw, label, {"wait", "channel", "action"})
    wait = raw.get("wait")
    if not isinstance(wait, int) or isinstance(wait, bool) or not 0 <= wait <= 365:
        raise _Bad(f"{label}.wait", "must be a whole number of business days from 0 to 365")
    channel = raw.get("channel")
    if channel not in CHANNELS:
        raise _Bad(f"{label}.channel", f"{channel!r} is not a channel ({', '.join(CHANNELS)})")
    action = _text(raw, "action", None, f"{label}.action")
    if action is None:
        raise _Bad(f"{label}.action", "is required")
    return Step(wait, channel, action)


def _questions(raw: Any) -> tuple[Question, ...]:
    if raw is None:
        return DEFAULT_QUESTIONS
    if not isinstance(raw, list) or not raw:
        raise _Bad("questions", "must be a non-empty list of [[questions]] tables")
    questions, seen = [], set()
    for index, entry in enumerate(raw, 1):
        label = f"questions[{index}]"
        if not isinstance(entry, dict):
            raise _Bad(label, "must be a table with key and text")
        _only(entry, label, {"key", "text", "required"})
        key = _text(entry, "key", None, f"{label}.key")
        text = _text(entry, "text", None, f"{label}.text")
        if key is None or text is None:
            raise _Bad(label, "needs both key and text")
        if key in seen:
            raise _Bad(f"{label}.key", f"{key!r} appears twice")
        required = entry.get("required", False)
        if not isinstance(required, bool):
            raise _Bad(f"{label}.required", "must be true or false")
        seen.add(key)
        questions.append(Question(key, text, required))
    if NEW_VALUE_KEY not in seen:
        raise _Bad("questions", f"must keep the {NEW_VALUE_KEY!r} question: it is the point")
    return tuple(questions)
