"""Alembic's environment: run the revisions on the connection ``migrations.upgrade`` opened.

followup keeps its schema version in ``PRAGMA user_version``. Alembic's
version table is stamped from that number when the upgrade begins and dropped
when it ends, inside the same transaction, so the database never holds a
second record of its version that could disagree with the first.
"""

from alembic import context

from followup.storage.sqlite.migrations import VERSION_TABLE, revision

if context.is_offline_mode():
    raise SystemExit("followup's migrations run on an open database only, not as --sql")

connection = context.config.attributes["connection"]
# The caller's transaction (holding the write lock) spans every revision.
context.configure(connection=connection, version_table=VERSION_TABLE, transactional_ddl=True)
context.get_context().stamp(context.script, revision(context.config.attributes["version"]))
with context.begin_transaction():
    context.run_migrations()
connection.exec_driver_sql(f"DROP TABLE {VERSION_TABLE}")
