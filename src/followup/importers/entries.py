"""What a reader makes of each row or card: a contact to check, or why there is none."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    """One contact read from a file, as text, before its fields are checked.

    ``where`` says where it is in the file ("line 5", "card 2 (line 9)"), so every
    message about it can point there.
    """

    where: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Unusable:
    """A row or card that brings in nobody.

    ``bad`` entries are broken (no name, a malformed card) and stop the import
    unless ``--skip-bad``; the others are simply not people (an organisation's
    card) and are skipped with a word in the summary.
    """

    where: str
    reason: str
    bad: bool = True
    name: str = ""  # who the row was about, when it says


Entry = Row | Unusable


@dataclass(frozen=True)
class Source:
    """A file opened: what it looks like, its entries (read as they are asked for), the
    columns nothing uses, and how many bytes of it have been read so far."""

    layout: str
    entries: Iterator[Entry]
    bytes_read: Callable[[], int]
    unused_columns: tuple[str, ...] = ()
