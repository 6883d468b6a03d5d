"""Everything that asks the user questions on a terminal.

Prompts and context go to stderr, so stdout stays clean even here.
"""

from collections.abc import Mapping, Sequence

from rich.prompt import Prompt

from followup.cli.render import as_markup, day, err
from followup.cli.runtime import runtime
from followup.domain import valuecheck
from followup.domain.cadence import DECIDE
from followup.domain.valuecheck import Question
from followup.errors import FollowupError, InvalidValue, UsageError
from followup.storage.records import Contact, DueItem

# What to say, for each reason valuecheck.answer_problem gives, before asking again.
ASK_AGAIN = {
    valuecheck.REQUIRED: "An answer is required.",
    valuecheck.REPEATED: "You gave that value before. What is new this time?",
}


def ask_value_check(
    contact: Contact,
    questions: Sequence[Question],
    given: Mapping[str, str],
    previous: Mapping[str, str],
    earlier_values: Sequence[str],
) -> dict[str, str]:
    """Ask each question not yet answered well, showing the previous answer.

    When the given answers already pass, nothing is asked; otherwise every question
    without a good answer is asked, the optional ones too (Enter skips them).
    """
    console = err()
    answers = valuecheck.cleaned(given)
    problems = {
        q.key: valuecheck.answer_problem(q, answers.get(q.key), earlier_values) for q in questions
    }
    if all(problem is None for problem in problems.values()):
        return answers
    pending = [q for q in questions if q.key not in answers or problems[q.key] is not None]
    console.print(
        f"[bold]Value check[/bold] for {as_markup(contact.name)}: "
        "silence usually means not enough value yet."
    )
    for question in pending:
        if question.key in previous:
            console.print(f"  [dim]previous: {as_markup(previous[question.key])}[/dim]")
        # Enter keeps what is still true (their problem, who decides); a new value
        # and the optional notes start blank, so nothing stale is carried forward.
        keep_previous = question.required and question.key != valuecheck.NEW_VALUE_KEY
        while True:
            text = Prompt.ask(
                f"{as_markup(question.text)}"
                + (" [red](required)[/red]" if question.required else ""),
                console=console,
                default=previous.get(question.key, "") if keep_previous else "",
                show_default=False,
            ).strip()
            problem = valuecheck.answer_problem(question, text, earlier_values)
            if problem is None:
                break
            console.print(f"  [yellow]{ASK_AGAIN[problem]}[/yellow]")
        if text:
            answers[question.key] = text
    return answers


def ask_lessons(
    status: str,
    worked: str | None,
    lesson: str | None,
    earlier: tuple[str | None, str | None] = (None, None),
) -> tuple[str | None, str | None]:
    """What worked, and what could have been done more, for a won or lost contact.

    Answers kept from an earlier closing are shown, and Enter keeps them.
    """
    console = err()
    console.print(f"[bold]Closing as {status}.[/bold] Two questions for next time (Enter to skip):")
    questions = (
        ("What worked?", worked, earlier[0]),
        ("What could you have done more?", lesson, earlier[1]),
    )
    answers = []
    for question, given, kept in questions:
        if given is None:
            if kept:
                console.print(f"  [dim]so far: {as_markup(kept)}[/dim]")
            given = Prompt.ask(question, console=console, default=kept or "", show_default=False)
        answers.append(given.strip() or None)
    return answers[0], answers[1]


def work_through(items: Sequence[DueItem]) -> None:
    """`today -i`: for each due item show its context, then log, reply, snooze, skip or quit."""
    import sys

    if not sys.stdin.isatty():
        raise UsageError("today -i needs a terminal; use `followup log` in scripts")
    console = err()
    if not items:
        console.print("Nothing due today.")
        return
    for number, item in enumerate(items, 1):
        console.rule(f"{number}/{len(items)}")
        _show_context(item)
        choices = (
            ["nurture", "restart", "lost", "skip", "quit"]
            if item.kind == DECIDE
            else ["log", "reply", "snooze", "skip", "quit"]
        )
        action = Prompt.ask("What now?", console=console, choices=choices, default=choices[0])
        if action == "quit":
            break
        if action == "skip":
            continue
        try:
            _do(action, item)
        except FollowupError as error:
            console.print(f"[red]{as_markup(str(error))}[/red]")


def _do(action: str, item: DueItem) -> None:
    from followup.cli import working

    contact = str(item.contact_id)
    console = err()
    if action == "log":
        outcome = Prompt.ask(
            "Outcome", console=console, choices=list(working.OUTCOMES), default="sent"
        )
        note = Prompt.ask("Note", console=console, default="", show_default=False).strip() or None
        working.log(contact, outcome=outcome, note=note)
    elif action == "reply":
        working.reply(contact)
    elif action == "snooze":
        working.snooze(contact, _ask_snooze_date())
    elif action == "nurture":
        working.nurture(contact)
    elif action == "restart":
        working.restart(contact)
    elif action == "lost":
        reason = (
            Prompt.ask("Why lost?", console=console, default="", show_default=False).strip() or None
        )
        working.lost(contact, reason=reason)


def _ask_snooze_date() -> str:
    """A date to snooze to, asked again until it reads as one (a typo skips nobody)."""
    from followup.cli import working

    console = err()
    while True:
        until = Prompt.ask("Snooze until", console=console, default="+3bd")
        try:
            working.snooze_target(runtime(), until)
        except InvalidValue as error:
            console.print(f"  [yellow]{as_markup(str(error))}[/yellow]")
            continue
        return until


def _show_context(item: DueItem) -> None:
    rt = runtime()
    person = rt.store.find_contact(str(item.contact_id))
    console = err()
    where = ", ".join(part for part in (person.title, person.company) if part)
    shown_where = f"  {as_markup(where)}" if where else ""
    console.print(f"[bold]{as_markup(person.name)}[/bold]{shown_where}")
    event = person.event_name
    console.print(f"  met {day(person.met_on)}" + (f" at {as_markup(event)}" if event else ""))
    for label, value in (
        ("discussed", person.discussed),
        ("promised", person.promised),
        ("problem", person.problem),
        ("decider", person.decider),
    ):
        if value:
            console.print(f"  [dim]{label}:[/dim] {as_markup(value)}")
    touches = rt.store.touches(person.id)
    if touches:
        last = touches[-1]
        console.print(
            f"  [dim]last touch:[/dim] {day(last.happened_on)} {last.channel} {last.outcome}"
        )
    step = (
        f"step {item.step}/{item.steps_total} {item.channel}: " if item.step else f"{item.kind}: "
    )
    late = item.days_overdue(rt.today)
    console.print(
        f"  [bold]{step}[/bold]{as_markup(item.action)}"
        + (f" [red]({late}d late)[/red]" if late else "")
    )
