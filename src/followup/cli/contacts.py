"""Contacts: add, edit, note, delete, show, list.

The options of `add` and `edit` are made from the contact's description
(``domain/contact.py``): one per profile field, with its option name and help.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from followup.cli import panels, said
from followup.cli.options import ContactArg, CsvFlag, JsonFlag, OwnerOption, TeamFlag, context
from followup.cli.render import Column, Format, as_markup, choose, emit, out, say, write_json
from followup.domain import contact as described
from followup.domain.cadence import describe
from followup.domain.contact import Contact, ContactFilter
from followup.domain.records import Lesson, Touch
from followup.domain.status import STATUSES
from followup.services import contacts, owners

app = typer.Typer()

LIST_COLUMNS = (
    Column("id", "id", style="dim"),
    Column("name", "name", style="bold", flexible=True),
    Column("company", "company", flexible=True),
    Column("status", "status"),
    Column("event", "event", flexible=True),
    Column("met_on", "met"),
    Column("next_due", "next due"),
    Column("tags", "tags", flexible=True),
)
Command = TypeVar("Command", bound=Callable[..., None])
NewEvent = Annotated[
    bool,
    typer.Option(
        "--new-event", help="Create --event even though its name looks like an existing one."
    ),
]


def profile_options(*, help_for: dict[str, str] | None = None) -> Callable[[Command], Command]:
    """Give a command one option per profile field but the name, collected as ``profile``.

    ``help_for`` overrides a field's help (`edit --tag` replaces the tags).
    """
    overrides = help_for or {}
    specs = [
        described.spec(field)
        for field in described.FIELDS
        if described.spec(field).group == described.PROFILE_GROUP and field.name != "name"
    ]

    def decorate(command: Command) -> Command:
        @functools.wraps(command)
        def run(**given: Any) -> None:
            values = {spec.key: given.pop(spec.key) for spec in specs if spec.key}
            command(**given, profile=values)

        kept = [
            parameter
            for parameter in inspect.signature(command).parameters.values()
            if parameter.name != "profile"
        ]
        options = [
            inspect.Parameter(
                spec.key,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[
                    list[str] | None if spec.rule == described.TAGS else str | None,
                    typer.Option(spec.option, help=overrides.get(spec.key, spec.help)),
                ],
            )
            for spec in specs
            if spec.key and spec.option
        ]
        # The profile options come after the arguments, before the command's own options.
        arguments = [p for p in kept if p.default is inspect.Parameter.empty]
        rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in kept if p not in arguments]
        run.__signature__ = inspect.Signature([*arguments, *options, *rest])  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return decorate


@app.command(rich_help_panel=panels.CONTACTS)
@profile_options()
def add(
    invocation: typer.Context,
    name: Annotated[str, typer.Argument(help="Their full name.", show_default=False)],
    profile: dict[str, Any],
    new_event: NewEvent = False,
    cadence: Annotated[
        str | None, typer.Option(help="Cadence to follow (default from config).")
    ] = None,
    decides_for: Annotated[
        str | None,
        typer.Option("--decides-for", metavar="CONTACT", help="A contact they decide for."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the new id.")] = False,
) -> None:
    """Add someone you met and schedule their first follow-up."""
    request = contacts.NewContact(name, contacts.Profile(profile, new_event), cadence, decides_for)
    added = contacts.add_contact(context(invocation), request)
    print(added.contact_id)
    if not quiet:
        if added.new_event:
            say(f"New event {added.new_event!r}.")
        say(f"Added #{added.contact_id} {added.name}: {describe(added.first)}.")
        if added.decides_for:
            say(f"{added.name} decides for {added.decides_for.label}.")
        said.decider(added.decider)
        said.lessons(added.lessons, added.name)


@app.command(rich_help_panel=panels.CONTACTS)
@profile_options(help_for={"tags": "Replace the tags (repeat for more)."})
def edit(
    invocation: typer.Context,
    contact: ContactArg,
    profile: dict[str, Any],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    new_event: NewEvent = False,
) -> None:
    """Change a contact's details (only the options you give)."""
    values = {**profile, "name": name} if name is not None else profile
    edited = contacts.edit_contact(
        context(invocation), contacts.ContactEdit(contact, contacts.Profile(values, new_event))
    )
    person, rescheduled = edited.contact, edited.rescheduled
    if edited.new_event:
        say(f"New event {edited.new_event!r}.")
    say(f"Updated {person.label}." + (f" Now {describe(rescheduled)}." if rescheduled else ""))
    if edited.notes_replaced:
        say(f"The notes were replaced; `followup note {person.id} TEXT` adds a line instead.")
    said.decider(edited.decider)


