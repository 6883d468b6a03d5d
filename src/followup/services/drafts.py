"""Drafts and sending: the follow-up text from the contact's context and this touch's value.

`draft` runs the value check first, as `log` does, then renders the step's
template with what you know of them and the answers you just gave; `send` hands
that message to your own SMTP server and, once it took it, logs the touch with
the answers and the Message-ID, so that the next email replies in the thread.
"""

import os
from dataclasses import dataclass, replace
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from followup.config import Smtp
from followup.context import Context
from followup.domain import cadence as engine
from followup.domain.contact import Contact
from followup.errors import FollowupError
from followup.services.touches import Logged, LogTouch, answers_for, log_touch

if TYPE_CHECKING:  # Jinja2 is imported by what drafts, not by `--help` listing the commands
    from followup.formats.mail.templates import Template


@dataclass(frozen=True)
class Draft:
    """A follow-up ready to edit, copy or send, and the touch it will be logged as."""

    contact: Contact
    template: str  # its name: the step, "event-warm/2"
    to: str | None  # the contact's email, if they have one
    subject: str
    body: str
    touch: LogTouch  # the request, its answers checked


@dataclass(frozen=True)
class Sent:
    mail: EmailMessage
    logged: Logged | None  # None for a dry run


def draft(ctx: Context, request: LogTouch) -> Draft:
    """The contact's pending step as a message: the value check, then the template."""
    store = ctx.storage
    person = store.contacts.find(request.contact)
    pending = store.followups.pending(person.id)
    plan = pending.plan if pending else None
    if plan is None or plan.kind not in (engine.TOUCH, engine.NURTURE):
        what = engine.describe(plan) if plan else "nothing pending"
        raise FollowupError(f"{person.label} has {what}: no follow-up to draft")
    from followup.formats.mail import templates

    answers, _ = answers_for(ctx, person, plan, request)
    name = templates.step_name(
        engine.NURTURE if plan.kind == engine.NURTURE else person.cadence or "", plan.step
    )
    template = find_template(ctx, name)
    rendered = templates.render(template, _fields(ctx, person, answers))
    checked = replace(request, answers=answers, checked=True, answers_file=None)
    return Draft(person, name, person.email, rendered.subject, rendered.body, checked)


def log_draft(ctx: Context, made: Draft, subject: str, message_id: str | None = None) -> Logged:
    """Log the draft's touch with its answers (after it was edited, copied or sent)."""
    return log_touch(
        ctx, replace(made.touch, note=made.touch.note or subject, message_id=message_id)
    )


def send(ctx: Context, made: Draft, subject: str, body: str, dry_run: bool = False) -> Sent:
    """Send the draft through the configured SMTP server, then log it; with ``dry_run``,
    only the message that would be sent. Nothing is logged when the server refuses it."""
    from followup.formats.mail import smtp

    settings = sending_to(ctx, made.contact.id)
    person = made.contact
    assert person.email is not None  # sending_to refuses a contact without one
    from followup.formats.mail.message import message

    earlier = [touch.message_id for touch in ctx.storage.touches.of(person.id) if touch.message_id]
    mail = message(settings.sender, person.email, subject, body, ctx.now, earlier)
    if dry_run:
        return Sent(mail, None)
    smtp.send(settings, smtp.password(settings, os.environ), mail)
    sent = replace(made, touch=replace(made.touch, channel="email"))
    return Sent(mail, log_draft(ctx, sent, subject, str(mail["Message-ID"])))


def sending_to(ctx: Context, contact: str | int) -> Smtp:
    """The SMTP settings to send to ``contact`` with; refused before anything is asked when
    there are none, or the contact has no address, or it bounced."""
    settings = ctx.config.smtp
    if settings is None:
        raise FollowupError("no [smtp] in the config: set host and from (see followup send --help)")
    store = ctx.storage.contacts
    person = store.get(contact) if isinstance(contact, int) else store.find(contact)
    if not person.email:
        raise FollowupError(f"{person.label} has no email: `followup edit {person.id} --email …`")
    if person.bounced_email and person.bounced_email == person.email:
        raise FollowupError(
            f"{person.email} bounced: give {person.name} another address, or use another channel"
        )
    return settings


def find_template(ctx: Context, name: str) -> "Template":
    from followup.formats.mail import templates

    return templates.find(name, ctx.config.templates, templates_folder(ctx))


def templates_folder(ctx: Context) -> Path:
    """``templates/`` beside the config file (whether or not there is one)."""
    from followup.config import config_path

    return (ctx.config.path or config_path()).parent / "templates"


def _fields(ctx: Context, person: Contact, answers: dict[str, str]) -> dict[str, object]:
    sender = parseaddr(ctx.config.smtp.sender)[0] if ctx.config.smtp else ""
    context = {
        "first_name": person.name.split()[0] if person.name.split() else person.name,
        "name": person.name,
        "company": person.company,
        "title": person.title,
        "event": person.event_name,
        "met_on": person.met_on.isoformat(),
        "discussed": person.discussed,
        "promised": person.promised,
        "problem": answers.get("problem") or person.problem,
        "decider": answers.get("decider") or person.decider,
    }
    from followup.formats.mail.templates import ANSWERS

    given = {key: answers.get(key) for key in ANSWERS}
    return {**context, **given, "sender": sender}


def all_templates(ctx: Context) -> list["Template"]:
    """The template of every step of every cadence (yours too), and the nurture check-in."""
    from followup.formats.mail import templates

    names = [
        templates.step_name(cadence.name, number)
        for cadence in ctx.config.cadences.values()
        for number in range(1, len(cadence.steps) + 1)
    ]
    return [find_template(ctx, name) for name in [*names, engine.NURTURE]]


SAMPLE = {
    "first_name": "Maria", "name": "Maria Gonzalez", "company": "Northwind Logistics",
    "title": "VP Operations", "event": "SaaStr Annual 2026", "met_on": "2026-02-25",
    "discussed": "route planning", "promised": "the TMS benchmark",
    "problem": "late deliveries", "decider": "yes, with the CFO",
    "value": "a benchmark on their own lane data", "risk": "a free pilot on one lane",
    "stakes": "they lose the retail account", "learned": "they opened a second hub",
    "sender": "Sam Seller",
}  # fmt: skip


def check_templates(ctx: Context) -> list[tuple["Template", str | None]]:
    """Each template rendered against a sample contact: its error, or None."""
    from followup.formats.mail import templates

    checked: list[tuple[Template, str | None]] = []
    for template in all_templates(ctx):
        try:
            templates.render(template, SAMPLE)
        except templates.BadTemplate as error:
            checked.append((template, str(error)))
        else:
            checked.append((template, None))
    return checked
