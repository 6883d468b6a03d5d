"""Output formats, chosen once per invocation: an aligned table, JSON, or CSV.

Commands build plain records (dicts of JSON-ready values) and hand them here;
they never branch on the format themselves. Tables are plain aligned columns
written here (see ``write_table``), and neither they nor JSON and CSV touch Rich:
Rich is kept for what people read interactively (``out``, ``err``).
"""

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any
from unicodedata import category, east_asian_width

from followup.domain.dates import display_day
from followup.domain.text import printable
from followup.errors import UsageError
from followup.formats import writers


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
    writers.write_json(data, sys.stdout)


def write_json_array(records: Iterable[dict[str, Any]]) -> None:
    writers.write_json_array(records, sys.stdout)


def write_csv(records: Iterable[dict[str, Any]], keys: Sequence[str]) -> None:
    writers.write_csv(records, keys, sys.stdout)


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


day = display_day  # ``Thu 2026-03-12``, as every message shows a day
