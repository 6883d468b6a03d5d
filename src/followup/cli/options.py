"""Arguments and options several commands share, declared once."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from followup.context import Context


def context(invocation: typer.Context) -> "Context":
    """The Context this command runs with, made by the top-level group for this run."""
    made: Context | None = invocation.obj.context
    assert made is not None, "the global options start the context before any command"
    return made


def complete_contact(invocation: typer.Context, _param: object, incomplete: str) -> list[str]:
    """Shell completion for CONTACT: names from the store, read without the ORM.

    Any word of a name may be typed, in any case and without accents ("gonz"
    completes María González). Typer's ``autocompletion`` keeps only values that
    start with what was typed, exactly, so this is click's ``shell_complete``
    hook, which Typer still passes on (with a deprecation warning).
    """
    from followup.context import Context
    from followup.services.contacts import completions

    try:
        with Context.open(invocation.find_root().params.get("db"), label="complete") as opened:
            names = completions(opened, incomplete)
    except Exception:  # completion must never print a traceback into the user's shell
        return []
    return [quoted_for_bash(name) for name in names] if _completing_for_bash() else names


def _completing_for_bash() -> bool:
    # Typer's bash script puts each line it gets into the command line as it is; the
    # zsh and fish scripts hand them to the shell's own completion, which quotes them.
    import os

    return os.environ.get("_FOLLOWUP_COMPLETE") == "complete_bash"


def quoted_for_bash(name: str) -> str:
    r"""``name`` as one word of a bash command line: 'Anne O'\''Neil', $'\x1b…' for controls."""
    import shlex

    from followup.domain.text import has_unsafe, printable

    if not has_unsafe(name):
        return shlex.quote(name)
    # ANSI-C quoting: bash reads back the same escapes printable() writes.
    return "$'" + printable(name.replace("\\", "\\\\").replace("'", "\\'")) + "'"


ContactArg = Annotated[
    str,
    typer.Argument(
        metavar="CONTACT",
        help="Id, email, or a unique part of the name.",
        shell_complete=complete_contact,
        show_default=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print CSV on stdout.")]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner", metavar="NAME", help="Only this seller's contacts.", show_default=False
    ),
]
TeamFlag = Annotated[
    bool,
    typer.Option(
        "--team", help="Everyone's contacts (on a team's database the default is your own)."
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", help="Free note.")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why (kept with the record).")]
WorkedOption = Annotated[
    str | None, typer.Option("--worked", help="What worked (asked on a terminal).")
]
LessonOption = Annotated[
    str | None,
    typer.Option("--lesson", help="What you could have done more (asked on a terminal)."),
]
# The value check's answers, as `log`, `draft` and `send` take them.
AnswerOption = Annotated[
    list[str] | None,
    typer.Option("--answer", "-a", metavar="KEY=TEXT", help="A value-check answer."),
]
AnswersFileOption = Annotated[
    Path | None, typer.Option("--answers", metavar="FILE", help="Answers as a TOML/JSON table.")
]
SkipCheckOption = Annotated[bool, typer.Option("--skip-check", help="Log without the value-check.")]
SkipReasonOption = Annotated[str | None, typer.Option("--reason", help="Why the check is skipped.")]


def parse_answer_options(pairs: list[str] | None) -> dict[str, str]:
    """``--answer KEY=TEXT`` options as a dict (the last one for a key wins)."""
    from followup.errors import UsageError

    answers: dict[str, str] = {}
    for pair in pairs or []:
        key, separator, text = pair.partition("=")
        if not separator or not key.strip():
            raise UsageError(f"--answer takes KEY=TEXT, got {pair!r}")
        answers[key.strip()] = text
    return answers
