"""The arithmetic behind `report` (the funnel) and `review` (what to look at again).

The store hands over each contact's history, its touches in timeline order; this
module credits every reply, booked meeting and closing to the outbound touch that
earned it, groups the outbound touches, and adds them up. Pure: no I/O, no clock.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from followup.domain.calendar import BusinessCalendar
from followup.domain.status import LOST, WON
from followup.domain.valuecheck import NEW_VALUE_KEY, KeptAnswer, normalised

OUTBOUND = "out"
REPLIED = "replied"
MEETING_BOOKED = "meeting-booked"
TOTAL = "total"

Group = int | str | None


@dataclass(frozen=True)
class TouchFact:
    """What the funnel needs of one touch."""

    happened_on: date
    direction: str
    outcome: str
    channel: str
    step: int | None
    check_skipped: bool = False


@dataclass(frozen=True)
class History:
    """One contact and every touch with them, in timeline order (day, then as recorded)."""

    contact_id: int
    event: str | None
    status: str
    closed_on: date | None
    touches: tuple[TouchFact, ...] = ()
    account: str | None = None
    owner: str | None = None


@dataclass
class Credited:
    """An outbound touch and what it earned: the first reply, a meeting, a closing."""

    touch: TouchFact
    replied_on: date | None = None
    meeting: bool = False
    closed: str | None = None


def credit(history: History) -> list[Credited]:
    """The contact's outbound touches, each with the results it earned.

    A reply or a booked meeting goes to the last outbound touch before it in the
    timeline; several replies after one touch count once, and the first one
    gives the time to reply. A win or loss goes to the last outbound touch on or
    before the day the contact was closed. Whatever came before any outbound
    touch was not earned by a follow-up, so it is credited to none.
    """
    outbound: list[Credited] = []
    for touch in history.touches:
        if touch.direction == OUTBOUND:
            outbound.append(Credited(touch))
        elif outbound:
            last = outbound[-1]
            if touch.outcome == REPLIED and last.replied_on is None:
                last.replied_on = touch.happened_on
            elif touch.outcome == MEETING_BOOKED:
                last.meeting = True
    if history.status in (WON, LOST):
        closed_on = history.closed_on or date.max  # closed on a day nobody recorded: the latest
        before = [item for item in outbound if item.touch.happened_on <= closed_on]
        if before:
            before[-1].closed = history.status
    return outbound


def _week(touch: TouchFact) -> str:
    year, week, _ = touch.happened_on.isocalendar()
    return f"{year}-W{week:02d}"


BY_STEP, BY_CHANNEL, BY_EVENT, BY_WEEK = "step", "channel", "event", "week"
BY_ACCOUNT, BY_OWNER = "account", "owner"
# How each `--by` names the group of an outbound touch.
GROUP_OF: dict[str, Callable[[History, TouchFact], Group]] = {
    BY_STEP: lambda history, touch: touch.step,
    BY_CHANNEL: lambda history, touch: touch.channel,
    BY_EVENT: lambda history, touch: history.event,
    BY_WEEK: lambda history, touch: _week(touch),
    BY_ACCOUNT: lambda history, touch: history.account,
    BY_OWNER: lambda history, touch: history.owner,
}
# Groupings that name something a contact belongs to, whose every contact counts in its
# group without ``since``, touched or not.
BELONGING: dict[str, Callable[[History], Group]] = {
    BY_EVENT: lambda history: history.event,
    BY_ACCOUNT: lambda history: history.account,
    BY_OWNER: lambda history: history.owner,
}
GROUPINGS = tuple(GROUP_OF)


@dataclass(frozen=True)
class Row:
    """One line of the funnel: a group, or the total."""

    group: Group
    contacts: int
    touches: int
    replies: int
    reply_rate: float | None
    median_days_to_reply: int | float | None
    meetings: int
    won: int
    lost: int
    checks_skipped: int


@dataclass(frozen=True)
class Funnel:
    by: str
    since: date | None
    groups: list[Row]
    total: Row


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to three places; None when there is nothing to divide."""
    return round(part / whole, 3) if whole else None


def median(values: Iterable[int]) -> int | float | None:
    """The middle value (the mean of the middle two for an even count); None when empty.

    A whole median stays an int, so 2 prints as ``2`` rather than ``2.0``.
    """
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    pair = ordered[middle - 1] + ordered[middle]
    return pair // 2 if pair % 2 == 0 else pair / 2


