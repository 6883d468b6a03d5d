"""Accounts: the people at one company, and what happens while one of them is the conversation."""

from typing import Annotated, Any

import typer

from followup.cli import panels, said
from followup.cli.app import HelpWhenBare
from followup.cli.contacts import lesson_record
from followup.cli.options import CsvFlag, JsonFlag, context
from followup.cli.render import Column, Format, choose, emit, say, write_json
from followup.domain import accounts as rules
from followup.domain.dates import display_day
from followup.domain.records import AccountSummary
from followup.services import accounts

app = typer.Typer(
    cls=HelpWhenBare,
    name="account",
    help="Companies: list, show, rename, merge; decide for the colleagues who wait.",
    no_args_is_help=True,
    rich_help_panel=panels.CONTACTS,
)

AccountName = Annotated[
    str, typer.Argument(metavar="ACCOUNT", help="Its name, or part of it.", show_default=False)
]
OnlyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--only", metavar="CONTACT", help="Only this one of those waiting (repeat for more)."
    ),
]
LIST_TABLE = (
    Column("account", "account", style="bold", flexible=True),
    Column("people", "people"),
    Column("open", "open"),
    Column("won", "won"),
    Column("lost", "lost"),
    Column("last_touch_on", "last touch"),
    Column("next_due", "next due"),
)
LIST_KEYS = ("id", "account", "people", "open", "won", "lost", "last_touch_on", "next_due")
PEOPLE_TABLE = (
    Column("id", "id", style="dim"),
    Column("name", "name", style="bold", flexible=True),
    Column("title", "title", flexible=True),
    Column("status", "status"),
    Column("next", "next", flexible=True),
    Column("last_touch_on", "last touch"),
)
TOUCH_TABLE = (
    Column("date", "date"),
    Column("name", "who", style="bold", flexible=True),
    Column("what", "what"),
    Column("note", "note", flexible=True),
)


def summary_record(summary: AccountSummary) -> dict[str, Any]:
    """An account as `account list --json` gives it (and `review` lists one)."""
    return {
        "id": summary.account.id,
        "account": summary.account.name,
        "people": summary.people,
        "open": summary.open,
        "won": summary.won,
        "lost": summary.lost,
        "last_touch_on": _iso(summary.last_touch_on),
        "next_due": _iso(summary.next_due),
    }


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


@app.command("list")
def list_accounts(
    invocation: typer.Context, as_json: JsonFlag = False, as_csv: CsvFlag = False
) -> None:
    """Every account with its people: how many are open, won and lost, and when next."""
    fmt = choose(as_json, as_csv)
    records = [summary_record(summary) for summary in accounts.summaries(context(invocation))]
    if fmt is Format.TABLE and not records:
        say("No accounts yet: a contact's --company makes one.")
        return
    emit(records, LIST_TABLE if fmt is Format.TABLE else [Column(k, k) for k in LIST_KEYS], fmt)


@app.command("show")
def show_account(invocation: typer.Context, name: AccountName, as_json: JsonFlag = False) -> None:
    """An account's people (status, next item, last touch), its touches in date order, and
    its lessons."""
    view = accounts.account_view(context(invocation), name)
    account = view.account
    people = [
        {
            "id": person.contact.id,
            "name": person.contact.name,
            "title": person.contact.title,
            "status": person.contact.status,
            "waiting": person.contact.waits_for_account,
            "decider_id": person.contact.decider_id,
            "next": {
                "kind": person.pending.plan.kind,
                "due": person.pending.plan.due.isoformat(),
                "action": person.pending.plan.action,
            }
            if person.pending
            else None,
            "last_touch_on": _iso(person.last_touch_on),
        }
        for person in view.people
    ]
    touches = [
        {
            "id": touch.id,
            "contact_id": who.id,
            "name": who.name,
            "date": touch.happened_on.isoformat(),
            "channel": touch.channel,
            "direction": touch.direction,
            "outcome": touch.outcome,
            "note": touch.note,
        }
        for touch, who in view.touches
    ]
    held = (
        {
            "contact_id": account.held_by,
            "name": account.held_by_name,
            "because": account.held_because,
            "on": _iso(account.held_on),
        }
        if account.held_by is not None
        else None
    )
    lessons = [lesson_record(lesson) for lesson in view.lessons]
    if as_json:
        write_json(
            {
                "id": account.id,
                "name": account.name,
                "people": people,
                "touches": touches,
                "lessons": lessons,
                "conversation": held,
            }
        )
        return
    _print_account(view, people, touches)


