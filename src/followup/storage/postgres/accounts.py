"""Accounts on a team's database: a conversation there holds colleagues' contacts too."""

from followup.storage.postgres.security import HOLD_COLLEAGUES
from followup.storage.sqlite.accounts import SqliteAccounts


class PostgresAccounts(SqliteAccounts):
    def hold_colleagues(self, account_id: int) -> int:
        (held,) = self.db.execute(
            f"SELECT {HOLD_COLLEAGUES}(?, ?)", (account_id, self.now)
        ).fetchone()
        return int(held)
