"""Output formats, chosen once per invocation: an aligned table, JSON, or CSV.

Commands build plain records (dicts of JSON-ready values) and hand them here;
they never branch on the format themselves. Tables are plain aligned columns
written here (see ``write_table``), and neither they nor JSON and CSV touch Rich:
Rich is kept for what people read interactively (``out``, ``err``).
"""

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, TextIO
from unicodedata import category, east_asian_width

from followup.domain.cadence import DECIDE, TOUCH, FollowUpPlan
from followup.domain.text import printable
from followup.errors import UsageError
from followup.formats.csvsafe import neutralised

# What joins a list's items in one CSV cell, and how a flag reads in one.
CSV_LIST_SEPARATOR = ";"
CSV_FLAG_WORDS = {False: "false", True: "true"}


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
    # Free text that may be cut with "…" to fit the terminal (names, actions, notes).
    flexible: bool = False


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection; see csvsafe)."""
    return neutralised(value) if isinstance(value, str) else value


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


def write_json_array(records: Iterable[dict[str, Any]], stream: TextIO | None = None) -> None:
    """A JSON array written one object per line, so it never has to be built in memory."""
    stream = stream or sys.stdout
    separator = "[\n"
    for record in records:
        stream.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
    stream.write("[]\n" if separator == "[\n" else "\n]\n")


def write_csv(
    records: Iterable[dict[str, Any]], keys: Sequence[str], stream: TextIO | None = None
) -> None:
    write_csv_rows(keys, ([record.get(key) for key in keys] for record in records), stream)


def write_csv_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    stream: TextIO | None = None,
    *,
    ready: bool = False,
) -> None:
    """RFC 4180 CSV (CRLF, a header row), spreadsheet-safe, written row by row as they come.

    ``rows`` may be a database cursor: nothing is held beyond the current row.
    ``ready`` rows hold cells as CSV shows them already (text spreadsheet-safe, lists
    joined, flags as words: what an export reads from the store) and are written as
    they are.
    """
    writer = csv.writer(stream or sys.stdout, lineterminator="\r\n")
    writer.writerow(header)
    if not ready:
        # The writer leaves None empty by itself.
        rows = ([cell if cell is None else _csv_cell(cell) for cell in row] for row in rows)
    writer.writerows(rows)


def _csv_cell(value: Any) -> Any:
    # Strings first: nearly every cell is one.
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return CSV_FLAG_WORDS[value]
    if isinstance(value, list | tuple):
        return spreadsheet_safe(CSV_LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, dict):
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False))
    return value


def write_table(
    records: Iterable[dict[str, Any]],
    columns: Sequence[Column],
    title: str = "",
    widths: Sequence[int] | None = None,
) -> None:
    """Aligned columns for people, one line per record.

    The title is a heading, so it goes to stderr like every other message: what
    is piped on is the table alone. On a terminal no row is longer than the
    terminal is wide: the widest free-text (``flexible``) columns are cut to fit,
    their cells ending in ``…`` (``show`` and ``--json`` have the whole text).
    ``widths``, when given (see ``table_widths``), let the rows be written as they
    come instead of being gathered first.

    Written by hand rather than with Rich's Table: `today` may list hundreds of
    rows every morning, and Rich measures and renders each cell as rich text,
    which took most of the command's time on a large store.
    """
    out = sys.stdout
    paint = _painter(out)
    rows: Iterable[list[str]] = _cells(records, columns)
    if widths is None:
        rows = list(rows)
        widths = _widths(rows, columns)
    headings = [column.heading for column in columns]
    room = _terminal_width(out)
    if room is not None:
        widths = _fitted(widths, columns, headings, room)
    if title:
        sys.stderr.write(_painter(sys.stderr)(printable(title), "bold") + "\n")
    out.write(_line(headings, widths, ["bold"] * len(columns), paint) + "\n")
    styles = [column.style for column in columns]
    for row in rows:
        if room is not None:
            row = [cut(cell, width) for cell, width in zip(row, widths, strict=True)]
        out.write(_line(row, widths, styles, paint) + "\n")


def table_widths(records: Iterable[dict[str, Any]], columns: Sequence[Column]) -> list[int]:
    """How wide each column of a table of ``records`` is, reading them once, keeping none."""
    return _widths(_cells(records, columns), columns)


def _cells(records: Iterable[dict[str, Any]], columns: Sequence[Column]) -> Iterator[list[str]]:
    for record in records:
        yield [_table_cell(record.get(column.key)) for column in columns]


def _widths(rows: Iterable[list[str]], columns: Sequence[Column]) -> list[int]:
    widths = [cell_width(column.heading) for column in columns]
    for row in rows:
        widths = [max(width, cell_width(cell)) for width, cell in zip(widths, row, strict=True)]
    return widths


COLUMN_GAP = "  "
STYLE_CODES = {"bold": "1", "dim": "2"}
# A cut column keeps at least this many cells (or its heading's width, if wider).
NARROWEST_CUT = 10
ELLIPSIS = "…"


def _line(
    cells: Sequence[str],
    widths: Sequence[int],
    styles: Sequence[str | None],
    paint: Any,
) -> str:
    padded = [
        paint(cell, style) + " " * (width - cell_width(cell))
        for cell, width, style in zip(cells[:-1], widths, styles, strict=False)
    ]
    return COLUMN_GAP.join([*padded, paint(cells[-1], styles[-1])]).rstrip()


def _terminal_width(stream: Any) -> int | None:
    """How many cells a line may take on the terminal; None (no limit) elsewhere."""
    if not stream.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _fitted(
    widths: Sequence[int], columns: Sequence[Column], headings: Sequence[str], room: int
) -> list[int]:
    """``widths`` with the widest flexible columns narrowed until a line fits in ``room``.

    Only free text is cut: ids, dates and counts are read whole or not at all. If the
    table is still too wide once every flexible column is as narrow as it may be,
    the terminal wraps it.
    """
    fitted = list(widths)
    floors = [max(NARROWEST_CUT, cell_width(heading)) for heading in headings]
    excess = sum(fitted) + len(COLUMN_GAP) * (len(fitted) - 1) - room
    while excess > 0:
        cuttable = [
            index
            for index, column in enumerate(columns)
            if column.flexible and fitted[index] > floors[index]
        ]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda index: fitted[index])
        fitted[widest] -= 1
        excess -= 1
    return fitted


def cut(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells, else as much as fits followed by ``…``."""
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += char_width(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def _painter(stream: Any) -> Any:
    """A function that styles text, or leaves it plain off a terminal or under NO_COLOR."""
    import os

    plain = not stream.isatty() or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"
    if plain:
        return lambda text, style: text

    def paint(text: str, style: str | None) -> str:
        code = STYLE_CODES.get(style or "")
        return f"\x1b[{code}m{text}\x1b[0m" if code and text else text

    return paint


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: East Asian wide characters two, marks none."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def char_width(char: str) -> int:
    """The cells one character takes, as terminals count them (wcwidth's rules).

    Written here rather than taken from wcwidth or Rich: importing either costs a
    third of a `followup today`, and the rules that matter here are these three.
    """
    if char.isascii():
        return 1
    if category(char) in ZERO_WIDTH_CATEGORIES:
        return 0
    return 2 if east_asian_width(char) in "WF" else 1


# Combining marks draw on the character before them; format characters draw nothing.
ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return printable(", ".join(str(item) for item in value))
    # One line per row: a note's line breaks and tabs would break the columns.
    return printable(" ".join(str(value).split()) if isinstance(value, str) else str(value))


def out() -> Any:
    """A Rich console for human output on stdout (colour follows the TTY and NO_COLOR)."""
    return _console(stderr=False)


def err() -> Any:
    """A Rich console for prompts, headings and hints on stderr."""
    return _console(stderr=True)


def _console(stderr: bool) -> Any:
    from rich.console import Console

    # Made for each use, not kept: the streams and the terminal are the invocation's.
    # Rich itself honours NO_COLOR and drops colour when the stream is not a TTY.
    return Console(stderr=stderr, highlight=False)


def as_markup(text: str, indent: int | None = None) -> str:
    """Untrusted text as Rich markup that prints it literally, escaped where unsafe.

    With ``indent``, free text keeps its line breaks, each later line indented
    under the first; without it, the text stays on one line.
    """
    from rich.markup import escape

    safe = printable(text, keep_newlines=indent is not None)
    if indent:
        safe = safe.replace("\n", "\n" + " " * indent)
    return escape(safe)


def say(message: str) -> None:
    """A one-line message for the human, on stderr so stdout stays machine-readable.

    Messages quote names, notes, file paths and file contents: whatever of that
    would drive the terminal is shown escaped.
    """
    print(printable(message), file=sys.stderr)


def day(value: date | None) -> str:
    """A date as people read it in a terminal: ``Thu 2026-03-12``."""
    return value.strftime("%a %Y-%m-%d") if value else "-"


def describe(plan: FollowUpPlan) -> str:
    """``step 3/7 (call) on Thu 2026-03-12``, ``decide on …``, ``nurture check-in on …``."""
    if plan.kind == TOUCH:
        return f"step {plan.step}/{plan.steps_total} ({plan.channel}) on {day(plan.due)}"
    if plan.kind == DECIDE:
        return f"decide the next layer on {day(plan.due)}"
    return f"nurture check-in on {day(plan.due)}"


# Below this many items a bar would flash by: not worth drawing (or importing Rich for).
PROGRESS_THRESHOLD = 1000


class Progress:
    """A progress bar on stderr for long work, drawn only on a terminal.

    Off a terminal (scripts, cron, pipes) and for small jobs it does nothing, so
    callers use it unconditionally: ``with Progress("Importing", total) as advance:``.
    """

    def __init__(self, description: str, total: int | None):
        self.description = description
        self.total = total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Callable[..., None]:
        if (self.total or 0) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
            return lambda steps=1: None
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(console=err(), transient=True)
        self._bar.start()
        self._task = self._bar.add_task(self.description, total=self.total)
        return self._advance

    def _advance(self, steps: int = 1) -> None:
        self._bar.advance(self._task, steps)

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.stop()


class Counted:
    """``rows`` unchanged, counted and reported to ``advance`` as they are read."""

    def __init__(self, rows: Iterable[Any], advance: Callable[[], None]):
        self.rows = rows
        self.advance = advance
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            self.advance()
            yield row
