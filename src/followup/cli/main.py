"""Entry point: run the app and turn every user error into one line and an exit code."""

import sqlite3
import sys

from followup.errors import FollowupError

PROGRAM = "followup"


def main() -> None:
    from followup.cli.app import app
    from followup.cli.runtime import runtime

    try:
        app(prog_name=PROGRAM)
    except FollowupError as error:
        _fail(str(error), error.exit_code)
    except sqlite3.Error as error:
        _fail(f"database error in {runtime().db_path}: {error}", 1)
    except OSError as error:
        _fail(f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""), 1)
    finally:
        runtime().close()


def _fail(message: str, code: int) -> None:
    print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    sys.exit(code)
