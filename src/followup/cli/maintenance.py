"""Looking after the database: undo the last change, back it up, check and repair it."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from followup.cli import panels
from followup.cli.options import JsonFlag, context
from followup.cli.render import say, write_json
from followup.domain.text import printable
from followup.services import maintenance

app = typer.Typer()


@app.command(rich_help_panel=panels.MAINTENANCE)
def undo(
    invocation: typer.Context,
    listing: Annotated[
        bool, typer.Option("--list", help="Show what can be undone, newest first; change nothing.")
    ] = False,
) -> None:
    """Revert the last change (run again to go further back; the last 20 are kept)."""
    ctx = context(invocation)
    if listing:
        for operation in maintenance.undoable(ctx):
            print(f"{operation.done_at:%Y-%m-%d %H:%M}  {printable(operation.command)}")
        return
    undone = maintenance.undo(ctx)
    say(f"Undid `{undone.command}` ({undone.done_at:%Y-%m-%d %H:%M}).")


@app.command(rich_help_panel=panels.MAINTENANCE)
def backup(
    invocation: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="Where to write the copy (a file, or a folder for the default name). "
            "Default: beside the database, named with the time.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """A consistent copy of the database, even while other commands write; readable by you only."""
    ctx = context(invocation)
    target = maintenance.backup(ctx, file, force)
    # For scripts the path as it is; a terminal is shown any control character escaped.
    print(printable(str(target)) if sys.stdout.isatty() else target)
    say(f"Backed up {ctx.location} to {target}.")


@app.command(rich_help_panel=panels.MAINTENANCE)
def doctor(
    invocation: typer.Context,
    fix: Annotated[
        bool, typer.Option("--fix", help="Repair what is safe to repair, in one transaction.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Check the database: integrity, broken links, follow-ups missing, doubled or left over.

    Also finds the temporary files a killed backup or export left beside it, and
    contacts who may be one person (to `merge`, which is for you to decide). Each
    finding is one line on stdout; the exit code is 1 while a problem remains.
    Contacts are never deleted.
    """
    from followup.services.doctor import doctor as examine

    ctx = context(invocation)
    findings = examine(ctx, fix)
    if as_json:
        write_json([finding.as_json() for finding in findings])
    for finding in findings:
        if finding.fixed:
            say(f"Fixed: {finding.message}: {finding.done}.")
        elif not as_json:
            hint = f" (--fix: {finding.fix})" if finding.fix else ""
            print(printable(f"{finding.check}: {finding.message}{hint}"))
    remaining = [finding for finding in findings if not finding.fixed and not finding.advice]
    advice = sum(finding.advice for finding in findings)
    looks = f"; {advice} to look at" if advice else ""
    if remaining:
        say(f"{len(remaining)} problem(s) in {ctx.location}{looks}.")
    elif not any(finding.fixed for finding in findings):
        say(f"No problems found in {ctx.location}{looks}.")
    if any(finding.damage for finding in remaining):
        say(
            "The file is damaged: restore a backup (`followup backup` makes one; "
            "an upgrade leaves one beside the database)."
        )
    if remaining:
        raise typer.Exit(1)
