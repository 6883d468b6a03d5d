"""Data out: full exports for spreadsheets and scripts, and a calendar feed of follow-ups."""

import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from followup import outfile
from followup.cli import panels
from followup.cli.options import context
from followup.cli.render import say

app = typer.Typer()

# Spelled here rather than read from the export code, so that building the command
# (every command's help does) imports none of it; a test keeps the two in step.
KINDS = ("contacts", "touches", "followups")


class Format(StrEnum):
    csv = "csv"
    json = "json"
    ndjson = "ndjson"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (replaced whole, readable by you only); - or none: stdout.",
    ),
]


def _file(output: Path | None) -> Path | None:
    """The file to write, or None for stdout (no -o, or -o -)."""
    return None if output is None or str(output) == "-" else output


@app.command("export", rich_help_panel=panels.DATA)
def export_command(
    invocation: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="What to export: contacts, touches or followups.",
            autocompletion=lambda: list(KINDS),
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = Format.csv,
    output: OutputOption = None,
) -> None:
    """Everything in the store: contacts, touches or follow-ups, with value-check answers."""
    from followup.services.exports import checked_kind, export_rows

    checked_kind(kind)  # before anything is opened: the store, or the file
    ctx = context(invocation)
    path = _file(output)
    never = ctx.storage.files if path is not None else ()
    with _output(path, never=never) as stream:
        # A bar only for a file: on stdout the data may be read by a terminal or a pipe.
        written = export_rows(ctx, kind, fmt.value, stream, progress=path is not None)
    if path is not None:
        say(f"Exported {written} {kind} to {path}.")


@app.command(rich_help_panel=panels.DATA)
def calendar(
    invocation: typer.Context,
    output: OutputOption = None,
    days: Annotated[
        int, typer.Option(min=1, max=36500, help="How many days ahead (overdue ones too).")
    ] = 30,
) -> None:
    """Pending follow-ups as an iCalendar feed: one all-day event each, overdue ones today."""
    from followup.services.exports import calendar_feed

    ctx = context(invocation)
    path = _file(output)
    never = ctx.storage.files if path is not None else ()
    with _output(path, never=never, binary=True) as stream:
        written = calendar_feed(ctx, days, stream)
    if path is not None:
        say(f"Wrote {written} follow-up(s) to {path}.")


@contextmanager
def _output(
    path: Path | None, *, never: Collection[Path], binary: bool = False
) -> Iterator[IO[Any]]:
    """Where the data goes: ``path``, replaced whole (see ``outfile``), or stdout as it is."""
    if path is not None:
        with outfile.replacing(path, never=never, binary=binary) as stream:
            yield stream
    elif binary:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        yield sys.stdout
