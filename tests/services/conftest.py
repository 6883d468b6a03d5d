"""Services run in this process on both engines, with the clock pinned: a real SQLite
file, and a real PostgreSQL database (tests/pgserver.py).

``Scripted`` is the Interaction a test writes the person's side of: the answers it
gives, the confirmations, and a record of what it was asked and shown.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from followup.clock import FixedClock
from followup.config import Config
from followup.context import Context
from followup.interaction import Advance, Interaction, ValueCheck
from followup.storage import Location
from tests.conftest import ENGINES, store_location

MONDAY = datetime(2026, 3, 2, 9, 0)  # as the CLI tests pin it


@dataclass
class Scripted:
    """A person who answers as scripted; what they were asked and shown is kept."""

    answers: Mapping[str, str] = field(default_factory=dict)
    worked: str | None = None
    lesson: str | None = None
    confirms: bool = False
    interactive: bool = True
    checks: list[ValueCheck] = field(default_factory=list)
    asked_lessons: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    progress_steps: list[tuple[str, int | None, int]] = field(default_factory=list)

    def value_check(self, check: ValueCheck) -> dict[str, str]:
        self.checks.append(check)
        return {**check.given, **self.answers}

    def lessons(
        self,
        closing: str,
        worked: str | None,
        lesson: str | None,
        earlier: tuple[str | None, str | None],
    ) -> tuple[str | None, str | None]:
        self.asked_lessons.append(closing)
        return worked or self.worked, lesson or self.lesson

    def confirm(self, question: str) -> bool:
        self.questions.append(question)
        return self.confirms

    def notice(self, message: str) -> None:
        self.notices.append(message)

    @contextmanager
    def progress(self, description: str, total: int | None) -> Iterator[Advance]:
        done = 0

        def advance(steps: int = 1) -> None:
            nonlocal done
            done += steps

        yield advance
        self.progress_steps.append((description, total, done))


Opener = Callable[..., Context]


def added(ctx: Context, name: str, **profile: str) -> int:
    """Add ``name`` with the profile given as keywords (``company="Acme"``); their id."""
    from followup.services.contacts import NewContact, Profile, add_contact

    return add_contact(ctx, NewContact(name, Profile(profile))).contact_id


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Location:
    """The test's store, on each engine in turn (tests/conftest.py: ``store_location``)."""
    return store_location(request, tmp_path, monkeypatch)


@pytest.fixture
def at(db: Location) -> Iterator[Opener]:
    """``at(moment, interaction=…)``: a Context on the test's store at that moment.

    Each call is a new run, as a new command is: a new clock, the same file.
    """
    opened: list[Context] = []

    def context_at(
        moment: datetime = MONDAY,
        interaction: Interaction | None = None,
        config: Config | None = None,
    ) -> Context:
        # The built-in defaults, whatever config the machine running the tests has.
        ctx = Context.open(
            db,
            clock=FixedClock(moment),
            interaction=interaction,
            config=config or Config(),
            label="test",
        )
        opened.append(ctx)
        return ctx

    yield context_at
    for ctx in opened:
        ctx.close()


@pytest.fixture
def ctx(at: Opener) -> Context:
    """A run on Monday 2026-03-02, with nobody to ask."""
    return at()
