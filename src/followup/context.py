"""What every use case runs with: storage, config, clock, calendar and interaction.

The CLI builds one ``Context`` per invocation; tests and Python callers build
their own (``Context.open``). Everything in it is made when first asked for, so
each command pays only for what it uses: ``today --count`` opens the store and
nothing else, while ``add`` also reads the config and builds the business
calendar (importing ``holidays`` only when a country is configured).
"""

import os
from contextlib import AbstractContextManager
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from types import TracebackType

from followup import config as configuration
from followup.clock import Clock, SystemClock
from followup.config import Config
from followup.domain.calendar import BusinessCalendar
from followup.domain.dates import parse_date
from followup.errors import FollowupError, InvalidValue
from followup.interaction import Interaction, NoInteraction
from followup.storage import Location, ServerUrl, Storage, open_storage

DB_VARIABLE = "FOLLOWUP_DB"
USER_VARIABLE = "FOLLOWUP_USER"


class StoreLocationError(FollowupError):
    """The store's location cannot be used."""


def store_location(db: str | Location | None = None) -> Location:
    """Where the store is: ``db`` when given, then ``FOLLOWUP_DB``, then the user data dir.

    A ``postgresql://`` URL is a team's database on a server; anything else, a file.
    """
    if isinstance(db, ServerUrl):
        return db
    if isinstance(db, Path):
        return db.expanduser()
    if db is not None and not db.strip():
        raise StoreLocationError("--db needs a file path or a postgresql:// URL")
    chosen = db or os.environ.get(DB_VARIABLE, "").strip()
    if chosen:
        return ServerUrl.parse(chosen) or Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path("followup") / "followup.db"


class Context:
    """One run of use cases against one store.

    ``label`` names this run's writes in the undo journal: the CLI passes the
    command line, so that ``undo --list`` shows what each change was.
    """

    def __init__(
        self,
        location: Location,
        *,
        clock: Clock | None = None,
        interaction: Interaction | None = None,
        config: Config | None = None,
        label: str = "python",
    ):
        self.location = location
        self.clock = clock or SystemClock()
        self.interaction = interaction or NoInteraction()
        self.label = label
        if config is not None:
            self.__dict__["config"] = config

    @classmethod
    def open(
        cls,
        db: str | Location | None = None,
        *,
        clock: Clock | None = None,
        interaction: Interaction | None = None,
        config: Config | None = None,
        label: str = "python",
    ) -> "Context":
        """A context for the store at ``db`` (default: ``FOLLOWUP_DB``, then the data dir)."""
        return cls(
            store_location(db), clock=clock, interaction=interaction, config=config, label=label
        )

    @cached_property
    def now(self) -> datetime:
        return self.clock.now()

    @cached_property
    def today(self) -> date:
        return self.now.date()

    @cached_property
    def storage(self) -> Storage:
        storage = open_storage(self.location, self.now, self._named_user)
        if upgrade := storage.upgraded:
            self.interaction.notice(
                f"Upgraded the database from schema {upgrade.old_version} to "
                f"{upgrade.new_version}; backup: {upgrade.backup}"
            )
        return storage

    @cached_property
    def config(self) -> Config:
        return configuration.load()

    @cached_property
    def user(self) -> str | None:
        """The seller running this: ``FOLLOWUP_USER``, else ``user.name``, else the login.

        On a team's database, the role the connection is (which those name, unless the
        URL names another). None only where the system knows no login name either.
        """
        if isinstance(self.location, ServerUrl):
            return self.storage.seller
        if named := self._named_user:
            return named
        import getpass

        from followup.domain.fields import seller

        try:
            return seller("the login name", getpass.getuser())
        except (OSError, KeyError, InvalidValue):  # none known, or none to show on one line
            return None

    @cached_property
    def _named_user(self) -> str | None:
        """The seller ``FOLLOWUP_USER`` or ``user.name`` names, if either does."""
        from followup.domain.fields import seller

        if given := os.environ.get(USER_VARIABLE, "").strip():
            return seller(USER_VARIABLE, given)
        return self.config.user_name

    @property
    def shared(self) -> bool:
        """Whether the store is a team's: commands show the seller's own by default."""
        return isinstance(self.location, ServerUrl)

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(self.config.public_holidays(), self.storage.away.periods())

    def day(self, when: date | str) -> date:
        """``when`` as a day: a date as it is, text as a person types it (``friday``, ``+3bd``)."""
        return when if isinstance(when, date) else parse_date(when, self.today, self.calendar)

    def writing(self) -> AbstractContextManager[None]:
        """One transaction for this run's writes, filed in the undo journal under ``label``."""
        return self.storage.writing(self.label)

    def close(self) -> None:
        if "storage" in self.__dict__:
            self.storage.close()
            del self.__dict__["storage"]

    def __enter__(self) -> "Context":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
