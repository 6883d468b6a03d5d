"""The `followup` command: global options, where each command is defined, and errors.

Typer builds a click command for every function it knows about, parameters and
all, before it looks at the arguments. With the commands spread over modules
that the group imports on demand (click's documented lazy-loading pattern,
``list_commands`` and ``get_command``), a run builds only the command it runs:
`followup today` never imports `import`'s or `report`'s code. `--help`, a
mistyped name and ``add_command`` still see every command.

Whatever goes wrong reaches the user as one line and the contract's exit code,
in one place (``FollowupGroup.main``), so the console script, Typer's
``CliRunner`` and a Python caller of ``app`` all get the same.
"""

import sqlite3
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    # Groups are handed the click context Typer vendors, not ``typer.Context``.
    from typer._click.core import Context as GroupContext

from followup import __version__
from followup.cli.terminal import Terminal
from followup.context import Context
from followup.errors import FollowupError

PROGRAM = "followup"

# Every command, in the order `--help` lists them, and the module (under
# followup.cli) that defines it.
COMMAND_MODULES = {
    "today": "agenda",
    "upcoming": "agenda",
    "inbox": "inbox",
    "pipeline": "pipeline",
    "add": "contacts",
    "edit": "contacts",
    "delete": "contacts",
    "list": "contacts",
    "show": "contacts",
    "search": "search",
    "note": "contacts",
    "link": "deciders",
    "merge": "merging",
    "assign": "owners",
    "account": "accounts",
    "event": "events",
    "log": "working",
    "draft": "drafts",
    "send": "drafts",
    "template": "templates",
    "touch": "touches",
    "reply": "working",
    "meeting": "working",
    "snooze": "working",
    "pause": "working",
    "resume": "working",
    "remind": "reminders",
    "away": "working",
    "respace": "working",
    "nurture": "working",
    "restart": "working",
    "won": "working",
    "lost": "working",
    "archive": "working",
    "cadence": "cadences",
    "report": "reports",
    "review": "reports",
    "team": "owners",
    "forecast": "forecast",
    "import": "imports",
    "export": "exports",
    "calendar": "exports",
    "undo": "maintenance",
    "backup": "maintenance",
    "doctor": "maintenance",
    "migrate-store": "owners",
}


@cache
def commands_in(module_name: str) -> dict[str, Any]:
    """The click commands a module's Typer app defines; a named app is one command group."""
    sub_app: typer.Typer = import_module(f"followup.cli.{module_name}").app
    group = typer.main.get_group(sub_app)
    if not group.name:  # an unnamed app: its commands are top-level commands
        return dict(group.commands)
    # Typer takes a sub-app's help panel from add_typer(), which this group never calls.
    group.rich_help_panel = sub_app.rich_help_panel
    return {group.name: group}