@dataclass
class _Tally:
    contacts: int = 0
    touches: int = 0
    replies: int = 0
    days_to_reply: list[int] = field(default_factory=list)
    meetings: int = 0
    won: int = 0
    lost: int = 0
    checks_skipped: int = 0

    def add(self, item: Credited, days_to_reply: int | None) -> None:
        self.touches += 1
        if days_to_reply is not None:
            self.replies += 1
            self.days_to_reply.append(days_to_reply)
        self.meetings += item.meeting
        self.won += item.closed == WON
        self.lost += item.closed == LOST
        self.checks_skipped += item.touch.check_skipped

    def row(self, group: Group) -> Row:
        return Row(
            group=group,
            contacts=self.contacts,
            touches=self.touches,
            replies=self.replies,
            reply_rate=rate(self.replies, self.touches),
            median_days_to_reply=median(self.days_to_reply),
            meetings=self.meetings,
            won=self.won,
            lost=self.lost,
            checks_skipped=self.checks_skipped,
        )


def _order(group: Group) -> tuple[bool, int | str]:
    """Steps and weeks in order, names alphabetically; the group without a name last."""
    if group is None:
        return (True, 0)
    return (False, group.casefold() if isinstance(group, str) else group)


def funnel(
    histories: Iterable[History],
    by: str,
    calendar: BusinessCalendar,
    since: date | None = None,
) -> Funnel:
    """The funnel of ``histories`` grouped ``by`` step, channel, event, week, account or
    owner.

    Only outbound touches on or after ``since`` count, with what they earned.
    A group's contacts are the distinct contacts with an outbound touch in it;
    grouped by event (account, owner) without ``since``, every contact met at the event
    (at the account, of the owner) counts, touched or not. The total's contacts are
    those counted in any group.
    """
    group_of = GROUP_OF[by]
    # Replies cluster on the same few days, so most intervals repeat.
    business_days = cache(calendar.business_days_between)
    tallies: dict[Group, _Tally] = {}
    total = _Tally()
    for history in histories:
        groups: set[Group] = set()
        if by in BELONGING and since is None:
            groups.add(BELONGING[by](history))
        for item in credit(history):
            if since is not None and item.touch.happened_on < since:
                continue
            group = group_of(history, item.touch)
            days = (
                business_days(item.touch.happened_on, item.replied_on)
                if item.replied_on is not None
                else None
            )
            tallies.setdefault(group, _Tally()).add(item, days)
            total.add(item, days)
            groups.add(group)
        for group in groups:
            tallies.setdefault(group, _Tally()).contacts += 1
        total.contacts += bool(groups)
    rows = [tallies[group].row(group) for group in sorted(tallies, key=_order)]
    return Funnel(by, since, rows, total.row(TOTAL))


@dataclass(frozen=True)
class AnswerHistory:
    """One contact and the value-check answers given on each touch, oldest first."""

    contact_id: int
    name: str
    company: str | None
    status: str
    touches: list[dict[str, str]]


@dataclass(frozen=True)
class Unchanged:
    """A value-check question answered the same way every time it was asked."""

    key: str
    answer: str
    times: int


def unchanged_answers(touches: Iterable[Mapping[str, str]]) -> list[Unchanged]:
    """The questions one contact answered identically on every touch, by key.

    ``touches`` holds each touch's answers, oldest first. It takes at least two
    touches carrying answers, and a key answered at least twice, always the same
    once case, spacing and a final full stop are set aside, and typed again at least
    once: an answer kept with Enter (a ``KeptAnswer``) says it is still true, which
    is fair. ``value`` is left out: the gate already refuses a repeated one. The
    answer shown is the latest wording.
    """
    answered = [answers for answers in touches if answers]
    if len(answered) < 2:
        return []
    texts: dict[str, list[str]] = {}
    for answers in answered:
        for key, text in answers.items():
            if key != NEW_VALUE_KEY:
                texts.setdefault(key, []).append(text)
    return [
        Unchanged(key, given[-1], len(given))
        for key, given in sorted(texts.items())
        if len(given) >= 2
        and len({normalised(text) for text in given}) == 1
        and not all(isinstance(text, KeptAnswer) for text in given[1:])
    ]
