"""A mail server's password: from an environment variable, else a command that prints it.

It is never stored or printed, and no error carries it: a failing command is named
by its exit code alone.
"""

import shlex
import subprocess
from collections.abc import Mapping

from followup.errors import FollowupError

TIMEOUT_SECONDS = 30


def password(
    variable: str,
    command: str | None,
    setting: str,
    environ: Mapping[str, str],
    failure: type[FollowupError],
) -> str | None:
    """``environ[variable]``, else the first line ``command`` prints; None when neither.

    ``setting`` names the command's config key in the ``failure`` raised when it fails.
    """
    if environ.get(variable):
        return environ[variable]
    if command is None:
        return None
    try:
        done = subprocess.run(
            shlex.split(command),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as error:
        raise failure(f"{setting} did not run: {type(error).__name__}") from None
    if done.returncode != 0:
        raise failure(f"{setting} exited {done.returncode}")
    return done.stdout.splitlines()[0] if done.stdout else ""
