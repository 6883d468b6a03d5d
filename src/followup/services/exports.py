"""Data out: everything in the store as CSV, JSON or NDJSON, and a calendar feed."""

from datetime import UTC
from typing import IO

from followup.context import Context
from followup.domain.dates import days_later
from followup.domain.valuecheck import NEW_VALUE_KEY
from followup.errors import UsageError
from followup.formats import export
from followup.formats.writers import CSV_LIST_SEPARATOR
from followup.interaction import Counted
from followup.services.contacts import KEYS as CONTACT_KEYS

KEYS = {
    export.CONTACTS: CONTACT_KEYS,
    export.TOUCHES: export.TOUCH_KEYS,
    export.FOLLOWUPS: export.FOLLOWUP_KEYS,
}
FORMATS = (export.CSV, export.JSON, export.NDJSON)


def export_rows(ctx: Context, kind: str, fmt: str, stream: IO[str], progress: bool = False) -> int:
    """Every contact, touch or follow-up (``kind``) in ``fmt`` on ``stream``; how many.

    The rows are read and written as they come, so memory stays flat however large
    the store. ``progress`` shows a bar while it writes (for a file, not for a pipe).
    """
    checked_kind(kind)
    store = ctx.storage
    keys = KEYS[kind]
    answer_keys: list[str] = []
    unanswered: set[str] = set()
    if kind in export.ANSWERED_KINDS:
        configured = [question.key for question in ctx.config.questions]
        answered = store.touches.answered_keys()
        # The configured questions in order, then keys of questions since removed.
        answer_keys = [*configured, *sorted(answered - set(configured))]
        unanswered = set(configured) - answered
    # For CSV, SQLite makes the cells ready (tags joined, formulas neutralised) as it
    # reads them: done in Python, cell by cell, that was most of a large export.
    csv = fmt == export.CSV
    rows = store.exports.rows(
        kind,
        keys,
        answer_keys,
        unanswered,
        tag_separator=CSV_LIST_SEPARATOR if csv else ",",
        spreadsheet_safe=csv,
    )
    total = store.exports.count(kind) if progress else None
    with ctx.interaction.progress(f"Exporting {kind}", total) as advance:
        written = Counted(rows, advance)
        export.write(export.Table(keys, written, answer_keys), fmt, stream)
    return written.count


def checked_kind(kind: str) -> str:
    """``kind`` if it is something an export lists; a usage error otherwise."""
    if kind not in KEYS:
        raise UsageError(f"cannot export {kind!r}: choose {', '.join(KEYS)}")
    return kind


def calendar_feed(ctx: Context, days: int, stream: IO[bytes]) -> int:
    """Pending follow-ups due in the next ``days`` days (and overdue ones) as iCalendar.

    One all-day event each, overdue ones on today; how many.
    """
    from followup.formats import ics

    found = ctx.storage.followups.calendar_entries(days_later(ctx.today, days), NEW_VALUE_KEY)
    entries = [ics.Entry(**row) for row in found]
    # Each event ends the day after it: checked before writing, so no feed is cut short.
    days_later(max([ctx.today, *(entry.due for entry in entries)]), 1)
    stream.writelines(ics.feed(entries, ctx.today, ctx.now.astimezone(UTC)))
    return len(entries)
