"""Reports: the funnel (`report`) and a second look at what went wrong (`review`)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from followup.context import Context
from followup.domain.contact import Contact
from followup.domain.dates import display_day
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


def funnel(ctx: Context, by: str, since: date | str | None = None) -> "Funnel":
    """The funnel grouped ``by`` step, channel, event, week or account; only touches since
    ``since``."""
    from followup.domain import report

    since_day = ctx.day(since) if since is not None else None
    if since_day is not None and since_day > ctx.today:
        raise InvalidValue(f"--since cannot be in the future ({display_day(since_day)})")
    calendar = ctx.calendar
    store = ctx.storage
    with ctx.interaction.progress("Adding up touches", store.contacts.count()) as advance:
        histories = Counted(store.reports.histories(), advance)
        return report.funnel(histories, by, calendar, since_day)


def review(ctx: Context) -> Review:
    """Lost contacts with their lessons, value-check answers that never changed, and
    accounts that went silent without a decider ever named."""
    store = ctx.storage
    return Review(
        store.reports.lost(),
        _unchanged(store.reports.answer_histories()),
        [
            summary
            for summary in store.accounts.silent_without_decider()
            if not any(
                _names_a_decider(p.decider) for p in store.accounts.people(summary.account.id)
            )
        ],
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
