"""Who is who when contacts come in from a file: deduplication and merging.

Everybody in a file is matched against the store and against the rows before
them: by email first, then by name and company compared loosely (case,
accents, punctuation and legal suffixes like "Inc." ignored). A match never
makes a second contact: it fills the fields the contact has empty, adds notes
and tags it does not have yet, and keeps everything already there.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from followup.domain.accounts import account_key, local_part, mail_domain
from followup.domain.contact import Contact
from followup.domain.fields import PROFILE
from followup.domain.fields import STANDING as CONTACT_STANDING
from followup.domain.text import folded

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


def _folded(text: str) -> list[str]:
    """Words of ``text`` without case, accents or punctuation, in any script."""
    return WORD.findall(folded(text))


def person_key(name: str, company: str | None) -> tuple[str, str]:
    """Name and company as compared: "José Álvarez, Tailspin Toys Inc." ~ "jose alvarez"."""
    return " ".join(_folded(name)), account_key(company) or ""


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
    contact_id: int  # the contact it matched, or the one it brings in
    into: str | None = None  # for MERGED: where the row that brings this person in is
    changed: tuple[str, ...] = ()
    owner: str | None = None  # whose contact it matched, for one there before


# A person as matching sees them: the FIELDS (and, for someone the file brings in, the
# STANDING), their contact id as "_id", for someone there before their "_owner", and,
# for someone the file brings in, "_where" (the row that does); "_changed" lists the
# fields a batch of rows filled in.
Person = dict[str, Any]
Keys = tuple[str | None, tuple[str, str]]  # email_key and person_key


def keys_of(person: Mapping[str, Any]) -> Keys:
    return email_key(person.get("email")), person_key(person["name"], person.get("company"))


class Known:
    """The people rows are matched against: whoever came before, by email and by name.

    For each email, whoever had it first; for each name and company, whoever had
    them first and, in order, everyone with them and no email. Built for a batch
    of rows from what the store holds for the batch's keys (so a row finds the
    people before it, in the store or earlier in the file), it learns the people
    the batch brings in and the addresses and companies it teaches, for the store
    to save: ``new`` people, the ``changed`` ones who were there before, and the
    keys ``added``.
    """

    def __init__(
        self,
        by_email: dict[str, Person] | None = None,
        first_named: dict[tuple[str, str], Person] | None = None,
        unaddressed: dict[tuple[str, str], list[Person]] | None = None,
    ):
        self.by_email = by_email or {}
        self.first_named = first_named or {}
        self.unaddressed = unaddressed or {}
        self.added: list[tuple[Keys, Person]] = []  # in order: the store keeps that order
        self.new: dict[int, Person] = {}  # by id, in order
        self.changed: dict[int, Person] = {}  # by id: people from before, filled in

    def add(self, person: Person, keys: Keys | None = None) -> None:
        """Make ``person`` findable by their keys (``keys`` when already worked out)."""
        email, name = keys = keys or keys_of(person)
        if email:
            self.by_email.setdefault(email, person)
        self.first_named.setdefault(name, person)
        if not email:
            self.unaddressed.setdefault(name, []).append(person)
        self.added.append((keys, person))

    def find(self, keys: Keys) -> Person | None:
        """Whoever has the email of ``keys`` or, failing that, the same name and company."""
        email, name = keys
        if email and email in self.by_email:
            return self.by_email[email]
        if not email:
            return self.first_named.get(name)
        # Same name and company but two different addresses: two people.
        return next(
            (person for person in self.unaddressed.get(name, ()) if not email_key(person["email"])),
            None,
        )


# A new person has every field a file can fill and the standing it can bring, if only None.
BLANK: dict[str, Any] = dict.fromkeys((*FIELDS, *STANDING))


def match(
    rows: Iterable[tuple[str, Mapping[str, Any]]],
    keys: Iterable[Keys],
    known: Known,
    new_id: Callable[[], int],
) -> list[Decision]:
    """Decide, row by row, whether each is someone new or someone ``known``.

    ``rows`` are ``(where, values)`` pairs in file order, ``keys`` their keys (see
    ``keys_of``); ``new_id`` gives the contact id of each new person. Whoever a row
    brings in or fills in is updated in ``known``, so the rows after it find them
    as they are now.
    """
    decisions = []
    for (where, values), row_keys in zip(rows, keys, strict=True):
        found = known.find(row_keys)
        if found is None:
            given = {key: value for key, value in values.items() if key in BLANK}
            person = BLANK | given | {"_id": new_id(), "_where": where}
            known.add(person, row_keys)
            known.new[person["_id"]] = person
            decisions.append(Decision(NEW, where, values["name"], person["_id"]))
            continue
        changes = merge(found, values)
        found.update(changes)
        if changes and found["_id"] not in known.new:
            found["_changed"] = tuple(dict.fromkeys([*found.get("_changed", ()), *changes]))
            known.changed[found["_id"]] = found
        if "_where" in found:
            action, into = MERGED, found["_where"]
        else:
            action, into = (UPDATED if changes else UNCHANGED), None
        decisions.append(
            Decision(
                action,
                where,
                found["name"],
                found["_id"],
                into,
                tuple(changes),
                found.get("_owner"),
            )
        )
        if changes.keys() & {"email", "company"}:
            # A later row should find them by the address or company just learned.
            known.add(found)
    return decisions


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


# Why two contacts are probably one person, as `doctor` says it.
SAME_NAME, SAME_PHONE, SAME_MAILBOX = "name at one account", "phone", "mailbox"
PHONE_DIGITS_COMPARED = 9  # the end of a number: "+49 30 1234 5678" is "030 1234 5678"
PHONE_DIGITS_LEAST = 6


def likely_duplicates(people: Iterable[Contact]) -> list[tuple[str, list[Contact]]]:
    """Groups of contacts that are probably one person, each with why.

    The same name at one account, the same phone number however written, or one
    mailbox at one domain written two ways (``Anna.Keller+fair@`` is ``anna.keller@``).
    Each group is listed once, by the reason found first.
    """
    groups: dict[tuple[str, Any], list[Contact]] = {}
    for person in people:
        for reason, key in _identities(person):
            groups.setdefault((reason, key), []).append(person)
    found, seen = [], set()
    for (reason, _), members in groups.items():
        ids = frozenset(member.id for member in members)
        # One address twice is `doctor`'s shared-email finding, not a look-alike.
        if reason == SAME_MAILBOX and len({m.email.casefold() for m in members if m.email}) < 2:
            continue
        if len(ids) > 1 and ids not in seen:
            seen.add(ids)
            found.append((reason, sorted(members, key=lambda member: member.id)))
    return sorted(found, key=lambda group: group[1][0].id)


def _identities(person: Contact) -> Iterator[tuple[str, Any]]:
    if person.account_id is not None:
        yield SAME_NAME, (person.account_id, " ".join(_folded(person.name)))
    digits = "".join(char for char in person.phone or "" if char.isdigit())
    if len(digits) >= PHONE_DIGITS_LEAST:
        yield SAME_PHONE, digits[-PHONE_DIGITS_COMPARED:]
    if person.email and (mailbox := local_part(person.email)):
        host = mail_domain(person.email) or person.email.rsplit("@", 1)[1].casefold()
        yield SAME_MAILBOX, (host, mailbox)
