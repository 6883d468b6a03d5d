"""`followup import`: contacts in from CSV (generic, LinkedIn, Google) and vCard files.

Everything but the command's signature is imported when an import runs: every
command of the app loads this module to build its help, and `today` should not
pay for reading vCards.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from followup.cli import panels
from followup.cli.options import JsonFlag
from followup.cli.render import (
    Column,
    Format,
    Progress,
    say,
    table_widths,
    write_json_array,
    write_table,
)
from followup.cli.runtime import Runtime, runtime
from followup.domain import fields
from followup.errors import FollowupError, InvalidValue, UsageError

if TYPE_CHECKING:
    from followup.domain.cadence import Cadence
    from followup.domain.matching import Decision
    from followup.formats.importers.entries import Source, Unusable
    from followup.services.imports.batches import Batches, Outcome

app = typer.Typer()
SHOWN_PROBLEMS = 20
ACTION = attrgetter("action")  # of a Decision, or of an Unusable: bad or skipped
PLAN_COLUMNS = (
    Column("action", "action"),
    Column("where", "where", style="dim"),
    Column("contact", "contact", style="bold"),
    Column("detail", "detail"),
)
# A progress bar is worth drawing (and importing Rich for) from about a thousand rows.
PROGRESS_MIN_BYTES = 32 * 1024
SPOOL_IN_MEMORY_BYTES = 1024 * 1024  # of the plan; more goes to a temporary file


@app.command("import", rich_help_panel=panels.DATA)
def import_file(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A CSV or vCard file; - reads stdin.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="csv, linkedin, google or vcard (default: told by the content)."
        ),
    ] = None,
    event: Annotated[
        str | None, typer.Option(help="Event where you met them all (created if new).")
    ] = None,
    cadence: Annotated[
        str | None, typer.Option(help="Cadence to enrol them in (default from config).")
    ] = None,
    no_cadence: Annotated[
        bool, typer.Option("--no-cadence", help="Store them archived, out of any cadence.")
    ] = False,
    column_map: Annotated[
        list[str] | None,
        typer.Option(
            "--map", metavar="COLUMN=FIELD", help="Read a CSV column as a field (repeatable)."
        ),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order", help="How the file writes 04/11/2026: dmy or mdy (default: refuse)."
        ),
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows; list the bad ones.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; write nothing.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Import contacts from a CSV or vCard file, merging people you already have."""
    from followup.domain.dates import DATE_ORDERS
    from followup.formats.importers.entries import BAD, SKIPPED
    from followup.formats.importers.files import FORMATS, read_source
    from followup.services.imports.batches import Batches
    from followup.services.imports.saving import Enrolment, finish
    from followup.storage.sqlite.importing import ImportSession, rehearsal

    rt = runtime()
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}")
    if no_cadence and cadence is not None:
        raise UsageError("choose one of --cadence and --no-cadence")
    if date_order is not None and date_order not in DATE_ORDERS:
        raise UsageError(f"--date-order {date_order!r} is not one of: {', '.join(DATE_ORDERS)}")
    mapping = _column_map(column_map or [])
    event_name = _event_name(event)
    chosen = None if no_cadence else rt.config.cadence(cadence)
    name = "stdin" if file == "-" else file
    tally = _Tally(_Plan(new_ids=not dry_run) if dry_run or as_json else None)
    with _opened(file) as binary:
        # What is wrong with the file as a whole shows here, before the store is opened.
        source = read_source(binary, name, fmt, mapping)
        enrolment = Enrolment(
            chosen, rt.config.nurture_every, rt.calendar, rt.today, source.own_export
        )
        # A dry run is the import itself, rolled back: what it shows is what importing does.
        with rehearsal(rt.store, rt.command) if dry_run else rt.writing():
            session = ImportSession(rt.store)
            batches = Batches(session, enrolment, date_order, event_name, not (skip_bad or dry_run))
            _run(batches, source, tally, _size_worth_a_bar(binary))
            if batches.refused:
                _list_problems(tally.bad, tally.counts[BAD])
                raise _refusal(tally.counts[BAD], source.layout, name, "was")
            if not dry_run:
                finish(session, enrolment)
    if tally.plan is not None:
        tally.plan.show(Format.JSON if as_json else Format.TABLE)
    elif tally.problems:
        _list_problems(tally.problems, tally.counts[BAD] + tally.counts[SKIPPED])
    _summarise(rt, name, source, tally, batches.starting, chosen, dry_run)
    if tally.counts[BAD] and not skip_bad:
        raise _refusal(tally.counts[BAD], source.layout, name, "would be")


def _run(batches: Batches, source: Source, tally: _Tally, size: int | None) -> None:
    """Read, match and write the whole file, counting what came of each entry."""
    with Progress("Importing", size) as advance:
        read = 0
        for outcomes in batches.outcomes(source):
            tally.add(outcomes)
            advance(source.text.bytes_read - read)
            read = source.text.bytes_read


def _refusal(count: int, layout: str, name: str, was: str) -> FollowupError:
    unit = "card" if layout == "vCard" else "row"
    entries = f"{count} {unit}{'s' if count != 1 else ''}"
    return FollowupError(
        f"{entries} in {name} cannot be imported, so nothing {was}: "
        "fix them, or import the rest with --skip-bad"
    )


def _column_map(pairs: list[str]) -> dict[str, str]:
    from followup.formats.importers.tabular import MAPPABLE

    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip():
            raise UsageError(f"--map {pair!r} must look like COLUMN=FIELD")
        if column.strip().casefold() in (named.casefold() for named in mapping):
            raise UsageError(f"--map names the column {column.strip()!r} twice")
        if field.strip() not in MAPPABLE:
            raise InvalidValue(f"--map: {field!r} is not a field; one of: {', '.join(MAPPABLE)}")
        mapping[column.strip()] = field.strip()
    return mapping


