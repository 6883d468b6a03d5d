"""One exception family for everything a user can get wrong.

Each error carries the exit code the contract gives it; the CLI maps them to a
one-line message in one place (``followup.cli.app``).
"""


class FollowupError(Exception):
    """The request could not be carried out (exit code 1)."""

    exit_code = 1


class UsageError(FollowupError):
    """The command line itself is malformed (exit code 2)."""

    exit_code = 2


class NotFound(FollowupError):
    """No contact, event or cadence matches what the user named."""


class Ambiguous(FollowupError):
    """A name matches more than one contact; the message lists them."""


class InvalidValue(FollowupError):
    """A date, duration, option value or config entry cannot be used."""


class ValueCheckRefused(FollowupError):
    """The value-check gate refused a retry; the message names the keys."""


class ConfigError(FollowupError):
    """The TOML config file is unreadable or has a bad entry."""


class DatabaseError(FollowupError):
    """The store cannot be opened, read or written."""
