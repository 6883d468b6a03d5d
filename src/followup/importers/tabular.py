"""CSV files: a generic header row, LinkedIn's Connections.csv, Google Contacts, and our export.

Columns are recognised by name, compared without case, spaces or punctuation,
so "E-mail Address", "email_address" and "Email" all mean the email. Several
columns may feed one field (Google's "E-mail 1 - Value", "E-mail 2 - Value");
the preferred address becomes the contact's, the rest go to the notes.
"""

import csv
import io
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence

from followup.errors import InvalidValue
from followup.importers.entries import Entry, Row, Source, Unusable
from followup.render import FORMULA_STARTS

# field -> header names as compared (see _key). The fields in MULTI_VALUED take every
# matching column; for the others the first non-empty column wins and any other value
# goes to the notes, labelled with its column.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "displayname", "contactname", "contact"),
    "first_name": ("firstname", "givenname", "first", "forename"),
    "middle_name": ("middlename", "additionalname"),
    "last_name": ("lastname", "familyname", "surname", "last"),
    "company": (
        "company",
        "companyname",
        "organization",
        "organisation",
        "organizationname",
        "organization1name",
        "org",
        "employer",
        "account",
        "accountname",
    ),
    "title": (
        "title",
        "jobtitle",
        "position",
        "organizationtitle",
        "organization1title",
        "role",
    ),
    "email": ("email", "emailaddress", "mail", "workemail", "businessemail"),
    "phone": (
        "phone",
        "phonenumber",
        "mobile",
        "mobilephone",
        "cell",
        "workphone",
        "businessphone",
        "telephone",
        "tel",
    ),
    "linkedin": ("linkedin", "linkedinurl", "linkedinprofile", "linkedinprofileurl"),
    "website": ("website", "url", "web", "homepage"),
    "tz": ("tz", "timezone"),
    "notes": ("notes", "note", "comments", "comment", "description", "remarks"),
    "met_on": (
        "meton",
        "met",
        "datemet",
        "metdate",
        "scandate",
        "connectedon",
        "dateconnected",
        "firstmet",
        "date",
    ),
    "event": ("event", "eventname", "conference", "tradeshow"),
    "department": ("department", "organizationdepartment", "organization1department"),
    "tags": ("tags", "tag", "labels", "categories", "groups", "rating", "leadrating"),
    "discussed": ("discussed",),
    "promised": ("promised",),
    "problem": ("problem",),
    "decider": ("decider",),
    # Where someone stands, as our own export writes it.
    "status": ("status",),
    "meeting_on": ("meetingon",),
    "closed_on": ("closedon",),
    "close_reason": ("closereason",),
    "worked": ("worked",),
    "lesson": ("lesson",),
}
# Numbered columns, as Google writes them: "E-mail 2 - Value" with its "E-mail 2 - Label".
NUMBERED = {
    "email": re.compile(r"e?mail(\d+)(value|label)"),
    "phone": re.compile(r"phone(\d+)(value|label)"),
    "website": re.compile(r"website(\d+)(value|label)"),
}
MULTI_VALUED = ("email", "phone", "website", "notes", "tags")
NAME_PARTS = ("name", "first_name", "middle_name", "last_name")
SINGLE_VALUED = tuple(
    field for field in SYNONYMS if field not in (*MULTI_VALUED, *NAME_PARTS, "department")
)
# What --map accepts: every field above but the website, which only hides a LinkedIn URL.
MAPPABLE = tuple(field for field in SYNONYMS if field != "website")
# Google marks its own groups and the primary address with "* ".
GOOGLE_SYSTEM_LABEL = "* "
VALUE_SEPARATOR = re.compile(r"\s*:::\s*|\s*;\s*")
TAG_SEPARATOR = re.compile(r"\s*(?::::|[;,])\s*")
HEADER_SEARCH_ROWS = 20


