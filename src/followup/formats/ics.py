"""Pending follow-ups as an iCalendar (RFC 5545) feed: one all-day event each.

A pure function from plain records to bytes; the ``icalendar`` package writes the
format (escaping, line folding at 75 octets, CRLF), imported only when a feed is
built. A contact has at most one pending follow-up, so each event's UID is the
contact's: when a follow-up is snoozed, moved by ``away`` or followed by the next
step, a calendar app that reads the feed again (or imports it again) updates the
one event instead of adding another. SEQUENCE is the follow-up's row id, which
grows with every new step, so apps that compare it see each step as newer.
Overdue follow-ups sit on today, where the work is.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from followup import __version__
from followup.domain.cadence import DECIDE, NURTURE
from followup.domain.dates import days_later

CALENDAR_NAME = "followup"
PRODID = f"-//followup//followup {__version__}//EN"
UID_DOMAIN = "followup"
CALENDAR_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class Entry:
    """A pending follow-up with what its calendar event shows."""

    id: int
    contact_id: int
    name: str
    company: str | None
    email: str | None
    phone: str | None
    problem: str | None
    kind: str
    step: int | None
    steps_total: int | None
    channel: str | None
    action: str
    due: date
    # The contact's latest answer to "What new value will this touch give them?"
    value: str | None = None

    @property
    def uid(self) -> str:
        return f"followup-contact-{self.contact_id}@{UID_DOMAIN}"

    @property
    def summary(self) -> str:
        who = self.name + (f" ({self.company})" if self.company else "")
        if self.kind == DECIDE:
            return f"Decide the next layer: {who} — cadence finished"
        if self.kind == NURTURE:
            return f"Nurture check-in: {who}"
        return f"Follow up: {who} — step {self.step}/{self.steps_total} {self.channel}"

    def description(self, today: date) -> str:
        lines = []
        if self.due < today:
            lines.append(f"Overdue since {self.due.isoformat()}.")
        lines.append(self.action)
        details = (
            ("Last value given", self.value),
            ("Their problem", self.problem),
            ("Email", self.email),
            ("Phone", self.phone),
        )
        lines.extend(f"{label}: {text}" for label, text in details if text)
        lines.append(f"followup show {self.contact_id}")
        return "\n".join(lines)


def feed(entries: Iterable[Entry], today: date, stamp: datetime) -> Iterator[bytes]:
    """The feed for ``entries`` as seen on ``today``, in pieces; ``stamp`` (UTC) is every DTSTAMP.

    Joined, the pieces are one VCALENDAR. Each event is written as it comes, so
    memory stays flat however many follow-ups there are (the library holds a
    whole calendar as a tree of objects). The same entries, day and stamp always
    give the same bytes.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    # The library writes the calendar's own lines; the events go between them and its end.
    empty = calendar.to_ical()
    yield empty.removesuffix(CALENDAR_END)
    for entry in entries:
        day = max(entry.due, today)
        event = Event()
        event.add("uid", entry.uid)
        event.add("sequence", entry.id)
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", days_later(day, 1))
        event.add("summary", entry.summary)
        event.add("description", entry.description(today))
        # A reminder, not a meeting: it does not make the day look busy.
        event.add("transp", "TRANSPARENT")
        yield event.to_ical()
    yield CALENDAR_END
