"""Data out: full exports for spreadsheets and scripts, and a calendar feed of follow-ups."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from followup import outfile
from followup.cli import panels
from followup.cli.contacts import CONTACT_KEYS
from followup.cli.render import Counted, Progress, say
from followup.cli.runtime import runtime
from followup.errors import UsageError
from followup.formats import export

app = typer.Typer()

KEYS = {
    export.CONTACTS: CONTACT_KEYS,
    export.TOUCHES: export.TOUCH_KEYS,
    export.FOLLOWUPS: export.FOLLOWUP_KEYS,
}


class Format(StrEnum):
    csv = export.CSV
    json = export.JSON
    ndjson = export.NDJSON


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (a new or regular file, replaced whole, readable by you only; "
        "never the database or a link); - or none: stdout.",
    ),
]


def _file(output: Path | None) -> Path | None:
    """The file to write, or None for stdout (no -o, or -o -)."""
    return None if output is None or str(output) == "-" else output


@app.command("export", rich_help_panel=panels.DATA)
def export_command(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="What to export: contacts, touches or followups.",
            autocompletion=lambda: list(KEYS),
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = Format.csv,
    output: OutputOption = None,
) -> None:
    """Everything in the store: contacts, touches or follow-ups, with value-check answers."""
    # Checked here rather than as a choice: a missing choice argument is a several-line error.
    if kind not in KEYS:
        raise UsageError(f"cannot export {kind!r}: choose {', '.join(KEYS)}")
    rt = runtime()
    output = _file(output)
    keys = KEYS[kind]
    answer_keys: list[str] = []
    unanswered: set[str] = set()
    if kind in export.ANSWERED_KINDS:
        configured = [question.key for question in rt.config.questions]
        answered = rt.store.answered_keys()
        # The configured questions in order, then keys of questions since removed.
        answer_keys = [*configured, *sorted(answered - set(configured))]
        unanswered = set(configured) - answered
    rows = export.read(rt.store, kind, keys, answer_keys, unanswered, fmt.value)
    # A bar only for a file: on stdout the data may be read by a terminal or a pipe.
    total = rt.store.export_count(kind) if output is not None else None
    with (
        outfile.output(output, never=rt.store_files) as stream,
        Progress(f"Exporting {kind}", total) as advance,
    ):
        written = Counted(rows, advance)
        export.write(export.Table(keys, written, answer_keys), fmt.value, stream)
    if output is not None:
        say(f"Exported {written.count} {kind} to {output}.")


@app.command(rich_help_panel=panels.DATA)
def calendar(
    output: OutputOption = None,
    days: Annotated[
        int, typer.Option(min=1, max=36500, help="How many days ahead (overdue ones too).")
    ] = 30,
) -> None:
    """Pending follow-ups as an iCalendar feed: one all-day event each, overdue ones today."""
    from datetime import UTC

    from followup.domain.dates import days_later
    from followup.domain.valuecheck import NEW_VALUE_KEY
    from followup.formats import ics

    rt = runtime()
    output = _file(output)
    found = rt.store.calendar_entries(days_later(rt.today, days), NEW_VALUE_KEY)
    entries = [ics.Entry(**row) for row in found]
    # Each event ends the day after it: checked before writing, so no feed is cut short.
    days_later(max([rt.today, *(entry.due for entry in entries)]), 1)
    with outfile.output(output, never=rt.store_files, binary=True) as stream:
        stream.writelines(ics.feed(entries, rt.today, rt.now.astimezone(UTC)))
    if output is not None:
        say(f"Wrote {len(entries)} follow-up(s) to {output}.")
