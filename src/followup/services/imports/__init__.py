"""`import`: contacts in from CSV (generic, LinkedIn, Google, our export) and vCard files.

The file is read a piece at a time, checked with the rules `add` applies, and
matched and written a batch at a time (``batches``, ``saving``), all in one
transaction: it lands whole or not at all, and is one `undo` away from never
having happened. A dry run is the same import, rolled back.
"""

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from followup.context import Context
from followup.domain import fields
from followup.domain.cadence import Cadence
from followup.domain.lessons import ENOUGH_PER_TIE, ranked
from followup.domain.matching import UNCHANGED, UPDATED, Decision
from followup.domain.records import Lesson
from followup.errors import FollowupError, InvalidValue, UsageError
from followup.formats.importers.entries import BAD, SKIPPED, Unusable
from followup.services.imports.batches import Batches, Outcome
from followup.services.imports.saving import Enrolment, finish

SHOWN_PROBLEMS = 20
# A progress bar is worth drawing (and importing Rich for) from about a thousand rows.
PROGRESS_MIN_BYTES = 32 * 1024


@dataclass(frozen=True)
class ImportFile:
    source: Path | BinaryIO  # a file, or a stream of bytes (stdin); read a piece at a time
    name: str  # as messages name it ("stdin" for -)
    fmt: str | None = None  # csv, linkedin, google or vcard; default: told by the content
    # (CSV column, field) pairs: read that column as that field.
    column_map: Sequence[tuple[str, str]] = ()
    event: str | None = None  # where everyone in the file was met
    cadence: str | None = None  # to enrol the new in; default: the config's
    no_cadence: bool = False  # store the new archived instead
    date_order: str | None = None  # dmy or mdy, for 04/11/2026
    skip_bad: bool = False
    dry_run: bool = False


@dataclass
class Imported:
    """What came of the file: counts by action, the first problems, who starts a cadence."""

    layout: str
    unused_columns: tuple[str, ...]
    cadence: Cadence | None
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Unusable] = field(default_factory=list)  # the first ones, bad or skipped
    starting: int = 0  # new contacts who start a cadence
    due: int = 0  # follow-ups due once it is in
    # Lessons of earlier won and lost deals that come back for the people it brought in.
    lessons: list[Lesson] = field(default_factory=list)
    # Rows that found a colleague's contact (and added nobody), by whose it is.
    theirs: Counter[str] = field(default_factory=Counter)


class ImportRefused(FollowupError):
    """Bad entries stop the import: nothing is written. ``bad`` lists the first of them."""

    def __init__(self, message: str, bad: list[Unusable], count: int):
        super().__init__(message)
        self.bad = bad
        self.count = count


def import_file(
    ctx: Context,
    request: ImportFile,
    watch: Callable[[list[Outcome]], None] | None = None,
) -> Imported:
    """Import ``request.source``; ``watch`` sees each batch's outcomes as they come.

    Bad entries refuse the whole file (``ImportRefused``) unless ``skip_bad``; a dry
    run reports them, and the import it would have been, then refuses too.
    """
    from followup.domain.dates import DATE_ORDERS
    from followup.formats.importers.files import FORMATS

    if request.fmt is not None and request.fmt not in FORMATS:
        raise UsageError(f"--format {request.fmt!r} is not one of: {', '.join(FORMATS)}")
    if request.no_cadence and request.cadence is not None:
        raise UsageError("choose one of --cadence and --no-cadence")
    if request.date_order is not None and request.date_order not in DATE_ORDERS:
        raise UsageError(
            f"--date-order {request.date_order!r} is not one of: {', '.join(DATE_ORDERS)}"
        )
    mapping = column_map(request.column_map)
    event = fields.event("--event", request.event) if request.event is not None else None
    chosen = None if request.no_cadence else ctx.config.cadence(request.cadence)
    with _opened(request.source) as binary:
        return _imported(ctx, request, binary, event, mapping, chosen, watch)


