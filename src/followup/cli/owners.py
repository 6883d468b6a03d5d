"""`assign`, `team` and `migrate-store`: whose contact each one is, what each seller
holds, and moving a seller's own store into the team's database."""

from typing import Annotated, Any

import typer

from followup.cli import panels
from followup.cli.options import ContactArg, CsvFlag, JsonFlag, context
from followup.cli.render import Column, Format, choose, emit, say, write_json
from followup.domain.records import Seller
from followup.services import moving, owners

app = typer.Typer()

NOBODY = "(nobody)"  # the table's name for contacts added before they had owners
TEAM_TABLE = [
    Column("seller", "seller", flexible=True),
    Column("open", "open"),
    Column("due", "due"),
    Column("won", "won"),
]
TEAM_KEYS = ("seller", "open", "due", "won")


@app.command(rich_help_panel=panels.CONTACTS)
def assign(
    invocation: typer.Context,
    contact: ContactArg,
    owner: Annotated[
        str, typer.Argument(metavar="OWNER", help="The seller taking them on.", show_default=False)
    ],
) -> None:
    """Hand CONTACT over to OWNER, with every touch, answer, reminder and the next step."""
    assigned = owners.assign(context(invocation), owners.Assign(contact, owner))
    person = assigned.contact
    if not assigned.changed:
        say(f"{person.label} is {assigned.owner}'s already.")
        return
    was = f" (was {person.owner}'s)" if person.owner else ""
    say(f"Assigned {person.label} to {assigned.owner}{was}.")


@app.command(rich_help_panel=panels.REPORTS)
def team(invocation: typer.Context, as_json: JsonFlag = False, as_csv: CsvFlag = False) -> None:
    """Every seller who owns contacts: how many are open, due today and won."""
    fmt = choose(as_json, as_csv)
    sellers = owners.team(context(invocation))
    if fmt is Format.TABLE and not sellers:
        say("No contacts yet.")
        return
    records = [_record(seller, fmt) for seller in sellers]
    emit(records, TEAM_TABLE if fmt is Format.TABLE else [Column(k, k) for k in TEAM_KEYS], fmt)


def _record(seller: Seller, fmt: Format) -> dict[str, Any]:
    name = seller.name if seller.name is not None or fmt is not Format.TABLE else NOBODY
    return {"seller": name, "open": seller.open, "due": seller.due, "won": seller.won}


@app.command("migrate-store", rich_help_panel=panels.MAINTENANCE)
def migrate_store(
    invocation: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="URL", help="The team's database: postgresql://…", show_default=False
        ),
    ],
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="NAME", help="Whose the contacts become (default: yours)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Copy this store (a file) into a team's database, all or nothing; again copies nothing."""
    done = moving.migrate_store(context(invocation), moving.MoveStore(to, owner))
    copied = done.moved.copied
    if as_json:
        write_json(
            {
                "from": str(done.source),
                "to": str(done.target),
                "owner": done.owner,
                "copied": copied,
                "already": done.moved.already,
            }
        )
        return
    again = f"; {done.moved.already} had come over before" if done.moved.already else ""
    say(
        f"Moved {copied.get('contact', 0)} contact(s), {copied.get('touch', 0)} touch(es) and "
        f"{copied.get('followup', 0)} follow-up(s) from {done.source} to {done.target}, "
        f"as {done.owner}'s{again}."
    )
