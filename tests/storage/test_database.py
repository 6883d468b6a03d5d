"""SqliteStorage: every query against a real SQLite file made from the SQLModel schema.

Running each method here is what proves the hand-written SQL names columns
that exist: SQLite rejects an unknown column when the statement is prepared.
"""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from followup.domain.cadence import EVENT_WARM, after_touch, first_step
from followup.domain.calendar import BusinessCalendar, Period
from followup.domain.contact import ContactFilter
from followup.errors import Ambiguous, DatabaseError, NotFound
from followup.storage.sqlite import SqliteStorage

NOW = datetime(2026, 3, 2, 9, 0)
MONDAY = date(2026, 3, 2)
CALENDAR = BusinessCalendar()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStorage]:
    opened = SqliteStorage.open(tmp_path / "followup.db", NOW)
    yield opened
    opened.close()


def add(store: SqliteStorage, name: str, met_on: date = date(2026, 2, 27), **values: object) -> int:
    with store.writing("test"):
        contact_id = store.contacts.add(
            {"name": name, "met_on": met_on, "status": "active", "cadence": "event-warm", **values}
        )
        store.followups.schedule(contact_id, first_step(EVENT_WARM, met_on, CALENDAR))
    return contact_id


def test_added_contact_reads_back_with_dates_as_dates(store: SqliteStorage) -> None:
    contact_id = add(store, "Ann Lee", company="Acme", email="ann@acme.com", tags="cfo,warm")
    ann = store.contacts.get(contact_id)
    assert (ann.name, ann.company, ann.met_on, ann.tag_list) == (
        "Ann Lee",
        "Acme",
        date(2026, 2, 27),
        ["cfo", "warm"],
    )


def test_find_contact_by_id_email_and_unique_name_part(store: SqliteStorage) -> None:
    ann = add(store, "Ann Lee", email="Ann@Acme.com")
    add(store, "Bob Smith")
    assert store.contacts.find(str(ann)).id == ann
    assert store.contacts.find(f"#{ann}").id == ann
    assert store.contacts.find("ann@acme.COM").id == ann
    assert store.contacts.find("lee").id == ann


def test_find_contact_folds_non_ascii_case(store: SqliteStorage) -> None:
    contact_id = add(store, "Łukasz Żółć")
    assert store.contacts.find("łUKASZ").id == contact_id


def test_ambiguous_name_lists_candidates(store: SqliteStorage) -> None:
    add(store, "Ann Lee", company="Acme")
    add(store, "Joann Smith")
    with pytest.raises(Ambiguous, match=r"#1 Ann Lee \(Acme\), #2 Joann Smith"):
        store.contacts.find("ann")


def test_exact_full_name_wins_over_partial_matches(store: SqliteStorage) -> None:
    add(store, "Ann")
    add(store, "Joann Smith")
    assert store.contacts.find("ann").name == "Ann"


def test_unknown_contact_is_not_found(store: SqliteStorage) -> None:
    with pytest.raises(NotFound):
        store.contacts.find("nobody")
    with pytest.raises(NotFound):
        store.contacts.find("99")


def test_due_orders_first_touches_then_most_overdue(store: SqliteStorage) -> None:
    late = add(store, "Late Retry", met_on=date(2026, 2, 2))
    with store.writing("test"):
        store.followups.schedule(late, after_touch(EVENT_WARM, 1, date(2026, 2, 3), CALENDAR))
    first = add(store, "Fresh Met", met_on=date(2026, 2, 27))
    add(store, "Not Yet", met_on=date(2026, 3, 2))
    due = store.followups.due(MONDAY)
    assert [item.contact_id for item in due] == [first, late]
    assert due[1].days_overdue(MONDAY) == (MONDAY - date(2026, 2, 6)).days
    assert store.followups.due_count(MONDAY) == 2
    assert [item.name for item in store.followups.due(MONDAY, limit=1)] == ["Fresh Met"]


def test_upcoming_is_after_today_until_the_horizon(store: SqliteStorage) -> None:
    add(store, "Due Today", met_on=date(2026, 2, 27))
    add(store, "Due Tuesday", met_on=date(2026, 3, 2))
    assert [item.name for item in store.followups.upcoming(MONDAY, date(2026, 3, 9))] == [
        "Due Tuesday"
    ]


