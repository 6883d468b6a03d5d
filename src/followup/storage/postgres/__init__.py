"""The PostgreSQL engine, for a team sharing one pipeline: being built (issue 17).

So far: who may see and change what (``security``), and a connection that runs
the SQLite engine's queries as they are written (``connection``, the seam between
the engines); the tables come from the same declarations as SQLite's
(``storage.schema.postgres_statements``).
"""
