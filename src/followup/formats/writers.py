"""CSV and JSON, written row by row as the rows come, to a stream the caller gives.

``rows`` may be a database cursor: nothing is held beyond the current row. CSV is
RFC 4180 (CRLF, a header row) and spreadsheet-safe (see ``csvsafe``); JSON keeps
the data exact. ``csv`` and ``json`` are imported where they are used: a table,
the everyday output, needs neither, and `today` starts in a shell prompt.
"""

from collections.abc import Iterable, Sequence
from typing import IO, Any

from followup.formats.csvsafe import neutralised

# What joins a list's items in one CSV cell, and how a flag reads in one.
CSV_LIST_SEPARATOR = ";"
CSV_FLAG_WORDS = {False: "false", True: "true"}


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection; see csvsafe)."""
    return neutralised(value) if isinstance(value, str) else value


def write_json(data: Any, stream: IO[str]) -> None:
    import json

    json.dump(data, stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")


def write_json_array(records: Iterable[dict[str, Any]], stream: IO[str]) -> None:
    """A JSON array written one object per line, so it never has to be built in memory."""
    import json

    separator = "[\n"
    for record in records:
        stream.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
    stream.write("[]\n" if separator == "[\n" else "\n]\n")


def write_csv(records: Iterable[dict[str, Any]], keys: Sequence[str], stream: IO[str]) -> None:
    write_csv_rows(keys, ([record.get(key) for key in keys] for record in records), stream)


def write_csv_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    stream: IO[str],
    *,
    ready: bool = False,
) -> None:
    """``rows`` under ``header``; ``ready`` rows hold cells as CSV shows them already.

    Ready cells are what an export reads from the store: text spreadsheet-safe,
    lists joined, flags as words. They are written as they are.
    """
    import csv

    writer = csv.writer(stream, lineterminator="\r\n")
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
        import json

        return spreadsheet_safe(json.dumps(value, ensure_ascii=False))
    return value
