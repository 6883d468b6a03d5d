"""`followup import`: contacts in from CSV (generic, LinkedIn, Google) and vCard files.

Everything but the command's signature is imported when an import runs: every
command of the app loads this module to build its help, and `today` should not
pay for reading vCards.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli import panels, said
from followup.cli.options import JsonFlag, context
from followup.cli.render import (
    Column,
    Format,
    say,
    table_widths,
    write_json_array,
    write_table,
)
from followup.errors import FollowupError, UsageError

if TYPE_CHECKING:
    from followup.domain.matching import Decision
    from followup.formats.importers.entries import Unusable
    from followup.services.imports.batches import Outcome

app = typer.Typer()
PLAN_COLUMNS = (
    Column("action", "action"),
    Column("where", "where", style="dim"),
    Column("contact", "contact", style="bold", flexible=True),
    Column("detail", "detail", flexible=True),
)
SPOOL_IN_MEMORY_BYTES = 1024 * 1024  # of the plan; more goes to a temporary file


@app.command("import", rich_help_panel=panels.DATA)
def import_file(
    invocation: typer.Context,
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
    from followup.formats.importers.entries import BAD, SKIPPED
    from followup.services import imports

    ctx = context(invocation)
    name = "stdin" if file == "-" else file
    plan = _Plan(new_ids=not dry_run) if dry_run or as_json else None
    request = imports.ImportFile(
        sys.stdin.buffer if file == "-" else Path(file),
        name,
        fmt=fmt,
        column_map=[_map_pair(pair) for pair in column_map or []],
        event=event,
        cadence=cadence,
        no_cadence=no_cadence,
        date_order=date_order,
        skip_bad=skip_bad,
        dry_run=dry_run,
    )
    try:
        result = imports.import_file(ctx, request, plan.add if plan else None)
    except imports.ImportRefused as refused:
        _list_problems(refused.bad, refused.count)
        raise
    if plan is not None:
        plan.show(Format.JSON if as_json else Format.TABLE)
    elif result.problems:
        _list_problems(result.problems, result.counts[BAD] + result.counts[SKIPPED])
    _summarise(name, result, dry_run)
    if result.counts[BAD] and not skip_bad:
        raise FollowupError(imports.refusal(result, name, "would be"))


def _map_pair(pair: str) -> tuple[str, str]:
    column, separator, field = pair.partition("=")
    if not separator or not column.strip():
        raise UsageError(f"--map {pair!r} must look like COLUMN=FIELD")
    return column, field


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


def _summarise(name: str, result: Any, dry_run: bool) -> None:
    from followup.domain.matching import MERGED, NEW, UNCHANGED, UPDATED
    from followup.formats.importers.entries import BAD, SKIPPED

    counts = result.counts
    shown = [f"{counts[action]} {action}" for action in (NEW, MERGED, UPDATED, UNCHANGED)]
    shown += [f"{counts[action]} {action}" for action in (BAD, SKIPPED) if counts[action]]
    would = "would import" if dry_run else "imported"
    say(f"{name} ({result.layout}): {would} {', '.join(shown)}.")
    if result.unused_columns:
        say(f"Columns not imported: {', '.join(result.unused_columns)} (see --map).")
    if dry_run:
        say("Dry run: nothing was written.")
        return
    if result.starting and result.cadence:
        say(
            f"{result.starting} enrolled in {result.cadence.name}; "
            f"{result.due} follow-up(s) due: `followup today`."
        )
    elif result.starting:
        say(f"{result.starting} stored as archived; `followup restart CONTACT` starts a cadence.")
    if result.theirs:
        whose = ", ".join(f"{count} {owner}'s" for owner, count in sorted(result.theirs.items()))
        say(
            f"Warning: {sum(result.theirs.values())} row(s) found a colleague's contact "
            f"({whose}) and added nobody: they are theirs to follow up "
            "(`followup assign` hands one over)."
        )
    said.lessons(result.lessons, "the people imported")
