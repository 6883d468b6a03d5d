"""What the services may ask of a store: one protocol per aggregate.

An engine implements every protocol (``storage/sqlite/`` today); the services see
only these. Every write happens inside ``Storage.writing(label)``: one
transaction, filed in the undo journal as one operation under ``label`` (the
command line that made it), so a command's writes land together or not at all
and one ``undo`` takes them back. Nothing here says how: no SQL, no PRAGMA, no
row ids beyond each record's own ``id``.
"""

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from followup.domain.cadence import FollowUpPlan
from followup.domain.calendar import Period
from followup.domain.contact import Contact, ContactFilter
from followup.domain.records import (
    Account,
    AccountSummary,
    DueItem,
    Event,
    FolderMark,
    Found,
    Lesson,
    Operation,
    Pending,
    PipelineRow,
    Reminder,
    Seller,
    Touch,
)

if TYPE_CHECKING:
    from followup.domain.matching import Keys, Known
    from followup.domain.report import AnswerHistory, History


@dataclass(frozen=True)
class Upgrade:
    """A store brought up to this followup's schema as it was opened."""

    old_version: int
    new_version: int
    backup: Path  # the store as it was, kept beside it


@dataclass
class Moved:
    """What moving a store into a team's database copied, by table, and how many of its
    contacts had come over before (and were left as they are)."""

    copied: dict[str, int] = field(default_factory=dict)
    already: int = 0


class Contacts(Protocol):
    def add(self, values: Mapping[str, Any]) -> int: ...
    def update(self, contact_id: int, values: Mapping[str, Any]) -> None: ...
    def delete(self, contact_id: int) -> None: ...
    def get(self, contact_id: int) -> Contact:
        """The contact with ``contact_id``; NotFound if there is none."""
        ...

    def find(self, query: str) -> Contact:
        """The one contact ``query`` names: an id, an email, or a unique part of a name.

        NotFound when nobody matches, Ambiguous (listing them) when several do.
        """
        ...

    def with_email(self, email: str) -> list[Contact]: ...
    def holder_of_email(self, email: str) -> str | None:
        """The colleague whose contact, hidden from this seller, has ``email`` (None: nobody's,
        or one ``with_email`` finds)."""
        ...

    def hand_over(self, contact_id: int, owner: str) -> None:
        """Make the contact ``owner``'s, with everything that hangs off it."""
        ...

    def names(self, prefix: str) -> list[str]:
        """Names for completion, most recently met first, any of whose words starts so."""
        ...

    def listing(self, where: ContactFilter = ContactFilter()) -> list[tuple[Contact, str | None]]:
        """Contacts matching every filter given, by name, each with its next due date."""
        ...

    def count(self, statuses: Iterable[str] | None = None) -> int: ...
    def decides_for(self, contact_id: int) -> list[Contact]:
        """The contacts whose decider is ``contact_id``, by name."""
        ...

    def reassign(self, from_id: int, to_id: int) -> None:
        """Everything of ``from_id`` to ``to_id``: touches, answers, reminders, follow-ups
        (one pending at most between them: close the other first), whom they decide
        for, and the accounts whose conversation they are."""
        ...

    def lessons(
        self,
        account_ids: Collection[int],
        titles: Collection[str],
        event_ids: Collection[int],
        per_tie: int | None = None,
    ) -> list[Lesson]:
        """Won and lost contacts with what worked or a lesson kept, at one of the accounts,
        with one of the titles (any case) or met at one of the events: one ``Lesson`` per
        tie, for each tie the ``per_tie`` most recently closed (None: all); ranking them
        is domain/lessons.py's."""
        ...