class HelpWhenBare(TyperGroup):
    """A group that, given no command, shows its help and exits with code 2."""

    def parse_args(self, ctx: "GroupContext", args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            # Rich prints the help itself and returns nothing; plain help is returned.
            if text := ctx.get_help():
                typer.echo(text)
            ctx.exit(2)
        return super().parse_args(ctx, args)


class FollowupGroup(HelpWhenBare):
    """The top-level group: commands built on demand, and every error as one line."""

    def list_commands(self, ctx: "GroupContext") -> list[str]:
        added = [name for name in self.commands if name not in COMMAND_MODULES]
        return [*COMMAND_MODULES, *added]

    def get_command(self, ctx: "GroupContext", cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in COMMAND_MODULES:
            return commands_in(COMMAND_MODULES[cmd_name])[cmd_name]
        return None

    def resolve_command(self, ctx: "GroupContext", args: list[str]) -> Any:
        name = args[0] if args else ""
        known = self.list_commands(ctx)
        if name and not name.startswith("-") and name not in known:
            close = get_close_matches(name, known)
            hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        """Run the command line; the exit code, after every error became one line.

        ``standalone_mode`` exits with the code, as click's commands do (and as
        ``CliRunner`` expects); otherwise the code is returned.
        """
        words = list(sys.argv[1:] if args is None else args)
        invocation = Invocation(command_label(words))
        try:
            code = _exit_code(
                lambda: super(FollowupGroup, self).main(
                    words,
                    prog_name or PROGRAM,
                    complete_var,
                    standalone_mode=False,
                    obj=invocation,
                    **extra,
                ),
                invocation,
            )
        finally:
            invocation.close()
        if standalone_mode:
            sys.exit(code)
        return code


class Invocation:
    """One run of the command line: what it was, and the Context its command runs with.

    The top-level group makes it before the options are read; the global callback
    starts the Context once ``--db`` is known; the group closes it at the end.
    """

    def __init__(self, label: str):
        self.label = label
        self.context: Context | None = None

    def start(self, db: str | None) -> None:
        # Questions only when someone can answer them; a bar only where someone sees it.
        terminal = Terminal(asks=sys.stdin.isatty(), shows_progress=sys.stderr.isatty())
        self.context = Context.open(db, label=self.label, interaction=terminal)

    @property
    def location(self) -> object:
        return self.context.location if self.context else "the database"

    def close(self) -> None:
        if self.context is not None:
            self.context.close()


def command_label(words: list[str]) -> str:
    """What the user typed after ``followup``, as they would type it again.

    ``--db PATH`` is left out: it names the database the undo journal lives in.
    """
    import shlex

    kept, rest = [], iter(words)
    for word in rest:
        if word == "--db":
            next(rest, None)
        elif not word.startswith("--db="):
            kept.append(word)
    return shlex.join(kept)


def _exit_code(run: Any, invocation: "Invocation") -> int:
    """What ``run()`` ends with as an exit code; every error is one line on stderr."""
    try:
        code = run()
        return code if isinstance(code, int) else 0
    except typer.TyperException as error:  # click's usage errors, as Typer exposes them
        ctx = getattr(error, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        return _fail(error.format_message() + hint, error.exit_code)
    except typer.Abort:
        return _fail("aborted", 1)
    except FollowupError as error:
        return _fail(str(error), error.exit_code)
    except sqlite3.Error as error:
        return _fail(f"database error in {invocation.location}: {error}", 1)
    except UnicodeError as error:
        # Bytes that are not UTF-8 (a terminal in another encoding, binary junk) reach
        # Python as lone surrogates, which neither SQLite nor a UTF-8 stream accepts.
        message = f"text is not valid UTF-8: {_excerpt(error)} (check your terminal's encoding)"
        return _fail(message, 1)
    except OSError as error:
        return _fail(
            f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""), 1
        )
    except SystemExit as error:  # shell completion and --version end this way
        return error.code if isinstance(error.code, int) else 1


def _excerpt(error: UnicodeError) -> str:
    """The text around the bad character, escaped so the message itself can be printed."""
    text = getattr(error, "object", "")
    start = max(getattr(error, "start", 0) - 20, 0)
    return repr(text[start : start + 40])


def _fail(message: str, code: int) -> int:
    from followup.domain.text import printable

    # Errors quote what was typed or read: a name, a path, a line of a file.
    print(f"{PROGRAM}: error: {printable(message)}", file=sys.stderr)
    return code


app = typer.Typer(
    name=PROGRAM,
    cls=FollowupGroup,
    help="Follow up with the people you meet, on a cadence, with something of value each time.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        print(f"followup {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Database file (env FOLLOWUP_DB; default: in the user data dir).",
        ),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Follow up with the people you meet, on a cadence, with something of value each time.

    Dates: 2026-03-05, today, tomorrow, friday, +3d, 2w, +10bd (business days).
    Time is read from FOLLOWUP_NOW when set; config from FOLLOWUP_CONFIG.
    """
    ctx.obj.start(db)
