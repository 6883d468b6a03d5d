"""The seam between a use case and a person: everything that asks, or shows progress.

Services never read a terminal. When a use case needs a person (the value-check
questions before a retry, the lessons of a won or lost deal, a confirmation) or
has long work to show, it asks its ``Interaction``. The CLI passes one that asks
on the terminal (``cli/terminal.py``) when there is one; a script, a test or a
Python caller gets ``NoInteraction``, which asks nobody, so the contract's
non-interactive behaviour applies: a missing answer is refused, a deletion
needs ``--yes``.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from followup.domain.contact import Contact
from followup.domain.valuecheck import Question

Advance = Callable[[int], None]
T = TypeVar("T")


@dataclass(frozen=True)
class ValueCheck:
    """What the value-check questions for one retry are asked with."""

    contact: Contact
    questions: Sequence[Question]
    given: Mapping[str, str]
    previous: Mapping[str, str]  # the latest answer to each question, to show
    earlier_values: Sequence[str]  # a new value may repeat none of these


class Interaction(Protocol):
    @property
    def interactive(self) -> bool:
        """Whether a person is there to ask."""
        ...

    def value_check(self, check: ValueCheck) -> dict[str, str]:
        """The answers, after asking for any that are missing or do not pass."""
        ...

    def lessons(
        self,
        closing: str,
        worked: str | None,
        lesson: str | None,
        earlier: tuple[str | None, str | None],
    ) -> tuple[str | None, str | None]:
        """What worked and what could have been done more, asking for what is not given."""
        ...

    def confirm(self, question: str) -> bool: ...

    def notice(self, message: str) -> None:
        """Tell the person something on the side, which the command's output is not."""
        ...

    def progress(self, description: str, total: int | None) -> AbstractContextManager[Advance]:
        """Show long work moving: the block gets a function to call with each step done."""
        ...


class NoInteraction:
    """Nobody to ask: every answer is what was given, and nothing is shown."""

    interactive = False

    def value_check(self, check: ValueCheck) -> dict[str, str]:
        return dict(check.given)

    def lessons(
        self,
        closing: str,
        worked: str | None,
        lesson: str | None,
        earlier: tuple[str | None, str | None],
    ) -> tuple[str | None, str | None]:
        return worked, lesson

    def confirm(self, question: str) -> bool:
        return False

    def notice(self, message: str) -> None:
        pass

    def progress(self, description: str, total: int | None) -> AbstractContextManager[Advance]:
        return nullcontext(_ignore)


def _ignore(steps: int = 1) -> None:
    """Progress nobody watches."""


class Counted(Generic[T]):
    """``items`` unchanged, counted and reported to ``advance`` as they are read."""

    def __init__(self, items: Iterable[T], advance: Advance):
        self.items = items
        self.advance = advance
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        for item in self.items:
            self.count += 1
            self.advance(1)
            yield item
