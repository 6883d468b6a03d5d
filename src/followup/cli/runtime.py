"""What a command needs to run, built lazily so each command pays only for what it uses.

``today --count`` opens the database and nothing else; ``add`` also reads the
config and builds the business calendar (importing ``holidays`` only when a
country is configured).
"""

from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from followup import clock
from followup import config as _config
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import parse_date
from followup.storage.sqlite import connection
from followup.storage.sqlite.database import Store


@dataclass
class Runtime:
    db_option: str | None = None
    # What the user typed, for the undo journal: each command is one operation.
    command: str = ""

    @cached_property
    def now(self) -> datetime:
        return clock.now()

    @cached_property
    def today(self) -> date:
        return self.now.date()

    @cached_property
    def db_path(self) -> Path:
        return connection.resolve_path(self.db_option)

    @cached_property
    def store_files(self) -> tuple[Path, ...]:
        """The database and SQLite's files beside it: what no output file may ever be."""
        return connection.files(self.db_path)

    @cached_property
    def store(self) -> Store:
        return Store.open(self.db_path, self.now)

    @cached_property
    def config(self) -> _config.Config:
        return _config.load()

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(self.config.public_holidays(), self.store.away_periods())

    def writing(self) -> ContextManager[None]:
        """The command's write transaction, filed in the undo journal under its command line."""
        return self.store.writing(self.command)

    def date(self, text: str) -> date:
        """A date the user typed, read relative to today and this calendar."""
        return parse_date(text, self.today, self.calendar)

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.close()


_current = Runtime()


def runtime() -> Runtime:
    return _current


def start(db_option: str | None, command: str) -> Runtime:
    global _current
    _current = Runtime(db_option, command)
    return _current