class Accounts(Protocol):
    def link(self, contact_ids: Iterable[int]) -> None:
        """Link each contact to the account their company or mail domain says; a company
        no account has yet gets one."""
        ...

    def summaries(self) -> list[AccountSummary]:
        """Every account with people, by name."""
        ...

    def get(self, account_id: int) -> Account: ...
    def find(self, name: str) -> Account | None:
        """The account ``name`` means: its name in any case, or a spelling that links to it."""
        ...

    def containing(self, part: str, leading_words: bool = False) -> Account | None:
        """The one account whose normalised name holds ``part`` (with ``leading_words``:
        starts with its whole words, "kessler" for Kessler Logistik); Ambiguous for several."""
        ...

    def people(self, account_id: int) -> list[Contact]: ...
    def touches(self, account_id: int) -> list[Touch]:
        """Every touch with someone at the account, in date order (without answers)."""
        ...

    def rename(self, account_id: int, name: str) -> None:
        """A new name; the old one still links contacts who write it."""
        ...

    def merge(self, keep_id: int, other_id: int) -> None:
        """Everyone and every key of ``other_id`` to ``keep_id``, which alone is left."""
        ...

    def hold(self, account_id: int, contact_id: int, because: str, on: date) -> None:
        """Note the one conversation at the account: who, what they did, and when."""
        ...

    def hold_colleagues(self, account_id: int) -> int:
        """Make the silent contacts at the account that this seller may not change (a
        colleague's, on a team's database) wait for its one conversation, which is one of
        the seller's; how many. Not journaled: their owners decide what becomes of them."""
        ...

    def silent_without_decider(self) -> list[AccountSummary]:
        """Accounts of two or more people where everyone was written to and nobody ever
        answered, and no decider was ever linked."""
        ...


class Events(Protocol):
    def add(self, name: str, held_on: date | None, place: str | None) -> int: ...
    def find(self, name: str) -> Event | None:
        """The event called ``name``, in any case."""
        ...

    def names(self) -> list[str]: ...
    def rename(self, event_id: int, name: str) -> None: ...
    def delete(self, event_id: int) -> None:
        """Remove the event; the contacts met there stay, met at no event."""
        ...

    def with_counts(self) -> list[tuple[Event, dict[str, int]]]:
        """Every event, latest first, with how many of its contacts are in each status."""
        ...


class FollowUps(Protocol):
    def due(self, until: date, limit: int | None = None, owner: str | None = None) -> list[DueItem]:
        """Items due on or before ``until``: first touches, then most overdue.

        Items are the pending follow-ups (kind ``resume`` while the contact is paused)
        and the reminders still owed; and, instead of the items of those who wait for
        their account's one conversation, one item of kind ``account`` per account, its
        ``action`` what the conversation did (``replied``: domain/accounts.py). With
        ``owner``, only that seller's.
        """
        ...

    def due_count(self, until: date, owner: str | None = None) -> int:
        """How many items ``due`` would list (``owner``: only that seller's)."""
        ...

    def upcoming(self, after: date, until: date) -> list[DueItem]: ...
    def pending(self, contact_id: int) -> Pending | None: ...
    def still_pending(self, contact_id: int, expected: Pending | None) -> bool:
        """Whether ``expected`` is still the contact's pending follow-up (None: still none).

        Asked inside ``writing()`` before acting on one read earlier: another
        command may have logged or moved it meanwhile.
        """
        ...

    def all_pending(self) -> list[Pending]: ...
    def open_pending(self, statuses: Collection[str]) -> list[tuple[str | None, Pending]]:
        """The pending item of every contact in ``statuses``, with the contact's cadence."""
        ...

    def schedule(self, contact_id: int, plan: FollowUpPlan) -> None:
        """Make ``plan`` the contact's pending follow-up; an earlier one is superseded."""
        ...

    def reschedule(self, pending: Pending, plan: FollowUpPlan, note: str | None = None) -> None:
        """Move a pending follow-up (snooze, away), keeping its step."""
        ...

    def close_pending(self, contact_id: int, status: str) -> None:
        """End the contact's pending follow-up as ``done``, ``cancelled`` or ``superseded``."""
        ...

    def close(self, followup_id: int, status: str) -> None: ...
    def calendar_entries(self, until: date, value_key: str) -> Iterator[dict[str, Any]]:
        """Pending follow-ups due by ``until``, with the contact's details and latest value."""
        ...


