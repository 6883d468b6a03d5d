"""CSV files: a generic header row, LinkedIn's Connections.csv, Google Contacts, and our export.

Columns are recognised by name, compared without case, spaces or punctuation,
so "E-mail Address", "email_address" and "Email" all mean the email. Several
columns may feed one field (Google's "E-mail 1 - Value", "E-mail 2 - Value");
the preferred address becomes the contact's, the rest go to the notes.
"""

import csv
import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from followup.domain.fields import MAX_FIELD_CHARS
from followup.errors import InvalidValue
from followup.formats.csvsafe import unneutralised
from followup.formats.importers.entries import Entry, Row, Source, Unusable
from followup.formats.importers.text import MAX_LINE_CHARS, LineTooLong, Overlong, TextLines

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
HEAD_CHARACTERS = 64 * 1024  # where the header is looked for, if the first lines are that long
# What the separator is sniffed from. The sniffer's quote pattern takes time growing
# with the square of its sample: 32 KiB of `,"` held it for six seconds, 4 KiB for a
# tenth of one, and a header with a line or two after it fits in 4 KiB.
SNIFFED_CHARACTERS = 4 * 1024
# How the csv module words a cell over its limit (it has no exception of its own for it).
CSV_FIELD_LIMIT = "field larger than field limit"