def test_schedule_replaces_the_pending_follow_up(store: SqliteStorage) -> None:
    contact_id = add(store, "Ann Lee")
    with store.writing("test"):
        store.followups.schedule(contact_id, after_touch(EVENT_WARM, 1, MONDAY, CALENDAR))
    pending = store.followups.pending(contact_id)
    assert pending is not None and pending.plan.step == 2
    assert len(store.followups.all_pending()) == 1


def test_touch_answers_are_kept_per_question(store: SqliteStorage) -> None:
    contact_id = add(store, "Ann Lee")
    touch = {
        "happened_on": MONDAY,
        "channel": "email",
        "direction": "out",
        "outcome": "sent",
        "step": 2,
    }
    with store.writing("test"):
        store.touches.add(contact_id, touch, {"value": "case study", "problem": "churn"})
        store.touches.add(contact_id, {**touch, "step": 3}, {"value": "pilot offer"})
    assert store.touches.answers_to(contact_id, "value") == ["case study", "pilot offer"]
    assert store.touches.latest_answers(contact_id) == {"value": "pilot offer", "problem": "churn"}
    assert [t.answers for t in store.touches.of(contact_id)] == [
        {"value": "case study", "problem": "churn"},
        {"value": "pilot offer"},
    ]


def test_a_failed_write_leaves_nothing_behind(store: SqliteStorage) -> None:
    with pytest.raises(RuntimeError), store.writing("test"):
        add_id = store.contacts.add(
            {"name": "Half Written", "met_on": MONDAY, "status": "active", "cadence": "event-warm"}
        )
        store.followups.schedule(add_id, first_step(EVENT_WARM, MONDAY, CALENDAR))
        raise RuntimeError("crash in the middle of a command")
    assert store.contacts.listing() == []
    assert store.followups.all_pending() == []


def test_deleting_a_contact_removes_its_touches_answers_and_follow_ups(
    store: SqliteStorage,
) -> None:
    contact_id = add(store, "Ann Lee")
    with store.writing("test"):
        store.touches.add(
            contact_id,
            {"happened_on": MONDAY, "channel": "email", "direction": "out", "outcome": "sent"},
            {"value": "x"},
        )
        store.contacts.delete(contact_id)
    counts = [
        store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("touch", "answer", "followup")
    ]
    assert counts == [0, 0, 0]


def test_contact_filters(store: SqliteStorage) -> None:
    with store.writing("test"):
        event_id = store.events.add("SaaStr 2026", date(2026, 2, 27), "San Mateo")
    add(store, "Ann Lee", company="Acme Corp", tags="cfo", event_id=event_id, problem="churn")
    add(store, "Bob Smith", company="Globex", tags="cto")

    def names(**where: str) -> list[str]:
        return [person.name for person, _ in store.contacts.listing(ContactFilter(**where))]

    assert names(event="saastr 2026") == ["Ann Lee"]
    assert names(company="acme") == ["Ann Lee"]
    assert names(tag="cto") == ["Bob Smith"]
    assert names(search="CHURN") == ["Ann Lee"]
    assert names(company="acme", tag="cto") == []
    active = store.contacts.listing(ContactFilter(status="active"))
    assert [next_due for _, next_due in active] == ["2026-03-02", "2026-03-02"]
    assert store.contacts.count(["active", "engaged"]) == 2


def test_events_count_their_contacts_by_status(store: SqliteStorage) -> None:
    with store.writing("test"):
        event_id = store.events.add("SaaStr 2026", date(2026, 2, 27), None)
    add(store, "Ann Lee", event_id=event_id)
    add(store, "Bob Smith", event_id=event_id)
    [(event, counts)] = store.events.with_counts()
    assert (event.name, counts) == ("SaaStr 2026", {"active": 2})
    assert store.events.find("saastr 2026") == event


def test_away_periods_round_trip(store: SqliteStorage) -> None:
    period = Period(date(2026, 3, 9), date(2026, 3, 13))
    with store.writing("test"):
        store.away.add(period, "ski week")
    assert store.away.periods() == [period]


def test_contact_names_complete_by_prefix_escaping_wildcards(store: SqliteStorage) -> None:
    add(store, "Ann Lee")
    add(store, "An_drew")
    add(store, "Bob")
    assert sorted(store.contacts.names("An")) == ["An_drew", "Ann Lee"]
    assert store.contacts.names("An_") == ["An_drew"]


