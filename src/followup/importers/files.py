"""Turning a file's bytes into entries: decoding, and telling vCard from CSV layouts."""

import codecs
import re
from collections.abc import Mapping

from followup.errors import InvalidValue
from followup.importers.entries import Source

FORMATS = ("csv", "linkedin", "google", "vcard")
VCARD_START = re.compile(r"\s*BEGIN:VCARD", re.IGNORECASE)


def decode(data: bytes, name: str) -> str:
    """The text of a file: UTF-8 (with or without a BOM), or UTF-16 with its BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidValue(
            f"{name} is not UTF-8 text (line {line}): save it as UTF-8 (in a spreadsheet, "
            "'CSV UTF-8') and import again"
        ) from None


def looks_like_vcard(text: str) -> bool:
    # A match, not a copy: a file can be megabytes long.
    return VCARD_START.match(text) is not None


def read_source(data: bytes, name: str, fmt: str | None, column_map: Mapping[str, str]) -> Source:
    """Every entry of the file, in the format given or the one its content shows."""
    text = decode(data, name)
    if text.isspace() or not text:
        raise InvalidValue(f"{name} is empty")
    vcard = looks_like_vcard(text)
    if fmt == "vcard" or (fmt is None and vcard):
        if not vcard:
            raise InvalidValue(f"{name} is not a vCard file: it does not start with BEGIN:VCARD")
        if column_map:
            raise InvalidValue("--map is for CSV files; a vCard's fields are known")
        from followup.importers import vcard as reader

        return reader.read(text)
    if vcard:
        raise InvalidValue(f"{name} is a vCard file, not {fmt}: try --format vcard")
    from followup.importers import tabular

    return tabular.read(text, fmt, column_map)
