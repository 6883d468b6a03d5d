"""Conditions that a partial index of the schema and the queries that use it share.

SQLite uses a partial index only for a query whose WHERE has the index's own terms,
so both are written from one text. Only stdlib here: every command imports the
queries, and the schema is not on their path.
"""

from followup.domain.status import LOST, WON

# A won or lost contact who kept what worked or a lesson (see domain/lessons.py).
LESSON_KEPT = f"status IN ('{WON}', '{LOST}') AND coalesce(worked, lesson) IS NOT NULL"
