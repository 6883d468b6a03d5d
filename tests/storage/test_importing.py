"""An import matched and written a batch at a time decides exactly as one pass over the file.

The rules live in ``core/matching.py`` and are tested there on one batch; here
a file is cut into batches of every size, its rows found through the store and
the TEMP tables of match keys, and each row must come to what one pass over the
whole file decides, with every person in memory as followup 0.1 matched them,
and every contact must end up the same.
"""

import io
import random
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from followup.domain.cadence import EVENT_WARM
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import Offset
from followup.domain.fields import PROFILE, split_tags
from followup.domain.matching import Decision, Keys, Known, Person, email_key, keys_of, match
from followup.formats.importers.entries import Row, Source
from followup.formats.importers.text import TextLines
from followup.services.imports import batches
from followup.services.imports.batches import Batches
from followup.services.imports.saving import Enrolment, finish
from followup.storage.sqlite import SqliteStorage

NOW = datetime(2026, 3, 2, 9, 0)
ENROLMENT = Enrolment(EVENT_WARM, Offset(60, "d"), BusinessCalendar(), NOW.date())
NAMES = ("Ann Lee", "ann lee", "Ånn Lée", "Bo Chen", "BO CHEN", "Cy Diaz")
COMPANIES = (None, "Acme", "ACME Inc.", "Globex", "Globex GmbH")
# Addresses the contact table's NOCASE index finds, and ones only their folded key finds.
EMAILS = (None, None, "ann@acme.example", "ANN@acme.example", "bo@globex.example")
ODD_EMAILS = ("JÖRG@acme.example", "jörg@acme.example", "STRASSE@x.example", "straße@x.example")
NOTES = (None, "met at the booth", "Met at the booth.", "wants a pilot", "call in May")
TITLES = (None, "CFO", "Head of IT")
EVENTS = (None, "Expo 2026", "expo 2026", "Summit")
DAYS = (None, "2026-02-02", "2026-02-20", "2026-01-15")  # as a file writes them


def a_person(rng: random.Random) -> dict[str, Any]:
    values = {
        "name": rng.choice(NAMES),
        "company": rng.choice(COMPANIES),
        "email": rng.choice(EMAILS + ODD_EMAILS),
        "title": rng.choice(TITLES),
        "notes": rng.choice(NOTES),
        "event": rng.choice(EVENTS),
        "met_on": rng.choice(DAYS),
        "tags": tuple(rng.sample(("hot", "warm", "cfo"), rng.randint(0, 2))),
    }
    return {key: value for key, value in values.items() if value not in (None, ())}


def a_store(path: Path, rng: random.Random) -> SqliteStorage:
    """A store with a few contacts, some of them the file's people under other spellings."""
    store = SqliteStorage.open(path, NOW)
    emails: set[bytes] = set()
    with store.writing("test"):
        for _ in range(rng.randint(0, 6)):
            person = a_person(rng)
            # The store allows one contact per email as SQLite's NOCASE compares them (so
            # JÖRG@ and jörg@, one to email_key, may both be there, as in older stores).
            if (email := person.get("email")) and email.encode().lower() in emails:
                del person["email"]
            elif email:
                emails.add(email.encode().lower())
            event_id = None
            if event := person.pop("event", None):
                found = store.events.find(event)
                event_id = found.id if found else store.events.add(event, None, None)
            tags = ",".join(person.pop("tags", ())) or None
            met_on = person.pop("met_on", "2026-01-05")
            store.contacts.add(
                {
                    **person,
                    "tags": tags,
                    "event_id": event_id,
                    "met_on": met_on,
                    "status": "archived",
                }
            )
    return store


def stored(store: SqliteStorage) -> dict[int, dict[str, Any]]:
    """Every contact's profile as matching reads it, its event by name (folded)."""
    rows = store.db.execute(
        "SELECT c.*, e.name AS event FROM contact c LEFT JOIN event e ON e.id = c.event_id"
    )
    return {
        row["id"]: {field: row[field] for field in PROFILE if field != "event"}
        | {"tags": split_tags(row["tags"]), "event": (row["event"] or "").casefold() or None}
        for row in rows
    }