def _key(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


def _unneutralised(cell: str) -> str:
    """A cell as it was before a spreadsheet-safe export put a ``'`` before it."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


class _Columns:
    """Which header column feeds which field, and with what label (for numbered ones)."""

    def __init__(self, header: Sequence[str], layout: str, column_map: Mapping[str, str]):
        self.header = list(header)
        self.fields: dict[str, list[tuple[int, int | None]]] = {}
        self.labels: dict[tuple[str, int], int] = {}
        by_key = {_key(heading): index for index, heading in enumerate(self.header)}
        mapped = {by_key[_key(c)]: field for c, field in column_map.items() if _key(c) in by_key}
        self.missing = [column for column in column_map if _key(column) not in by_key]
        lookup = {synonym: field for field, names in SYNONYMS.items() for synonym in names}
        if layout == "linkedin":
            lookup["url"] = "linkedin"
        self.unused: list[str] = []
        for index, heading in enumerate(self.header):
            key = _key(heading)
            if index in mapped:
                self._use(mapped[index], index)
            elif key in lookup:
                self._use(lookup[key], index)
            elif not self._numbered(key, index) and heading.strip():
                self.unused.append(heading.strip())

    def _use(self, field: str, index: int, number: int | None = None) -> None:
        self.fields.setdefault(field, []).append((index, number))

    def _numbered(self, key: str, index: int) -> bool:
        for field, pattern in NUMBERED.items():
            if match := pattern.fullmatch(key):
                number = int(match[1])
                if match[2] == "value":
                    self._use(field, index, number)
                else:
                    self.labels[(field, number)] = index
                return True
        return False

    def single_valued(self) -> list[str]:
        """The single-valued fields this header has a column for."""
        return [field for field in SINGLE_VALUED if field in self.fields]

    def has_name(self) -> bool:
        return any(field in self.fields for field in ("name", "first_name", "last_name"))

    def shown(self) -> str:
        return ", ".join(heading for heading in self.header if heading.strip())

    def values(self, cells: Sequence[str], field: str) -> list[tuple[str, str]]:
        """The non-empty cells for ``field``, each with its label ("" when unlabelled)."""
        found = []
        for index, number in self.fields.get(field, []):
            cell = cells[index].strip() if index < len(cells) else ""
            if not cell:
                continue
            label_index = self.labels.get((field, number), len(cells))
            label = cells[label_index] if label_index < len(cells) else ""
            found.append((label.strip(), cell))
        return found

    def first(self, cells: Sequence[str], field: str) -> str | None:
        """The field's value, from its first non-empty column."""
        found = self.values(cells, field)
        return found[0][1] if found else None

    def others(self, cells: Sequence[str], field: str) -> list[str]:
        """Values of the field's other columns that differ from the first, as notes."""
        found = [
            (self.header[index].strip(), cells[index].strip())
            for index, _ in self.fields.get(field, [])
            if index < len(cells) and cells[index].strip()
        ]
        return [f"{heading}: {text}" for heading, text in found[1:] if text != found[0][1]]


def _preferred(labelled: list[tuple[str, str]]) -> tuple[str | None, list[str]]:
    """The address to keep and the others: Google's primary ("* …"), then work, then first."""
    values = [
        (label, value)
        for label, cell in labelled
        for value in VALUE_SEPARATOR.split(cell)
        if value.strip()
    ]
    if not values:
        return None, []

    def rank(item: tuple[str, str]) -> int:
        label = item[0].casefold()
        return 0 if label.startswith(GOOGLE_SYSTEM_LABEL) else 1 if "work" in label else 2

    chosen = min(values, key=rank)[1]
    return chosen, [value for _, value in values if value != chosen]


def _tags(cells: list[tuple[str, str]]) -> tuple[str, ...]:
    tags = [
        tag
        for _, cell in cells
        for tag in TAG_SEPARATOR.split(cell)
        if tag and not tag.startswith(GOOGLE_SYSTEM_LABEL)
    ]
    return tuple(dict.fromkeys(tags))


def _row_values(
    columns: _Columns, single_valued: list[str], cells: Sequence[str]
) -> dict[str, object]:
    name = columns.first(cells, "name") or " ".join(
        part
        for part in (
            columns.first(cells, "first_name"),
            columns.first(cells, "middle_name"),
            columns.first(cells, "last_name"),
        )
        if part
    )
    values: dict[str, object] = {"name": name}
    notes = [cell for _, cell in columns.values(cells, "notes")]
    for field in single_valued:
        if (value := columns.first(cells, field)) is not None:
            values[field] = value
            notes.extend(columns.others(cells, field))
    if department := columns.first(cells, "department"):
        notes.append(f"Department: {department}")
    email, other_emails = _preferred(columns.values(cells, "email"))
    phone, other_phones = _preferred(columns.values(cells, "phone"))
    for label, addresses in (("Other emails", other_emails), ("Other phones", other_phones)):
        if addresses:
            notes.append(f"{label}: {', '.join(addresses)}")
    websites = [cell for _, cell in columns.values(cells, "website")]
    if "linkedin" not in values:
        values["linkedin"] = next((url for url in websites if "linkedin.com" in url), None)
    values.update(email=email, phone=phone, notes="\n".join(notes) or None)
    values["tags"] = _tags(columns.values(cells, "tags"))
    return {key: value for key, value in values.items() if value not in (None, "", ())}


def _layout(header: Sequence[str]) -> str:
    keys = {_key(heading) for heading in header}
    if {"connectedon", "url"} <= keys:
        return "linkedin"
    if keys & {"email1value", "organizationname", "organization1name", "givenname"}:
        return "google"
    return "csv"


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may span lines)."""
    dialect = _dialect(text)
    # The csv module refuses cells over 128 KiB by default; a long note is still a note.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    line = 1
    try:
        for cells in reader:
            yield line, [_unneutralised(cell) for cell in cells]
            line = reader.line_num + 1
    except csv.Error as error:
        raise InvalidValue(f"line {line} is not valid CSV: {error}") from None


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's CSV with the separator the file uses (comma, semicolon or tab).

    Only the separator is sniffed: the sniffer would take an apostrophe for the quote
    character in a name like 'Iolani or a company like Jones' Bakery.
    """
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    try:
        separator = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return csv.excel

    class Sniffed(csv.excel):
        delimiter = separator

    return Sniffed


