"""A file to import, read as lines of text: decoded as it is read, no line longer than a limit.

Nothing here holds more than one read of the file and the line it is in (at
most ``MAX_LINE_CHARS``): a file of any size, or an endless stream such as
``/dev/zero``, is read a piece at a time, and a line that never ends stands as
an ``Overlong`` line once it passes the limit, the rest of it skipped as it is
read, instead of being read into memory whole.
"""

import codecs
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from followup.domain.fields import MAX_FIELD_CHARS
from followup.errors import InvalidValue

# One line of a file holds one row or one vCard property, which can hold several fields.
MAX_LINE_CHARS = 10 * MAX_FIELD_CHARS
READ_BYTES = 64 * 1024  # the most one read asks of the file
# A line and its end: csv and vCard files end lines with these, and nothing else.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
HEAD_CHARS = 80  # of an overlong line, kept to say what it was


class Overlong:
    """Stands for a line longer than ``MAX_LINE_CHARS``; ``head`` is how it starts."""

    def __init__(self, head: str):
        self.head = head


class LineTooLong(InvalidValue):
    def __init__(self, name: str, number: int):
        super().__init__(
            f"line {number} of {name} is longer than {MAX_LINE_CHARS:,} characters, "
            "the most one line may hold"
        )


Line = str | Overlong


class TextLines:
    """The lines of ``binary``, each with its line end (``\\r\\n``, ``\\n`` or ``\\r``).

    UTF-8, with or without a byte-order mark, or UTF-16 with one. A line over the
    limit comes as an ``Overlong``. ``bytes_read`` says how much of the file has
    been read.
    """

    def __init__(self, binary: BinaryIO, name: str):
        self.binary = binary
        self.name = name
        self.bytes_read = 0
        self._lines_read = 0
        # Lines are handed out a read's worth at a time, by a C iterator: a file has
        # millions of them.
        self._lines: Iterator[Line] = itertools.chain.from_iterable(self._reads())

    def __iter__(self) -> Iterator[Line]:
        return self._lines

    def unread(self, lines: Iterable[Line]) -> None:
        """Put ``lines``, the last ones taken, back in front of the rest."""
        self._lines = itertools.chain(lines, self._lines)

    def _reads(self) -> Iterator[list[Line]]:
        """The lines each read of the file completes."""
        pending = ""  # what the reads so far hold of a line not ended yet
        skipping = False  # inside a line already handed out as Overlong
        decoder: codecs.IncrementalDecoder | None = None
        while True:
            # The first read takes in a UTF-16 byte-order mark whole, to tell the encoding.
            raw = self.binary.read(READ_BYTES if decoder else max(READ_BYTES, 2))
            self.bytes_read += len(raw)
            if decoder is None:
                decoder = codecs.getincrementaldecoder(_encoding(raw))()
            final = not raw
            text = pending + self._decoded(decoder, raw, final)
            # A "\r" that ends the text may be half of a "\r\n": its line waits for the next
            # read. Lines are cut only up to the last line end: past it, the pattern would
            # try every position of a long line's tail, and take time as its square.
            end = len(text) - 1 if text.endswith("\r") and not final else len(text)
            ended = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
            found: list[str] = LINE.findall(text, 0, ended)
            pending = text[ended:]
            if skipping and found:
                found.pop(0)  # the end of the overlong line
                skipping = False
            lines: list[Line] = list(found)
            if len(text) > MAX_LINE_CHARS:  # else no line here can be too long
                lines = [_bounded(line) for line in found]
            if skipping:
                pending = pending[-1:] if pending.endswith("\r") else ""
            elif len(pending) > MAX_LINE_CHARS:
                lines.append(Overlong(pending[:HEAD_CHARS]))
                pending, skipping = "", True
            elif final and pending:
                lines.append(pending)  # the last line, without a line end
            self._lines_read += len(lines)
            yield lines
            if final:
                return

    def _decoded(self, decoder: codecs.IncrementalDecoder, raw: bytes, final: bool) -> str:
        held = decoder.getstate()[0]
        try:
            return decoder.decode(raw, final=final)
        except UnicodeDecodeError as error:
            line = self._lines_read + (held + raw)[: error.start].count(b"\n") + 1
            raise InvalidValue(
                f"{self.name} is not UTF-8 text (line {line}): save it as UTF-8 (in a "
                "spreadsheet, 'CSV UTF-8') and import again"
            ) from None


def _bounded(line: str) -> Line:
    if len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
        return Overlong(line[:HEAD_CHARS])
    return line


def _encoding(start: bytes) -> str:
    """UTF-16 when the file starts with its byte-order mark, else UTF-8 (a BOM or not)."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"
