"""An import in progress: who the file's rows can match, and writing what they bring.

An import reads its file in batches, so that memory holds a batch and never the
file. Everyone a row can match is in the database: the store's contacts and
the ones earlier batches of the file wrote, inside the import's one write
transaction. A batch finds them with a few set-based queries:

- by email, through the contact table's own index (NOCASE, as SQLite compares
  ASCII), plus a TEMP table for the few addresses whose folded form that
  index cannot find (non-ASCII capitals, stray spaces);
- by name and company, through TEMP tables of match keys (``core/matching.py``
  folds them in Python, so SQL cannot): whoever had each key first, and, in
  order, everyone with it and no email.

TEMP tables live in a temporary file of SQLite's own, outside the database,
and vanish with the connection. ``import_new`` notes who this import brought
in and where in the file, ``import_undated`` who of them the file gave no day
met; new contacts
get their first follow-up at the end (``schedule_firsts``), once every day met
is known.
"""

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from followup.domain.cadence import FollowUpPlan
from followup.domain.fields import PROFILE, split_tags
from followup.domain.matching import Keys, Known, Person, email_key, person_key
from followup.domain.records import Lesson
from followup.storage.conditions import LESSON_KEPT
from followup.storage.sqlite import accounts as linking
from followup.storage.sqlite import journal
from followup.storage.sqlite.contacts import SqliteContacts
from followup.storage.sqlite.rows import PENDING, PLAN_COLUMNS, marks, plan_row

NAME_SEPARATOR = "\x1f"  # between a person key's name and company: never in a folded word
CHUNK = 1000  # rows read per fetch when the work is row by row
# Each table's columns ({keyed}: how an engine keeps a table with a key of its own; {day}:
# the type of a day, as the engine's tables keep it)
# Unqualified names find a TEMP table before any other, on either engine.
TABLES = {
    # Whoever first had each name and company, and everyone with them and no email (in the
    # order they were indexed: ``seq``).
    "import_name": "(name TEXT PRIMARY KEY, person INTEGER NOT NULL) {keyed}",
    "import_unaddressed": "(seq {numbered}, name TEXT NOT NULL, person INTEGER NOT NULL)",
    # Whoever first had each email that the contact table's NOCASE index cannot find.
    "import_email": "(email TEXT PRIMARY KEY, person INTEGER NOT NULL) {keyed}",
    # Who the import brought in and the row that did; who of them the file gave no day met.
    "import_new": "(id INTEGER PRIMARY KEY, at TEXT NOT NULL)",
    "import_undated": "(id INTEGER PRIMARY KEY)",
    # Each event the import names, by its name folded; ``first_met`` for one it created.
    "import_event": "(key TEXT PRIMARY KEY, id INTEGER NOT NULL, held_on {day}, "
    "created INTEGER NOT NULL, first_met {day}) {keyed}",
    # The first follow-up of a new contact with this status, met on this day.
    "import_first": "(status TEXT NOT NULL, met_on {day} NOT NULL, kind TEXT, step INTEGER, "
    "steps_total INTEGER, channel TEXT, action TEXT, scheduled_from {day}, wait INTEGER, "
    "due {day}, PRIMARY KEY (status, met_on)) {keyed}",
}
INDEXES = (
    "CREATE INDEX import_unaddressed_name ON import_unaddressed (name)",
    "CREATE INDEX import_unaddressed_person ON import_unaddressed (person)",
)
# What a person is read with for matching: the contact's profile (its event by name),
# and, for someone this import brought in, where and whether with a day met.
PERSON_COLUMNS = ", ".join(
    [
        "c.id",
        *("e.name AS event" if f == "event" else f"c.{f}" for f in PROFILE),
        "c.owner AS _owner",
        "n.at",
        "u.id IS NOT NULL AS undated",
    ]
)
# Each new contact with the first follow-up planned for their status and day met.
FIRSTS = (
    "FROM import_new n JOIN contact c ON c.id = n.id "
    "JOIN import_first f ON f.status = c.status AND f.met_on = c.met_on"
)


