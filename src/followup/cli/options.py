"""Arguments and options several commands share, declared once."""

from typing import Annotated

import typer


def complete_contact(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for CONTACT: names from the database, read without the ORM."""
    from followup.cli.runtime import Runtime

    rt = Runtime(ctx.find_root().params.get("db"))
    try:
        # Pressing Tab must not create a database (and load the schema to fill it).
        if not rt.db_path.exists():
            return []
        return rt.store.contact_names(incomplete)
    except Exception:  # completion must never print a traceback into the user's shell
        return []
    finally:
        rt.close()


ContactArg = Annotated[
    str,
    typer.Argument(
        metavar="CONTACT",
        help="Id, email, or a unique part of the name.",
        autocompletion=complete_contact,
        show_default=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print CSV on stdout.")]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", help="Free note.")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why (kept with the record).")]
WorkedOption = Annotated[
    str | None, typer.Option("--worked", help="What worked (asked on a terminal).")
]
LessonOption = Annotated[
    str | None,
    typer.Option("--lesson", help="What you could have done more (asked on a terminal)."),
]
