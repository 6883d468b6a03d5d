"""Touches and the value-check answers given before each, in SQLite."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from followup.domain.records import Touch
from followup.domain.valuecheck import KeptAnswer
from followup.errors import NotFound
from followup.storage.sqlite import rows


class SqliteTouches(rows.Tables):
    def add(self, contact_id: int, values: Mapping[str, Any], answers: Mapping[str, str]) -> int:
        row = {"contact_id": contact_id, "check_skipped": False, **values, "created_at": self.now}
        touch_id = self.insert_row("touch", row)
        for question, text in answers.items():
            self.insert_row(
                "answer",
                {
                    "touch_id": touch_id,
                    "contact_id": contact_id,
                    "question": question,
                    "text": text,
                    "kept": isinstance(text, KeptAnswer),
                },
            )
        return touch_id

    def of(self, contact_id: int) -> list[Touch]:
        answers: dict[int, dict[str, str]] = {}
        for row in self.db.execute(
            "SELECT touch_id, question, text FROM answer WHERE contact_id = ? ORDER BY id",
            (contact_id,),
        ):
            answers.setdefault(row["touch_id"], {})[row["question"]] = row["text"]
        found = self.db.execute(
            "SELECT * FROM touch WHERE contact_id = ? ORDER BY happened_on, id", (contact_id,)
        ).fetchall()
        return [rows.touch(row, answers) for row in found]

    def get(self, touch_id: int) -> Touch:
        row = self.db.execute("SELECT * FROM touch WHERE id = ?", (touch_id,)).fetchone()
        if row is None:
            raise NotFound(f"no touch with id {touch_id}")
        answers: dict[int, dict[str, str]] = {touch_id: {}}
        for question, text in self.db.execute(
            "SELECT question, text FROM answer WHERE touch_id = ? ORDER BY id", (touch_id,)
        ):
            answers[touch_id][question] = text
        return rows.touch(row, answers)

    def update(self, touch_id: int, values: Mapping[str, Any]) -> None:
        self.update_row("touch", touch_id, values)

    def delete(self, touch_id: int) -> None:
        self.db.execute("DELETE FROM touch WHERE id = ?", (touch_id,))

    def last_on(self, contact_id: int) -> date | None:
        day = self.db.execute(
            "SELECT MAX(happened_on) FROM touch WHERE contact_id = ?", (contact_id,)
        ).fetchone()[0]
        return date.fromisoformat(day) if day else None

    def answers_to(self, contact_id: int, question: str) -> list[str]:
        found = self.db.execute(
            "SELECT text FROM answer WHERE contact_id = ? AND question = ? ORDER BY id",
            (contact_id, question),
        )
        return [text for (text,) in found]

    def latest_answers(self, contact_id: int) -> dict[str, str]:
        latest: dict[str, str] = {}
        for question, text in self.db.execute(
            "SELECT question, text FROM answer WHERE contact_id = ? ORDER BY id", (contact_id,)
        ):
            latest[question] = text
        return latest

    def answered_keys(self) -> set[str]:
        # Unordered on purpose: with ORDER BY, SQLite sorts every row of the table
        # first, which takes four times as long on a large store.
        return {key for (key,) in self.db.execute("SELECT DISTINCT question FROM answer")}
