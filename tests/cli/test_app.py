"""The command table: every command is found in the module that defines it.

`followup` imports a command's module only when that command runs, so the table
in ``followup.cli.app`` must name every command, and name it right.
"""

import pkgutil
import re
from importlib import import_module
from pathlib import Path

import pytest
import typer

import followup.cli as cli
from followup.cli.app import COMMAND_MODULES, FollowupGroup, app, command_label, commands_in


def modules_with_commands() -> set[str]:
    return {
        module.name
        for module in pkgutil.iter_modules(cli.__path__)
        if module.name != "app"
        and isinstance(
            getattr(import_module(f"followup.cli.{module.name}"), "app", None), typer.Typer
        )
    }


def test_the_table_lists_every_module_that_defines_commands() -> None:
    assert set(COMMAND_MODULES.values()) == modules_with_commands()


def test_each_command_is_listed_with_the_module_that_defines_it() -> None:
    defined = {name: module for module in modules_with_commands() for name in commands_in(module)}
    assert defined == COMMAND_MODULES


def test_command_groups_keep_their_help_panel() -> None:
    assert commands_in("events")["event"].rich_help_panel == "Contacts"
    assert commands_in("cadences")["cadence"].rich_help_panel == "Work the cadence"


@pytest.mark.parametrize(
    ("argv", "label"),
    [
        (["lost", "3", "--reason", "budget"], "lost 3 --reason budget"),
        (["--db", "/tmp/x.db", "lost", "3"], "lost 3"),
        (["--db=/tmp/x.db", "add", "Ann O'Brien"], "add 'Ann O'\"'\"'Brien'"),
    ],
)
def test_the_command_line_is_recorded_as_typed_without_the_database_option(
    argv: list[str], label: str
) -> None:
    assert command_label(argv) == label


def test_a_command_added_to_the_group_runs_and_is_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A plugin's command sits beside the built-in ones, found the public way."""

    hello = typer.Typer()

    @hello.command()
    def greet(name: str) -> None:
        print(f"hello {name}")

    group = typer.main.get_command(app)
    assert isinstance(group, FollowupGroup)
    group.add_command(typer.main.get_command(hello), "greet")
    assert group.main(["greet", "Ann"], standalone_mode=False) == 0
    assert capsys.readouterr().out == "hello Ann\n"
    group.main(["--help"], standalone_mode=False)
    listed = capsys.readouterr().out
    assert "greet" in listed and "today" in listed


@pytest.mark.parametrize("page", ["README.md", "docs/commands.md"])
def test_every_command_has_a_row_with_an_example_in_the_manual(page: str) -> None:
    text = (Path(__file__).resolve().parents[2] / page).read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    # A row's first cell names one or more commands: `event list [--json]`, `event show …`.
    named = {
        word
        for row in rows
        if "`followup " in row
        for word in re.findall(r"`([a-z-]+)[ `]", row.split("| `followup", 1)[0])
    }
    assert set(COMMAND_MODULES) <= named
