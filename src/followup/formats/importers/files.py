"""Opening a file to import: vCard or a CSV layout, told by its first line that is not blank."""

import re
from collections.abc import Mapping
from typing import BinaryIO

from followup.errors import InvalidValue
from followup.formats.importers.entries import Source
from followup.formats.importers.text import Line, LineTooLong, Overlong, TextLines

FORMATS = ("csv", "linkedin", "google", "vcard")
VCARD_START = re.compile(r"\s*BEGIN:VCARD", re.IGNORECASE)


def read_source(
    binary: BinaryIO, name: str, fmt: str | None, column_map: Mapping[str, str]
) -> Source:
    """The file's entries, read as they are asked for, in the format given or the one it shows.

    What is wrong with the file as a whole (empty, the wrong format, no header)
    is raised here; what is wrong with a row or card comes as its entry.
    """
    lines = TextLines(binary, name)
    blank, first = _first_line(lines)
    if first is None:
        raise InvalidValue(f"{name} is empty")
    if isinstance(first, Overlong):
        raise LineTooLong(name, blank + 1)
    lines.unread([first])
    vcard = VCARD_START.match(first) is not None
    if fmt == "vcard" or (fmt is None and vcard):
        if not vcard:
            raise InvalidValue(f"{name} is not a vCard file: it does not start with BEGIN:VCARD")
        if column_map:
            raise InvalidValue("--map is for CSV files; a vCard's fields are known")
        from followup.formats.importers import vcard as reader

        return reader.read(lines, blank + 1)
    if vcard:
        raise InvalidValue(f"{name} is a vCard file, not {fmt}: try --format vcard")
    from followup.formats.importers import tabular

    return tabular.read(lines, blank + 1, fmt, column_map)


def _first_line(lines: TextLines) -> tuple[int, Line | None]:
    """How many blank lines the file starts with, and the line after them (None: no more)."""
    for blank, line in enumerate(lines):
        if isinstance(line, Overlong) or not line.isspace():
            return blank, line
    return 0, None
