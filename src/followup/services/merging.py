"""Merging two contacts who are one person: everything of both, kept on one of them."""

from dataclasses import dataclass
from typing import Any

from followup.context import Context
from followup.domain import contact as described
from followup.domain import status
from followup.domain.contact import Contact
from followup.domain.fields import split_tags, stored_tags
from followup.errors import InvalidValue

# Free text both may hold: kept whole, one after the other.
JOINED = ("notes", "worked", "lesson")
# Where someone stands: taken together, from one of the two.
STANDING = (
    "status", "cadence", "nurture_every", "meeting_on", "paused_until", "pause_reason",
    "bounced_email", "closed_on", "close_reason",
)  # fmt: skip
# What a merge compares field by field: the profile's columns (the event by its id).
PROFILE = tuple(
    field.name
    for field in described.FIELDS
    if described.spec(field).group == described.PROFILE_GROUP
)


@dataclass(frozen=True)
class MergeContacts:
    keep: str
    other: str
    prefer_other: bool = False  # where both hold a different value, take the other's


@dataclass(frozen=True)
class Conflict:
    key: str  # the field's public key
    kept: Any
    dropped: Any


@dataclass(frozen=True)
class Merged:
    kept: Contact  # as it was
    removed: Contact  # as it was
    conflicts: list[Conflict]
    standing_from_other: bool  # the status and next step are the other's now


def merge(ctx: Context, request: MergeContacts) -> Merged:
    """Move the other's touches, answers, reminders and next step to the one kept, keep
    every non-empty field of both, then delete the other: one undo step.

    Where both hold different values the kept contact's win (``prefer_other``: the
    other's), and the result lists each such conflict. Notes, what worked and lessons
    are joined; tags are combined. The kept contact's status and next step stay,
    unless it is closed or waits for its account while the other is open and does not,
    or ``prefer_other``.
    """
    store = ctx.storage
    keep = store.contacts.find(request.keep)
    other = store.contacts.find(request.other)
    if keep.id == other.id:
        raise InvalidValue(f"{request.keep!r} and {request.other!r} are both {keep.label}")
    changes, conflicts = _fields(keep, other, request.prefer_other)
    # The standing that moves on: an open one over a closed one, and the conversation
    # itself over waiting for it.
    take_standing = request.prefer_other or (
        (keep.status in status.CLOSED or keep.waits_for_account)
        and other.status not in status.CLOSED
        and not other.waits_for_account
    )
    if take_standing:
        changes.update({name: getattr(other, name) for name in STANDING})
    if keep.decider_id is None and other.decider_id not in (None, keep.id):
        changes["decider_id"] = other.decider_id
    with ctx.writing():
        # One pending item survives: the one that goes with the standing kept.
        store.followups.close_pending(keep.id if take_standing else other.id, "superseded")
        store.contacts.reassign(other.id, keep.id)
        # Deleted before the kept one takes its email, which no two contacts may share.
        store.contacts.delete(other.id)
        store.contacts.update(keep.id, changes)
        store.accounts.link([keep.id])
    return Merged(keep, other, conflicts, take_standing)


def _fields(
    keep: Contact, other: Contact, prefer_other: bool
) -> tuple[dict[str, Any], list[Conflict]]:
    """The kept contact's new values, and the conflicts between the two."""
    changes: dict[str, Any] = {}
    conflicts = []
    keys = {field.name: described.spec(field).key or field.name for field in described.FIELDS}
    for name in (*PROFILE, "worked", "lesson"):
        mine, theirs = getattr(keep, name), getattr(other, name)
        if theirs in (None, "") or theirs == mine:
            continue
        if mine in (None, ""):
            changes[name] = theirs
        elif name == "tags":
            changes[name] = stored_tags(dict.fromkeys([*split_tags(mine), *split_tags(theirs)]))
        elif name in JOINED:
            first, second = (theirs, mine) if prefer_other else (mine, theirs)
            if second not in first:
                changes[name] = f"{first}\n{second}"
        else:
            shown = (other.event_name, keep.event_name) if name == "event_id" else (theirs, mine)
            if prefer_other:
                changes[name] = theirs
                conflicts.append(Conflict(keys[name], shown[0], shown[1]))
            else:
                conflicts.append(Conflict(keys[name], shown[1], shown[0]))
    return changes, conflicts
