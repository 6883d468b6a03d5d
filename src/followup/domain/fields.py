"""What a contact's fields may hold: the rules `add`, `edit` and `import` share.

Each check returns the value as it is stored, or raises ``InvalidValue`` whose
message starts with ``label`` (an option like ``--email``, or a column of an
imported file), so the user sees which input to fix.
"""

import re
from collections.abc import Iterable

from followup.domain.text import has_invisible
from followup.errors import InvalidValue

# Who a contact is, in the order every listing shows it: what you type into `add`,
# what a file can bring in, and the start of every contact record.
PROFILE = (
    "name",
    "company",
    "title",
    "email",
    "phone",
    "linkedin",
    "tz",
    "tags",
    "notes",
    "event",
    "met_on",
    "discussed",
    "promised",
    "problem",
    "decider",
)
# Where a contact stands in your pipeline, after the profile in every contact record.
STANDING = ("status", "cadence", "meeting_on", "closed_on", "close_reason", "worked", "lesson")

# The most any one field may hold, notes included: a pasted page of text, not a file.
MAX_FIELD_CHARS = 100_000

# Fields with no rule but to stay on one line (name, email, time zone, event and tags
# have checks of their own below).
ONE_LINE = ("company", "title", "phone", "linkedin")

# The longest value one field may hold (notes included): a pasted document is not a
# note, and a bound keeps a hostile file from filling memory one cell at a time.
MAX_FIELD_CHARS = 100_000


WHITESPACE = re.compile(r"\s")


def bounded(label: str, text: str) -> str:
    """``text`` if it fits in one field; InvalidValue naming ``label`` otherwise."""
    if len(text) > MAX_FIELD_CHARS:
        raise InvalidValue(f"{label} is longer than {MAX_FIELD_CHARS:,} characters")
    return text


def one_line(label: str, text: str) -> str:
    """``text`` if it shows as one line and only as itself; InvalidValue otherwise.

    Fields shown on one line (tables, the candidates an ambiguous name lists) refuse a
    line break, which would split an error message, a control character, which can
    drive the terminal, a bidi override, which can reorder the rest of a line, and a
    zero-width or tag character, which makes two names that look the same. Notes and
    the sales context stay free text.
    """
    if has_invisible(bounded(label, text)):
        # Bidi, zero-width and tag characters are Unicode's format controls.
        raise InvalidValue(f"{label} cannot contain control characters or line breaks")
    return text


def name(label: str, text: str) -> str:
    """A contact's name as stored: one line, stripped, not blank."""
    return _named(label, text, "a contact needs a name")


def seller(label: str, text: str) -> str:
    """A seller's name, as contacts' owner: one line, stripped, not blank."""
    return _named(label, text, f"{label} needs a seller's name")


def _named(label: str, text: str, blank: str) -> str:
    stripped = one_line(label, text).strip()
    if not stripped:
        raise InvalidValue(blank)
    return stripped


def owner_filter(owner: str | None) -> str | None:
    """An ``--owner`` as typed, checked; None keeps everyone's."""
    return None if owner is None else seller("--owner", owner)


def email(label: str, text: str) -> str | None:
    """An email address, stripped; blank means none."""
    address = one_line(label, text).strip()
    if address and ("@" not in address or WHITESPACE.search(address)):
        raise InvalidValue(f"{label} {address!r} is not an email address")
    return address or None


def time_zone(label: str, zone: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(one_line(label, zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(f"{label} {zone!r} is not a time zone (e.g. Europe/Prague)") from None
    return zone


def event(label: str, text: str) -> str:
    """The name of the event where you met someone: one line, stripped, not blank."""
    stripped = one_line(label, text).strip()
    if not stripped:
        raise InvalidValue(f"{label} cannot be blank")
    return stripped


def tags(label: str, given: Iterable[str]) -> tuple[str, ...]:
    """Tags stripped, each once, in the order given; none empty or holding a comma."""
    cleaned = [one_line(label, tag).strip() for tag in given]
    if any("," in tag or not tag for tag in cleaned):
        raise InvalidValue(f"a {label} cannot be empty or contain a comma")
    return tuple(dict.fromkeys(cleaned))


# Tags are stored as one comma-separated text (so `list --tag` is one LIKE); these two
# are the only places that know it.
def stored_tags(tags: Iterable[str] | None) -> str | None:
    return ",".join(tags or ()) or None


def split_tags(stored: str | None) -> tuple[str, ...]:
    return tuple(tag for tag in (stored or "").split(",") if tag)
