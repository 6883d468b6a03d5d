"""followup: a follow-up cadence manager for salespeople."""

__version__ = "0.1.0"
