"""services.reports: the funnel and the review of lost deals."""

from datetime import datetime

import pytest

from followup.context import Context
from followup.domain.valuecheck import KeptAnswer
from followup.errors import InvalidValue
from followup.services.closing import Close, close
from followup.services.contacts import NewContact, Profile, add_contact
from followup.services.reports import funnel, review
from followup.services.touches import LogTouch, RecordReply, log_touch, record_reply
from tests.services.conftest import Opener, Scripted


@pytest.fixture
def week(at: Opener) -> Context:
    """Ann answered after step 1; Bo was touched once and lost."""
    monday = at()
    for name in ("Ann Lee", "Bo Chen"):
        add_contact(monday, NewContact(name, Profile({"met_on": "2026-02-27"})))
        log_touch(monday, LogTouch(name))
    wednesday = at(datetime(2026, 3, 4, 9))
    record_reply(wednesday, RecordReply("ann"))
    close(wednesday, Close("bo", "lost", reason="no budget", lesson="ask about budget first"))
    return wednesday


def test_the_funnel_by_step_counts_touches_replies_and_results(week: Context) -> None:
    counted = funnel(week, "step")
    total = counted.total
    assert (total.contacts, total.touches, total.replies, total.lost) == (2, 2, 1, 1)
    assert total.reply_rate == 0.5 and total.median_days_to_reply == 2


def test_the_funnel_refuses_a_start_in_the_future(week: Context) -> None:
    with pytest.raises(InvalidValue, match="future"):
        funnel(week, "step", since="2026-03-05")


def test_the_review_brings_the_lost_back_with_their_lessons(week: Context) -> None:
    [lost] = review(week).lost
    assert (lost.name, lost.close_reason, lost.lesson) == (
        "Bo Chen",
        "no budget",
        "ask about budget first",
    )


def test_the_review_flags_an_answer_typed_again_but_not_one_kept_with_enter(at: Opener) -> None:
    add_contact(at(), NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    log_touch(at(), LogTouch("ann"))
    days = (datetime(2026, 3, 5, 9), datetime(2026, 3, 10, 9), datetime(2026, 3, 13, 9))
    for day, value, problem in zip(
        days,
        ("a benchmark", "a case study", "a pilot"),
        ("late deliveries", KeptAnswer("late deliveries"), KeptAnswer("late deliveries")),
        strict=True,
    ):
        person = Scripted({"value": value, "problem": problem, "decider": KeptAnswer("yes")})
        log_touch(at(day, interaction=person), LogTouch("ann"))
    assert list(review(at()).unchanged) == []
    retyped = Scripted({"value": "a peer intro", "problem": "late deliveries", "decider": "yes"})
    log_touch(at(datetime(2026, 3, 20, 9), interaction=retyped), LogTouch("ann"))
    flagged = [(item.key, item.times) for _, item in review(at()).unchanged]
    assert flagged == [("decider", 4), ("problem", 4)]


def test_review_lists_an_account_gone_silent_until_a_decider_is_named(at: Opener) -> None:
    from tests.services.conftest import added

    for name in ("Cy Diaz", "Di Ek"):
        added(at(), name, company="Silent GmbH", met_on="2026-02-27")
        log_touch(at(), LogTouch(name))
    added(at(), "Ed Fox", company="Loud AG", met_on="2026-02-27")
    log_touch(at(), LogTouch("ed"))
    record_reply(at(), RecordReply("ed"))
    added(at(), "Fay Gu", company="Loud AG", met_on="2026-02-27")
    log_touch(at(), LogTouch("fay"))
    # Loud AG answered once: only Silent GmbH went silent.
    assert [s.account.name for s in review(at()).silent_accounts] == ["Silent GmbH"]
    from followup.services.contacts import ContactEdit, edit_contact

    edit_contact(at(), ContactEdit("cy", Profile({"decider": "no: ask Dora Diaz"})))
    assert review(at()).silent_accounts == []
