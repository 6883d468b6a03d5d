"""Output formats, chosen once per invocation: a Rich table, JSON, or CSV.

Commands build plain records (dicts of JSON-ready values) and hand them here;
they never branch on the format themselves. JSON and CSV never touch Rich, so
scripts pay nothing for the pretty table.
"""

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from followup.core.cadence import FollowUpPlan
from followup.errors import UsageError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Format(Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def choose(as_json: bool, as_csv: bool) -> Format:
    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    return Format.JSON if as_json else Format.CSV if as_csv else Format.TABLE


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    style: str | None = None
    no_wrap: bool = False


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def emit(
    records: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: Format, title: str = ""
) -> None:
    if fmt is Format.JSON:
        write_json(list(records))
    elif fmt is Format.CSV:
        write_csv(records, [column.key for column in columns])
    else:
        write_table(records, columns, title)


def write_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def write_csv(records: Iterable[dict[str, Any]], keys: Sequence[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\r\n")
    writer.writerow(keys)
    for record in records:
        writer.writerow(_csv_cell(record.get(key)) for key in keys)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = ";".join(str(item) for item in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return "" if value is None else spreadsheet_safe(value)


def write_table(
    records: Sequence[dict[str, Any]], columns: Sequence[Column], title: str = ""
) -> None:
    from rich.table import Table

    table = Table(
        title=title or None, title_justify="left", header_style="bold", box=None, pad_edge=False
    )
    for column in columns:
        table.add_column(
            column.heading, style=column.style, no_wrap=column.no_wrap, overflow="fold"
        )
    for record in records:
        table.add_row(*(_table_cell(record.get(column.key)) for column in columns))
    out().print(table)


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    from rich.markup import escape

    return escape(str(value))


_consoles: dict[str, Any] = {}


def out() -> Any:
    """The Rich console for human output on stdout (colour follows the TTY and NO_COLOR)."""
    return _console("stdout", stderr=False)


def err() -> Any:
    """The Rich console for prompts, headings and hints on stderr."""
    return _console("stderr", stderr=True)


def _console(name: str, stderr: bool) -> Any:
    if name not in _consoles:
        from rich.console import Console

        # Rich itself honours NO_COLOR and drops colour when the stream is not a TTY.
        _consoles[name] = Console(stderr=stderr, highlight=False)
    return _consoles[name]


def say(message: str) -> None:
    """A one-line message for the human, on stderr so stdout stays machine-readable."""
    print(message, file=sys.stderr)


def day(value: date | None) -> str:
    """A date as people read it in a terminal: ``Thu 2026-03-12``."""
    return value.strftime("%a %Y-%m-%d") if value else "-"


def describe(plan: FollowUpPlan) -> str:
    """``step 3/7 (call) on Thu 2026-03-12``, ``decide on …``, ``nurture check-in on …``."""
    if plan.kind == "touch":
        return f"step {plan.step}/{plan.steps_total} ({plan.channel}) on {day(plan.due)}"
    if plan.kind == "decide":
        return f"decide the next layer on {day(plan.due)}"
    return f"nurture check-in on {day(plan.due)}"
