"""Where "now" comes from: the one place every command asks.

``FOLLOWUP_NOW`` (an ISO date or datetime) replaces the system clock, so demos,
scripts and tests can pin time; Python callers and tests can also hand a
``FixedClock`` to their ``Context``.
"""

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from followup.errors import InvalidValue

NOW_VARIABLE = "FOLLOWUP_NOW"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current local time, naive, as ``datetime.now()`` gives it."""
        ...


class SystemClock:
    """The machine's clock, unless ``FOLLOWUP_NOW`` pins it."""

    def now(self) -> datetime:
        pinned = os.environ.get(NOW_VARIABLE, "").strip()
        if not pinned:
            return datetime.now()
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise InvalidValue(
                f"{NOW_VARIABLE}={pinned!r} is not an ISO date or datetime (e.g. 2026-03-02)"
            ) from None
        # Everything else works in naive local time, as datetime.now() gives it.
        return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


@dataclass(frozen=True)
class FixedClock:
    """A clock that always says ``moment``."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment
