"""Entry point: run the app and turn every user error into one line and an exit code."""

import sqlite3
import sys

from followup.errors import FollowupError

PROGRAM = "followup"


def main() -> None:
    import typer
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from followup.cli.app import app
    from followup.cli.runtime import runtime

    try:
        # Not standalone, so that click's usage errors reach us and become one line too.
        code = app(prog_name=PROGRAM, standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except NoArgsIsHelpError as error:
        if error.format_message().strip():
            error.show()
        sys.exit(error.exit_code)
    except ClickException as error:
        ctx = getattr(error, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        _fail(error.format_message() + hint, error.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
    except FollowupError as error:
        _fail(str(error), error.exit_code)
    except sqlite3.Error as error:
        _fail(f"database error in {runtime().db_path}: {error}", 1)
    except UnicodeError as error:
        # Bytes that are not UTF-8 (a terminal in another encoding, binary junk) reach
        # Python as lone surrogates, which neither SQLite nor a UTF-8 stream accepts.
        _fail(f"text is not valid UTF-8: {_excerpt(error)} (check your terminal's encoding)", 1)
    except OSError as error:
        _fail(f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""), 1)
    finally:
        runtime().close()


def _excerpt(error: UnicodeError) -> str:
    """The text around the bad character, escaped so the message itself can be printed."""
    text = getattr(error, "object", "")
    start = max(getattr(error, "start", 0) - 20, 0)
    return repr(text[start : start + 40])


def _fail(message: str, code: int) -> None:
    print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    sys.exit(code)
