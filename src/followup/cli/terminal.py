"""The ``Interaction`` of a person at a terminal: prompts and progress bars, with Rich.

Prompts and context go to stderr, so stdout stays clean even here. Questions are
asked only when stdin is a terminal (``asks``); a progress bar is drawn only when
stderr is one, and only for work long enough to see it move.
"""

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from followup.cli.render import as_markup, err
from followup.domain import valuecheck
from followup.domain.text import printable
from followup.interaction import Advance, NoInteraction, ValueCheck

# What to say, for each reason valuecheck.answer_problem gives, before asking again.
ASK_AGAIN = {
    valuecheck.REQUIRED: "An answer is required.",
    valuecheck.REPEATED: "You gave that value before. What is new this time?",
}
# Below this many steps a bar would flash by: not worth drawing (or importing Rich for).
PROGRESS_THRESHOLD = 1000


class Terminal:
    """Asks on the terminal when ``asks`` (stdin is one); shows progress when stderr is one."""

    def __init__(self, asks: bool, shows_progress: bool):
        self.interactive = asks
        self.shows_progress = shows_progress

    def value_check(self, check: ValueCheck) -> dict[str, str]:
        """Ask each question not yet answered well, showing the previous answer.

        When the given answers already pass, nothing is asked; otherwise every
        question without a good answer is asked, the optional ones too (Enter skips).
        """
        if not self.interactive:
            return NoInteraction().value_check(check)
        from rich.prompt import Prompt

        console = err()
        answers = valuecheck.cleaned(check.given)
        problems = {
            question.key: valuecheck.answer_problem(
                question, answers.get(question.key), check.earlier_values
            )
            for question in check.questions
        }
        if all(problem is None for problem in problems.values()):
            return answers
        console.print(
            f"[bold]Value check[/bold] for {as_markup(check.contact.name)}: "
            "silence usually means not enough value yet."
        )
        for question in check.questions:
            if question.key in answers and problems[question.key] is None:
                continue
            if question.key in check.previous:
                console.print(f"  [dim]previous: {as_markup(check.previous[question.key])}[/dim]")
            # Enter keeps what is still true (their problem, who decides), marked as kept
            # so that `review` does not take it for a retyped answer; a new value and
            # the optional notes start blank, so nothing stale is carried forward.
            keep_previous = question.required and question.key != valuecheck.NEW_VALUE_KEY
            previous = check.previous.get(question.key) if keep_previous else None
            while True:
                text: str = Prompt.ask(
                    f"{as_markup(question.text)}"
                    + (" [red](required)[/red]" if question.required else "")
                    + (" [dim](Enter keeps it)[/dim]" if previous else ""),
                    console=console,
                    default="",
                    show_default=False,
                ).strip()
                if not text and previous:
                    text = valuecheck.KeptAnswer(previous)
                problem = valuecheck.answer_problem(question, text, check.earlier_values)
                if problem is None:
                    break
                console.print(f"  [yellow]{ASK_AGAIN[problem]}[/yellow]")
            if text:
                answers[question.key] = text
        return answers

    def lessons(
        self,
        closing: str,
        worked: str | None,
        lesson: str | None,
        earlier: tuple[str | None, str | None],
    ) -> tuple[str | None, str | None]:
        """What worked, and what could have been done more; Enter keeps an earlier answer."""
        if not self.interactive:
            return worked, lesson
        from rich.prompt import Prompt

        console = err()
        console.print(
            f"[bold]Closing as {closing}.[/bold] Two questions for next time (Enter to skip):"
        )
        questions = (
            ("What worked?", worked, earlier[0]),
            ("What could you have done more?", lesson, earlier[1]),
        )
        answers = []
        for question, given, kept in questions:
            if given is None:
                if kept:
                    console.print(f"  [dim]so far: {as_markup(kept)}[/dim]")
                given = Prompt.ask(
                    question, console=console, default=kept or "", show_default=False
                )
            answers.append(given.strip() or None)
        return answers[0], answers[1]

    def notice(self, message: str) -> None:
        # Plain, not Rich: a path in the message must not be wrapped at the terminal's width.
        print(printable(message), file=sys.stderr)

    def confirm(self, question: str) -> bool:
        if not self.interactive:
            return False
        from rich.prompt import Confirm

        return bool(Confirm.ask(as_markup(question), console=err()))

    def progress(self, description: str, total: int | None) -> AbstractContextManager[Advance]:
        if not self.shows_progress or (total or 0) < PROGRESS_THRESHOLD:
            return NoInteraction().progress(description, total)
        return _bar(description, total)


@contextmanager
def _bar(description: str, total: int | None) -> Iterator[Advance]:
    from rich.progress import Progress

    bar = Progress(console=err(), transient=True)
    bar.start()
    task = bar.add_task(description, total=total)

    def advance(steps: int) -> None:
        bar.advance(task, steps)

    try:
        yield advance
    finally:
        bar.stop()
