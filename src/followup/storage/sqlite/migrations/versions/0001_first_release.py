"""Schema 1, the first released: events, contacts, touches, answers, follow-ups, away.

Databases at this revision were created from ``store/schema.py`` as it was in
followup 0.1.0 (tests/fixtures/schema-v1.db is one), so there is nothing to
do: this is the base the later revisions build on.
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing: a database reaches schema 1 by being created."""