class Touches(Protocol):
    def add(self, contact_id: int, values: Mapping[str, Any], answers: Mapping[str, str]) -> int:
        """Record a touch and the value-check answers given before it."""
        ...

    def of(self, contact_id: int) -> list[Touch]:
        """The contact's touches in timeline order, each with its answers."""
        ...

    def get(self, touch_id: int) -> Touch:
        """The touch with ``touch_id``, with its answers; NotFound if there is none."""
        ...

    def update(self, touch_id: int, values: Mapping[str, Any]) -> None: ...
    def delete(self, touch_id: int) -> None:
        """Remove the touch and the answers given before it."""
        ...

    def last_on(self, contact_id: int) -> date | None: ...
    def answers_to(self, contact_id: int, question: str) -> list[str]:
        """Every earlier answer to ``question`` for the contact, oldest first."""
        ...

    def latest_answers(self, contact_id: int) -> dict[str, str]: ...
    def answered_keys(self) -> set[str]:
        """Every value-check key answered anywhere."""
        ...


class Inbox(Protocol):
    """What `inbox sync` remembers, and the look-ups that tie a message to a contact."""

    def folder(self, mailbox: str, folder: str) -> FolderMark | None: ...
    def mark_folder(self, mailbox: str, folder: str, mark: FolderMark) -> None: ...
    def handled(self, message_ids: Collection[str]) -> set[str]:
        """Those of ``message_ids`` a sync acted on already."""
        ...

    def mark_handled(self, message_id: str, handled_as: str, on: date) -> None: ...
    def threaded(self, message_ids: Collection[str]) -> dict[str, int]:
        """The contact of each touch that carries one of ``message_ids``, by that id."""
        ...

    def account_of_domain(self, domain: str) -> int | None:
        """The account a mail domain links contacts to."""
        ...

    def first_touch_on(self, contact_id: int) -> date | None: ...
    def first_met(self) -> date | None:
        """The earliest day anyone was met: no message before it can concern a contact."""
        ...


class Notices(Protocol):
    def shown(self, name: str, today: date) -> bool:
        """Whether the once-a-day notice ``name`` was shown on ``today`` already."""
        ...

    def mark_shown(self, name: str, today: date) -> None:
        """Its own write, outside ``writing()`` and the undo journal; none on a store the
        user may only read."""
        ...


class Search(Protocol):
    def contacts(self, words: Sequence[str]) -> list[Found]:
        """Contacts with every word (a word's start, any case or accent) somewhere in
        their profile, touch notes or answers, by name."""
        ...


class Reminders(Protocol):
    def add(self, contact_id: int, due: date, text: str) -> int: ...
    def open_of(self, contact_id: int) -> list[Reminder]:
        """The contact's reminders still owed, soonest first.

        A reminder is owed from its day until it is marked done or a touch with the
        contact happens on or after that day; a closed contact owes none.
        """
        ...

    def mark_done(self, reminder_ids: list[int]) -> None: ...


class Away(Protocol):
    def add(self, period: Period, reason: str | None) -> None: ...
    def periods(self) -> list[Period]: ...


class Reports(Protocol):
    """What the reports read: each contact's whole story, one at a time."""

    def histories(self, owner: str | None = None) -> Iterator["History"]: ...
    def answer_histories(self, owner: str | None = None) -> Iterator["AnswerHistory"]: ...
    def pipeline(self, owner: str | None = None) -> list[PipelineRow]:
        """Every open contact (``owner``: of that seller) with their pending item: the most
        overdue first, then the longest without an answer."""
        ...

    def team(self, until: date) -> list[Seller]:
        """Every owner of contacts, by name (nobody's last), with what they hold."""
        ...

    def lost(self, owner: str | None = None) -> list[Contact]:
        """Contacts closed as lost (``owner``: that seller's), most recently closed first."""
        ...


