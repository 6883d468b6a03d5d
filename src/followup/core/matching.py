"""Who is who when contacts come in from a file: deduplication and merging.

Everybody in a file is matched against the store and against the rows before
them: by email first, then by name and company compared loosely (case,
accents, punctuation and legal suffixes like "Inc." ignored). A match never
makes a second contact: it fills the fields the contact has empty, adds notes
and tags it does not have yet, and keeps everything already there.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from followup.core.fields import PROFILE
from followup.core.fields import STANDING as CONTACT_STANDING
from followup.core.text import folded

# The contact fields a file can fill.
FIELDS = PROFILE
# Fields our own export carries that describe where someone stands, not who they are:
# they come in with a new contact and never change one that is already there. (The
# cadence does not: whoever comes in active starts the cadence of this import.)
STANDING = tuple(field for field in CONTACT_STANDING if field != "cadence")
NEW = "new"
MERGED = "merged"  # a later row of the file about someone an earlier row brings in
UPDATED = "updated"
UNCHANGED = "unchanged"

WORD = re.compile(r"\w+")
LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "llc", "ltd", "limited"}
    | {"plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "oy", "ab", "as", "spa", "srl", "pty"}
)


def _folded(text: str) -> list[str]:
    """Words of ``text`` without case, accents or punctuation, in any script."""
    return WORD.findall(folded(text))


def person_key(name: str, company: str | None) -> tuple[str, str]:
    """Name and company as compared: "José Álvarez, Tailspin Toys Inc." ~ "jose alvarez"."""
    return " ".join(_folded(name)), _company_key(company or "")


@lru_cache(maxsize=4096)  # a file names the same few companies over and over
def _company_key(company: str) -> str:
    return " ".join(word for word in _folded(company) if word not in LEGAL_SUFFIXES)


def email_key(email: str | None) -> str | None:
    return email.strip().casefold() if email and email.strip() else None


def _note_is_new(note: str, notes: str | None) -> bool:
    return " ".join(_folded(note)) not in " ".join(_folded(notes or ""))


def merge(current: Mapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """The changes that bring what ``incoming`` knows into ``current`` without losing a thing.

    Empty fields are filled; a note not already there is added on a new line; new
    tags are added after the existing ones. Nothing already set is overwritten.
    """
    changes: dict[str, Any] = {}
    for key in FIELDS:
        new = incoming.get(key)
        if new in (None, "", ()):
            continue
        old = current.get(key)
        if key == "notes":
            if _note_is_new(new, old):
                changes[key] = f"{old}\n{new}" if old else new
        elif key == "tags":
            combined = tuple(dict.fromkeys([*(old or ()), *new]))
            if combined != tuple(old or ()):
                changes[key] = combined
        elif old in (None, "", ()):
            changes[key] = new
    return changes


@dataclass
class Decision:
    """What happens to one row or card of the file."""

    action: str  # NEW, MERGED, UPDATED or UNCHANGED
    where: str
    name: str
    contact_id: int | None = None  # the contact it matched, or was written as (see created)
    into: str | None = None  # for MERGED: where the row that brings this person in is
    changed: tuple[str, ...] = ()


@dataclass
class ImportPlan:
    """The whole file resolved: contacts to create, contacts to update, and why."""

    new: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for decision in self.decisions if decision.action == action)

    def created(self, new_ids: Mapping[str, int]) -> None:
        """Note on each new or merged row the id of the contact written for it.

        ``new_ids`` are the new contacts' ids by where their row is in the file.
        """
        for decision in self.decisions:
            if decision.action in (NEW, MERGED):
                decision.contact_id = new_ids[decision.into or decision.where]


Keys = tuple[str | None, tuple[str, str]]  # email_key and person_key


def _keys(person: Mapping[str, Any]) -> Keys:
    return email_key(person.get("email")), person_key(person["name"], person.get("company"))


class _Index:
    """People seen so far (the store's and the file's), findable by email and by name."""

    def __init__(self) -> None:
        self.by_email: dict[str, dict[str, Any]] = {}
        self.by_person: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def add(self, person: dict[str, Any], keys: Keys | None = None) -> None:
        """Make ``person`` findable; ``keys`` are theirs when already worked out."""
        email, name = keys or _keys(person)
        if email:
            self.by_email.setdefault(email, person)
        self.by_person.setdefault(name, []).append(person)

    def find(self, keys: Keys) -> dict[str, Any] | None:
        """Whoever has the email of ``keys`` or, failing that, the same name and company."""
        email, name = keys
        if email and email in self.by_email:
            return self.by_email[email]
        for person in self.by_person.get(name, []):
            # Same name and company but two different addresses: two people.
            if not (email and email_key(person.get("email"))):
                return person
        return None


# A new person has every field a file can fill and the standing it can bring, if only None.
BLANK: dict[str, Any] = dict.fromkeys((*FIELDS, *STANDING))


def plan_import(
    candidates: Iterable[tuple[str, Mapping[str, Any]]],
    existing: Iterable[Mapping[str, Any]],
) -> ImportPlan:
    """Decide, row by row, whether each candidate is someone new or someone known.

    ``candidates`` are ``(where, values)`` pairs in file order; ``existing`` the
    store's contacts as mappings with ``id`` and the ``FIELDS``.
    """
    plan = ImportPlan()
    index = _Index()
    for contact in existing:
        index.add({**contact, "_id": contact["id"]})
    for where, values in candidates:
        keys = _keys(values)
        match = index.find(keys)
        if match is None:
            known = {key: value for key, value in values.items() if key in BLANK}
            person = BLANK | known | {"_where": where}
            plan.new.append(person)
            index.add(person, keys)
            plan.decisions.append(Decision(NEW, where, values["name"]))
            continue
        changes = merge(match, values)
        match.update(changes)
        if "_id" in match:
            contact_id = match["_id"]
            if changes:
                plan.updates.setdefault(contact_id, {}).update(changes)
            action = UPDATED if changes else UNCHANGED
            plan.decisions.append(
                Decision(action, where, match["name"], contact_id, changed=tuple(changes))
            )
        else:
            plan.decisions.append(
                Decision(MERGED, where, match["name"], into=match["_where"], changed=tuple(changes))
            )
        if changes.keys() & {"email", "company"}:
            # A later row should find them by the address or company just learned.
            index.add(match)
    return plan


def similar_names(given: str, names: Iterable[str]) -> list[str]:
    """The ``names`` that ``given`` most likely means, though not spelled the same.

    "LogiMAT" is probably "LogiMAT 2026", and "Cafe Expo" "Café Expo": the same
    words without case, accents or punctuation, or the start of them.
    """
    wanted = " ".join(_folded(given))
    return [
        name
        for name in names
        if name != given and wanted and " ".join(_folded(name)).startswith(wanted)
    ]
