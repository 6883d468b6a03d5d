"""Calls at a decent hour: the contact's local time, and whether it is in calling hours."""

from dataclasses import dataclass
from datetime import datetime, time

from followup.errors import InvalidValue


@dataclass(frozen=True)
class CallHours:
    start: time
    end: time

    def __contains__(self, moment: time) -> bool:
        return self.start <= moment <= self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


DEFAULT_CALL_HOURS = CallHours(time(9, 0), time(17, 30))


def parse_call_hours(text: str) -> CallHours:
    """``09:00-17:30`` (or with an en dash) as calling hours."""
    parts = text.replace("\N{EN DASH}", "-").split("-")
    try:
        start, end = (time.fromisoformat(part.strip()) for part in parts)
    except ValueError:
        raise InvalidValue(f"{text!r} is not calling hours like 09:00-17:30") from None
    if end <= start:
        raise InvalidValue(f"{text!r} ends before it starts")
    return CallHours(start, end)


def their_time(now: datetime, zone: str) -> datetime:
    """``now`` (naive, this machine's local time) on the clock of ``zone``."""
    # Here, not at the top: every command reads the config, which reads calling hours,
    # and only a call to someone abroad needs the zone database.
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(zone))