def _key(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


def _cleaned(cells: list[str]) -> list[str]:
    """Cells as people meant them: without the padding spreadsheets and scanners add."""
    # Few cells start with a quote: the rest skip the call.
    return [unneutralised(cell).strip() if cell[:1] == "'" else cell.strip() for cell in cells]


def _exact(cells: list[str]) -> list[str]:
    """Cells of our own export: as stored, spaces and all, only its ``'`` taken off."""
    return [unneutralised(cell) if cell[:1] == "'" else cell for cell in cells]


class _Columns:
    """Which header column feeds which field: worked out once per file, then used for every row."""

    def __init__(self, header: Sequence[str], layout: str, column_map: Mapping[str, str]):
        self.header = list(header)
        self.fields: dict[str, list[tuple[int, int | None]]] = {}
        self.labels: dict[tuple[str, int | None], int] = {}
        by_key = {_key(heading): index for index, heading in enumerate(self.header)}
        mapped = {by_key[_key(c)]: field for c, field in column_map.items() if _key(c) in by_key}
        self.missing = [column for column in column_map if _key(column) not in by_key]
        lookup = {synonym: field for field, names in SYNONYMS.items() for synonym in names}
        if layout == "linkedin":
            lookup["url"] = "linkedin"
        if layout == OWN_EXPORT:
            # Our own export's account is worked out from the company, as on any import.
            del lookup["account"]
        self.unused: list[str] = []
        for index, heading in enumerate(self.header):
            key = _key(heading)
            if index in mapped:
                self._use(mapped[index], index)
            elif key in lookup:
                self._use(lookup[key], index)
            elif not self._numbered(key, index) and heading.strip():
                self.unused.append(heading.strip())
        self.width = len(self.header)
        # Each field's cells by position and, for emails and phones, with the position of
        # their label: the cell at ``width`` (always empty, see ``read``) when there is none.
        self.at = {field: [index for index, _ in self.fields.get(field, [])] for field in SYNONYMS}
        self.labelled_emails = self._labelled("email")
        self.labelled_phones = self._labelled("phone")
        self.single = [(field, self.at[field]) for field in SINGLE_VALUED if field in self.fields]

    def _labelled(self, field: str) -> list[tuple[int, int]]:
        return [
            (index, self.labels.get((field, number), self.width))
            for index, number in self.fields.get(field, [])
        ]

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

    def has_name(self) -> bool:
        return any(field in self.fields for field in ("name", "first_name", "last_name"))

    def shown(self) -> str:
        return ", ".join(heading for heading in self.header if heading.strip())

    def values(self, cells: Sequence[str]) -> dict[str, object]:
        """A row's non-empty values by field.

        ``cells`` are cleaned (see ``_cleaned``) and at least one longer than the
        header, the last of them empty. This runs for every row: fields the header
        has no column for cost nothing.
        """
        at = self.at
        values: dict[str, object] = {}
        name = _first(cells, at["name"])
        if name is None:
            name = " ".join(filter(None, (_first(cells, at[part]) for part in NAME_PARTS[1:])))
        if name:
            values["name"] = name
        notes = [cells[index] for index in at["notes"] if cells[index]]
        for field, indexes in self.single:
            found = [index for index in indexes if cells[index]]
            if not found:
                continue
            values[field] = first = cells[found[0]]
            if len(found) > 1:
                # The field's other columns, when they say something else, go to the notes.
                notes.extend(
                    f"{self.header[index].strip()}: {cells[index]}"
                    for index in found[1:]
                    if cells[index] != first
                )
        if department := _first(cells, at["department"]):
            notes.append(f"Department: {department}")
        email, other_emails = _preferred(cells, self.labelled_emails)
        phone, other_phones = _preferred(cells, self.labelled_phones)
        if other_emails:
            notes.append(f"Other emails: {', '.join(other_emails)}")
        if other_phones:
            notes.append(f"Other phones: {', '.join(other_phones)}")
        if "linkedin" not in values and at["website"]:
            websites = (cells[index] for index in at["website"])
            if linkedin := next((url for url in websites if "linkedin.com" in url), None):
                values["linkedin"] = linkedin
        if email:
            values["email"] = email
        if phone:
            values["phone"] = phone
        if notes:
            values["notes"] = "\n".join(notes)
        if at["tags"] and (tags := _tags([cells[index] for index in at["tags"]])):
            values["tags"] = tags
        return values


def _first(cells: Sequence[str], indexes: list[int]) -> str | None:
    """The first non-empty cell of those at ``indexes``."""
    for index in indexes:
        if cells[index]:
            return cells[index]
    return None


def _preferred(
    cells: Sequence[str], labelled: list[tuple[int, int]]
) -> tuple[str | None, list[str]]:
    """The address to keep and the others: Google's primary ("* …"), then work, then first.

    ``labelled`` gives the position of each column of addresses and of its label.
    """
    found = [(cells[label], cells[index]) for index, label in labelled if cells[index]]
    if len(found) == 1 and not VALUE_SEPARATOR.search(found[0][1]):
        return found[0][1], []  # the usual case: one column, one address
    values = [
        (label, value)
        for label, cell in found
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


def _tags(cells: list[str]) -> tuple[str, ...]:
    tags = [
        tag
        for cell in cells
        if cell
        for tag in TAG_SEPARATOR.split(cell)
        if tag and not tag.startswith(GOOGLE_SYSTEM_LABEL)
    ]
    return tuple(dict.fromkeys(tags))


# Columns only `followup export contacts` writes together.
OWN_EXPORT_KEYS = frozenset({"id", "name", "status", "cadence", "meton", "nextdue"})


def _layout(header: Sequence[str]) -> str:
    keys = {_key(heading) for heading in header}
    if keys >= OWN_EXPORT_KEYS:
        return OWN_EXPORT
    if {"connectedon", "url"} <= keys:
        return "linkedin"
    if keys & {"email1value", "organizationname", "organization1name", "givenname"}:
        return "google"
    return "csv"


def _records(
    lines: TextLines, first_line: int, dialect: type[csv.Dialect]
) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may span lines).

    No cell may pass ``MAX_FIELD_CHARS`` and no record ``MAX_LINE_CHARS``, however many
    lines it spans: the reader never holds more than that of the file. ``first_line``
    is the number of the first of ``lines``.
    """
    csv.field_size_limit(MAX_FIELD_CHARS)
    start, taken = first_line, 0

    def bounded() -> Iterator[str]:
        nonlocal taken
        for line in lines:
            if isinstance(line, Overlong):
                raise LineTooLong(lines.name, first_line + reader.line_num)
            taken += len(line)
            if taken > MAX_LINE_CHARS:
                raise InvalidValue(
                    f"the row on line {start} of {lines.name} is longer than "
                    f"{MAX_LINE_CHARS:,} characters, the most one row may hold"
                )
            yield line

    reader = csv.reader(bounded(), dialect)
    while True:
        start, taken = first_line + reader.line_num, 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if str(error).startswith(CSV_FIELD_LIMIT):
                raise InvalidValue(
                    f"line {start} of {lines.name} has a cell longer than "
                    f"{MAX_FIELD_CHARS:,} characters, the most one field may hold"
                ) from None
            raise InvalidValue(f"line {start} is not valid CSV: {error}") from None
        yield start, cells


def _dialect(lines: TextLines, first_line: int) -> type[csv.Dialect]:
    """Excel's CSV with the separator the file uses (comma, semicolon or tab).

    Only the separator is sniffed, from the first lines: the sniffer would take an
    apostrophe for the quote character in a name like 'Iolani or a company like
    Jones' Bakery. The lines read are put back for the reader.
    """
    head: list[str] = []
    for line in lines:
        if isinstance(line, Overlong):
            raise LineTooLong(lines.name, first_line + len(head))
        head.append(line)
        if len(head) == HEADER_SEARCH_ROWS or sum(map(len, head)) >= HEAD_CHARACTERS:
            break
    lines.unread(head)
    sample = "\n".join(line.rstrip("\r\n") for line in head)
    if len(sample) > SNIFFED_CHARACTERS:
        # Whole lines where they fit: a cut line would count its separators short.
        cut = sample.rfind("\n", 0, SNIFFED_CHARACTERS)
        sample = sample[: cut if cut > 0 else SNIFFED_CHARACTERS]
    try:
        separator = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return csv.excel

    class Sniffed(csv.excel):
        delimiter = separator

    return Sniffed


OWN_EXPORT = "followup"
LABELS = {
    "linkedin": "LinkedIn connections",
    "google": "Google contacts",
    OWN_EXPORT: "followup export",
    "csv": "CSV",
}


def read(
    lines: TextLines, first_line: int, fmt: str | None, column_map: Mapping[str, str]
) -> Source:
    """The rows of a CSV file with a header row (after any preamble, like LinkedIn's notes).

    The header is read here; the rows as the entries are asked for. ``first_line`` is
    the number of the first of ``lines``.
    """
    records = _records(lines, first_line, _dialect(lines, first_line))
    columns = None
    # The header is the first row that names a name column: LinkedIn puts notes before it.
    for _, cells in itertools.islice(records, HEADER_SEARCH_ROWS):
        layout = fmt if fmt in LABELS else _layout(cells)
        candidate = _Columns([unneutralised(cell) for cell in cells], layout, column_map)
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
    entries = _entries(records, columns, _exact if layout == OWN_EXPORT else _cleaned)
    return Source(LABELS[layout], entries, lines, tuple(columns.unused), layout == OWN_EXPORT)


def _entries(
    records: Iterator[tuple[int, list[str]]],
    columns: _Columns,
    cleaned: Callable[[list[str]], list[str]],
) -> Iterator[Entry]:
    width = columns.width
    # Short rows are padded to one past the header, so every column and label has a cell.
    padding = [""] * (width + 1)
    for line, raw in records:
        cells = cleaned(raw)
        if not any(cells):
            continue
        if any(cells[width:]):
            yield Unusable(f"line {line}", "more cells than the header has columns")
            continue
        cells += padding[len(cells) :]
        values = columns.values(cells)
        if "name" in values:
            yield Row(f"line {line}", values)
        else:
            yield Unusable(f"line {line}", "no name")
