"""Reports: the funnel (`report`) and a second look at what went wrong (`review`)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from enum import StrEnum
from itertools import chain
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli import panels
from followup.cli.options import CsvFlag, JsonFlag, OwnerOption, TeamFlag, context
from followup.cli.render import Column, Format, choose, emit, out, say, write_csv, write_json
from followup.cli.said import pipeline_warning
from followup.domain.contact import Contact
from followup.domain.records import AccountSummary
from followup.domain.text import printable
from followup.services import agenda, owners, reports

if TYPE_CHECKING:
    from followup.domain import report

app = typer.Typer()


class By(StrEnum):
    # The groupings core.report knows (a test keeps the two in step), spelled out here
    # so that the arithmetic is imported only when a report is asked for.
    STEP = "step"
    CHANNEL = "channel"
    EVENT = "event"
    WEEK = "week"
    ACCOUNT = "account"
    OWNER = "owner"


UNNAMED: dict[str, str] = {
    By.STEP: "(no step)",
    By.EVENT: "(no event)",
    By.ACCOUNT: "(no account)",
    By.OWNER: "(nobody)",
}
CHART_WIDTH = 40
CHART_LABEL_WIDTH = 28  # with the bars and the rates, 80 columns


def _funnel_columns(by: str, wide: bool) -> list[Column]:
    """The funnel's columns: all of them with ``wide``, else what fits 80 columns."""
    label = Column("label", by, style="bold", flexible=True)
    if not wide:
        return [
            label,
            Column("touches", "touches"),
            Column("replies", "replies"),
            Column("rate", "rate"),
            Column("median_days_to_reply", "bd to reply"),
            Column("meetings", "meetings"),
            Column("won", "won"),
            Column("lost", "lost"),
            Column("checks_skipped", "skipped"),
        ]
    return [
        label,
        Column("contacts", "contacts"),
        Column("touches", "touches"),
        Column("replies", "replies"),
        Column("rate", "reply rate"),
        Column("median_days_to_reply", "median bd to reply"),
        Column("meetings", "meetings"),
        Column("won", "won"),
        Column("lost", "lost"),
        Column("checks_skipped", "checks skipped"),
    ]


def _label(group: report.Group, by: str) -> str:
    return UNNAMED.get(by, "") if group is None else str(group)


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def _for_table(row: report.Row, by: str) -> dict[str, Any]:
    return {**asdict(row), "label": _label(row.group, by), "rate": _percent(row.reply_rate)}


@app.command("report", rich_help_panel=panels.REPORTS)
def report_(
    invocation: typer.Context,
    by: Annotated[
        By,
        typer.Option("--by", help="Group by step, channel, event, ISO week, account or owner."),
    ] = By.STEP,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only touches on or after DATE."),
    ] = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="Every column (contacts too), with long headings.")
    ] = False,
    owner: OwnerOption = None,
    team: TeamFlag = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    """The funnel: touches, replies, time to reply, meetings and closings; pipeline breadth."""
    fmt = choose(as_json, as_csv)
    ctx = context(invocation)
    from followup.domain import report

    result = reports.funnel(ctx, by.value, since, owners.whose(ctx, owner, team))
    breadth = agenda.breadth(ctx)
    row_keys = [field.name for field in fields(report.Row) if field.name != "group"]
    if fmt is Format.JSON:
        write_json(
            {
                "by": result.by,
                "since": result.since.isoformat() if result.since else None,
                "groups": [asdict(row) for row in result.groups],
                "total": {key: getattr(result.total, key) for key in row_keys},
                "pipeline": {"open": breadth.open, "target": breadth.target, "thin": breadth.thin},
            }
        )
        return
    if fmt is Format.CSV:
        write_csv([asdict(row) for row in [*result.groups, result.total]], ("group", *row_keys))
    else:
        _show_funnel(result, wide)
    warning = pipeline_warning(breadth)
    if warning:
        say(warning)
    elif fmt is Format.TABLE:
        say(f"Pipeline: {breadth.open} open, target {breadth.target}.")


def _show_funnel(result: report.Funnel, wide: bool) -> None:
    by = result.by
    window = f" since {result.since.isoformat()}" if result.since else ""
    if not result.groups:
        say(f"Nothing to report: no touches logged{window or ' yet'}.")
        return
    records = [_for_table(row, by) for row in [*result.groups, result.total]]
    emit(records, _funnel_columns(by, wide), Format.TABLE, f"Funnel by {by}{window}")
    if sys.stdout.isatty():
        _chart(result.groups, by)


