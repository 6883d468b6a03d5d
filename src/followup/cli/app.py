"""The `followup` command: global options, and where each subcommand is defined.

Typer builds a click command for every function it knows about, parameters and
all, before it looks at the arguments. With the commands spread over modules
that only this group imports on demand, a run builds only the command it runs:
`followup today` never imports `import`'s or `report`'s code. `--help` and a
mistyped name still see every command.
"""

from collections.abc import Iterator, Mapping
from functools import cache
from importlib import import_module
from typing import Annotated, Any

import typer
from typer._click import Command, Context
from typer.core import TyperGroup

from followup import __version__
from followup.cli import runtime

# Every command, in the order `--help` lists them, and the module (under
# followup.cli) that defines it.
COMMAND_MODULES = {
    "today": "agenda",
    "upcoming": "agenda",
    "add": "contacts",
    "edit": "contacts",
    "delete": "contacts",
    "list": "contacts",
    "show": "contacts",
    "note": "contacts",
    "event": "events",
    "log": "working",
    "reply": "working",
    "meeting": "working",
    "snooze": "working",
    "away": "working",
    "nurture": "working",
    "restart": "working",
    "won": "working",
    "lost": "working",
    "archive": "working",
    "cadence": "cadences",
    "report": "reports",
    "review": "reports",
    "import": "imports",
    "export": "exports",
    "calendar": "exports",
    "undo": "maintenance",
    "backup": "maintenance",
    "doctor": "maintenance",
}


@cache
def commands_in(module_name: str) -> dict[str, Command]:
    """The click commands a module's Typer app defines; a named app is one command group."""
    sub_app: typer.Typer = import_module(f"followup.cli.{module_name}").app
    group = typer.main.get_group(sub_app)
    if not sub_app.info.name:
        return dict(group.commands)
    # Typer takes a sub-app's help panel from add_typer(), which this group never calls.
    group.rich_help_panel = sub_app.rich_help_panel
    return {group.name: group}


class _CommandsOnDemand(Mapping[str, Command]):
    """Every command's name; a command is built when it is looked up."""

    def __getitem__(self, name: str) -> Command:
        return commands_in(COMMAND_MODULES[name])[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMAND_MODULES)

    def __len__(self) -> int:
        return len(COMMAND_MODULES)


class LazyGroup(TyperGroup):
    def __init__(self, **attrs: Any):
        super().__init__(**attrs)
        self.commands = _CommandsOnDemand()  # type: ignore[assignment]

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)


app = typer.Typer(
    name="followup",
    cls=LazyGroup,
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
    runtime.start(db)
