"""Moving in: a seller's own store copied into the team's database, all or nothing."""

from dataclasses import dataclass
from pathlib import Path

from followup.context import Context
from followup.domain import fields
from followup.errors import FollowupError, InvalidValue, NotFound
from followup.storage import Moved, ServerUrl, move_into, open_storage


@dataclass(frozen=True)
class MoveStore:
    to: str  # the team's database, postgresql://…
    owner: str | None = None  # whose the contacts become: default, the seller connecting


@dataclass(frozen=True)
class MovedStore:
    source: Path
    target: ServerUrl
    owner: str
    moved: Moved


def migrate_store(ctx: Context, request: MoveStore) -> MovedStore:
    """Copy the store ``ctx`` runs on (a file) into the team's database ``request.to``.

    Run again, it copies nothing twice: contacts that came over before stay as they are.
    """
    target = ServerUrl.parse(request.to.strip())
    if target is None:
        raise InvalidValue(f"--to {request.to!r} is not a postgresql:// URL")
    if not isinstance(ctx.location, Path):
        raise FollowupError("migrate-store copies one seller's store (a file) into a team's")
    if not ctx.location.exists():
        raise NotFound(f"no database at {ctx.location}")
    owner = fields.owner_filter(request.owner)
    team = open_storage(target, ctx.now, ctx.user)
    try:
        seller = owner or team.seller or ""
        moved = move_into(ctx.storage, team, seller, ctx.label)
    finally:
        team.close()
    return MovedStore(ctx.location, target, seller, moved)
