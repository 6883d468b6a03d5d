"""The records storage hands to the rest of the program, besides ``Contact``.

Plain frozen dataclasses with dates as ``datetime.date``: what crosses the layers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from followup.domain.cadence import FollowUpPlan, stage
from followup.domain.contact import Contact


@dataclass(frozen=True)
class Event:
    id: int
    name: str
    held_on: date | None
    place: str | None
    created_at: datetime


@dataclass(frozen=True)
class Touch:
    id: int
    contact_id: int
    happened_on: date
    channel: str
    direction: str
    outcome: str
    note: str | None
    step: int | None
    check_skipped: bool
    skip_reason: str | None
    created_at: datetime
    answers: dict[str, str] = field(default_factory=dict)
    message_id: str | None = None  # of the email `send` sent for it


@dataclass(frozen=True)
class Pending:
    """A contact's pending follow-up: its id and the plan behind it."""

    id: int
    contact_id: int
    plan: FollowUpPlan


@dataclass(frozen=True)
class Reminder:
    """A one-off item for a contact, shown from ``due`` until done."""

    id: int
    contact_id: int
    due: date
    text: str


@dataclass(frozen=True)
class DueItem:
    """One line of ``today`` / ``upcoming``."""

    contact_id: int
    name: str
    company: str | None
    kind: str
    due: date
    step: int | None
    steps_total: int | None
    channel: str | None
    action: str
    cadence: str | None = None  # the contact's
    reach: frozenset[str] = frozenset()  # the channels that reach them (domain/channels.py)
    fallback_from: str | None = None  # the step's own channel, when it does not reach them
    tz: str | None = None  # the contact's time zone
    account_id: int | None = None
    account: str | None = None  # the account's name
    decider_id: int | None = None  # who decides for the contact, when someone else does
    decider: str | None = None  # their name

    def days_overdue(self, today: date) -> int:
        return max((today - self.due).days, 0)

    @property
    def stage(self) -> str:
        return stage(self.cadence, self.kind)


@dataclass(frozen=True)
class PipelineRow:
    """One open contact as `pipeline` shows them: where they stand, and what is next."""

    item: DueItem  # their pending item
    status: str
    last_touch_on: date | None
    # Our latest outbound touch, when nothing came back after it: what silence counts from.
    unanswered_since: date | None

    def days_silent(self, today: date) -> int | None:
        return (today - self.unanswered_since).days if self.unanswered_since else None


@dataclass(frozen=True)
class Found:
    """A contact `search` found, and where the words were: profile, touch note, answer."""

    contact: Contact
    next_due: date | None
    matched: tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    """One command's writes, as the undo journal keeps them."""

    id: int
    command: str
    done_at: datetime


@dataclass(frozen=True)
class Account:
    """A company, and the one conversation there while it holds the others' cadences."""

    id: int
    name: str
    held_by: int | None = None  # the contact who replied, met, won or was lost
    held_by_name: str | None = None
    held_because: str | None = None  # what they did (domain/accounts.py: REPLIED …)
    held_on: date | None = None


@dataclass(frozen=True)
class AccountSummary:
    """An account as `account list` shows it."""

    account: Account
    people: int
    open: int
    won: int
    lost: int
    last_touch_on: date | None
    next_due: date | None


@dataclass(frozen=True)
class Lesson:
    """What a won or lost contact taught, and why it matters for someone now."""

    contact: Contact  # who it was, closed as won or lost
    because: str  # the same "account", "title" or "event"


@dataclass(frozen=True)
class Seller:
    """One seller's share of the store: the contacts they own (`team`)."""

    name: str | None  # None: the contacts nobody owns (added before owners)
    open: int  # contacts with a next step
    due: int  # follow-ups due today or overdue
    won: int


@dataclass(frozen=True)
class FolderMark:
    """Where `inbox sync` stopped in an IMAP folder: UIDs read are valid while
    ``uidvalidity`` is the folder's, and every one up to ``last_uid`` was read."""

    uidvalidity: int
    last_uid: int
