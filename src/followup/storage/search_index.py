"""The full-text index `search` reads: SQLite FTS5, kept current by triggers.

One row per contact's profile, per touch note and per value-check answer, each
with its contact. The ``unicode61`` tokenizer with ``remove_diacritics 2``
folds case and accents, so ``jurgen`` finds Jürgen. A row's id is its source's
id times ``KINDS`` plus its kind, so a change rewrites its own row in one seek.

Plain SQL: SQLModel cannot declare a virtual table, so a new store runs
``STATEMENTS`` after the tables (``schema.create_statements``), and the
migration that brought the index runs them too, then ``FILL``.
"""

TABLE = "search_index"
PROFILE, TOUCH_NOTE, ANSWER = 0, 1, 2
KINDS = 4  # room for one more kind of source
SOURCES = {PROFILE: "profile", TOUCH_NOTE: "touch note", ANSWER: "answer"}
PROFILE_FIELDS = (
    "name", "company", "title", "email", "phone", "linkedin", "tags", "notes",
    "discussed", "promised", "problem", "decider",
)  # fmt: skip


def _profile(row: str) -> str:
    return " || ' ' || ".join(f"coalesce({row}.{name}, '')" for name in PROFILE_FIELDS)


# Each source: its table, kind, the column naming its contact, its text (of row r), and
# the columns that text and contact are read from: an update of any other column (a
# status, an account) leaves the index alone.
_INDEXED = (
    ("contact", PROFILE, "id", _profile, PROFILE_FIELDS),
    ("touch", TOUCH_NOTE, "contact_id", lambda row: f"{row}.note", ("note", "contact_id")),
    ("answer", ANSWER, "contact_id", lambda row: f"{row}.text", ("text", "contact_id")),
)


def _triggers() -> list[str]:
    statements = []
    for table, kind, contact, text, read in _INDEXED:
        add = (
            f"INSERT INTO {TABLE} (rowid, contact_id, body) "
            f"SELECT new.id * {KINDS} + {kind}, new.{contact}, {text('new')} "
            f"WHERE {text('new')} IS NOT NULL;"
        )
        drop = f"DELETE FROM {TABLE} WHERE rowid = old.id * {KINDS} + {kind};"
        statements += [
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(read)} "
            f"ON {table} BEGIN {drop} {add} END",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {drop} END",
        ]
    return statements


STATEMENTS = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
    "contact_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')",
    *_triggers(),
]
# Everything already stored, indexed at once (the migration that added the index).
FILL = [
    f"INSERT INTO {TABLE} (rowid, contact_id, body) "
    f"SELECT id * {KINDS} + {kind}, {contact}, {text(table)} FROM {table} "
    f"WHERE {text(table)} IS NOT NULL"
    for table, kind, contact, text, _ in _INDEXED
]
