"""`followup pipeline` through the real command: JSON and CSV for scripts."""

import csv
import io
import json

from tests.conftest import Followup

KEYS = [
    "contact_id", "name", "company", "status", "stage", "cadence", "days_silent", "last_touch",
    "kind", "step", "steps_total", "channel", "due", "days_overdue", "action",
]  # fmt: skip


def test_pipeline_json_and_csv_have_one_row_per_open_contact(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-02-25", now="2026-02-25")
    followup.ok("add", "Bo Chen", "--met", "2026-02-25", now="2026-02-25")
    followup.ok("log", "ann", now="2026-02-26")
    followup.ok("meeting", "bo", "--on", "2026-03-10", now="2026-02-26")
    rows = json.loads(followup.ok("pipeline", "--json", now="2026-03-05").out)
    assert [list(row) for row in rows] == [KEYS, KEYS]
    ann, bo = rows
    assert (ann["stage"], ann["days_silent"], ann["due"], ann["days_overdue"]) == (
        "silent", 7, "2026-03-03", 2,
    )  # fmt: skip
    assert (bo["stage"], bo["kind"], bo["due"], bo["days_silent"]) == (
        "after-meeting", "meeting", "2026-03-10", None,
    )  # fmt: skip
    table = list(csv.reader(io.StringIO(followup.ok("pipeline", "--csv", now="2026-03-05").out)))
    assert table[0] == KEYS and [row[1] for row in table[1:]] == ["Ann Lee", "Bo Chen"]
    only = json.loads(followup.ok("pipeline", "--stage", "after-meeting", "--json").out)
    assert [row["name"] for row in only] == ["Bo Chen"]