def _event_name(event: str | None) -> str | None:
    if event is None:
        return None
    return fields.event("--event", event)


@contextmanager
def _opened(file: str) -> Iterator[BinaryIO]:
    """The file to read, as bytes: read a piece at a time, never whole."""
    if file == "-":
        yield sys.stdin.buffer
        return
    if Path(file).is_dir():
        raise InvalidValue(f"{file} is a directory, not a file")
    with open(file, "rb") as binary:
        yield binary


def _size_worth_a_bar(binary: BinaryIO) -> int | None:
    """How big the file is, when it is big enough for a progress bar and says so."""
    try:
        size = os.fstat(binary.fileno()).st_size
    except (OSError, ValueError):
        return None
    return size if size >= PROGRESS_MIN_BYTES else None


class _Plan:
    """What becomes of each row, as records, kept in a temporary file until they are shown.

    ``new_ids``: whether new contacts' ids are shown (a dry run creates nobody).
    """

    def __init__(self, new_ids: bool):
        import tempfile  # for the plan alone: `--help` loads this module too

        self.new_ids = new_ids
        # Open for the rest of the command; a temporary file is unlinked as it is made.
        self.file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_IN_MEMORY_BYTES, mode="w+", encoding="utf-8"
        )

    def add(self, outcomes: list[Outcome]) -> None:
        from followup.formats.importers.entries import Unusable

        for outcome in outcomes:
            if isinstance(outcome, Unusable):
                record = _problem_record(outcome)
            else:
                record = self._record(outcome)
            self.file.write(json.dumps(record, ensure_ascii=False) + "\n")

    def records(self) -> Iterator[dict[str, Any]]:
        self.file.seek(0)
        for line in self.file:
            yield json.loads(line)

    def show(self, fmt: Format) -> None:
        if fmt is Format.JSON:
            write_json_array(self.records())
        else:
            write_table(
                self.records(), PLAN_COLUMNS, widths=table_widths(self.records(), PLAN_COLUMNS)
            )

    def _record(self, decision: Decision) -> dict[str, Any]:
        from followup.domain.matching import MERGED, NEW

        if decision.action == MERGED:
            detail = f"same person as {decision.into}" + _changed(decision)
        else:
            detail = _changed(decision).removeprefix("; ")
        shown = self.new_ids or decision.action not in (NEW, MERGED)
        contact_id = decision.contact_id if shown else None
        label = f"#{contact_id} {decision.name}" if contact_id else decision.name
        return {
            "action": decision.action,
            "where": decision.where,
            "id": contact_id,
            "name": decision.name or None,
            "contact": label,
            "detail": detail or None,
        }


class _Tally:
    """How many rows came to what, and the first problems, to list them."""

    def __init__(self, plan: _Plan | None):
        self.plan = plan
        self.counts: Counter[str] = Counter()
        self.problems: list[Unusable] = []
        self.bad: list[Unusable] = []

    def add(self, outcomes: list[Outcome]) -> None:
        """Count a batch of outcomes; keep the first problems, and the plan if it is shown."""
        from followup.formats.importers.entries import BAD, SKIPPED, Unusable

        if self.plan is not None:
            self.plan.add(outcomes)
        counted = Counter(map(ACTION, outcomes))  # most rows cost no Python of their own
        self.counts.update(counted)
        if counted[BAD] or counted[SKIPPED]:
            problems = [outcome for outcome in outcomes if isinstance(outcome, Unusable)]
            self.problems.extend(problems[: SHOWN_PROBLEMS - len(self.problems)])
            bad = [problem for problem in problems if problem.bad]
            self.bad.extend(bad[: SHOWN_PROBLEMS - len(self.bad)])


def _problem_record(problem: Unusable) -> dict[str, Any]:
    return {
        "action": problem.action,
        "where": problem.where,
        "id": None,
        "name": problem.name or None,
        "contact": problem.name,
        "detail": problem.reason,
    }


def _changed(decision: Decision) -> str:
    return f"; adds {', '.join(decision.changed)}" if decision.changed else ""


def _list_problems(problems: list[Unusable], count: int) -> None:
    for problem in problems:
        who = f" ({problem.name})" if problem.name else ""
        say(f"  {problem.action} {problem.where}{who}: {problem.reason}")
    if count > len(problems):
        say(f"  … and {count - len(problems)} more")


def _summarise(
    rt: Runtime,
    name: str,
    source: Source,
    tally: _Tally,
    starting: int,
    chosen: Cadence | None,
    dry_run: bool,
) -> None:
    from followup.domain.matching import MERGED, NEW, UNCHANGED, UPDATED
    from followup.formats.importers.entries import BAD, SKIPPED

    counts = [f"{tally.counts[action]} {action}" for action in (NEW, MERGED, UPDATED, UNCHANGED)]
    counts += [
        f"{tally.counts[action]} {action}" for action in (BAD, SKIPPED) if tally.counts[action]
    ]
    would = "would import" if dry_run else "imported"
    say(f"{name} ({source.layout}): {would} {', '.join(counts)}.")
    if source.unused_columns:
        say(f"Columns not imported: {', '.join(source.unused_columns)} (see --map).")
    if dry_run:
        say("Dry run: nothing was written.")
        return
    if starting and chosen:
        due = rt.store.due_count(rt.today)
        say(f"{starting} enrolled in {chosen.name}; {due} follow-up(s) due: `followup today`.")
    elif starting:
        say(f"{starting} stored as archived; `followup restart CONTACT` starts a cadence.")
