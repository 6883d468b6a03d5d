"""Looking after the store: undo the last change, back it up."""

from pathlib import Path

from followup import outfile
from followup.context import Context
from followup.domain.records import Operation
from followup.errors import FollowupError, NotFound


def undo(ctx: Context) -> Operation:
    """Revert the last change, whatever made it; FollowupError when there is none."""
    undone = ctx.storage.journal.undo_last()
    if undone is None:
        raise FollowupError("nothing to undo")
    return undone


def undoable(ctx: Context) -> list[Operation]:
    """What `undo` can revert, newest first."""
    return ctx.storage.journal.operations()


def backup(ctx: Context, target: Path | None = None, force: bool = False) -> Path:
    """A consistent copy of the store, readable by its owner only; where it went.

    Without ``target`` the copy goes beside the store, named with the time; a folder
    gets that name inside it. An existing file is replaced only with ``force``.
    """
    if not isinstance(ctx.location, Path):
        raise FollowupError(
            f"{ctx.location} is a team's database: its server backs it up (pg_dump)"
        )
    if not ctx.location.exists():
        raise NotFound(f"no database at {ctx.location}")
    default = outfile.backup_name(ctx.location, ctx.now)
    chosen = (target or default).expanduser()
    if chosen.is_dir():
        chosen = chosen / default.name
    outfile.check(chosen, never=ctx.storage.files)
    if chosen.exists() and not force:
        raise FollowupError(f"{chosen} already exists (--force replaces it)")
    ctx.storage.back_up(chosen)
    return chosen
