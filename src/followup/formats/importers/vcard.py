"""vCard files (2.1, 3.0 and 4.0), one card or many, parsed card by card with vobject.

The file is first cut into cards at their BEGIN and END lines, as it is read,
so a broken card is reported with its number and line and does not hide the
good ones around it, and only one card is ever held. Photos, logos, sounds and
keys are left out as they are read: followup keeps none of them, and a phone's
photo can be megabytes that vobject would otherwise decode. vobject then reads
each card: folded lines, quoted-printable, grouped ``item1.`` properties and
escaped text are its business.
"""

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from followup.formats.importers.entries import Entry, Row, Source, Unusable
from followup.formats.importers.text import MAX_LINE_CHARS, Overlong, TextLines

BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*", re.IGNORECASE)
END = re.compile(r"\s*END\s*:\s*VCARD\s*", re.IGNORECASE)
# Properties that hold a file rather than text: left out before vobject sees the card.
BINARY = re.compile(r"\s*(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)\s*[;:]", re.IGNORECASE)
# The FN line of a card vobject cannot read, so the message can say whose card it was.
FULL_NAME = re.compile(r"^FN(?:;[^:\r\n]*)?:(.+)$", re.IGNORECASE | re.MULTILINE)
NOT_A_PERSON = {"org": "an organisation", "group": "a group", "location": "a place"}
# A property line: [group.]NAME[;param…]:value (a quoted parameter may hold ; and :).
PROPERTY = re.compile(
    r'(?P<group>[\w-]+\.)?(?P<name>[\w-]+)(?P<params>(?:;(?:[^";:]|"[^"]*")*)*):(?P<value>.*)',
    re.DOTALL,
)
PARAMETER = re.compile(r';((?:[^";]|"[^"]*")*)')
QUOTED_PRINTABLE = re.compile(r"(?:ENCODING\s*=\s*)?QUOTED-PRINTABLE", re.IGNORECASE)
ESCAPED_IN_21 = re.compile(r"[,\\]")  # what a 2.1 value holds as text and 3.0 escapes
LISTS = ("CATEGORIES", "NICKNAME")  # whose commas separate values in every version
LINE_BREAK = re.compile(r"\r\n|\r|\n")
MAX_CARD_CHARS = MAX_LINE_CHARS  # what is left of a card once its photos are out


@dataclass
class _Card:
    number: int
    line: int  # where its BEGIN line is
    lines: list[str] = field(default_factory=list)
    size: int = 0
    closed: bool = False
    problem: str = ""  # why it cannot be read, found while cutting it

    @property
    def where(self) -> str:
        return f"card {self.number} (line {self.line})"

    def keep(self, line: str) -> None:
        self.size += len(line)
        if self.size > MAX_CARD_CHARS:
            self.problem = f"the card is longer than {MAX_CARD_CHARS:,} characters"
            self.lines.clear()
        elif not self.problem:
            self.lines.append(line)

    def text(self) -> str:
        """The card as vobject reads it right (see ``_as_vobject_reads_it``)."""
        return "\r\n".join(_as_vobject_reads_it(self.lines)) + "\r\n"


def _as_vobject_reads_it(lines: list[str]) -> list[str]:
    """The card's lines, with what vobject gets wrong rewritten as vobject reads it right.

    vobject reads every card by vCard 3.0's rules and takes a value as escaped 3.0
    text. A quoted-printable value (vCard 2.1's way to write line breaks and
    accents) breaks that twice: its soft line breaks (a ``=`` ending the line)
    are not joined unless asked, and once decoded its text is split at the first
    comma, so Outlook's ``Messe Hannover, Stand B12.=0D=0A…`` became
    "Messe Hannover". vCard 2.1 escapes no comma at all, so a plain 2.1 NOTE with
    a comma was cut short too. Those values are decoded here (quopri, in their
    ``CHARSET``) and written back escaped as 3.0 text; every other line is left
    to vobject as it stands.
    """
    version = next((line[8:].strip() for line in lines if line[:8].upper() == "VERSION:"), "")
    readable = []
    for physical, logical in _properties(lines):
        rewritten = _rewritten(logical, version == "2.1")
        readable.extend(physical if rewritten is None else [rewritten])
    return readable


