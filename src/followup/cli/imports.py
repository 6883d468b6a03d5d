"""`followup import`: contacts in from CSV (generic, LinkedIn, Google) and vCard files.

Everything but the command's signature is imported when an import runs: every
command of the app loads this module to build its help, and `today` should not
pay for reading vCards.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli import panels
from followup.cli.options import JsonFlag
from followup.cli.runtime import Runtime, runtime
from followup.core import fields
from followup.core.fields import CONTROL_CHARACTER
from followup.core.status import ACTIVE
from followup.errors import FollowupError, InvalidValue, UsageError
from followup.render import Column, Format, emit, say

if TYPE_CHECKING:
    from followup.core.cadence import Cadence
    from followup.core.matching import Decision, ImportPlan
    from followup.importers.entries import Entry, Source, Unusable

app = typer.Typer()
SHOWN_PROBLEMS = 20
BAD, SKIPPED = "bad", "skipped"
PLAN_COLUMNS = (
    Column("action", "action"),
    Column("where", "where", style="dim"),
    Column("contact", "contact", style="bold"),
    Column("detail", "detail"),
)
PLAN_KEYS = ("action", "where", "id", "name", "detail")


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
    from followup.core.dates import DATE_ORDERS
    from followup.importers.files import FORMATS, read_source
    from followup.importers.saving import Enrolment, save

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
    source = read_source(_read(file), name, fmt, mapping)
    enrolment = Enrolment(chosen, rt.config.nurture_every, rt.calendar, rt.today)
    candidates, problems = _checked(rt, source.entries, event_name, date_order)
    bad = [problem for problem in problems if problem.bad]
    refused = bool(bad) and not skip_bad
    if refused and not dry_run:
        _list_problems(bad)
        raise _refusal(len(bad), source.layout, name, "was")
    if dry_run:
        plan = _plan(rt, candidates)
    else:
        with rt.store.writing():
            plan = _plan(rt, candidates)
            plan.created(save(rt.store, plan, enrolment))
    fmt_out = Format.JSON if as_json else Format.TABLE
    if dry_run or as_json:
        records = [_record(decision) for decision in plan.decisions]
        records += [_problem_record(problem) for problem in problems]
        order = {entry.where: index for index, entry in enumerate(source.entries)}
        records.sort(key=lambda record: order[record["where"]])
        emit(records, PLAN_COLUMNS if fmt_out is Format.TABLE else _keys(), fmt_out)
    elif problems:
        _list_problems(problems)
    _summarise(rt, name, source, plan, problems, chosen, dry_run)
    if refused:
        raise _refusal(len(bad), source.layout, name, "would be")


def _refusal(count: int, layout: str, name: str, was: str) -> FollowupError:
    unit = "card" if layout == "vCard" else "row"
    entries = f"{count} {unit}{'s' if count != 1 else ''}"
    return FollowupError(
        f"{entries} in {name} cannot be imported, so nothing {was}: "
        "fix them, or import the rest with --skip-bad"
    )


def _column_map(pairs: list[str]) -> dict[str, str]:
    from followup.importers.tabular import MAPPABLE

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


def _read(file: str) -> bytes:
    if file == "-":
        return sys.stdin.buffer.read()
    path = Path(file)
    if path.is_dir():
        raise InvalidValue(f"{file} is a directory, not a file")
    return path.read_bytes()


def _checked(
    rt: Runtime, entries: list[Entry], event_name: str | None, date_order: str | None
) -> tuple[list[tuple[str, dict[str, Any]]], list[Unusable]]:
    """The rows that pass the contact rules, and the entries that bring in nobody."""
    from followup.importers.checks import checked
    from followup.importers.entries import Unusable

    good, problems = [], []
    for entry in entries:
        if isinstance(entry, Unusable):
            problems.append(entry)
            continue
        try:
            values = checked(entry, rt.today, date_order)
        except InvalidValue as error:
            name = _printable(entry.values["name"])
            problems.append(Unusable(entry.where, str(error), name=name))
            continue
        if event_name:
            values["event"] = event_name
        good.append((entry.where, values))
    return good, problems


def _printable(text: str) -> str:
    """A name from a file as a message can show it: one line, control characters escaped."""
    return CONTROL_CHARACTER.sub(lambda found: repr(found[0])[1:-1], text)


def _plan(rt: Runtime, candidates: list[tuple[str, dict[str, Any]]]) -> ImportPlan:
    from followup.core.matching import plan_import

    return plan_import(candidates, rt.store.importable_contacts())


def _problem_record(problem: Unusable) -> dict[str, Any]:
    return {
        "action": _action(problem),
        "where": problem.where,
        "id": None,
        "name": problem.name or None,
        "contact": problem.name,
        "detail": problem.reason,
    }


def _action(problem: Unusable) -> str:
    return BAD if problem.bad else SKIPPED


def _record(decision: Decision) -> dict[str, Any]:
    from followup.core.matching import MERGED

    if decision.action == MERGED:
        detail = f"same person as {decision.into}" + _changed(decision)
    else:
        detail = _changed(decision).removeprefix("; ")
    label = f"#{decision.contact_id} {decision.name}" if decision.contact_id else decision.name
    return {
        "action": decision.action,
        "where": decision.where,
        "id": decision.contact_id,
        "name": decision.name or None,
        "contact": label,
        "detail": detail or None,
    }


def _changed(decision: Decision) -> str:
    return f"; adds {', '.join(decision.changed)}" if decision.changed else ""


def _keys() -> list[Column]:
    return [Column(key, key) for key in PLAN_KEYS]


def _list_problems(problems: list[Unusable]) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        who = f" ({problem.name})" if problem.name else ""
        say(f"  {_action(problem)} {problem.where}{who}: {problem.reason}")
    if len(problems) > SHOWN_PROBLEMS:
        say(f"  … and {len(problems) - SHOWN_PROBLEMS} more")


def _summarise(
    rt: Runtime,
    name: str,
    source: Source,
    plan: ImportPlan,
    problems: list[Unusable],
    chosen: Cadence | None,
    dry_run: bool,
) -> None:
    from followup.core.matching import MERGED, NEW, UNCHANGED, UPDATED

    counts = [
        f"{plan.count(NEW)} new",
        f"{plan.count(MERGED)} merged",
        f"{plan.count(UPDATED)} updated",
        f"{plan.count(UNCHANGED)} unchanged",
    ]
    for action in (BAD, SKIPPED):
        if found := sum(1 for problem in problems if _action(problem) == action):
            counts.append(f"{found} {action}")
    would = "would import" if dry_run else "imported"
    say(f"{name} ({source.layout}): {would} {', '.join(counts)}.")
    if source.unused_columns:
        say(f"Columns not imported: {', '.join(source.unused_columns)} (see --map).")
    if dry_run:
        say("Dry run: nothing was written.")
        return
    # Contacts that come with a status of their own (our export's) keep it instead.
    starting = sum(1 for person in plan.new if person.get("status") in (None, ACTIVE))
    if starting and chosen:
        due = rt.store.due_count(rt.today)
        say(f"{starting} enrolled in {chosen.name}; {due} follow-up(s) due: `followup today`.")
    elif starting:
        say(f"{starting} stored as archived; `followup restart CONTACT` starts a cadence.")
