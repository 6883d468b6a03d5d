"""Contacts: add, show, list, edit, delete."""

import sys
from datetime import date
from typing import Annotated, Any

import typer

from followup.cli import panels
from followup.cli.options import ContactArg, CsvFlag, JsonFlag
from followup.cli.render import (
    Column,
    Format,
    as_markup,
    choose,
    day,
    describe,
    emit,
    out,
    say,
    write_json,
)
from followup.cli.runtime import Runtime, runtime
from followup.domain import cadence as engine
from followup.domain import fields
from followup.domain.calendar import BusinessCalendar
from followup.domain.status import ACTIVE, STATUSES
from followup.errors import FollowupError, InvalidValue
from followup.storage.records import Contact, Event

app = typer.Typer()

Company = Annotated[str | None, typer.Option(help="Company or organisation.")]
Title = Annotated[str | None, typer.Option(help="Job title.")]
Email = Annotated[str | None, typer.Option(help="Email address.")]
Phone = Annotated[str | None, typer.Option(help="Phone number.")]
Linkedin = Annotated[str | None, typer.Option(help="LinkedIn profile URL.")]
Tz = Annotated[str | None, typer.Option("--tz", help="Time zone, e.g. Europe/Prague.")]
EventName = Annotated[
    str | None, typer.Option("--event", help="Event where you met (created if new).")
]
NewEvent = Annotated[
    bool,
    typer.Option(
        "--new-event", help="Create --event even though its name looks like an existing one."
    ),
]
Met = Annotated[
    str | None, typer.Option("--met", help="When you met (default: the event's date, or today).")
]
Note = Annotated[str | None, typer.Option("--note", help="Free notes.")]
Discussed = Annotated[str | None, typer.Option(help="What you talked about.")]
Promised = Annotated[str | None, typer.Option(help="What you promised them.")]
Problem = Annotated[str | None, typer.Option(help="Their most pressing problem.")]
Decider = Annotated[str | None, typer.Option(help="Do they decide? If not, who does.")]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeat for more).")]

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
# The options `add` and `edit` share, turned into columns by `_profile`.
PROFILE_OPTIONS = (
    "company",
    "title",
    "email",
    "phone",
    "linkedin",
    "tz",
    "event",
    "met",
    "note",
    "discussed",
    "promised",
    "problem",
    "decider",
    "tag",
)
CONTACT_KEYS = ("id", *fields.PROFILE, *fields.STANDING, "next_due")


def _profile(rt: Runtime, options: dict[str, Any]) -> dict[str, Any]:
    """Contact columns from command-line options, validated; unset options are left out."""
    values = {key: value for key, value in options.items() if value is not None}
    for key, value in values.items():
        if isinstance(value, str):
            fields.bounded(f"--{key}", value)
    for key in fields.ONE_LINE:
        if key in values:
            fields.one_line(f"--{key}", values[key])
    if "event" in values:
        values["event"] = fields.event("--event", values["event"])
    if "note" in values:
        values["notes"] = values.pop("note")
    if "email" in values:
        values["email"] = fields.email("--email", values["email"])
    if "tz" in values:
        fields.time_zone("--tz", values["tz"])
    if "tag" in values:
        values["tags"] = fields.stored_tags(fields.tags("--tag", values.pop("tag")))
    if "met" in values:
        met_on = rt.date(values.pop("met"))
        if met_on > rt.today:
            raise InvalidValue(f"--met cannot be in the future ({day(met_on)})")
        values["met_on"] = met_on
    return values


def _event_id(rt: Runtime, event: Event | None, name: str, held_on: date) -> int:
    """``event``'s id, or a new event ``name`` held on ``held_on`` when there is none yet."""
    return event.id if event else rt.store.add_event(name, held_on, None)


def _known_event(rt: Runtime, name: str, new_event: bool) -> Event | None:
    """The event called ``name`` (any case), or None when it is to be created.

    A name that is not an event but looks like one ("LogiMAT" for "LogiMAT 2026")
    is refused unless ``new_event``: a typo must not split one show into two.
    """
    event = rt.store.find_event(name)
    if event is not None or new_event:
        return event
    from followup.domain.matching import similar_names

    similar = similar_names(name, rt.store.event_names())
    if similar:
        shown = " or ".join(repr(found) for found in similar[:3])
        raise FollowupError(
            f"no event named {name!r}: did you mean {shown}? (--new-event creates {name!r})"
        )
    return None


def _met_at(rt: Runtime, event: Event | None) -> date:
    """When you met, without --met: the event's date, or today."""
    if event is None or event.held_on is None:
        return rt.today
    if event.held_on > rt.today:
        # The same rule as --met: step 1 cannot be planned from a meeting still to come.
        raise InvalidValue(
            f"event {event.name!r} is on {day(event.held_on)}, in the future: "
            "give --met DATE for when you met"
        )
    return event.held_on


