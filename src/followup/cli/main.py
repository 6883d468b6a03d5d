"""Entry point: run the app, turn every user error into one line and an exit code, and leave."""

import contextlib
import gc
import os
import sqlite3
import sys
from typing import NoReturn

from followup.errors import FollowupError

PROGRAM = "followup"


def main() -> NoReturn:
    """The console script."""
    # A command lives for a moment and makes little cyclic garbage, which its exit
    # frees anyway. The collector would walk every object an import or report builds,
    # again and again, for nothing: a tenth of a 10,000-row import.
    gc.disable()
    leave(run())


def run() -> int:
    """Run the command line in ``sys.argv``; returns the exit code."""
    import typer
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from followup.cli.app import app
    from followup.cli.runtime import runtime

    try:
        # Not standalone, so that click's usage errors reach us and become one line too.
        code = app(prog_name=PROGRAM, standalone_mode=False)
        return code if isinstance(code, int) else 0
    except NoArgsIsHelpError as error:
        if error.format_message().strip():
            error.show()
        return error.exit_code
    except ClickException as error:
        ctx = getattr(error, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        return _fail(error.format_message() + hint, error.exit_code)
    except typer.Abort:
        return _fail("aborted", 1)
    except FollowupError as error:
        return _fail(str(error), error.exit_code)
    except sqlite3.Error as error:
        return _fail(f"database error in {runtime().db_path}: {error}", 1)
    except UnicodeError as error:
        # Bytes that are not UTF-8 (a terminal in another encoding, binary junk) reach
        # Python as lone surrogates, which neither SQLite nor a UTF-8 stream accepts.
        message = f"text is not valid UTF-8: {_excerpt(error)} (check your terminal's encoding)"
        return _fail(message, 1)
    except OSError as error:
        return _fail(
            f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""), 1
        )
    except SystemExit as error:  # shell completion ends this way
        return error.code if isinstance(error.code, int) else 1
    finally:
        runtime().close()


def leave(code: int) -> NoReturn:
    """Exit at once, skipping the interpreter's teardown.

    By now the command's transaction is committed or rolled back and the database
    closed; all that is left is to flush the output. Teardown would only free every
    object and module one by one, about a tenth of a short command's run time, for
    nothing a user can see.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`followup list | head`)
        code = code or 1
    with contextlib.suppress(BrokenPipeError):
        sys.stderr.flush()
    os._exit(code)


def _excerpt(error: UnicodeError) -> str:
    """The text around the bad character, escaped so the message itself can be printed."""
    text = getattr(error, "object", "")
    start = max(getattr(error, "start", 0) - 20, 0)
    return repr(text[start : start + 40])


def _fail(message: str, code: int) -> int:
    from followup.core.text import printable

    # Errors quote what was typed or read: a name, a path, a line of a file.
    print(f"{PROGRAM}: error: {printable(message)}", file=sys.stderr)
    return code
