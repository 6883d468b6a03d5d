"""Reading a file a piece at a time: lines and their ends, encodings, and lines too long to keep."""

import codecs
import io
from typing import Any

import pytest

from followup.errors import InvalidValue
from followup.formats.importers import text
from followup.formats.importers.text import MAX_LINE_CHARS, Overlong, TextLines


def lines_of(data: bytes) -> list[str | Overlong]:
    return list(TextLines(io.BytesIO(data), "people.csv"))


@pytest.fixture(params=[1, 2, 3, 7, 64 * 1024], ids=lambda size: f"reads of {size}")
def small_reads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Reads of a few bytes, so that line ends and characters fall across them."""
    monkeypatch.setattr(text, "READ_BYTES", request.param)
    return request.param


def test_every_line_end_is_kept_and_only_cr_lf_and_crlf_end_lines(small_reads: int) -> None:
    data = "Name\r\nJosé\rZoë\nAnn\u2028Lee\x0cX\r\n\r\nlast".encode()
    assert lines_of(data) == [
        "Name\r\n",
        "José\r",
        "Zoë\n",
        "Ann\u2028Lee\x0cX\r\n",
        "\r\n",
        "last",
    ]


def test_a_bom_is_dropped_and_utf16_is_read_with_its_own(small_reads: int) -> None:
    content = "Name,Company\r\nJosé Álvarez,最高\r\n"
    for data in (
        codecs.BOM_UTF8 + content.encode(),
        content.encode("utf-16"),
        codecs.BOM_UTF16_BE + content.encode("utf-16-be"),
    ):
        assert lines_of(data) == ["Name,Company\r\n", "José Álvarez,最高\r\n"]


def test_bytes_that_are_not_utf8_are_refused_with_their_line(small_reads: int) -> None:
    with pytest.raises(InvalidValue, match=r"people\.csv is not UTF-8 text \(line 3\)"):
        lines_of("Name\r\nAnn\r\nJosé\r\n".encode("latin-1"))


def test_a_line_over_the_limit_stands_as_overlong_and_reading_goes_on() -> None:
    longest = "x" * MAX_LINE_CHARS
    data = f"first\n{longest}\n{longest}y\nafter\n{longest}yz".encode()
    first, kept, overlong, after, last = lines_of(data)
    assert (first, kept, after) == ("first\n", longest + "\n", "after\n")
    assert isinstance(overlong, Overlong) and overlong.head == "x" * text.HEAD_CHARS
    assert isinstance(last, Overlong)


def test_an_endless_line_is_given_up_after_a_bounded_read() -> None:
    class Endless(io.RawIOBase):
        read_so_far = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b"\0" * len(buffer)
            self.read_so_far += len(buffer)
            return len(buffer)

    endless = Endless()
    lines = TextLines(io.BufferedReader(endless), "/dev/zero")
    assert isinstance(next(iter(lines)), Overlong)
    assert endless.read_so_far < 2 * MAX_LINE_CHARS
