"""Lessons that come back: what won and lost deals taught, for the person in front of you.

A lesson is what a contact closed as won or lost left behind (what worked, what
could have been done more). It matters for someone new when they share that
contact's account, then their job title, then the event both were met at; the
most recent first within each, and only a few, so that it is read.
"""

from collections.abc import Iterable
from datetime import date

from followup.domain.records import Lesson

# Why a lesson matters, most telling first.
ACCOUNT, TITLE, EVENT = "account", "title", "event"
TIES = (ACCOUNT, TITLE, EVENT)
SHOWN = 3
# How many of each tie's most recent lessons are enough to rank the SHOWN first: a weaker
# tie is reached only while fewer than SHOWN are found, it may repeat every one of those,
# and one may be the person's own.
ENOUGH_PER_TIE = SHOWN + 1


def ranked(lessons: Iterable[Lesson], about: int | None = None, limit: int = SHOWN) -> list[Lesson]:
    """The ``limit`` most relevant of ``lessons``, each contact's once, for its strongest tie.

    ``about`` is the contact they are for, whose own lesson is not brought back to them.
    """
    best: dict[int, Lesson] = {}
    for lesson in lessons:
        person = lesson.contact
        if person.id == about or not (person.worked or person.lesson):
            continue
        kept = best.get(person.id)
        if kept is None or TIES.index(lesson.because) < TIES.index(kept.because):
            best[person.id] = lesson
    # The most recent first within each tie; a closing without a day counts as oldest.
    by_recency = sorted(
        best.values(),
        key=lambda lesson: (lesson.contact.closed_on or date.min, lesson.contact.id),
        reverse=True,
    )
    return sorted(by_recency, key=lambda lesson: TIES.index(lesson.because))[:limit]