def _imported(
    ctx: Context,
    request: ImportFile,
    binary: BinaryIO,
    event: str | None,
    mapping: dict[str, str],
    chosen: Cadence | None,
    watch: Callable[[list[Outcome]], None] | None,
) -> Imported:
    from followup.formats.importers.files import read_source

    # What is wrong with the file as a whole shows here, before the store is opened.
    source = read_source(binary, request.name, request.fmt, mapping)
    result = Imported(source.layout, source.unused_columns, chosen)
    enrolment = Enrolment(
        chosen, ctx.config.nurture_every, ctx.calendar, ctx.today, source.own_export, ctx.user
    )
    store = ctx.storage
    stop_at_bad = not (request.skip_bad or request.dry_run)
    with store.rehearsing(ctx.label) if request.dry_run else ctx.writing():
        batches = Batches(
            store, store.import_session(), enrolment, request.date_order, event, stop_at_bad
        )
        bad: list[Unusable] = []
        with ctx.interaction.progress("Importing", _size_worth_a_bar(binary)) as advance:
            read = 0
            for outcomes in batches.outcomes(source):
                _tally(result, outcomes, bad, ctx.user)
                if watch is not None:
                    watch(outcomes)
                advance(source.text.bytes_read - read)
                read = source.text.bytes_read
        if batches.refused:
            raise ImportRefused(refusal(result, request.name, "was"), bad, result.counts[BAD])
        if not request.dry_run:
            finish(batches.session, enrolment)
        result.lessons = ranked(batches.session.lessons(ENOUGH_PER_TIE))
    result.starting = batches.starting
    if not request.dry_run:
        result.due = store.followups.due_count(ctx.today)
    return result


@contextmanager
def _opened(source: Path | BinaryIO) -> Iterator[BinaryIO]:
    """The file to read, as bytes: read a piece at a time, never whole."""
    if not isinstance(source, Path):
        yield source
        return
    if source.is_dir():
        raise InvalidValue(f"{source} is a directory, not a file")
    with source.open("rb") as binary:
        yield binary


def _size_worth_a_bar(binary: BinaryIO) -> int | None:
    """How big the file is, when it is big enough for a progress bar and says so."""
    try:
        size = os.fstat(binary.fileno()).st_size
    except (OSError, ValueError):
        return None
    return size if size >= PROGRESS_MIN_BYTES else None


def refusal(result: Imported, name: str, was: str) -> str:
    """Why nothing ``was`` (or "would be") imported: how many entries are bad."""
    count = result.counts[BAD]
    unit = "card" if result.layout == "vCard" else "row"
    entries = f"{count} {unit}{'s' if count != 1 else ''}"
    return (
        f"{entries} in {name} cannot be imported, so nothing {was}: "
        "fix them, or import the rest with --skip-bad"
    )


def column_map(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """``--map COLUMN=FIELD`` pairs checked: each column once, each field one a file can fill."""
    from followup.formats.importers.tabular import MAPPABLE

    mapping: dict[str, str] = {}
    for column, target in pairs:
        if column.strip().casefold() in (named.casefold() for named in mapping):
            raise UsageError(f"--map names the column {column.strip()!r} twice")
        if target.strip() not in MAPPABLE:
            raise InvalidValue(f"--map: {target!r} is not a field; one of: {', '.join(MAPPABLE)}")
        mapping[column.strip()] = target.strip()
    return mapping


def _tally(
    result: Imported, outcomes: list[Outcome], bad: list[Unusable], user: str | None
) -> None:
    """Count a batch of outcomes; keep the first problems and the first bad entries."""
    counted = Counter(outcome.action for outcome in outcomes)  # most rows cost no Python
    result.counts.update(counted)
    if counted[UPDATED] or counted[UNCHANGED]:
        result.theirs.update(
            outcome.owner
            for outcome in outcomes
            if isinstance(outcome, Decision) and outcome.owner not in (None, user)
        )
    if counted[BAD] or counted[SKIPPED]:
        problems = [outcome for outcome in outcomes if isinstance(outcome, Unusable)]
        result.problems.extend(problems[: SHOWN_PROBLEMS - len(result.problems)])
        worst = [problem for problem in problems if problem.bad]
        bad.extend(worst[: SHOWN_PROBLEMS - len(bad)])
