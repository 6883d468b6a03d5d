"""Accounts: the people at one company, and one conversation there at a time.

When someone at an account answers, books a meeting, is won or is lost, chasing
their colleagues in silence would undercut that conversation: their silent
cadences wait (status `paused`, reason `account`), and `today` asks once for the
account what to do with them (``decide``).
"""

from dataclasses import dataclass
from datetime import date

from followup.context import Context
from followup.domain import cadence as engine
from followup.domain import fields, lessons, status
from followup.domain.accounts import (
    ACCOUNT_PAUSE,
    CHOICES,
    CONTINUE,
    LOST,
    MEETING,
    NURTURE,
    REPLIED,
    WAIT,
    happened,
)
from followup.domain.contact import Contact
from followup.domain.dates import display_day
from followup.domain.records import Account, AccountSummary, Lesson, Pending, Touch
from followup.errors import FollowupError, InvalidValue, NotFound
from followup.services.standing import back_from_pause, end_cadence, move_to, nurture_every


@dataclass(frozen=True)
class Person:
    """Someone at an account as `account show` lists them."""

    contact: Contact
    pending: Pending | None
    last_touch_on: date | None


@dataclass(frozen=True)
class AccountView:
    account: Account
    people: list[Person]
    touches: list[tuple[Touch, Contact]]  # in date order, each with whom
    lessons: list[Lesson]


@dataclass(frozen=True)
class Held:
    """The others at an account whose cadences now wait for one conversation there."""

    account: Account
    waiting: list[Contact]
    colleagues: int = 0  # a colleague's contacts there that wait too (a team's database)


@dataclass(frozen=True)
class Decision:
    account: str
    choice: str  # one of CHOICES
    until: date | str | None = None  # for WAIT
    only: tuple[str, ...] = ()  # the contacts it is for; default everyone waiting


@dataclass(frozen=True)
class Decided:
    account: Account
    choice: str
    contacts: list[Contact]
    still_waiting: int
    until: date | None = None  # for WAIT


def summaries(ctx: Context) -> list[AccountSummary]:
    return ctx.storage.accounts.summaries()


def account_named(ctx: Context, name: str, part: bool = False) -> Account:
    """The account ``name`` means: its name in any case, a spelling of it, or the first
    words of its name ("kessler" for Kessler Logistik); with ``part``, any unique part of
    its name. NotFound naming how to list them otherwise.

    Only looking goes by any part: a command that changes an account wants a name that
    cannot mean another by accident ("e").
    """
    store = ctx.storage.accounts
    found = store.find(name) or store.containing(name, leading_words=not part)
    if found is None:
        raise NotFound(f"no account matches {name!r} (see followup account list)")
    return found


def account_view(ctx: Context, name: str) -> AccountView:
    """An account's people (status, next item, last touch), its touches and its lessons."""
    store = ctx.storage
    account = account_named(ctx, name, part=True)
    people = store.accounts.people(account.id)
    listed = [
        Person(person, store.followups.pending(person.id), store.touches.last_on(person.id))
        for person in people
    ]
    by_id = {person.id: person for person in people}
    touches = [(touch, by_id[touch.contact_id]) for touch in store.accounts.touches(account.id)]
    found = store.contacts.lessons([account.id], (), ())
    return AccountView(account, listed, touches, lessons.ranked(found, limit=len(found)))


def rename(ctx: Context, old: str, new: str) -> tuple[Account, str]:
    """A new name for the account; people who write the old one still join it."""
    account = account_named(ctx, old)
    name = fields.one_line("NEW", new).strip()
    if not name:
        raise InvalidValue("an account needs a name")
    with ctx.writing():
        # The exact name, or one that links to another account already (its spelling).
        taken = ctx.storage.accounts.find(name)
        if taken is not None and taken.id != account.id:
            raise FollowupError(
                f"an account named {taken.name!r} exists already: "
                f"`followup account merge {taken.name!r} {account.name!r}` makes them one"
            )
        ctx.storage.accounts.rename(account.id, name)
    return account, name


def merge(ctx: Context, keep: str, other: str) -> tuple[Account, Account, int]:
    """Make two accounts one: ``other``'s people and spellings join ``keep``."""
    kept = account_named(ctx, keep)
    merged = account_named(ctx, other)
    if kept.id == merged.id:
        raise InvalidValue(f"{keep!r} and {other!r} are the same account, {kept.name!r}")
    with ctx.writing():
        moved = len(ctx.storage.accounts.people(merged.id))
        ctx.storage.accounts.merge(kept.id, merged.id)
    return kept, merged, moved