def _check_email_free(rt: Runtime, email: str | None, except_id: int | None = None) -> None:
    """Call inside the write transaction, so that parallel adds cannot both pass."""
    if not email:
        return
    for other in rt.store.contacts_with_email(email):
        if other.id != except_id:
            raise FollowupError(f"{other.label} already has the email {email}")


@app.command(rich_help_panel=panels.CONTACTS)
def add(
    name: Annotated[str, typer.Argument(help="Their full name.", show_default=False)],
    company: Company = None,
    title: Title = None,
    email: Email = None,
    phone: Phone = None,
    linkedin: Linkedin = None,
    tz: Tz = None,
    event: EventName = None,
    new_event: NewEvent = False,
    met: Met = None,
    note: Note = None,
    discussed: Discussed = None,
    promised: Promised = None,
    problem: Problem = None,
    decider: Decider = None,
    tag: Tags = None,
    cadence: Annotated[
        str | None, typer.Option(help="Cadence to follow (default from config).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the new id.")] = False,
) -> None:
    """Add someone you met and schedule their first follow-up."""
    rt = runtime()
    name = fields.name("NAME", name)
    values = _profile(rt, {key: value for key, value in locals().items() if key in PROFILE_OPTIONS})
    chosen = rt.config.cadence(cadence)
    calendar = rt.calendar  # built before taking the write lock: it may load a package
    event_name = values.pop("event", None)
    with rt.writing():
        _check_email_free(rt, values.get("email"))
        event = _known_event(rt, event_name, new_event) if event_name else None
        met_on = values.get("met_on") or _met_at(rt, event)
        if event_name:
            values["event_id"] = _event_id(rt, event, event_name, met_on)
        contact_id = rt.store.add_contact(
            {**values, "name": name, "met_on": met_on, "status": ACTIVE, "cadence": chosen.name}
        )
        plan = engine.first_step(chosen, met_on, calendar)
        rt.store.schedule(contact_id, plan)
    print(contact_id)
    if not quiet:
        if event_name and event is None:
            say(f"New event {event_name!r}.")
        say(f"Added #{contact_id} {name}: {describe(plan)}.")


@app.command(rich_help_panel=panels.CONTACTS)
def edit(
    contact: ContactArg,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    company: Company = None,
    title: Title = None,
    email: Email = None,
    phone: Phone = None,
    linkedin: Linkedin = None,
    tz: Tz = None,
    event: EventName = None,
    new_event: NewEvent = False,
    met: Met = None,
    note: Note = None,
    discussed: Discussed = None,
    promised: Promised = None,
    problem: Problem = None,
    decider: Decider = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Replace the tags (repeat for more).")
    ] = None,
) -> None:
    """Change a contact's details (only the options you give)."""
    rt = runtime()
    person = rt.store.find_contact(contact)
    values = _profile(rt, {key: value for key, value in locals().items() if key in PROFILE_OPTIONS})
    if name is not None:
        values["name"] = fields.name("--name", name)
    if not values:
        raise InvalidValue("nothing to change: give at least one option (see followup edit --help)")
    event_name = values.pop("event", None)
    event = None
    calendar = rt.calendar  # built before taking the write lock: it may load a package
    with rt.writing():
        _check_email_free(rt, values.get("email"), except_id=person.id)
        rescheduled = _first_step_moved(rt, person, values.get("met_on"), calendar)
        if event_name:
            event = _known_event(rt, event_name, new_event)
            held_on = values.get("met_on", person.met_on)
            values["event_id"] = _event_id(rt, event, event_name, held_on)
        rt.store.update_contact(person.id, values)
        if rescheduled:
            rt.store.schedule(person.id, rescheduled)
    if event_name and event is None:
        say(f"New event {event_name!r}.")
    say(f"Updated {person.label}." + (f" Now {describe(rescheduled)}." if rescheduled else ""))
    if "notes" in values and person.notes:
        say(f"The notes were replaced; `followup note {person.id} TEXT` adds a line instead.")


@app.command(rich_help_panel=panels.CONTACTS)
def note(
    contact: ContactArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What to add.", show_default=False)],
) -> None:
    """Add a dated line to a contact's notes (edit --note replaces them)."""
    rt = runtime()
    person = rt.store.find_contact(contact)
    line = fields.bounded("TEXT", text).strip()
    if not line:
        raise InvalidValue("TEXT is empty: say what to note")
    dated = f"{rt.today.isoformat()}: {line}"
    with rt.writing():
        # Read again under the lock: a note added meanwhile by another command stays.
        notes = rt.store.contact(person.id).notes
        added = f"{notes}\n{dated}" if notes else dated
        rt.store.update_contact(person.id, {"notes": fields.bounded("the notes", added)})
    say(f"Noted for {person.label}.")


