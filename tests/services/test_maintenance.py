"""services.maintenance: undo one run's writes, back the store up."""

from pathlib import Path

import pytest

from followup.context import Context
from followup.errors import FollowupError
from followup.services.contacts import NewContact, Profile, add_contact, contact_view
from followup.services.maintenance import backup, undo, undoable
from followup.services.touches import LogTouch, log_touch
from followup.storage.sqlite import SqliteStorage
from tests.services.conftest import MONDAY, Opener


def test_undo_takes_back_the_last_run_whole(ctx: Context) -> None:
    add_contact(ctx, NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    log_touch(ctx, LogTouch("ann", note="recap"))
    assert [operation.command for operation in undoable(ctx)] == ["test", "test"]
    undone = undo(ctx)
    assert undone.command == "test"
    view = contact_view(ctx, "ann")
    assert view.touches == [] and view.pending is not None and view.pending.plan.step == 1
    undo(ctx)
    with pytest.raises(FollowupError, match="nothing to undo"):
        undo(ctx)


@pytest.mark.sqlite_only
def test_a_backup_is_a_whole_store_beside_the_first(ctx: Context) -> None:
    add_contact(ctx, NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    copy = backup(ctx)
    assert isinstance(ctx.location, Path)
    assert copy.parent == ctx.location.parent and copy != ctx.location
    assert copy.stat().st_mode & 0o777 == 0o600
    restored = SqliteStorage.open(copy, MONDAY)
    try:
        assert restored.contacts.find("ann").name == "Ann Lee"
    finally:
        restored.close()
    with pytest.raises(FollowupError, match="already exists"):
        backup(ctx, copy)


@pytest.mark.sqlite_only
def test_a_backup_never_overwrites_the_store(at: Opener, db: Path) -> None:
    ctx = at()
    add_contact(ctx, NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    before = db.read_bytes()
    with pytest.raises(FollowupError):
        backup(ctx, db, force=True)
    assert db.read_bytes() == before
