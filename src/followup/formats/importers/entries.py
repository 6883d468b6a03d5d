"""What a reader makes of each row or card: a contact to check, or why there is none."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from followup.formats.importers.text import TextLines

BAD, SKIPPED = "bad", "skipped"


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

    @property
    def action(self) -> str:
        """What becomes of it, as a row of the import's plan says: ``bad`` or ``skipped``."""
        return BAD if self.bad else SKIPPED


Entry = Row | Unusable


@dataclass(frozen=True)
class Source:
    """A file opened: what it looks like, its entries (read as they are asked for), its
    text (which says how much of it has been read), and the columns nothing uses."""

    layout: str
    entries: Iterable[Entry]
    text: TextLines
    unused_columns: tuple[str, ...] = ()
    # Our own export: its people come back as they were, and the active ones start again.
    own_export: bool = False
