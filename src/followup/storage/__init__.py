"""Storage: the schema, the SQLite connection, and every query the commands make."""
