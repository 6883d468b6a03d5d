"""A contact, described once: the fields, and what each one is for.

``Contact`` is the record every layer passes around, and its fields' ``Spec``
(dataclass metadata) is the one description the rest is read from: the table's
columns (``storage/schema.py``), the options of `add` and `edit`
(``cli/contacts.py``), the keys of `show --json`, `list --json` and the columns
of `export contacts` (``keys``), what an import may fill (``PROFILE``,
``STANDING``) and what `list --search` looks in (``searched``). A new field is one
line here, plus a schema migration.
"""

from dataclasses import Field, dataclass, field, fields
from datetime import date, datetime
from typing import Any

# How a field's value is checked when it is typed or imported (see domain/fields.py).
NAME, LINE, EMAIL, TIME_ZONE, TAGS, EVENT, DAY, TEXT = (
    "name",
    "line",
    "email",
    "tz",
    "tags",
    "event",
    "day",
    "text",
)
# Where a field belongs: who someone is, where they stand in the pipeline, or neither
# (bookkeeping: ids, stamps, the nurture interval).
PROFILE_GROUP, STANDING_GROUP = "profile", "standing"


@dataclass(frozen=True)
class Spec:
    """What one field of ``Contact`` is for.

    ``key`` is its name in JSON and in exports (None: kept out of them); ``option``
    and ``help`` make it an option of `add` and `edit`; ``column`` says whether the
    contact table stores it.
    """

    key: str | None = None
    group: str | None = None
    rule: str = TEXT
    option: str | None = None
    help: str = ""
    searched: bool = False
    column: bool = True


def _about(**spec: Any) -> dict[str, Spec]:
    """A field's metadata: its ``Spec``."""
    return {"spec": Spec(**spec)}


def _profile(key: str, rule: str, help: str, option: str | None = None, **spec: Any) -> Any:
    option = option or f"--{key}"
    return _about(key=key, group=PROFILE_GROUP, rule=rule, option=option, help=help, **spec)