def _properties(lines: list[str]) -> Iterator[tuple[list[str], str]]:
    """Each property: its physical lines, and its logical line (unfolded, soft breaks joined)."""
    physical: list[str] = []
    logical = ""
    for line in lines:
        if physical and logical.endswith("=") and QUOTED_PRINTABLE.search(_head(logical)):
            logical = logical[:-1] + line  # a soft line break: the line goes on as it is
        elif physical and line[:1] in (" ", "\t"):
            logical += line[1:]  # folded
        else:
            if physical:
                yield physical, logical
            physical, logical = [], line
        physical.append(line)
    if physical:
        yield physical, logical


def _rewritten(logical: str, version_21: bool) -> str | None:
    """The property as vobject reads it right, or None when it reads it right already."""
    found = PROPERTY.fullmatch(logical)
    if found is None:
        return None  # not a property: vobject says what is wrong with it
    params = PARAMETER.findall(found["params"])
    encoded = any(QUOTED_PRINTABLE.fullmatch(param.strip()) for param in params)
    value = found["value"]
    if not encoded and not (version_21 and ESCAPED_IN_21.search(value)):
        return None
    name = found["name"].upper()
    if encoded:
        charset = next(
            (param.split("=", 1)[1].strip(' "') for param in params if _is(param, "CHARSET")),
            "utf-8",
        )
        try:
            value = quopri.decodestring(value.encode("utf-8")).decode(charset)
        except (LookupError, UnicodeDecodeError) as error:
            raise ValueError(f"{name} is not quoted-printable {charset}: {error}") from None
        params = [
            param
            for param in params
            if not QUOTED_PRINTABLE.fullmatch(param.strip()) and not _is(param, "CHARSET")
        ]
    if version_21:
        # 2.1 escapes only a ";" inside a compound value: every other backslash is text.
        value = re.sub(r"\\(?!;)", r"\\\\", value)
        if name not in LISTS:
            value = value.replace(",", "\\,")
    value = LINE_BREAK.sub(r"\\n", value)
    return f"{found['group'] or ''}{found['name']}{''.join(';' + p for p in params)}:{value}"


def _head(logical: str) -> str:
    """A property line's name and parameters: what comes before its value."""
    return logical.partition(":")[0]


def _is(param: str, name: str) -> bool:
    return param.strip().upper().startswith(name + "=")


def _cards(lines: TextLines, first_line: int) -> Iterator[_Card]:
    """The cards of the file in order, each cut at its BEGIN and END lines."""
    card: _Card | None = None
    cards = 0
    skipping = False  # inside a photo, logo, sound or key
    for number, raw in enumerate(lines, start=first_line):
        if isinstance(raw, Overlong):
            # A photo on one endless line is left out like any other.
            skipping = card is not None and BINARY.match(raw.head) is not None
            if card is not None and not skipping and not card.problem:
                card.problem = f"line {number} is longer than {MAX_LINE_CHARS:,} characters"
            continue
        line = raw.rstrip("\r\n")
        if BEGIN.fullmatch(line):
            if card is not None:
                yield card
            cards += 1
            card, skipping = _Card(cards, number, [line]), False
        elif card is None:
            continue  # text between cards
        elif END.fullmatch(line):
            card.lines.append(line)
            card.closed = True
            yield card
            card = None
        elif skipping and (line[:1] in (" ", "\t") or ":" not in line):
            continue  # a folded line of the photo, or (vCard 2.1) its base64 or blank line
        else:
            skipping = BINARY.match(line) is not None
            if not skipping:
                card.keep(line)
    if card is not None:
        yield card


def read(lines: TextLines, first_line: int) -> Source:
    """The cards of a vCard file; ``first_line`` is the number of the first of ``lines``."""
    return Source("vCard", _entries(lines, first_line), lines)


def _entries(lines: TextLines, first_line: int) -> Iterator[Entry]:
    for card in _cards(lines, first_line):
        if not card.closed:
            name = FULL_NAME.search("\n".join(card.lines))
            reason = "no END:VCARD: the card is cut short"
            yield Unusable(card.where, reason, name=name[1].strip() if name else "")
        elif card.problem:
            yield Unusable(card.where, card.problem)
        else:
            yield _entry(card)