def _first_step_moved(
    rt: Runtime, person: Contact, met_on: Any, calendar: BusinessCalendar
) -> engine.FollowUpPlan | None:
    """A new step 1 when the meeting date changed before any touch was logged."""
    if met_on is None or met_on == person.met_on or person.status != ACTIVE:
        return None
    pending = rt.store.pending(person.id)
    if not pending or pending.plan.step != 1 or rt.store.touches(person.id):
        return None
    return engine.first_step(rt.config.cadence(person.cadence), met_on, calendar)


@app.command(rich_help_panel=panels.CONTACTS)
def delete(
    contact: ContactArg,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Really delete, with all touches.")
    ] = False,
) -> None:
    """Remove a contact and everything logged for them."""
    rt = runtime()
    person = rt.store.find_contact(contact)
    if not yes:
        if not sys.stdin.isatty():
            raise FollowupError(f"not deleting {person.label} without --yes")
        from rich.prompt import Confirm

        from followup.cli.render import err

        if not Confirm.ask(f"Delete {person.label} and all their touches?", console=err()):
            raise FollowupError("nothing deleted")
    with rt.writing():
        rt.store.delete_contact(person.id)
    say(f"Deleted {person.label}.")


def contact_record(person: Contact, next_due: str | None) -> dict[str, Any]:
    """A contact as JSON-ready data (the keys `show --json` and `list --json` promise)."""
    record = {
        "id": person.id,
        "name": person.name,
        "company": person.company,
        "title": person.title,
        "email": person.email,
        "phone": person.phone,
        "linkedin": person.linkedin,
        "tz": person.tz,
        "tags": person.tag_list,
        "notes": person.notes,
        "event": person.event_name,
        "met_on": person.met_on.isoformat(),
        "discussed": person.discussed,
        "promised": person.promised,
        "problem": person.problem,
        "decider": person.decider,
        "status": person.status,
        "cadence": person.cadence,
        "meeting_on": person.meeting_on.isoformat() if person.meeting_on else None,
        "closed_on": person.closed_on.isoformat() if person.closed_on else None,
        "close_reason": person.close_reason,
        "worked": person.worked,
        "lesson": person.lesson,
        "next_due": next_due,
    }
    return record


@app.command("list", rich_help_panel=panels.CONTACTS)
def list_contacts(
    status: Annotated[str | None, typer.Option(help=f"One of: {', '.join(STATUSES)}.")] = None,
    event: Annotated[str | None, typer.Option(help="Event name.")] = None,
    company: Annotated[str | None, typer.Option(help="Part of the company name.")] = None,
    tag: Annotated[str | None, typer.Option(help="A tag.")] = None,
    search: Annotated[str | None, typer.Option(help="Text anywhere in the profile.")] = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    """List contacts, filtered."""
    fmt = choose(as_json, as_csv)
    if status is not None and status not in STATUSES:
        raise InvalidValue(f"--status {status!r} is not one of: {', '.join(STATUSES)}")
    rt = runtime()
    found = rt.store.contacts(status=status, event=event, company=company, tag=tag, search=search)
    records = [contact_record(person, next_due) for person, next_due in found]
    columns = LIST_COLUMNS if fmt is Format.TABLE else [Column(key, key) for key in CONTACT_KEYS]
    emit(records, columns, fmt)
    if fmt is Format.TABLE:
        say(f"{len(records)} contact(s).")


@app.command(rich_help_panel=panels.CONTACTS)
def show(contact: ContactArg, as_json: JsonFlag = False) -> None:
    """A contact's profile, timeline of touches with their answers, and next follow-up."""
    rt = runtime()
    person = rt.store.find_contact(contact)
    pending = rt.store.pending(person.id)
    record = contact_record(person, pending.plan.due.isoformat() if pending else None)
    touches = rt.store.touches(person.id)
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
    record["touches"] = [
        {
            "date": touch.happened_on.isoformat(),
            "channel": touch.channel,
            "direction": touch.direction,
            "outcome": touch.outcome,
            "step": touch.step,
            "note": touch.note,
            "answers": touch.answers,
            "check_skipped": bool(touch.check_skipped),
            "skip_reason": touch.skip_reason,
        }
        for touch in touches
    ]
    if as_json:
        write_json(record)
    else:
        _print_profile(record)


def _print_profile(record: dict[str, Any]) -> None:
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


PROFILE_LABELS = (
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
    ("close_reason", "reason"),
    ("worked", "what worked"),
    ("lesson", "do more of"),
)