LABELS = {"linkedin": "LinkedIn connections", "google": "Google contacts", "csv": "CSV"}


def read(text: str, fmt: str | None, column_map: Mapping[str, str]) -> Source:
    """Every row of a CSV file with a header row (after any preamble, like LinkedIn's notes)."""
    rows = _rows(text)
    columns = None
    # The header is the first row that names a name column: LinkedIn puts notes before it.
    for _, cells in itertools.islice(rows, HEADER_SEARCH_ROWS):
        layout = fmt if fmt in LABELS else _layout(cells)
        candidate = _Columns(cells, layout, column_map)
        if candidate.has_name():
            columns = candidate
            break
    if columns is None:
        raise InvalidValue(
            "no name column in the CSV header: expected Name, or First Name and Last Name "
            "(or say which with --map COLUMN=name)"
        )
    if columns.missing:
        raise InvalidValue(
            f"--map: no column {columns.missing[0]!r} in the header ({columns.shown()})"
        )
    entries: list[Entry] = []
    width = len(columns.header)
    single_valued = columns.single_valued()
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        values = _row_values(columns, single_valued, cells)
        if any(cell.strip() for cell in cells[width:]):
            entries.append(Unusable(f"line {line}", "more cells than the header has columns"))
        elif values.get("name"):
            entries.append(Row(f"line {line}", values))
        else:
            entries.append(Unusable(f"line {line}", "no name"))
    return Source(LABELS[layout], entries, tuple(columns.unused))