def without_days(people: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The profiles but the day met, which the file may leave to the event or today."""
    return {
        person_id: {key: value for key, value in person.items() if key != "met_on"}
        for person_id, person in people.items()
    }


class OnePass(Known):
    """The people rows are matched against as one pass over a file kept them (followup
    0.1's plan_import): by email, and everyone with a name and company in one list."""

    def __init__(self) -> None:
        super().__init__()
        self.by_person: dict[tuple[str, str], list[Person]] = {}

    def add(self, person: Person, keys: Keys | None = None) -> None:
        keys = keys or keys_of(person)
        super().add(person, keys)
        self.by_person.setdefault(keys[1], []).append(person)

    def find(self, keys: Keys) -> Person | None:
        email, name = keys
        if email and email in self.by_email:
            return self.by_email[email]
        # Same name and company but two different addresses: two people.
        people = self.by_person.get(name, [])
        return next((p for p in people if not (email and email_key(p.get("email")))), None)


def in_one_pass(
    store: SqliteStorage, rows: list[tuple[str, dict[str, Any]]]
) -> tuple[list[Decision], Known]:
    """What matching the whole file at once against the whole store decides."""
    known = OnePass()
    for contact_id, contact in sorted(stored(store).items()):
        known.add({**contact, "_id": contact_id})
    first = 1 + store.db.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]
    ids = iter(range(first, first + len(rows)))
    return match(rows, [keys_of(values) for _, values in rows], known, lambda: next(ids)), known


def in_batches(store: SqliteStorage, rows: list[tuple[str, dict[str, Any]]]) -> Iterator[Decision]:
    entries = iter(Row(where, dict(values)) for where, values in rows)
    source = Source("CSV", entries, TextLines(io.BytesIO(), "people.csv"))
    with store.writing("test"):
        session = store.import_session()
        run = Batches(store, session, ENROLMENT, None, None, stop_at_bad=True)
        for outcomes in run.outcomes(source):
            for outcome in outcomes:
                assert isinstance(outcome, Decision), outcome  # every row here is usable
                yield outcome
        finish(session, ENROLMENT)


def outcome(decision: Decision) -> tuple[Any, ...]:
    return decision.action, decision.where, decision.contact_id, decision.into, decision.changed


@pytest.mark.parametrize("batch", [1, 2, 3, 7, 1000])
@pytest.mark.parametrize("seed", range(12))
def test_batches_of_any_size_decide_as_one_pass_and_write_the_same_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, batch: int
) -> None:
    rng = random.Random(seed)
    store = a_store(tmp_path / "followup.db", rng)
    rows = [(f"line {n}", a_person(rng)) for n in range(2, 2 + rng.randint(5, 40))]
    expected, known = in_one_pass(store, rows)
    before = stored(store)
    monkeypatch.setattr(batches, "BATCH_ROWS", batch)
    assert [outcome(decision) for decision in in_batches(store, rows)] == [
        outcome(decision) for decision in expected
    ]
    people = {**before}
    for person in [*known.new.values(), *known.changed.values()]:
        people[person["_id"]] = {field: person.get(field) for field in PROFILE} | {
            "tags": tuple(person.get("tags") or ()),
            "event": (person.get("event") or "").casefold() or None,
        }
    assert without_days(stored(store)) == without_days(people)
    store.close()


def test_a_new_event_is_dated_by_its_earliest_meeting_and_dates_who_met_there_undated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStorage.open(tmp_path / "followup.db", NOW)
    rows = [
        ("line 2", {"name": "Ann Lee", "event": "Expo"}),  # no day: the event's
        ("line 3", {"name": "Bo Chen", "event": "Expo", "met_on": "2026-02-20"}),
        ("line 4", {"name": "Cy Diaz", "event": "expo", "met_on": "2026-02-18"}),
        ("line 5", {"name": "Di Fox"}),  # no day, no event: today
        ("line 6", {"name": "Ed Gray", "event": "Expo"}),
        ("line 7", {"name": "Ed Gray", "met_on": "2026-02-25"}),  # his day, later
    ]
    monkeypatch.setattr(batches, "BATCH_ROWS", 2)
    list(in_batches(store, rows))
    met = dict(store.db.execute("SELECT name, met_on FROM contact ORDER BY id").fetchall())
    assert met == {
        "Ann Lee": "2026-02-18",
        "Bo Chen": "2026-02-20",
        "Cy Diaz": "2026-02-18",
        "Di Fox": "2026-03-02",
        "Ed Gray": "2026-02-25",
    }
    assert [tuple(row) for row in store.db.execute("SELECT name, held_on FROM event")] == [
        ("Expo", "2026-02-18")
    ]
    due = dict(
        store.db.execute(
            "SELECT c.name, f.due FROM followup f JOIN contact c ON c.id = f.contact_id"
        ).fetchall()
    )
    assert due["Ann Lee"] == "2026-02-19" and due["Ed Gray"] == "2026-02-26"
    store.close()