@app.command(rich_help_panel=panels.CONTACTS)
def note(
    invocation: typer.Context,
    contact: ContactArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to add.", show_default=False)],
) -> None:
    """Add a dated line to a contact's notes (edit --note replaces them)."""
    person = contacts.add_note(context(invocation), contact, text)
    say(f"Noted for {person.label}.")


@app.command(rich_help_panel=panels.CONTACTS)
def delete(
    invocation: typer.Context,
    contact: ContactArg,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Really delete, with all touches.")
    ] = False,
) -> None:
    """Remove a contact and everything logged for them."""
    person = contacts.delete_contact(context(invocation), contact, confirmed=yes)
    say(f"Deleted {person.label}.")


@app.command("list", rich_help_panel=panels.CONTACTS)
def list_contacts(
    invocation: typer.Context,
    status: Annotated[str | None, typer.Option(help=f"One of: {', '.join(STATUSES)}.")] = None,
    event: Annotated[str | None, typer.Option(help="Event name.")] = None,
    company: Annotated[str | None, typer.Option(help="Part of the company name.")] = None,
    tag: Annotated[str | None, typer.Option(help="A tag.")] = None,
    search: Annotated[str | None, typer.Option(help="Text anywhere in the profile.")] = None,
    owner: OwnerOption = None,
    team: TeamFlag = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    """List contacts, filtered."""
    fmt = choose(as_json, as_csv)
    ctx = context(invocation)
    whose = owners.whose(ctx, owner, team)
    where = ContactFilter(
        status=status, event=event, company=company, tag=tag, search=search, owner=whose
    )
    found = contacts.contacts(ctx, where)
    records = [contacts.record(person, next_due) for person, next_due in found]
    keys = [Column(key, key) for key in contacts.KEYS]
    emit(records, LIST_COLUMNS if fmt is Format.TABLE else keys, fmt)
    if fmt is Format.TABLE:
        say(f"{len(records)} contact(s).")


def touch_record(touch: Touch) -> dict[str, Any]:
    """A touch as `show --json` and `touch list --json` give it."""
    return {
        "id": touch.id,
        "date": touch.happened_on.isoformat(),
        "channel": touch.channel,
        "direction": touch.direction,
        "outcome": touch.outcome,
        "step": touch.step,
        "note": touch.note,
        "answers": touch.answers,
        "check_skipped": touch.check_skipped,
        "skip_reason": touch.skip_reason,
        "message_id": touch.message_id,
    }


@app.command(rich_help_panel=panels.CONTACTS)
def show(invocation: typer.Context, contact: ContactArg, as_json: JsonFlag = False) -> None:
    """A contact's profile, timeline of touches with their answers, and next follow-up."""
    view = contacts.contact_view(context(invocation), contact)
    pending = view.pending
    record = contacts.record(view.contact, pending.plan.due.isoformat() if pending else None)
    record["next"] = (
        {
            "kind": pending.plan.kind,
            "due": pending.plan.due.isoformat(),
            "step": pending.plan.step,
            "steps_total": pending.plan.steps_total,
            "channel": pending.plan.channel,
            "action": pending.plan.action,
        }
        if pending
        else None
    )
    record["touches"] = [touch_record(touch) for touch in view.touches]
    record["reminders"] = [
        {"id": reminder.id, "due": reminder.due.isoformat(), "text": reminder.text}
        for reminder in view.reminders
    ]
    record["decides_for"] = [person.id for person in view.decides_for]
    record["lessons"] = [lesson_record(lesson) for lesson in view.lessons]
    if as_json:
        write_json(record)
    else:
        _print_profile(record, view)


def lesson_record(lesson: Lesson) -> dict[str, Any]:
    """A lesson that comes back, as `show --json` and `account show --json` give it."""
    person = lesson.contact
    return {
        "contact_id": person.id,
        "name": person.name,
        "status": person.status,
        "closed_on": person.closed_on.isoformat() if person.closed_on else None,
        "worked": person.worked,
        "lesson": person.lesson,
        "because": lesson.because,
    }


def _print_profile(record: dict[str, Any], view: contacts.ContactView) -> None:
    console = out()
    header = as_markup(f"#{record['id']} {record['name']}")
    where = ", ".join(as_markup(part) for part in (record["title"], record["company"]) if part)
    console.print(
        f"[bold]{header}[/bold]" + (f"  {where}" if where else "") + f"  \\[{record['status']}]"
    )
    for key, label in PROFILE_LABELS:
        value = record[key]
        if value:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            console.print(f"  [dim]{label:>11}[/dim]  {as_markup(shown, indent=15)}")
    if view.decider:
        console.print(f"  [dim]{'decides':>11}[/dim]  {as_markup(_named(view.decider))}")
    if view.decides_for:
        people = ", ".join(_named(person) for person in view.decides_for)
        console.print(f"  [dim]{'decides for':>11}[/dim]  {as_markup(people, indent=15)}")
    if view.contact.waits_for_account:
        console.print(
            f"  [dim]{'waiting':>11}[/dim]  for the one conversation at "
            f"{as_markup(view.contact.account_name or 'their account')}"
        )
    console.print()
    if view.lessons:
        console.print("[bold]Lessons that come back[/bold]")
        for lesson in view.lessons:
            console.print(f"  {as_markup(said.lesson_line(lesson), indent=4)}")
        console.print()
    if record["touches"]:
        console.print("[bold]Timeline[/bold]")
    for touch in record["touches"]:
        arrow = "→" if touch["direction"] == "out" else "←"
        step = f"step {touch['step']} " if touch["step"] else ""
        line = f"  {touch['date']} {arrow} {step}{touch['channel']} {touch['outcome']}"
        note = f": {as_markup(touch['note'], indent=4)}" if touch["note"] else ""
        console.print(as_markup(line) + note)
        if touch["check_skipped"]:
            reason = as_markup(touch["skip_reason"] or "", indent=8)
            console.print(f"      [yellow]value-check skipped[/yellow]: {reason}")
        for key, text in touch["answers"].items():
            console.print(f"      [dim]{as_markup(key)}:[/dim] {as_markup(text, indent=8)}")
    pending = record["next"]
    if pending:
        step = f"step {pending['step']}/{pending['steps_total']} " if pending["step"] else ""
        channel = f"({pending['channel']}) " if pending["channel"] else ""
        console.print(
            f"\n[bold]Next[/bold]: {pending['kind']} {step}{channel}due {pending['due']}: "
            f"{as_markup(pending['action'])}"
        )
    for reminder in record["reminders"]:
        console.print(f"[bold]Reminder[/bold] {reminder['due']}: {as_markup(reminder['text'])}")


def _named(person: Contact) -> str:
    """``Tom Becker (#4)``: someone as a line about another contact names them."""
    return f"{person.name} (#{person.id})"


PROFILE_LABELS = (
    ("account", "account"),
    ("email", "email"),
    ("phone", "phone"),
    ("linkedin", "linkedin"),
    ("tz", "time zone"),
    ("event", "met at"),
    ("met_on", "met on"),
    ("discussed", "discussed"),
    ("promised", "promised"),
    ("problem", "problem"),
    ("decider", "decider"),
    ("tags", "tags"),
    ("notes", "notes"),
    ("meeting_on", "meeting"),
    ("paused_until", "back after"),
    ("close_reason", "reason"),
    ("worked", "what worked"),
    ("lesson", "do more of"),
    ("owner", "owner"),
)