class SqliteImportSession:
    """One import on the store's connection, inside its write transaction.

    What an engine words its own way is in the class attributes and ``_inserting``.
    """

    # How a TEMP table keyed by its primary key alone is best kept.
    KEYED = "WITHOUT ROWID"
    DAY = "TEXT"  # ISO text, as every table keeps days
    NUMBERED = "INTEGER PRIMARY KEY"  # a key the engine numbers as rows come
    # The items of a JSON array (one parameter) as rows of ``value``: text, or integers.
    LISTED = "SELECT value FROM json_each(?)"
    LISTED_IDS = "SELECT value FROM json_each(?)"
    # Whether two values differ, NULL being a value.
    DIFFERS = "IS NOT"
    # Every contact an import may match, as (id, name, company, email): the seller's own
    # and, where a store hides colleagues' contacts, theirs too; and (email, id) of those
    # with one of the emails in a JSON list.
    EVERYONE = "contact"
    WITH_EMAILS = f"SELECT email, id FROM contact WHERE email IN ({LISTED})"

    def __init__(self, db: sqlite3.Connection, now: datetime):
        self.db = db
        self.now = now
        for table, definition in TABLES.items():
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
            columns = definition.format(keyed=self.KEYED, day=self.DAY, numbered=self.NUMBERED)
            self.db.execute(f"CREATE TEMP TABLE {table} {columns}")
        for statement in INDEXES:
            self.db.execute(statement)
        # New contacts get the ids after the store's largest, in the order they come
        # (as _insert_many gives them: the write lock is held throughout).
        self.first_id: int = 1 + self._largest("contact")
        self.next_id: int = self.first_id
        # How many rows each of these holds, so that a batch asks only what can answer.
        self.unaddressed = self.odd_emails = 0
        self.statuses: Counter[str] = Counter()  # of the new contacts
        self.planned: set[str] = set()  # statuses whose new contacts have a first step
        self._index_the_store()

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    # -- matching -------------------------------------------------------------

    def _index_the_store(self) -> None:
        contacts = self.db.execute(
            f"SELECT id, name, company, email FROM {self.EVERYONE} AS c ORDER BY id"
        )
        while chunk := contacts.fetchmany(CHUNK):
            self.index(
                [
                    ((email_key(email), person_key(name, company)), email, id_)
                    for id_, name, company, email in chunk
                ]
            )

    def index(self, entries: Sequence[tuple[Keys, str | None, int]]) -> None:
        """Make each person findable by name (and odd email), after everyone indexed before.

        ``entries`` are (keys, email as written, id); most emails the contact table
        finds by itself.
        """
        names = [(NAME_SEPARATOR.join(name), email, person) for (email, name), _, person in entries]
        unaddressed = [(name, person) for name, email, person in names if not email]
        odd = [
            (email, person)
            for (email, _), written, person in entries
            if email and written and written != email and _nocase(written) != _nocase(email)
        ]
        # The first to have a key keeps it: later ones are not inserted.
        self._insert_many(
            "import_name", ("name", "person"), [(name, person) for name, _, person in names], True
        )
        if unaddressed:
            self._insert_many("import_unaddressed", ("name", "person"), unaddressed)
            self.unaddressed += len(unaddressed)
        if odd:
            self._insert_many("import_email", ("email", "person"), odd, True)
            self.odd_emails += len(odd)

    def known_for(self, keys: Iterable[Keys]) -> Known:
        """Whoever rows with these keys can match, as they stand now.

        A row with an email looks for it, then for someone with its name and no
        email; a row without, for the first with its name: only that is asked for.
        """
        emails: set[str] = set()
        unnamed: set[str] = set()  # names of rows without an email
        named: set[str] = set()  # names of rows with one
        join = NAME_SEPARATOR.join
        for email, name in keys:
            if email:
                emails.add(email)
                named.add(join(name))
            else:
                unnamed.add(join(name))
        by_email = self._by_email(emails)
        first = self._ids("import_name", unnamed)
        unaddressed = self._ids("import_unaddressed", named) if self.unaddressed else []
        people = self._people({*by_email.values(), *(p for _, p in (*first, *unaddressed))})
        no_email: dict[tuple[str, str], list[Person]] = {}
        for text, person in unaddressed:
            no_email.setdefault(_name_key(text), []).append(people[person])
        return Known(
            {email: people[person] for email, person in by_email.items()},
            {_name_key(name): people[person] for name, person in first},
            no_email,
        )

    def _by_email(self, emails: set[str]) -> dict[str, int]:
        """Whoever first had each of these emails (compared as ``email_key`` does)."""
        if not emails:
            return {}
        wanted = json.dumps(list(emails))
        # The contact table compares emails as SQLite's NOCASE does; email_key decides.
        found = self.db.execute(
            self.WITH_EMAILS,
            (wanted,),
        ).fetchall()
        if self.odd_emails:
            found += self._ids("import_email", emails)
        by_email: dict[str, int] = {}
        for written, person in found:
            key = email_key(written)
            if key in emails:
                by_email[key] = min(by_email.get(key, person), person)
        return by_email

    def _ids(self, table: str, keys: set[str]) -> list[tuple[str, int]]:
        """(key, person) in ``table`` for these keys, in the order they were indexed."""
        if not keys:
            return []
        column = "email" if table == "import_email" else "name"
        order = "ORDER BY seq" if table == "import_unaddressed" else ""  # the others: one a key
        rows = self.db.execute(
            f"SELECT {column}, person FROM {table} WHERE {column} IN ({self.LISTED}) {order}",
            (json.dumps(list(keys)),),
        )
        return [(row[0], row[1]) for row in rows]

    def _people(self, ids: set[int]) -> dict[int, Person]:
        """These people as they stand, with who brought in by this import and from where.

        Someone brought in without a day met has none yet, for a later row to give.
        """
        people = {}
        rows = self.db.execute(
            f"SELECT {PERSON_COLUMNS} FROM contact c LEFT JOIN event e ON e.id = c.event_id "
            "LEFT JOIN import_new n ON n.id = c.id "
            "LEFT JOIN import_undated u ON u.id = c.id "
            f"WHERE c.id IN ({self.LISTED_IDS})",
            (json.dumps(list(ids)),),
        )
        for row in rows:
            person = dict(row)
            at, undated = person.pop("at"), person.pop("undated")
            person.update(_id=person.pop("id"), tags=split_tags(person["tags"]))
            if at is not None:
                person["_where"] = at
                if undated:
                    person["met_on"] = None
            people[person["_id"]] = person
        return people

    # -- writing --------------------------------------------------------------

    def add_contacts(self, contacts: Sequence[tuple[Person, Mapping[str, Any]]]) -> None:
        """Write new people: each person and their contact row, in the order of their ids."""
        rows = [row for _, row in contacts]
        ids = self._insert_contacts(rows)
        if ids.start != contacts[0][0]["_id"] or len(ids) != len(contacts):  # both consecutive
            raise RuntimeError(f"new contacts got ids {ids}, not from {contacts[0][0]['_id']}")
        self.statuses.update(map(itemgetter("status"), rows))
        self._insert_many(
            "import_new",
            ("id", "at"),
            [(person["_id"], person["_where"]) for person, _ in contacts],
        )
        self._insert_many(
            "import_undated",
            ("id",),
            [(person["_id"],) for person, _ in contacts if person["met_on"] is None],
        )

    # Row by row, the statements and the undo journal's per-row triggers took most of an
    # import's time; a batch of contacts is one insert of many rows with ids chosen under
    # the write lock, journaled as one undo step (their first follow-ups go in likewise:
    # see schedule_firsts).

    def _insert_contacts(self, contacts: Sequence[Mapping[str, Any]]) -> range:
        """Many contacts at once, all with the same keys; their ids, in order."""
        if not contacts:
            return range(0)
        keys = [key for key in contacts[0] if key != "account_id"]
        stamp = self.now.isoformat(sep=" ")  # as the adapter would, once rather than per row
        # Linked as they go in: linked after, each would be written twice.
        accounts = linking.accounts_of(
            self.db,
            self.now,
            [(contact.get("company"), contact.get("email")) for contact in contacts],
        )
        rows = [
            (*map(contact.__getitem__, keys), account_id, stamp, stamp)
            for contact, account_id in zip(contacts, accounts, strict=True)
        ]
        columns = ["id", *keys, "account_id", "created_at", "updated_at"]
        first = 1 + self._largest("contact")
        ids = range(first, first + len(rows))  # new and consecutive: we hold the write lock
        with self._inserting("contact", ids):
            self._insert_many(
                "contact", columns, [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)]
            )
        return ids

    def _insert_many(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        first_wins: bool = False,
    ) -> None:
        """``rows`` into ``table``'s ``columns``, in order; with ``first_wins`` a row whose
        key is taken (by the store, or an earlier row) is left out."""
        conflict = " ON CONFLICT DO NOTHING" if first_wins else ""
        self.db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(columns)}){conflict}",
            rows,
        )

    def _inserting(self, table: str, ids: range) -> AbstractContextManager[None]:
        """Around an insert of the new rows ``ids`` into ``table``: one undo step for all."""
        return journal.inserting_as_one_step(self.db, table, ids)

    def _largest(self, table: str) -> int:
        """The largest id ``table`` has given (0 for none): new rows are numbered after it."""
        return int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])

    def lessons(self, per_tie: int) -> list[Lesson]:
        new = {row[0] for row in self.db.execute("SELECT id FROM import_new")}
        ties = self.db.execute(
            "SELECT DISTINCT c.account_id, trim(c.title), c.event_id "
            "FROM contact c JOIN import_new n ON n.id = c.id"
        ).fetchall()
        accounts = {row[0] for row in ties if row[0] is not None}
        titles = {row[1] for row in ties if row[1]}
        events = {row[2] for row in ties if row[2] is not None}
        # The people it brought in may have lessons of their own (our own export): room
        # for them too, left out below.
        (taught,) = self.db.execute(
            f"SELECT count(*) FROM contact c JOIN import_new n ON n.id = c.id WHERE {LESSON_KEPT}"
        ).fetchone()
        found = SqliteContacts(self.db, self.now).lessons(
            accounts, titles, events, per_tie + taught
        )
        return [lesson for lesson in found if lesson.contact.id not in new]

    def dated(self, contact_id: int) -> None:
        """A contact this import brought in without a day met now has one."""
        self.db.execute("DELETE FROM import_undated WHERE id = ?", (contact_id,))

    def addressed(self, people: Iterable[int]) -> None:
        """These people have learned an email: they no longer match another by name alone."""
        self.db.execute(
            f"DELETE FROM import_unaddressed WHERE person IN ({self.LISTED_IDS})",
            (json.dumps(list(people)),),
        )

    def events(
        self, names: Iterable[str], create: Callable[[str], tuple[int, date | None, bool]]
    ) -> dict[str, tuple[int, date | None]]:
        """Each event named, by its folded name: its id, and its date as it stands.

        ``create(name)`` finds or creates an event the import has not used yet,
        saying whether it created it. A created event is dated by the earliest day a
        new contact met someone there (see ``met_at``); until then, by its own date.
        """
        wanted: dict[str, str] = {}
        for name in names:
            wanted.setdefault(name.casefold(), name)  # the first spelling names a new one
        found = {
            key: (event_id, _day(first_met if created and first_met else held_on))
            for key, event_id, held_on, created, first_met in self.db.execute(
                "SELECT key, id, held_on, created, first_met FROM import_event "
                f"WHERE key IN ({self.LISTED})",
                (json.dumps(list(wanted)),),
            )
        }
        for key in wanted.keys() - found.keys():
            event_id, held_on, created = create(wanted[key])
            self.db.execute(
                "INSERT INTO import_event VALUES (?, ?, ?, ?, NULL)",
                (key, event_id, held_on, int(created)),
            )
            found[key] = (event_id, held_on)
        return found

    def met_at(self, meetings: Iterable[tuple[str, date]]) -> None:
        """Note (event name, day met) of new contacts, to date the events the import created."""
        self.db.executemany(
            "UPDATE import_event SET first_met = :day "
            "WHERE key = :key AND created = 1 AND (first_met IS NULL OR first_met > :day)",
            [{"key": name.casefold(), "day": day} for name, day in meetings],
        )

    def date_events_and_the_undated(self, today: date) -> None:
        """Date each created event by its first meeting, and who met there on no known day.

        A contact the file gives no day for met on their event's day, if it has
        passed, or else today.
        """
        self.db.execute(
            "UPDATE event SET held_on = x.first_met FROM import_event x "
            "WHERE event.id = x.id AND x.created = 1 AND x.first_met IS NOT NULL "
            f"AND event.held_on {self.DIFFERS} x.first_met"
        )
        self.db.execute(
            "UPDATE contact SET met_on = x.met_on FROM (SELECT u.id, CASE WHEN e.held_on <= :today "
            "THEN e.held_on ELSE :today END AS met_on FROM import_undated u "
            "JOIN contact c ON c.id = u.id JOIN event e ON e.id = c.event_id) x "
            f"WHERE contact.id = x.id AND contact.met_on {self.DIFFERS} x.met_on",
            {"today": today},
        )

    def plan_firsts(self, status: str, plan: Callable[[date], FollowUpPlan]) -> None:
        """Plan the first follow-up of new contacts with ``status``: ``plan(day met)``.

        Worked out once per day: a badge scanner writes one day for a whole show.
        """
        days = self.db.execute(
            "SELECT DISTINCT c.met_on FROM import_new n JOIN contact c ON c.id = n.id "
            "WHERE c.status = ?",
            (status,),
        )
        marks = ", ".join("?" * (2 + len(PLAN_COLUMNS)))
        self.planned.add(status)
        while chunk := days.fetchmany(CHUNK):
            self.db.executemany(
                f"INSERT INTO import_first VALUES ({marks})",
                [(status, day, *plan_row(plan(date.fromisoformat(day)))) for (day,) in chunk],
            )

    def schedule_firsts(self) -> None:
        """Write each new contact's first follow-up, journaled as one undo step."""
        count = sum(self.statuses[status] for status in self.planned)
        first = 1 + self._largest("followup")
        columns = ", ".join(PLAN_COLUMNS)
        planned = ", ".join(f"f.{column}" for column in PLAN_COLUMNS)
        # Numbered here, in the order of the contacts: first, first + 1…
        with self._inserting("followup", range(first, first + count)):
            inserted = self.db.execute(
                f"INSERT INTO followup (id, contact_id, {columns}, status, created_at) "
                f"SELECT ? + row_number() OVER (ORDER BY n.id) - 1, n.id, {planned}, ?, ? "
                f"{FIRSTS} ORDER BY n.id",
                (first, PENDING, self.now),
            ).rowcount
        if inserted != count:
            # The undo step names the ids it expected.
            raise RuntimeError(f"scheduled {inserted} first follow-ups, expected {count}")


def _name_key(text: str) -> tuple[str, str]:
    name, _, company = text.partition(NAME_SEPARATOR)
    return name, company


def _nocase(text: str) -> bytes:
    """``text`` as SQLite's NOCASE compares it: ASCII letters in lower case, nothing else."""
    return text.encode("utf-8", "surrogatepass").lower()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