def _chart(rows: list[report.Row], by: str) -> None:
    """Reply rate per group as bars: on a terminal people would rather look than read."""
    from rich.bar import Bar
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    # Labels are event names and the like: cut to leave the bars room in 80 columns.
    grid.add_column(
        justify="right",
        style="bold",
        max_width=CHART_LABEL_WIDTH,
        no_wrap=True,
        overflow="ellipsis",
    )
    grid.add_column(width=CHART_WIDTH)
    grid.add_column(justify="right")
    for row in rows:
        bar = Bar(1.0, 0.0, row.reply_rate or 0.0, width=CHART_WIDTH, color="green")
        # Text, not a string: Rich would read "[…]" in an event's name as markup.
        label = Text(printable(_label(row.group, by)))
        grid.add_row(label, bar, _percent(row.reply_rate))
    say("")
    say(f"Reply rate by {by}")
    out().print(grid)


LOST_KEYS = (
    "contact_id",
    "name",
    "company",
    "event",
    "closed_on",
    "close_reason",
    "worked",
    "lesson",
)
UNCHANGED_KEYS = ("contact_id", "name", "company", "status", "key", "answer", "times")
SILENT_KEYS = ("account_id", "account", "people", "last_touch_on")
SILENT_TABLE = (
    Column("account", "account", style="bold", flexible=True),
    Column("people", "people"),
    Column("last_touch_on", "last touch"),
)
LOST_TABLE = (
    Column("contact_id", "id", style="dim"),
    Column("name", "name", style="bold", flexible=True),
    Column("company", "company", flexible=True),
    Column("closed_on", "closed"),
    Column("close_reason", "reason", flexible=True),
    Column("worked", "worked", flexible=True),
    Column("lesson", "lesson", flexible=True),
)
UNCHANGED_TABLE = (
    Column("contact_id", "id", style="dim"),
    Column("name", "name", style="bold", flexible=True),
    Column("company", "company", flexible=True),
    Column("status", "status"),
    Column("key", "question"),
    Column("times", "times"),
    Column("answer", "answer every time", flexible=True),
)


def _lost_record(person: Contact) -> dict[str, Any]:
    return {
        "contact_id": person.id,
        "name": person.name,
        "company": person.company,
        "event": person.event_name,
        "closed_on": person.closed_on.isoformat() if person.closed_on else None,
        "close_reason": person.close_reason,
        "worked": person.worked,
        "lesson": person.lesson,
    }


def _unchanged_records(
    found: Iterable[tuple[report.AnswerHistory, report.Unchanged]],
) -> Iterator[dict[str, Any]]:
    for person, item in found:
        yield {
            "contact_id": person.contact_id,
            "name": person.name,
            "company": person.company,
            "status": person.status,
            "key": item.key,
            "answer": item.answer,
            "times": item.times,
        }


def _silent_record(summary: AccountSummary) -> dict[str, Any]:
    return {
        "account_id": summary.account.id,
        "account": summary.account.name,
        "people": summary.people,
        "last_touch_on": summary.last_touch_on.isoformat() if summary.last_touch_on else None,
    }


@app.command(rich_help_panel=panels.REPORTS)
def review(
    invocation: typer.Context,
    owner: OwnerOption = None,
    team: TeamFlag = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    """Lost contacts with their lessons, value-check answers that never changed, and
    accounts that went silent without a decider ever named."""
    fmt = choose(as_json, as_csv)
    ctx = context(invocation)
    found = reports.review(ctx, owners.whose(ctx, owner, team))
    lost = [_lost_record(person) for person in found.lost]
    unchanged = _unchanged_records(found.unchanged)
    silent = [_silent_record(summary) for summary in found.silent_accounts]
    if fmt is Format.CSV:
        # Streamed: one row at a time however many answers never changed.
        keys = ("section", *dict.fromkeys((*LOST_KEYS, *UNCHANGED_KEYS, *SILENT_KEYS)))
        write_csv(
            chain(
                ({"section": "lost", **record} for record in lost),
                ({"section": "unchanged", **record} for record in unchanged),
                ({"section": "silent-account", **record} for record in silent),
            ),
            keys,
        )
        return
    listed = list(unchanged)
    if fmt is Format.JSON:
        write_json({"lost": lost, "unchanged": listed, "silent_accounts": silent})
        return
    if not lost and not listed and not silent:
        say("Nothing to review: no lost contacts, every answer has moved on, no silent account.")
        return
    sections = [
        (lost, LOST_TABLE, "Lost, with what worked and the lesson"),
        (listed, UNCHANGED_TABLE, "Value-check answers that never changed"),
        (silent, SILENT_TABLE, "Accounts where nobody answered and no decider was named"),
    ]
    shown = [section for section in sections if section[0]]
    for number, (records, columns, title) in enumerate(shown):
        if number:
            say("")
        emit(records, columns, fmt, title)
    if silent:
        say(
            "Hint: ask who decides there, then `followup link CONTACT --decider OTHER` "
            "(or `followup add NAME --company … --decides-for CONTACT`)."
        )
