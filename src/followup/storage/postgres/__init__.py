"""The PostgreSQL engine, for a team sharing one pipeline: being built (issue 17).

So far it says who may see and change what (``security``); the tables come from
the same declarations as SQLite's (``storage.schema.postgres_statements``).
"""
