"""`followup review`: the lost contacts with their lessons, and answers that never moved.

Five people met on Monday 2 February 2026, worked with the real command:

- Ann's problem and decider answers change from one retry to the next: nothing to see.
- Bo answers `Budget` then `budget.` (the same, once case and the full stop are set
  aside) while his decider changes; he is lost on 2 March with a reason and a lesson.
- Cy has a single retry with answers: one answer cannot be said to never change.
- Di's decider is `Yes`, `yes`, `YES` on three retries, and the optional `risk` is
  the same both times it is given; her problem moves on.
- Ed is lost on 27 February without a lesson.
"""

import csv
import io
import json
import shutil
from typing import Any

import pytest

from tests.cli.test_hot_paths import heavy_modules_after
from tests.conftest import Followup

STEP_2, STEP_3, STEP_4 = "2026-02-06", "2026-02-11", "2026-02-17"


def retry(followup: Followup, name: str, now: str, **answers: str) -> None:
    args = [item for key, text in answers.items() for item in ("-a", f"{key}={text}")]
    followup.ok("log", name, *args, now=now)


@pytest.fixture(scope="module")
def reviewed_home(tmp_path_factory: pytest.TempPathFactory) -> Followup:
    maker = Followup(tmp_path_factory.mktemp("review"))
    for name, company in [("Ann Lee", "Acme"), ("Bo Chen", "Beta"), ("Cy Park", "Cyan"),
                          ("Di Nova", "Dune"), ("Ed Stone", None)]:  # fmt: skip
        extra = ["--company", company] if company else []
        maker.ok("add", name, *extra, "--event", "SaaStr", "--met", "2026-02-02", now="2026-02-02")
        maker.ok("log", name, now="2026-02-03")
    retry(maker, "Ann", STEP_2, value="benchmark", problem="churn", decider="yes")
    retry(maker, "Ann", STEP_3, value="case study", problem="churn in EMEA", decider="the CFO")
    retry(maker, "Bo", STEP_2, value="benchmark", problem="Budget", decider="yes")
    retry(maker, "Bo", STEP_3, value="case study", problem="budget.", decider="No: the CFO")
    retry(maker, "Cy", STEP_2, value="benchmark", problem="hiring", decider="yes")
    retry(maker, "Di", STEP_2, value="benchmark", problem="churn", decider="Yes", risk="pilot")
    retry(maker, "Di", STEP_3, value="case study", problem="pricing", decider="yes")
    retry(maker, "Di", STEP_4, value="ROI model", problem="churn again", decider="YES ",
          risk="Pilot.")  # fmt: skip
    maker.ok("lost", "Ed", "--reason", "went with a competitor", now="2026-02-27")
    maker.ok("lost", "Bo", "--reason", "budget frozen", "--worked", "the case study",
             "--lesson", "find the budget owner earlier", now="2026-03-02")  # fmt: skip
    return maker


@pytest.fixture
def reviewed(followup: Followup, reviewed_home: Followup) -> Followup:
    shutil.copy2(reviewed_home.db, followup.db)
    return followup


LOST = [
    {
        "contact_id": 2,
        "name": "Bo Chen",
        "company": "Beta",
        "event": "SaaStr",
        "closed_on": "2026-03-02",
        "close_reason": "budget frozen",
        "worked": "the case study",
        "lesson": "find the budget owner earlier",
    },
    {
        "contact_id": 5,
        "name": "Ed Stone",
        "company": None,
        "event": "SaaStr",
        "closed_on": "2026-02-27",
        "close_reason": "went with a competitor",
        "worked": None,
        "lesson": None,
    },
]
UNCHANGED = [
    {
        "contact_id": 2,
        "name": "Bo Chen",
        "company": "Beta",
        "status": "lost",
        "key": "problem",
        "answer": "budget.",
        "times": 2,
    },
    {
        "contact_id": 4,
        "name": "Di Nova",
        "company": "Dune",
        "status": "active",
        "key": "decider",
        "answer": "YES",
        "times": 3,
    },
    {
        "contact_id": 4,
        "name": "Di Nova",
        "company": "Dune",
        "status": "active",
        "key": "risk",
        "answer": "Pilot.",
        "times": 2,
    },
]


def test_review_json_lists_the_lost_most_recent_first_and_the_unchanged_answers(
    reviewed: Followup,
) -> None:
    result = reviewed.ok("review", "--json")
    assert json.loads(result.out) == {"lost": LOST, "unchanged": UNCHANGED, "silent_accounts": []}
    assert result.err == ""


def test_review_csv_is_one_table_with_a_section_column(reviewed: Followup) -> None:
    text = reviewed.ok("review", "--csv").out
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    header = next(csv.reader(io.StringIO(text)))
    assert header == [
        "section", "contact_id", "name", "company", "event", "closed_on", "close_reason",
        "worked", "lesson", "status", "key", "answer", "times", "account_id", "account",
        "people", "last_touch_on",
    ]  # fmt: skip

    def as_csv(section: str, record: dict[str, Any]) -> dict[str, str]:
        cells = {key: "" for key in header}
        cells.update({key: "" if value is None else str(value) for key, value in record.items()})
        return {**cells, "section": section}

    assert rows == [
        *(as_csv("lost", record) for record in LOST),
        *(as_csv("unchanged", record) for record in UNCHANGED),
    ]


def test_review_table_has_two_sections_titled_on_stderr(reviewed: Followup) -> None:
    result = reviewed.ok("review")
    lost_title = "Lost, with what worked and the lesson"
    unchanged_title = "Value-check answers that never changed"
    assert result.err.splitlines() == [lost_title, "", unchanged_title]
    lines = result.out.splitlines()
    assert lines[0].split() == ["id", "name", "company", "closed", "reason", "worked", "lesson"]
    assert "find the budget owner earlier" in lines[1]
    assert lines[2].split() == ["5", "Ed", "Stone", "2026-02-27", "went", "with", "a",
                                "competitor"]  # fmt: skip
    assert lines[3].split()[:5] == ["id", "name", "company", "status", "question"]
    assert lines[4].split() == ["2", "Bo", "Chen", "Beta", "lost", "problem", "2", "budget."]
    assert lines[5].split() == ["4", "Di", "Nova", "Dune", "active", "decider", "3", "YES"]
    assert len(lines) == 7


def test_nothing_to_review_is_said_on_stderr_and_exits_zero(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-02-27")
    result = followup.ok("review")
    assert result.out == ""
    assert result.err == (
        "Nothing to review: no lost contacts, every answer has moved on, no silent account.\n"
    )
    assert json.loads(followup.ok("review", "--json").out) == {
        "lost": [],
        "unchanged": [],
        "silent_accounts": [],
    }
    assert followup.ok("review", "--csv").out.count("\n") == 1  # the header alone


def test_only_the_lost_section_is_shown_when_every_answer_moved_on(followup: Followup) -> None:
    followup.ok("add", "Ann Lee", "--met", "2026-02-27")
    followup.ok("lost", "Ann", "--lesson", "call sooner")
    result = followup.ok("review")
    assert result.err == "Lost, with what worked and the lesson\n"
    assert "call sooner" in result.out


def test_review_json_imports_neither_the_orm_nor_rich(reviewed: Followup) -> None:
    watched = ("sqlmodel", "sqlalchemy", "pydantic", "rich")
    assert heavy_modules_after(reviewed, "review", "--json", watched=watched) == []
