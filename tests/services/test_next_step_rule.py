"""The one-next-step rule as a property: whatever is done, in any order, every open contact
has exactly one pending item with a due date, and a closed contact none.

Hypothesis draws sequences of commands (the services the CLI calls) over three
contacts at one account and a few days: a reply holds the others, the account's
decisions release them, a merge folds one into another. A command may be refused
(FollowupError, as the user would see); none may fail on the store's key
(DatabaseError: that would be a bug).
"""

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.clock import FixedClock
from followup.config import Config
from followup.context import Context
from followup.domain import status
from followup.errors import DatabaseError, FollowupError
from followup.services import (
    accounts,
    closing,
    history,
    maintenance,
    merging,
    reminders,
    schedule,
    touches,
)
from followup.services.contacts import NewContact, Profile, add_contact

START = datetime(2026, 3, 2, 9, 0)
NAMES = ("Ann Lee", "Bo Chen", "Cy Diaz")

Command = Callable[[Context, str], object]


def _log(ctx: Context, who: str) -> object:
    return touches.log_touch(ctx, touches.LogTouch(who, skip_check=True, reason="test"))


def _add(ctx: Context, name: str) -> object:
    # All three at one account (three spellings), so that a reply holds the others.
    company = {"Ann Lee": "Acme", "Bo Chen": "ACME Inc.", "Cy Diaz": "acme corp"}[name]
    return add_contact(ctx, NewContact(name, Profile({"met_on": "2026-02-27", "company": company})))


def _decide(choice: str, until: str | None = None) -> Command:
    return lambda ctx, who: accounts.decide(ctx, accounts.Decision("acme", choice, until))


def _delete_last_touch(ctx: Context, who: str) -> object:
    _, done = history.touches_of(ctx, who)
    return history.delete_touch(ctx, done[-1].id, confirmed=True) if done else None


COMMANDS: dict[str, Command] = {
    "log": _log,
    "connected": lambda ctx, who: touches.log_touch(
        ctx, touches.LogTouch(who, outcome="connected", skip_check=True, reason="test")
    ),
    "reply": lambda ctx, who: touches.record_reply(ctx, touches.RecordReply(who)),
    "meeting": lambda ctx, who: touches.book_meeting(ctx, touches.BookMeeting(who, on="+2bd")),
    "pause": lambda ctx, who: schedule.pause(ctx, schedule.Pause(who, until="+3d")),
    "ooo": lambda ctx, who: schedule.pause(
        ctx, schedule.Pause(who, until="+1w", replied_via="email")
    ),
    "resume": lambda ctx, who: schedule.resume(ctx, who),
    "snooze": lambda ctx, who: schedule.snooze(ctx, who, "+2bd"),
    "nurture": lambda ctx, who: schedule.nurture(ctx, who),
    "restart": lambda ctx, who: schedule.restart(ctx, who),
    "won": lambda ctx, who: closing.close(ctx, closing.Close(who, "won", ask_lessons=False)),
    "lost": lambda ctx, who: closing.close(ctx, closing.Close(who, "lost", ask_lessons=False)),
    "archive": lambda ctx, who: closing.close(
        ctx, closing.Close(who, "archived", ask_lessons=False)
    ),
    "remind": lambda ctx, who: reminders.remind(ctx, who, "+1d", "call back"),
    "delete-touch": _delete_last_touch,
    "respace": lambda ctx, who: schedule.respace(ctx, per_day=1),
    "away": lambda ctx, who: schedule.go_away(ctx, "+1d", "+3d"),
    "undo": lambda ctx, who: maintenance.undo(ctx),
    "account-continue": _decide("continue"),
    "account-wait": _decide("wait", "+1w"),
    "account-stop": _decide("stop"),
    "account-nurture": _decide("nurture"),
    "account-lost": _decide("lost"),
    "merge": lambda ctx, who: merging.merge(ctx, merging.MergeContacts(who, "Cy Diaz")),
}

steps = st.lists(
    st.tuples(st.sampled_from(sorted(COMMANDS)), st.sampled_from(NAMES), st.integers(0, 3)),
    min_size=1,
    max_size=25,
)


def assert_one_pending_item_per_open_contact(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT c.name, c.status, COUNT(f.id), MIN(f.due) FROM contact c "
            "LEFT JOIN followup f ON f.contact_id = c.id AND f.status = 'pending' GROUP BY c.id"
        ).fetchall()
        # Whoever waits for an account's decision is seen: the account's item has a day.
        unseen = connection.execute(
            "SELECT c.name FROM contact c LEFT JOIN account a ON a.id = c.account_id "
            "WHERE c.status = 'paused' AND c.pause_reason = 'account' "
            "AND c.paused_until IS NULL AND a.held_on IS NULL"
        ).fetchall()
    for name, state, pending, due in rows:
        expected = 1 if state in status.WITH_NEXT_STEP else 0
        assert (pending, due is not None) == (expected, bool(expected)), (name, state)
    assert unseen == []


@settings(max_examples=60, deadline=None)
@given(commands=steps)
def test_every_open_contact_always_has_exactly_one_dated_next_step(
    tmp_path_factory: pytest.TempPathFactory, commands: list[tuple[str, str, int]]
) -> None:
    folder = tmp_path_factory.mktemp("rule")
    db = folder / "followup.db"
    moment = START

    def run(command: Command, who: str) -> None:
        ctx = Context.open(db, clock=FixedClock(moment), config=Config(), label="property")
        try:
            command(ctx, who)
        except DatabaseError as error:  # the store refused to leave someone without a step
            raise AssertionError(f"{error}") from None
        except FollowupError:
            pass  # refused as the user would be told: nothing written
        finally:
            ctx.close()

    for name in NAMES:
        run(_add, name)
    for command, who, days_later in commands:
        moment += timedelta(days=days_later)
        run(COMMANDS[command], who)
        assert_one_pending_item_per_open_contact(db)