def _standing(key: str) -> dict[str, Spec]:
    return _about(key=key, group=STANDING_GROUP)


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A person you met, with the sales context, and where they stand."""

    id: int = field(metadata=_about(key="id"))
    name: str = field(metadata=_profile("name", NAME, "New name.", searched=True))
    company: str | None = field(
        default=None, metadata=_profile("company", LINE, "Company or organisation.", searched=True)
    )
    # The account their company or mail domain links them to (see domain/accounts.py).
    account_id: int | None = field(default=None, metadata=_about(key="account_id"))
    # Its name, which every read of a contact joins in, as it does the event's.
    account_name: str | None = field(default=None, metadata=_about(key="account", column=False))
    title: str | None = field(
        default=None, metadata=_profile("title", LINE, "Job title.", searched=True)
    )
    email: str | None = field(
        default=None, metadata=_profile("email", EMAIL, "Email address.", searched=True)
    )
    phone: str | None = field(default=None, metadata=_profile("phone", LINE, "Phone number."))
    linkedin: str | None = field(
        default=None, metadata=_profile("linkedin", LINE, "LinkedIn profile URL.")
    )
    tz: str | None = field(
        default=None, metadata=_profile("tz", TIME_ZONE, "Time zone, e.g. Europe/Prague.")
    )
    # Stored as one comma-separated text (see fields.stored_tags); a list everywhere else.
    tags: str | None = field(
        default=None,
        metadata=_profile("tags", TAGS, "A tag (repeat for more).", "--tag", searched=True),
    )
    notes: str | None = field(
        default=None, metadata=_profile("notes", TEXT, "Free notes.", "--note", searched=True)
    )
    # Shown by the event's name, which every read of a contact joins in (``event_name``).
    event_id: int | None = field(
        default=None, metadata=_profile("event", EVENT, "Event where you met (created if new).")
    )
    met_on: date = field(
        metadata=_profile(
            "met_on", DAY, "When you met (default: the event's date, or today).", "--met"
        )
    )
    discussed: str | None = field(
        default=None,
        metadata=_profile("discussed", TEXT, "What you talked about.", searched=True),
    )
    promised: str | None = field(
        default=None,
        metadata=_profile("promised", TEXT, "What you promised them.", searched=True),
    )
    problem: str | None = field(
        default=None,
        metadata=_profile("problem", TEXT, "Their most pressing problem.", searched=True),
    )
    decider: str | None = field(
        default=None,
        metadata=_profile("decider", TEXT, "Do they decide? If not, who does.", searched=True),
    )
    # The contact who decides for them (`link --decider`), when that is someone else.
    decider_id: int | None = field(default=None, metadata=_about(key="decider_id"))
    status: str = field(metadata=_standing("status"))
    cadence: str | None = field(default=None, metadata=_standing("cadence"))
    nurture_every: str | None = field(default=None, metadata=_about())
    meeting_on: date | None = field(default=None, metadata=_standing("meeting_on"))
    # Out of office until then (status `paused`); the pending step waits until after it.
    paused_until: date | None = field(default=None, metadata=_standing("paused_until"))
    # Why they are paused: None for out of office, ``account`` while a colleague of theirs
    # is the one conversation at their account (see services/accounts.py).
    pause_reason: str | None = field(default=None, metadata=_about(key="pause_reason"))
    # The address a `log --outcome bounced` was about: email steps fall back while it is
    # still the contact's email (editing the email ends that).
    bounced_email: str | None = field(default=None, metadata=_standing("bounced_email"))
    closed_on: date | None = field(default=None, metadata=_standing("closed_on"))
    close_reason: str | None = field(default=None, metadata=_standing("close_reason"))
    worked: str | None = field(default=None, metadata=_standing("worked"))
    lesson: str | None = field(default=None, metadata=_standing("lesson"))
    # The seller whose contact this is (`assign` hands it over); None for one added before
    # contacts had owners.
    owner: str | None = field(default=None, metadata=_about(key="owner"))
    created_at: datetime = field(metadata=_about())
    updated_at: datetime = field(metadata=_about())
    event_name: str | None = field(default=None, metadata=_about(column=False))

    @property
    def label(self) -> str:
        return f"#{self.id} {self.name}" + (f" ({self.company})" if self.company else "")

    @property
    def waits_for_account(self) -> bool:
        """Whether their cadence waits for a decision about the one conversation at their
        account (not for a day of their own: `account wait` gives them one)."""
        from followup.domain.accounts import ACCOUNT_PAUSE
        from followup.domain.status import PAUSED

        return (
            self.status == PAUSED
            and self.pause_reason == ACCOUNT_PAUSE
            and self.paused_until is None
        )

    @property
    def tag_list(self) -> list[str]:
        from followup.domain.fields import split_tags

        return list(split_tags(self.tags))


def spec(described: Field[Any]) -> Spec:
    spec: Spec = described.metadata["spec"]
    return spec


FIELDS: tuple[Field[Any], ...] = fields(Contact)
COLUMNS = tuple(described.name for described in FIELDS if spec(described).column)
# The keys of a contact in JSON and exports, in order (``key`` is the column's public name).
KEYS = tuple(key for described in FIELDS if (key := spec(described).key) is not None)
PROFILE = tuple(
    spec(described).key or described.name
    for described in FIELDS
    if spec(described).group == PROFILE_GROUP
)
STANDING = tuple(
    spec(described).key or described.name
    for described in FIELDS
    if spec(described).group == STANDING_GROUP
)
# The column behind each public key that differs from it: the event is stored by id.
COLUMN_OF = {
    key: described.name
    for described in FIELDS
    if (key := spec(described).key) is not None and key != described.name
}
SEARCHED = tuple(described.name for described in FIELDS if spec(described).searched)


def of_rule(rule: str) -> tuple[str, ...]:
    """The public keys of the profile fields checked by ``rule``."""
    return tuple(
        spec(described).key or described.name
        for described in FIELDS
        if spec(described).group == PROFILE_GROUP and spec(described).rule == rule
    )


@dataclass(frozen=True, kw_only=True)
class ContactFilter:
    """Which contacts `list` shows: those matching every filter given."""

    status: str | None = None
    event: str | None = None  # the event's whole name, any case
    company: str | None = None  # part of the company, any case
    tag: str | None = None  # one whole tag
    search: str | None = None  # part of any searched field, any case
    owner: str | None = None  # the seller's name, exactly

    def finds(self, person: Contact) -> bool:
        """Whether ``search`` is in the text of ``person`` (the other filters are the store's)."""
        if not self.search:
            return True
        parts = (getattr(person, name) for name in SEARCHED)
        return self.search.casefold() in " ".join(part for part in parts if part).casefold()
