"""`followup import`: contacts in from CSV (generic, LinkedIn, Google) and vCard files."""

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from followup.cli.options import JsonFlag
from followup.cli.runtime import Runtime, runtime
from followup.core import cadence as engine
from followup.core import fields
from followup.core.cadence import Cadence
from followup.core.calendar import BusinessCalendar
from followup.core.matching import MERGED, NEW, UNCHANGED, UPDATED, Decision, ImportPlan
from followup.core.status import ACTIVE, ARCHIVED
from followup.errors import FollowupError, InvalidValue, UsageError
from followup.importers.entries import Entry, Source, Unusable
from followup.render import Column, Format, Progress, emit, say

app = typer.Typer()
PANEL = "Data in and out"
SHOWN_PROBLEMS = 20
BAD, SKIPPED = "bad", "skipped"
PLAN_COLUMNS = (
    Column("action", "action"),
    Column("where", "where", style="dim"),
    Column("contact", "contact", style="bold"),
    Column("detail", "detail"),
)
PLAN_KEYS = ("action", "where", "id", "name", "detail")


@app.command("import", rich_help_panel=PANEL)
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
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows; list the bad ones.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; write nothing.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Import contacts from a CSV or vCard file, merging people you already have."""
    from followup.importers.files import FORMATS, read_source

    rt = runtime()
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}")
    if no_cadence and cadence is not None:
        raise UsageError("choose one of --cadence and --no-cadence")
    mapping = _column_map(column_map or [])
    event_name = _event_name(event)
    chosen = None if no_cadence else rt.config.cadence(cadence)
    name = "stdin" if file == "-" else file
    source = read_source(_read(file), name, fmt, mapping)
    calendar = rt.calendar  # built before taking the write lock: it may load a package
    candidates, problems = _checked(rt, source.entries, event_name)
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
            _apply(rt, plan, chosen, calendar)
    fmt_out = Format.JSON if as_json else Format.TABLE
    if dry_run or as_json:
        records = [_record(decision) for decision in plan.decisions]
        records += [_problem_record(problem) for problem in problems]
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

    mapping = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip():
            raise UsageError(f"--map {pair!r} must look like COLUMN=FIELD")
        if field.strip() not in MAPPABLE:
            raise InvalidValue(f"--map: {field!r} is not a field; one of: {', '.join(MAPPABLE)}")
        mapping[column.strip()] = field.strip()
    return mapping


def _event_name(event: str | None) -> str | None:
    if event is None:
        return None
    name = fields.one_line("--event", event).strip()
    if not name:
        raise InvalidValue("--event cannot be blank")
    return name


def _read(file: str) -> bytes:
    if file == "-":
        return sys.stdin.buffer.read()
    path = Path(file)
    if path.is_dir():
        raise InvalidValue(f"{file} is a directory, not a file")
    return path.read_bytes()


def _checked(
    rt: Runtime, entries: list[Entry], event_name: str | None
) -> tuple[list[tuple[str, dict[str, Any]]], list[Unusable]]:
    """The rows that pass the contact rules, and the entries that bring in nobody."""
    from followup.importers.checks import checked

    good, problems = [], []
    for entry in entries:
        if isinstance(entry, Unusable):
            problems.append(entry)
            continue
        try:
            values = checked(entry, rt.today, rt.calendar)
        except InvalidValue as error:
            problems.append(Unusable(entry.where, str(error), name=entry.values["name"]))
            continue
        if event_name:
            values["event"] = event_name
        good.append((entry.where, values))
    return good, problems


def _plan(rt: Runtime, candidates: list[tuple[str, dict[str, Any]]]) -> ImportPlan:
    from followup.core.matching import plan_import

    return plan_import(candidates, rt.store.importable_contacts())


def _apply(
    rt: Runtime, plan: ImportPlan, chosen: Cadence | None, calendar: BusinessCalendar
) -> None:
    """Write the plan: new contacts (each with step 1 scheduled), then the updates."""
    events = _Events(rt, plan)
    new_ids = {}
    with Progress("Importing", len(plan.new) + len(plan.updates)) as advance:
        for person in plan.new:
            values = {key: value for key, value in person.items() if not key.startswith("_")}
            event_name = values.pop("event", None)
            event_id, held_on = events.id_and_date(event_name)
            met_on = values.get("met_on") or _default_met_on(rt, held_on)
            contact_id = rt.store.add_contact(
                {
                    **values,
                    "tags": ",".join(values.get("tags") or ()) or None,
                    "event_id": event_id,
                    "met_on": met_on,
                    "status": ACTIVE if chosen else ARCHIVED,
                    "cadence": chosen.name if chosen else None,
                }
            )
            if chosen:
                rt.store.schedule(contact_id, engine.first_step(chosen, met_on, calendar))
            new_ids[person["_where"]] = contact_id
            advance()
        for contact_id, changes in plan.updates.items():
            values = dict(changes)
            if "event" in values:
                values["event_id"] = events.id_and_date(values.pop("event"))[0]
            if "tags" in values:
                values["tags"] = ",".join(values["tags"]) or None
            rt.store.update_contact(contact_id, values)
            advance()
    plan.decisions[:] = [
        replace(decision, contact_id=new_ids.get(decision.into or decision.where))
        if decision.action in (NEW, MERGED)
        else decision
        for decision in plan.decisions
    ]


class _Events:
    """Events the import names, found or created once each."""

    def __init__(self, rt: Runtime, plan: ImportPlan):
        self.rt = rt
        self.found: dict[str, tuple[int, date | None]] = {}
        # A new event is dated by the earliest meeting the file records there.
        self.first_met: dict[str, date] = {}
        for person in plan.new:
            if person.get("event") and person.get("met_on"):
                key = person["event"].casefold()
                self.first_met[key] = min(self.first_met.get(key, date.max), person["met_on"])

    def id_and_date(self, name: str | None) -> tuple[int | None, date | None]:
        if not name:
            return None, None
        key = name.casefold()
        if key not in self.found:
            event = self.rt.store.find_event(name)
            if event is None:
                held_on = self.first_met.get(key, self.rt.today)
                self.found[key] = (self.rt.store.add_event(name, held_on, None), held_on)
            else:
                self.found[key] = (event.id, event.held_on)
        return self.found[key]


def _default_met_on(rt: Runtime, event_held_on: date | None) -> date:
    """When you met someone the file gives no date for: the event's day if past, else today."""
    if event_held_on is not None and event_held_on <= rt.today:
        return event_held_on
    return rt.today


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
    if plan.new and chosen:
        due = rt.store.due_count(rt.today)
        say(f"{len(plan.new)} enrolled in {chosen.name}; {due} follow-up(s) due: `followup today`.")
    elif plan.new:
        say(f"{len(plan.new)} stored as archived; `followup restart CONTACT` starts a cadence.")
