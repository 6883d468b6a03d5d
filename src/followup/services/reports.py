"""Reports: the funnel (`report`) and a second look at what went wrong (`review`)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from followup.context import Context
from followup.domain.contact import Contact
from followup.domain.dates import display_day
from followup.domain.fields import owner_filter
from followup.domain.records import AccountSummary
from followup.errors import InvalidValue
from followup.interaction import Counted

if TYPE_CHECKING:  # the arithmetic is imported when a report is asked for
    from followup.domain.report import AnswerHistory, Funnel, Unchanged


@dataclass(frozen=True)
class Review:
    lost: list[Contact]  # most recently closed first
    # Per contact, the questions answered the same way every time; streamed.
    unchanged: Iterator[tuple["AnswerHistory", "Unchanged"]]
    # Accounts where everyone was written to, nobody answered, and no decider was linked.
    silent_accounts: list[AccountSummary] = field(default_factory=list)


def funnel(
    ctx: Context, by: str, since: date | str | None = None, owner: str | None = None
) -> "Funnel":
    """The funnel grouped ``by`` step, channel, event, week, account or owner; only touches
    since ``since``; with ``owner``, only that seller's contacts."""
    from followup.domain import report

    since_day = ctx.day(since) if since is not None else None
    if since_day is not None and since_day > ctx.today:
        raise InvalidValue(f"--since cannot be in the future ({display_day(since_day)})")
    calendar = ctx.calendar
    store = ctx.storage
    with ctx.interaction.progress("Adding up touches", store.contacts.count()) as advance:
        histories = Counted(store.reports.histories(owner_filter(owner)), advance)
        return report.funnel(histories, by, calendar, since_day)


def review(ctx: Context, owner: str | None = None) -> Review:
    """Lost contacts with their lessons, value-check answers that never changed, and
    accounts that went silent without a decider ever named; with ``owner``, only that
    seller's contacts and the accounts where they have someone."""
    store = ctx.storage
    owner = owner_filter(owner)
    silent = []
    for summary in store.accounts.silent_without_decider():
        people = store.accounts.people(summary.account.id)
        if owner is not None and all(person.owner != owner for person in people):
            continue
        if not any(_names_a_decider(person.decider) for person in people):
            silent.append(summary)
    return Review(
        store.reports.lost(owner), _unchanged(store.reports.answer_histories(owner)), silent
    )


def _names_a_decider(text: str | None) -> bool:
    """Whether a decider answer says who decides: the person themselves, or someone named."""
    from followup.domain.deciders import decides_themselves, person_named

    if not text:
        return False
    return decides_themselves(text) or person_named(text) is not None


def _unchanged(
    histories: Iterator["AnswerHistory"],
) -> Iterator[tuple["AnswerHistory", "Unchanged"]]:
    from followup.domain import report

    for person in histories:
        for item in report.unchanged_answers(person.touches):
            yield person, item
