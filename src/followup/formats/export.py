"""Full data out: every contact, touch or follow-up as CSV, JSON or NDJSON, streamed.

Rows arrive from a database cursor as plain tuples and are written as they come,
so an export holds one row in memory however large the store. Values keep the
shapes `list --json` and `show --json` use: tags are a list (joined with ``;`` in
CSV), dates ISO text. Value-check answers are an ``answers`` object in JSON, and
one ``answer_<key>`` column per question in CSV, because contacts already have
``problem`` and ``decider`` columns of their own. For CSV, SQLite makes the cells
ready as it reads them (see ``services/exports.py``), so most rows go from the cursor to the
file untouched.
"""

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from followup.domain.fields import split_tags
from followup.formats.writers import CSV_FLAG_WORDS, write_csv_rows, write_json_array

CSV, JSON, NDJSON = "csv", "json", "ndjson"
CONTACTS, TOUCHES, FOLLOWUPS = "contacts", "touches", "followups"
# Kinds whose rows carry value-check answers: a contact's latest, or those given with a touch.
ANSWERED_KINDS = (CONTACTS, TOUCHES)
ANSWER_COLUMN_PREFIX = "answer_"

TOUCH_KEYS = (
    "id",
    "contact_id",
    "name",
    "date",
    "channel",
    "direction",
    "outcome",
    "step",
    "note",
    "check_skipped",
    "skip_reason",
)
FOLLOWUP_KEYS = (
    "id",
    "contact_id",
    "name",
    "kind",
    "step",
    "steps_total",
    "channel",
    "action",
    "due",
    "status",
    "scheduled_from",
    "wait",
    "note",
    "created_at",
    "closed_at",
)
# Stored as comma-joined text, exported as a list.
LIST_KEYS = frozenset({"tags"})
# Stored as 0/1, exported as a boolean.
FLAG_KEYS = frozenset({"check_skipped"})


@dataclass(frozen=True)
class Table:
    """One export: its keys, its answer keys, and rows holding their values in that order.

    The rows come as the format the table is written in needs them.
    """

    keys: Sequence[str]
    rows: Iterable[Sequence[Any]]
    answer_keys: Sequence[str] = ()

    def header(self) -> list[str]:
        """CSV column names: the keys, then ``answer_<key>`` for each answer key."""
        return [*self.keys, *(ANSWER_COLUMN_PREFIX + key for key in self.answer_keys)]

    def cells(self) -> Iterable[Sequence[Any]]:
        """Each row as CSV cells: the store made all but flags ready, so they are worded here."""
        flags = self._indexes(FLAG_KEYS)
        if not flags:
            return self.rows
        return (_worded(row, flags) for row in self.rows)

    def values(self) -> Iterator[Sequence[Any]]:
        """Each row with JSON-ready values: lists split, flags as booleans; answers last."""
        lists = self._indexes(LIST_KEYS)
        flags = self._indexes(FLAG_KEYS)
        if not lists and not flags:
            yield from self.rows
            return
        for stored in self.rows:
            row = list(stored)
            for index in lists:
                row[index] = list(split_tags(row[index]))
            for index in flags:
                row[index] = bool(row[index])
            yield row

    def _indexes(self, keys: Collection[str]) -> list[int]:
        return [index for index, key in enumerate(self.keys) if key in keys]

    def records(self) -> Iterator[dict[str, Any]]:
        """Each row as a JSON object; answers given are an ``answers`` object {key: text}."""
        width = len(self.keys)
        for row in self.values():
            record = dict(zip(self.keys, row, strict=False))
            if self.answer_keys:
                given = zip(self.answer_keys, row[width:], strict=True)
                record["answers"] = {key: text for key, text in given if text is not None}
            yield record


def write(table: Table, fmt: str, stream: IO[str]) -> None:
    """``table`` in ``fmt`` on ``stream``, row by row."""
    if fmt == CSV:
        write_csv_rows(table.header(), table.cells(), stream, ready=True)
    elif fmt == NDJSON:
        for record in table.records():
            stream.write(_json(record) + "\n")
    else:
        write_json_array(table.records(), stream)


def _worded(stored: Sequence[Any], flags: Sequence[int]) -> list[Any]:
    row = list(stored)
    for index in flags:
        row[index] = CSV_FLAG_WORDS[bool(row[index])]
    return row


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)