class Exports(Protocol):
    def count(self, kind: str) -> int: ...
    def rows(
        self,
        kind: str,
        keys: Sequence[str],
        answer_keys: Sequence[str] = (),
        unanswered: Collection[str] = (),
        *,
        tag_separator: str = ",",
        spreadsheet_safe: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """Every contact, touch or follow-up (``kind``), by id, streamed as plain tuples.

        Each holds the values of ``keys``, then one answer per ``answer_keys`` entry.
        With ``spreadsheet_safe`` the cells come as a CSV export writes them.
        """
        ...


class Journal(Protocol):
    def undo_last(self) -> Operation | None:
        """Reverse the newest operation, in one transaction; None when there is none."""
        ...

    def operations(self) -> list[Operation]:
        """What ``undo_last`` can reverse, newest first."""
        ...


class Health(Protocol):
    """What ``doctor`` checks, and the repairs it may make inside ``writing()``."""

    def integrity_problems(self) -> list[str]: ...
    def damaged_index(self, problem: str) -> str | None:
        """The index an integrity problem is about, when rebuilding it repairs it."""
        ...

    def rebuild_index(self, name: str) -> None: ...
    def broken_references(self) -> list[tuple[str, int, str]]:
        """Rows naming a missing row: (table, row id, the missing row's table)."""
        ...

    def repair_reference(self, table: str, row_id: int) -> None: ...
    def pending_key_exists(self) -> bool:
        """Whether the store still holds what keeps one pending follow-up per contact."""
        ...

    def restore_pending_key(self) -> None:
        """Keep the newest pending follow-up of each contact and restore the key.

        Called outside ``writing()``: an engine may need a transaction of its own.
        """
        ...

    def contacts_without_pending(self, statuses: Collection[str]) -> list[Contact]: ...
    def pending_outside(self, statuses: Collection[str]) -> list[tuple[Contact, Pending]]: ...
    def shared_emails(self) -> list[tuple[str, list[int]]]: ...
    def email_index_is_unique(self) -> bool: ...
    def make_email_index_unique(self) -> None: ...


class ImportSession(Protocol):
    """One import's matching and writing, inside the import's one ``writing()``."""

    def new_id(self) -> int: ...
    def known_for(self, keys: Iterable["Keys"]) -> "Known": ...
    def index(self, entries: Sequence[tuple["Keys", str | None, int]]) -> None: ...
    def add_contacts(self, contacts: Sequence[tuple[dict[str, Any], Mapping[str, Any]]]) -> None:
        """Write new people (each person and their contact row), linked to their accounts."""
        ...

    def lessons(self, per_tie: int) -> list[Lesson]:
        """Lessons tied to the people this import brought in, from none of them: per tie,
        the ``per_tie`` most recently closed of the others (unranked)."""
        ...

    def dated(self, contact_id: int) -> None: ...
    def addressed(self, people: Iterable[int]) -> None: ...
    def events(self, names: Iterable[str], found: Any) -> dict[str, tuple[int, date | None]]: ...
    def met_at(self, meetings: Iterable[tuple[str, date]]) -> None: ...
    def date_events_and_the_undated(self, today: date) -> None: ...
    def plan_firsts(self, status: str, plan: Any) -> None: ...
    def schedule_firsts(self) -> None: ...


class Storage(Protocol):
    """One open store: its aggregates, its transactions, where it is."""

    # Read-only, so that an engine may hold its own classes of each aggregate.
    @property
    def contacts(self) -> Contacts: ...
    @property
    def accounts(self) -> Accounts: ...
    @property
    def events(self) -> Events: ...
    @property
    def followups(self) -> FollowUps: ...
    @property
    def touches(self) -> Touches: ...
    @property
    def reminders(self) -> Reminders: ...
    @property
    def search(self) -> Search: ...
    @property
    def inbox(self) -> Inbox: ...
    @property
    def notices(self) -> Notices: ...
    @property
    def away(self) -> Away: ...
    @property
    def reports(self) -> Reports: ...
    @property
    def exports(self) -> Exports: ...
    @property
    def journal(self) -> Journal: ...
    @property
    def health(self) -> Health: ...

    @property
    def upgraded(self) -> Upgrade | None:
        """The upgrade opening this store did, if it was older than this followup."""
        ...

    @property
    def location(self) -> str:
        """Where the store is, as messages name it (a file's path, a URL without password)."""
        ...

    @property
    def seller(self) -> str | None:
        """On a store a team shares, the seller this connection is (their database role);
        None on one seller's own store."""
        ...

    @property
    def files(self) -> list[Path]:
        """The files that are the store, which no output may overwrite."""
        ...

    def writing(self, label: str) -> AbstractContextManager[None]:
        """One transaction, one undo operation. A ``writing`` inside another is part of
        it: it lands with the outer one, and if it fails, only its own writes go."""
        ...

    def rehearsing(self, label: str) -> AbstractContextManager[None]:
        """Everything ``writing(label)`` does, rolled back at the end: a dry run."""
        ...

    def import_session(self) -> ImportSession: ...
    def back_up(self, target: Path) -> None:
        """A consistent copy of the store at ``target``, even while others write."""
        ...

    def close(self) -> None: ...


class _RolledBack(Exception):
    """Ends a rehearsal: everything written is rolled back."""


@contextmanager
def rehearsal(writing: AbstractContextManager[None]) -> Iterator[None]:
    """Everything ``writing`` does, rolled back at the end: a dry run (for an engine's
    ``rehearsing``). It holds the write lock as the real thing would, so that it shows
    exactly what would happen: an import's matching included."""
    try:
        with writing:
            yield
            raise _RolledBack
    except _RolledBack:
        pass


SERVER_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class ServerUrl:
    """A team's database on a PostgreSQL server, as ``--db`` or ``FOLLOWUP_DB`` give it."""

    url: str = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> "ServerUrl | None":
        """``text`` as a server's URL, if it is one (``postgresql://…``)."""
        scheme, colon, _ = text.partition("://")
        return cls(text) if colon and scheme.lower() in SERVER_SCHEMES else None

    def __str__(self) -> str:
        """The URL as messages show it: never with a password, in its user part (up to
        the last ``@``, whatever it holds) or in its parameters (``?password=…``)."""
        scheme, _, rest = self.url.partition("://")
        userinfo, at, place = rest.rpartition("@")
        user = userinfo.split(":", 1)[0] + (":***" if ":" in userinfo else "") + at
        path, question, query = place.partition("?")
        parameters = [
            f"{name}=***" if name.lower() == "password" else part
            for part in query.split("&")
            for name in [part.partition("=")[0]]
        ]
        return f"{scheme}://{user}{path}{question}{'&'.join(parameters) if question else ''}"

    __repr__ = __str__


Location = Path | ServerUrl


def open_storage(location: Location, now: datetime, user: str | None = None) -> Storage:
    """The store at ``location``, created if new, upgraded if old; ``now`` stamps writes.

    On a server, ``user`` is the role to connect as when the URL names none.
    """
    if isinstance(location, ServerUrl):
        try:
            from followup.storage.postgres import PostgresStorage
        except ModuleNotFoundError as error:
            if error.name != "psycopg":
                raise
            from followup.errors import DatabaseError

            raise DatabaseError(
                "a team's database needs psycopg: pip install 'followup[postgres]'"
            ) from None
        return PostgresStorage.open(location.url, str(location), now, user)
    from followup.storage.sqlite import SqliteStorage

    return SqliteStorage.open(location, now)


def move_into(source: Storage, target: Storage, owner: str, label: str) -> Moved:
    """Copy the seller's own store ``source`` into the team's ``target``, all or nothing,
    as one undo operation there: its contacts become ``owner``'s."""
    from followup.errors import DatabaseError
    from followup.storage.postgres import PostgresStorage
    from followup.storage.postgres.moving import move
    from followup.storage.sqlite import SqliteStorage

    if not (isinstance(source, SqliteStorage) and isinstance(target, PostgresStorage)):
        raise DatabaseError("a store moves from a file into a team's database")
    with target.writing(label):
        return move(source.db, target, owner)
