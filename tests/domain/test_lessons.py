"""Lessons: ranked by account, then title, then event, the most recent first, only a few."""

import itertools
from datetime import date, datetime

import pytest

from followup.domain.contact import Contact
from followup.domain.lessons import ACCOUNT, EVENT, SHOWN, TITLE, ranked
from followup.domain.records import Lesson

STAMP = datetime(2024, 1, 1, 9, 0)


def closed(
    contact_id: int,
    on: date | None = date(2025, 3, 1),
    *,
    worked: str | None = "A demo on site",
    lesson: str | None = "Call the CFO early",
    created_at: datetime = STAMP,
) -> Contact:
    return Contact(
        id=contact_id,
        name=f"Person {contact_id}",
        met_on=date(2024, 1, 1),
        status="won",
        created_at=created_at,
        updated_at=created_at,
        closed_on=on,
        worked=worked,
        lesson=lesson,
    )


def ids(lessons: list[Lesson]) -> list[int]:
    return [lesson.contact.id for lesson in lessons]


def test_lessons_rank_same_account_then_same_title_then_same_event_in_any_order() -> None:
    given = [
        Lesson(closed(1), EVENT),
        Lesson(closed(2), TITLE),
        Lesson(closed(3), ACCOUNT),
    ]
    for order in itertools.permutations(given):
        assert [lesson.because for lesson in ranked(order)] == [ACCOUNT, TITLE, EVENT]


def test_a_stronger_tie_beats_a_more_recent_closing() -> None:
    given = [Lesson(closed(1, date(2025, 6, 1)), EVENT), Lesson(closed(2, date(2023, 1, 1)), TITLE)]
    assert ids(ranked(given)) == [2, 1]


def test_within_one_tie_the_most_recently_closed_comes_first() -> None:
    given = [
        Lesson(closed(1, date(2025, 1, 10)), ACCOUNT),
        Lesson(closed(2, date(2025, 5, 2)), ACCOUNT),
        Lesson(closed(3, date(2024, 11, 30)), ACCOUNT),
    ]
    for order in itertools.permutations(given):
        assert ids(ranked(order)) == [2, 1, 3]


def test_ties_are_ranked_first_and_recency_only_within_each() -> None:
    given = [
        Lesson(closed(1, date(2025, 6, 1)), EVENT),
        Lesson(closed(2, date(2024, 1, 1)), ACCOUNT),
        Lesson(closed(3, date(2025, 2, 1)), TITLE),
        Lesson(closed(4, date(2025, 5, 1)), ACCOUNT),
        Lesson(closed(5, date(2023, 1, 1)), TITLE),
    ]
    assert ids(ranked(given, limit=5)) == [4, 2, 3, 5, 1]


@pytest.mark.parametrize(
    "ties", list(itertools.permutations([ACCOUNT, TITLE, EVENT])), ids="-".join
)
def test_a_contact_tied_several_ways_counts_once_for_its_strongest_tie(
    ties: tuple[str, ...],
) -> None:
    person = closed(1, date(2024, 1, 1))
    given = [Lesson(person, because) for because in ties]
    given.append(Lesson(closed(2, date(2025, 6, 1)), TITLE))
    found = ranked(given)
    assert ids(found) == [1, 2]
    assert found[0].because == ACCOUNT


def test_at_most_three_lessons_are_shown_by_default() -> None:
    given = [Lesson(closed(number, date(2025, 1, number)), ACCOUNT) for number in range(1, 8)]
    assert SHOWN == 3
    assert ids(ranked(given)) == [7, 6, 5]


def test_at_most_limit_lessons_are_shown() -> None:
    given = [Lesson(closed(number, date(2025, 1, number)), TITLE) for number in range(1, 8)]
    assert ids(ranked(given, limit=1)) == [7]
    assert ids(ranked(given, limit=5)) == [7, 6, 5, 4, 3]
    assert len(ranked(given, limit=20)) == 7


def test_the_contact_the_lessons_are_about_never_gets_its_own_lesson_back() -> None:
    given = [Lesson(closed(1, date(2025, 6, 1)), ACCOUNT), Lesson(closed(2), EVENT)]
    assert ids(ranked(given, about=1)) == [2]
    assert ids(ranked([Lesson(closed(1), ACCOUNT)], about=1)) == []


@pytest.mark.parametrize(
    ("worked", "lesson"),
    [(None, None), ("", ""), (None, ""), ("", None)],
)
def test_a_contact_without_worked_or_lesson_text_is_left_out(
    worked: str | None, lesson: str | None
) -> None:
    given = [
        Lesson(closed(1, worked=worked, lesson=lesson), ACCOUNT),
        Lesson(closed(2), EVENT),
    ]
    assert ids(ranked(given)) == [2]


@pytest.mark.parametrize(
    ("worked", "lesson"), [("A demo on site", None), (None, "Call the CFO early")]
)
def test_either_what_worked_or_the_lesson_is_enough(worked: str | None, lesson: str | None) -> None:
    given = [Lesson(closed(1, worked=worked, lesson=lesson), ACCOUNT)]
    assert ids(ranked(given)) == [1]


def test_no_lessons_rank_as_none() -> None:
    assert ranked([]) == []


def test_a_closing_without_a_day_counts_as_the_oldest() -> None:
    undated = closed(1, None, created_at=datetime(2025, 6, 1, 9, 0))
    dated = closed(2, date(2025, 1, 1))
    assert ids(ranked([Lesson(undated, ACCOUNT), Lesson(dated, ACCOUNT)])) == [2, 1]
