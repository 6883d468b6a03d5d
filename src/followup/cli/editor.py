"""The user's editor ($VISUAL, else $EDITOR) on a draft, as git and crontab open one."""

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from followup.errors import FollowupError, UsageError


def edited(text: str) -> str | None:
    """``text`` as the user left it in their editor; None when they did not save it."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise UsageError("--edit needs $VISUAL or $EDITOR set to your editor")
    with tempfile.TemporaryDirectory(prefix="followup-") as folder:
        path = Path(folder) / "draft.txt"
        path.write_text(text, encoding="utf-8")
        before = path.stat().st_mtime_ns
        try:
            done = subprocess.run([*shlex.split(command), str(path)], check=False)
        except (OSError, ValueError) as error:
            raise FollowupError(f"cannot start the editor {command!r}: {error}") from None
        if done.returncode != 0:
            raise FollowupError(f"the editor exited {done.returncode}: nothing done")
        after = path.read_text(encoding="utf-8", errors="replace")
        if path.stat().st_mtime_ns == before and after == text:
            return None
        return after