def test_still_pending_tells_whether_a_read_follow_up_was_replaced(store: SqliteStorage) -> None:
    contact_id = add(store, "Ann Lee")
    read = store.followups.pending(contact_id)
    assert read is not None and store.followups.still_pending(contact_id, read)
    with store.writing("test"):
        store.followups.reschedule(read, read.plan.snoozed(date(2026, 3, 9), CALENDAR))
    assert store.followups.still_pending(contact_id, read), "moving a date keeps the version"
    with store.writing("test"):
        store.followups.schedule(contact_id, after_touch(EVENT_WARM, 1, MONDAY, CALENDAR))
    assert not store.followups.still_pending(contact_id, read)
    with store.writing("test"):
        store.followups.close_pending(contact_id, "done")
        assert store.followups.still_pending(contact_id, None)
        assert not store.followups.still_pending(contact_id, read)
        store.contacts.update(contact_id, {"status": "won"})


def test_an_open_contact_without_a_pending_follow_up_is_refused_at_commit(
    store: SqliteStorage,
) -> None:
    contact_id = add(store, "Ann Lee")
    before = store.followups.all_pending()
    with pytest.raises(DatabaseError, match="without a dated next step"), store.writing("t"):
        store.followups.close_pending(contact_id, "done")
    with pytest.raises(DatabaseError, match="without a dated next step"), store.writing("t"):
        store.contacts.add({"name": "Bo Chen", "met_on": MONDAY, "status": "engaged"})
    assert store.followups.all_pending() == before
    assert [person.name for person, _ in store.contacts.listing()] == ["Ann Lee"]
    assert store.journal.operations()[0].command == "test", "nothing journaled either"


def test_a_closed_contact_has_no_pending_follow_up_to_keep(store: SqliteStorage) -> None:
    contact_id = add(store, "Ann Lee")
    with store.writing("test"):
        store.followups.close_pending(contact_id, "cancelled")
        store.contacts.update(contact_id, {"status": "lost"})
    assert store.followups.pending(contact_id) is None
    with pytest.raises(DatabaseError), store.writing("test"):
        store.contacts.update(contact_id, {"status": "paused"})


def test_last_touch_on_is_the_latest_day_whatever_the_order_logged(store: SqliteStorage) -> None:
    contact_id = add(store, "Ann Lee")
    assert store.touches.last_on(contact_id) is None
    touch = {"channel": "email", "direction": "out", "outcome": "sent"}
    with store.writing("test"):
        store.touches.add(contact_id, {**touch, "happened_on": date(2026, 2, 27)}, {})
        store.touches.add(contact_id, {**touch, "happened_on": date(2026, 2, 25)}, {})
    assert store.touches.last_on(contact_id) == date(2026, 2, 27)


def test_due_accepts_a_limit_beyond_sqlites_integers(store: SqliteStorage) -> None:
    add(store, "Ann Lee")
    assert [item.name for item in store.followups.due(MONDAY, limit=10**20)] == ["Ann Lee"]
    assert store.followups.due(MONDAY, limit=0) == []


@pytest.mark.parametrize(
    "query", ["\u00b2", "#\u0663", "99999999999999999999", "1234567890123456789"]
)
def test_only_ascii_digits_that_fit_an_integer_are_ids(store: SqliteStorage, query: str) -> None:
    add(store, "Ann Lee")
    with pytest.raises(NotFound, match="no contact matches"):
        store.contacts.find(query)


def test_every_contact_read_carries_its_event_name(store: SqliteStorage) -> None:
    with store.writing("test"):
        event_id = store.events.add("SaaStr 2026", date(2026, 2, 27), None)
    ann = add(store, "Ann Lee", email="ann@acme.com", event_id=event_id)
    add(store, "Bob Smith")
    assert store.contacts.get(ann).event_name == "SaaStr 2026"
    assert store.contacts.find("ann@acme.com").event_name == "SaaStr 2026"
    assert store.contacts.find("lee").event_name == "SaaStr 2026"
    assert [(c.name, c.event_name) for c, _ in store.contacts.listing()] == [
        ("Ann Lee", "SaaStr 2026"),
        ("Bob Smith", None),
    ]


def test_tag_and_company_filters_match_wildcards_literally(store: SqliteStorage) -> None:
    add(store, "Ann Lee", tags="axb,cfo", company="100 Foods")
    add(store, "Bob Smith", tags="a_b", company="100% Foods")
    assert [c.name for c, _ in store.contacts.listing(ContactFilter(tag="a_b"))] == ["Bob Smith"]
    assert [c.name for c, _ in store.contacts.listing(ContactFilter(tag="a%"))] == []
    assert [c.name for c, _ in store.contacts.listing(ContactFilter(company="0%"))] == ["Bob Smith"]