def _print_account(
    view: accounts.AccountView, people: list[dict[str, Any]], touches: list[dict[str, Any]]
) -> None:
    account = view.account
    for person in people:
        step = person["next"]
        shown = f"{step['kind']} {step['due']}" if step else "-"
        person["next"] = f"(waits) {shown}" if person["waiting"] else shown
    emit(people, PEOPLE_TABLE, Format.TABLE, account.name)
    waiting = [person for person in people if person["waiting"]]
    if waiting:
        question = rules.question(account.held_by_name, account.held_because)
        since = f" (since {display_day(account.held_on)})" if account.held_on else ""
        say(f"{question}{since}")
    if touches:
        for touch in touches:
            arrow = "→" if touch["direction"] == "out" else "←"
            touch["what"] = f"{arrow} {touch['channel']} {touch['outcome']}"
        say("")
        emit(touches, TOUCH_TABLE, Format.TABLE, "Touches")
    said.lessons(view.lessons)


@app.command("rename")
def rename_account(
    invocation: typer.Context,
    old: AccountName,
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.", show_default=False)],
) -> None:
    """Rename an account; people who write the old name still join it."""
    account, name = accounts.rename(context(invocation), old, new)
    say(f"Renamed account {account.name!r} to {name!r}.")


@app.command("merge")
def merge_accounts(
    invocation: typer.Context,
    keep: Annotated[
        str, typer.Argument(metavar="KEEP", help="The account to keep.", show_default=False)
    ],
    other: Annotated[
        str,
        typer.Argument(metavar="OTHER", help="The account to merge into it.", show_default=False),
    ],
) -> None:
    """Make two accounts one: OTHER's people and spellings join KEEP."""
    kept, merged, moved = accounts.merge(context(invocation), keep, other)
    say(f"Merged {merged.name!r} into {kept.name!r}: {moved} contact(s) moved.")


def _decide(
    invocation: typer.Context,
    name: str,
    choice: str,
    only: list[str] | None,
    until: str | None = None,
) -> None:
    said.decided(
        accounts.decide(
            context(invocation), accounts.Decision(name, choice, until, tuple(only or ()))
        )
    )


@app.command("continue")
def continue_account(invocation: typer.Context, name: AccountName, only: OnlyOption = None) -> None:
    """The colleagues who wait go on with their cadences, as they were."""
    _decide(invocation, name, rules.CONTINUE, only)


@app.command("wait")
def wait_account(
    invocation: typer.Context,
    name: AccountName,
    until: Annotated[
        str, typer.Option("--until", metavar="DATE", help="The day their cadences go on.")
    ],
    only: OnlyOption = None,
) -> None:
    """The colleagues who wait are paused until DATE; their steps come back after it."""
    _decide(invocation, name, rules.WAIT, only, until)


@app.command("stop")
def stop_account(invocation: typer.Context, name: AccountName, only: OnlyOption = None) -> None:
    """The colleagues who wait are archived: the one conversation is enough."""
    _decide(invocation, name, rules.STOP, only)


@app.command("nurture")
def nurture_account(invocation: typer.Context, name: AccountName, only: OnlyOption = None) -> None:
    """The colleagues who wait move to nurture: a check-in now and then (after a win)."""
    _decide(invocation, name, rules.NURTURE, only)


@app.command("lost")
def lose_account(invocation: typer.Context, name: AccountName, only: OnlyOption = None) -> None:
    """The colleagues who wait are closed as lost too (after a loss)."""
    _decide(invocation, name, rules.LOST, only)