def _entry(cut: _Card) -> Entry:
    import vobject

    where = cut.where
    try:
        card = vobject.readOne(cut.text())
    except Exception as error:  # vobject raises many kinds of error on malformed input
        reason = " ".join(str(error).split()) or type(error).__name__
        return Unusable(where, f"cannot read the card: {reason}")
    kind = _text(_first(card, "kind")).casefold()
    if kind in NOT_A_PERSON or _text(_first(card, "x-abshowas")).casefold() == "company":
        return Unusable(where, f"{NOT_A_PERSON.get(kind, 'an organisation')}, not a person", False)
    values = _values(card)
    if not values.get("name"):
        return Unusable(where, "no name (FN or N)")
    return Row(where, values)


def _values(card: Any) -> dict[str, Any]:
    notes = [_text(line.value).replace("\r\n", "\n") for line in _all(card, "note")]
    email, other_emails = _preferred(_all(card, "email"))
    phone, other_phones = _preferred(_all(card, "tel"))
    for label, others in (("Other emails", other_emails), ("Other phones", other_phones)):
        if others:
            notes.append(f"{label}: {', '.join(others)}")
    company = None
    if org := _first(card, "org"):
        names = [part.strip() for part in _parts(org.value) if part.strip()]
        if names:
            company = names[0]
        if names[1:]:
            notes.append(f"Department: {' / '.join(names[1:])}")
    tz = None
    if zone := _text(_first(card, "tz")):
        if _is_time_zone(zone):
            tz = zone
        else:
            notes.append(f"Time zone: {zone}")
    urls = [_text(line.value) for line in _all(card, "url") + _all(card, "x-socialprofile")]
    values = {
        "name": _name(card),
        "company": company,
        "title": _text(_first(card, "title")) or _text(_first(card, "role")),
        "email": email,
        "phone": phone,
        "linkedin": next((url for url in urls if "linkedin.com" in url.casefold()), None),
        "tz": tz,
        "notes": "\n".join(note for note in notes if note) or None,
        "tags": tuple(
            tag.strip() for line in _all(card, "categories") for tag in _parts(line.value)
        ),
    }
    return {key: value for key, value in values.items() if value not in (None, "", ())}


def _all(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _first(card: Any, name: str) -> Any:
    lines = _all(card, name)
    return lines[0] if lines else None


def _text(value: Any) -> str:
    """A property's value as one stripped string (``value`` may be a line or a value)."""
    if value is None:
        return ""
    if hasattr(value, "value"):
        value = value.value
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    return str(value).strip() if isinstance(value, str) else ""


def _parts(value: Any) -> list[str]:
    return [str(part) for part in value] if isinstance(value, list) else [str(value)]


def _name(card: Any) -> str:
    """FN (the first one, as written), else the parts of N in reading order."""
    if full := _text(_first(card, "fn")):
        return full
    structured = _first(card, "n")
    if structured is None or isinstance(structured.value, str):
        return _text(structured)
    name = structured.value
    parts = [name.given, name.additional, name.family]
    return " ".join(_text(" ".join(_parts(part))) for part in parts if part).strip()


def _preference(line: Any) -> tuple[int, int]:
    """Sort key: PREF first (vCard 4's PREF=1 before PREF=2, 3.0/2.1's TYPE=PREF), then work."""
    params = {key.upper(): [str(v).upper() for v in values] for key, values in line.params.items()}
    types = set(params.get("TYPE", [])) | {str(p).upper() for p in line.singletonparams}
    rank = 100
    if "PREF" in params:
        digits = "".join(char for char in params["PREF"][0] if char.isdigit())
        rank = int(digits) if digits else 1
    elif "PREF" in types:
        rank = 1
    return rank, 0 if "WORK" in types else 1


def _preferred(lines: list[Any]) -> tuple[str | None, list[str]]:
    values = [(line, _address(line)) for line in lines]
    values = [(line, value) for line, value in values if value]
    if not values:
        return None, []
    chosen = min(values, key=lambda item: _preference(item[0]))[1]
    return chosen, [value for _, value in values if value != chosen]


def _address(line: Any) -> str:
    """An email or phone without a URI scheme (``tel:+1-555…``, ``mailto:…``)."""
    return re.sub(r"^(tel|mailto):", "", _text(line), flags=re.IGNORECASE)


def _is_time_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True