def hold_others(ctx: Context, person: Contact, because: str, on: date) -> Held | None:
    """Inside ``writing()``: ``person`` is the one conversation at their account since ``on``.

    Their colleagues in a silent cadence (status `active`) wait for it, keeping their
    pending step; colleagues waiting already go on waiting for this. A reply or a
    meeting does this only while `accounts.on_reply` is "pause"; a win or a loss
    always does, since it ends what the account was for.
    """
    if person.account_id is None:
        return None
    if because in (REPLIED, MEETING) and not ctx.config.pause_account_on_reply:
        return None
    store = ctx.storage
    others = [other for other in store.accounts.people(person.account_id) if other.id != person.id]
    silent = [other for other in others if other.status == status.ACTIVE]
    for other in silent:
        move_to(ctx, other, status.PAUSED, pause_reason=ACCOUNT_PAUSE)
    waiting = [*silent, *(other for other in others if other.waits_for_account)]
    theirs = store.accounts.hold_colleagues(person.account_id)
    if not waiting and not theirs:
        return None
    store.accounts.hold(person.account_id, person.id, because, on)
    return Held(store.accounts.get(person.account_id), waiting, theirs)


def waiting(ctx: Context, account: Account) -> list[Contact]:
    return [
        person for person in ctx.storage.accounts.people(account.id) if person.waits_for_account
    ]


def decide(ctx: Context, request: Decision) -> Decided:
    """What happens to the colleagues who wait: their cadences go on, wait until a day,
    stop (archived), or become nurture or lost."""
    if request.choice not in CHOICES:
        raise InvalidValue(f"{request.choice!r} is not one of: {', '.join(CHOICES)}")
    store = ctx.storage
    account = account_named(ctx, request.account)
    everyone = waiting(ctx, account)
    chosen = _chosen(ctx, account, everyone, request.only)
    until = _until(ctx, request) if request.choice == WAIT else None
    calendar = ctx.calendar
    with ctx.writing():
        for person in chosen:
            # Read again under the lock: another command may have moved them meanwhile.
            if not store.contacts.get(person.id).waits_for_account:
                raise FollowupError(f"{person.label} stopped waiting meanwhile; run it again")
            pending = store.followups.pending(person.id)
            assert pending is not None  # the store keeps one for every open contact
            if request.choice == CONTINUE:
                move_to(ctx, person, back_from_pause(person, pending.plan))
            elif request.choice == WAIT:
                assert until is not None
                store.followups.reschedule(pending, pending.plan.paused(until, calendar))
                store.contacts.update(person.id, {"paused_until": until})
            elif request.choice == NURTURE:
                every = nurture_every(ctx, person)
                move_to(ctx, person, status.NURTURE, nurture_every=str(every))
                checkin = engine.nurture_checkin(ctx.today, every, calendar)
                store.followups.schedule(person.id, checkin)
            else:
                closing = status.LOST if request.choice == LOST else status.ARCHIVED
                reason = f"account: {_what_happened(account)}"
                end_cadence(ctx, person, closing, closed_on=ctx.today, close_reason=reason)
    return Decided(account, request.choice, chosen, len(everyone) - len(chosen), until)


def _chosen(
    ctx: Context, account: Account, everyone: list[Contact], only: tuple[str, ...]
) -> list[Contact]:
    if not everyone:
        raise FollowupError(f"nobody at {account.name} waits for a decision")
    if not only:
        return everyone
    ids = {person.id for person in everyone}
    chosen = []
    for query in only:
        person = ctx.storage.contacts.find(query)
        if person.id not in ids:
            raise FollowupError(f"{person.label} does not wait for a decision at {account.name}")
        chosen.append(person)
    return chosen


def _until(ctx: Context, request: Decision) -> date:
    if request.until is None:
        raise InvalidValue("wait needs --until DATE: the day their cadences go on")
    until = ctx.day(request.until)
    if until < ctx.today:
        raise InvalidValue(f"--until cannot be in the past ({display_day(until)})")
    return until


def _what_happened(account: Account) -> str:
    return happened(account.held_by_name, account.held_because)
