"""The one place every command asks for "now".

``FOLLOWUP_NOW`` (an ISO date or datetime) replaces the system clock, so demos,
scripts and tests can pin time.
"""

import os
from datetime import date, datetime

from followup.errors import InvalidValue

NOW_VARIABLE = "FOLLOWUP_NOW"


def now() -> datetime:
    """The current local time, or the one pinned by ``FOLLOWUP_NOW``."""
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


def today() -> date:
    return now().date()
