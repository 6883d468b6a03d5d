"""Owners: whose contact each one is, handing one over, and what each seller holds."""

from dataclasses import dataclass

from followup.context import Context
from followup.domain import fields
from followup.domain.contact import Contact
from followup.domain.records import Seller
from followup.errors import UsageError


@dataclass(frozen=True)
class Assign:
    contact: str
    owner: str  # the seller's name


@dataclass(frozen=True)
class Assigned:
    contact: Contact  # as it was
    owner: str
    changed: bool  # False when it was theirs already


def assign(ctx: Context, request: Assign) -> Assigned:
    """Make the contact the seller's, with everything that hangs off it: touches, answers,
    reminders and the next step stay with the contact."""
    owner = fields.seller("OWNER", request.owner)
    store = ctx.storage
    person = store.contacts.find(request.contact)
    if person.owner == owner:
        return Assigned(person, owner, changed=False)
    with ctx.writing():
        store.contacts.hand_over(person.id, owner)
    return Assigned(person, owner, changed=True)


def team(ctx: Context) -> list[Seller]:
    """Each seller who owns contacts, with their open, due and won counts."""
    return ctx.storage.reports.team(ctx.today)


def whose(ctx: Context, owner: str | None, team: bool) -> str | None:
    """Whose contacts a listing shows (None: everyone's the seller may see).

    ``--owner NAME``'s, or everyone's with ``--team``; by default everyone's on one
    seller's own store, and the seller's own on a team's.
    """
    if owner is not None and team:
        raise UsageError("--owner and --team cannot be combined: --team is everyone's")
    if owner is not None or team:
        return owner
    return ctx.user if ctx.shared else None
