"""Ten weeks after a trade show, worked one day at a time with the real `followup` command.

Five people are met at SaaStr Annual 2026 on Wednesday 2026-02-25. Then the user
runs `followup today --json` on every calendar day up to 2026-05-07 (the clock
pinned through FOLLOWUP_NOW) and handles what it lists, the way the README's
"A day with followup" does:

- Maria never answers: every touch goes out on its due day, the cadence runs out,
  a `decide` item appears, she goes to nurture, and later gets a new angle.
- Kenji's second touch is logged two days late; the rest counts from that day.
  He is lost in the end, with a lesson.
- Priya replies after the third touch: the answer is due the next business day.
  She books a meeting, which is due on its day, then the recap; she is won.
- Tom books a meeting straight after the second touch; after it, every step of the
  after-meeting cadence chases the decision, and he is won at its `decide` item.
- Lena's third touch is snoozed a week; the rest counts from when it is logged.
- From Monday 2026-03-23 to Friday 2026-03-27 the user is away.

AGENDA says, as literal dates worked out by hand from the contract, what
`today` must list and when; every day the list must match it exactly, so a
follow-up that shows up early, late, twice, or after its cadence stopped fails.
The default cadence is event-warm: waits of 1, 3, 3, 4, 5, 10, 10 business days
(bd), each counted from the day the previous touch actually happened, then a
`decide` item 10 bd after step 7. A reply starts `engaged` (1, 3, 4, 10 bd); the
business day after a meeting, `after-meeting` (1, 5, 5, 10 bd).
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tests.conftest import Followup

EVENT = "SaaStr Annual 2026"
MET = "2026-02-25"  # a Wednesday
LAST_DAY = "2026-05-07"
AWAY = (date(2026, 3, 23), date(2026, 3, 27))  # Monday to Friday

PEOPLE = {
    "Maria Gonzalez": "Northwind Logistics",
    "Kenji Watanabe": "Hikari Foods",
    "Priya Raman": "Quanta Retail",
    "Tom Becker": "Becker Bau",
    "Lena Novak": "Fjord Analytics",
}
EVENT_WARM, ENGAGED, AFTER_MEETING = "event-warm", "engaged", "after-meeting"
# Each cadence's channel by step.
CHANNELS = {
    cadence: dict(enumerate(channels.split(), 1))
    for cadence, channels in {
        EVENT_WARM: "email email call linkedin email call email",
        ENGAGED: "email email call email",
        AFTER_MEETING: "email email call email",
    }.items()
}
# Each retry brings something new: the value-check refuses a `value` given before.
NEW_VALUE = {
    2: "the benchmark on their own data",
    3: "a two-line summary of the benchmark for their boss",
    4: "a comment on their post about peak season",
    5: "a one-site pilot with no commitment",
    6: "an intro to a peer who made the switch",
    7: "the Q3 capacity report when it is out",
}
# After the meeting the chase brings something new too: not what the cadence before used.
NEW_VALUE_AFTER_MEETING = {
    2: "the rollout plan they asked for, with dates",
    3: "the answers from legal on the data clause",
    4: "a price held until the end of the quarter",
}


@dataclass(frozen=True)
class Due:
    """One line `today` must show: from `due` until the day it is handled (default: `due`).

    `by` says how it is handled: "log" (the loop logs the touch), anything else
    is done by that day's entry in DIARY.
    """

    name: str
    what: int | str  # the step, or "decide", or "meeting"
    due: str
    handled: str | None = None
    by: str = "log"
    cadence: str = EVENT_WARM

    @property
    def until(self) -> str:
        return self.handled or self.due


AGENDA = (
    # Step 1 for everyone: 1 bd after meeting on Wed 02-25.
    *(Due(name, 1, "2026-02-26") for name in PEOPLE),
    # Step 2 for everyone: 3 bd after Thu 02-26 (Fri, Mon, Tue).
    *(Due(name, 2, "2026-03-03") for name in PEOPLE if name != "Kenji Watanabe"),
    #
    # Maria: every touch on its due day.
    Due("Maria Gonzalez", 3, "2026-03-06"),  # Fri: 3 bd after Tue 03-03
    Due("Maria Gonzalez", 4, "2026-03-12"),  # Thu: 4 bd after Fri 03-06
    Due("Maria Gonzalez", 5, "2026-03-19"),  # Thu: 5 bd after Thu 03-12
    # 10 bd after Thu 03-19 was Thu 04-02; the away week is skipped, so a week later.
    Due("Maria Gonzalez", 6, "2026-04-09"),
    Due("Maria Gonzalez", 7, "2026-04-23"),  # Thu: 10 bd after Thu 04-09
    Due("Maria Gonzalez", "decide", "2026-05-07", by="nurture"),  # 10 bd after step 7
    #
    # Kenji: step 2 logged on Thu 03-05, two days late.
    Due("Kenji Watanabe", 2, "2026-03-03", handled="2026-03-05"),
    Due("Kenji Watanabe", 3, "2026-03-10"),  # Tue: 3 bd after Thu 03-05 (not after 03-03)
    Due("Kenji Watanabe", 4, "2026-03-16"),  # Mon: 4 bd after Tue 03-10
    # 5 bd after Mon 03-16 was Mon 03-23, the first day away: Tue-Fri, then Mon 03-30.
    Due("Kenji Watanabe", 5, "2026-03-30"),
    Due("Kenji Watanabe", 6, "2026-04-13"),  # Mon: 10 bd after Mon 03-30
    Due("Kenji Watanabe", 7, "2026-04-27", by="lost"),  # Mon: 10 bd after Mon 04-13
    #
    # Priya: step 3 on Fri 03-06, replies Mon 03-09; step 4 (Thu 03-12) never shows.
    Due("Priya Raman", 3, "2026-03-06"),
    Due("Priya Raman", 1, "2026-03-10", cadence=ENGAGED),  # Tue: 1 bd after the reply
    # Books on Wed 03-11 for Wed 03-18; engaged step 2 (Fri 03-13) never shows.
    Due("Priya Raman", "meeting", "2026-03-18", cadence=AFTER_MEETING),
    Due("Priya Raman", 1, "2026-03-19", cadence=AFTER_MEETING),  # Thu: the recap
    # Won on Fri 03-20: after-meeting step 2 (Thu 03-26) never shows.
    #
    # Tom: books a meeting on Wed 03-04 for Fri 03-06; step 3 (Fri 03-06) never shows.
    Due("Tom Becker", "meeting", "2026-03-06", cadence=AFTER_MEETING),
    Due("Tom Becker", 1, "2026-03-09", cadence=AFTER_MEETING),  # Mon: 1 bd after the meeting
    Due("Tom Becker", 2, "2026-03-16", cadence=AFTER_MEETING),  # Mon: 5 bd after Mon 03-09
    # 5 bd after Mon 03-16 was Mon 03-23, the first day away: then Mon 03-30.
    Due("Tom Becker", 3, "2026-03-30", cadence=AFTER_MEETING),
    Due("Tom Becker", 4, "2026-04-13", cadence=AFTER_MEETING),  # Mon: 10 bd after Mon 03-30
    Due("Tom Becker", "decide", "2026-04-27", by="won", cadence=AFTER_MEETING),  # 10 bd later
    #
    # Lena: step 3 snoozed a week on its due day, then logged on the new date.
    Due("Lena Novak", 3, "2026-03-06", by="snooze"),
    Due("Lena Novak", 3, "2026-03-13"),  # Fri: `snooze lena +1w` on Fri 03-06
    Due("Lena Novak", 4, "2026-03-19"),  # Thu: 4 bd after Fri 03-13, the snoozed touch
    # 5 bd after Thu 03-19 was Thu 03-26, inside the away week: Fri 03-20, then Mon-Thu.
    Due("Lena Novak", 5, "2026-04-02"),
    Due("Lena Novak", 6, "2026-04-16"),  # Thu: 10 bd after Thu 04-02
    Due("Lena Novak", 7, "2026-04-30"),  # Thu: 10 bd after Thu 04-16
    # Her decide item: 10 bd after Thu 04-30 is Thu 05-14, after the last day worked here.
)


# -- reading the command's output ------------------------------------------------------


def today_json(followup: Followup, day: str) -> list[dict[str, Any]]:
    return json.loads(followup.ok("today", "--json", now=day).out)


def show(followup: Followup, contact: str, day: str) -> dict[str, Any]:
    return json.loads(followup.ok("show", contact, "--json", now=day).out)


def as_date(text: str) -> date:
    return date.fromisoformat(text)


def calendar_days(first: str, last: str) -> Iterator[str]:
    day = as_date(first)
    while day <= as_date(last):
        yield day.isoformat()
        day += timedelta(days=1)


def is_business_day(text: str) -> bool:
    day = as_date(text)
    return day.weekday() < 5 and not AWAY[0] <= day <= AWAY[1]


def what(item: dict[str, Any]) -> int | str:
    return item["step"] if item["kind"] == "touch" else item["kind"]


Line = tuple[str, str, int | str, str, int]


def listed(items: list[dict[str, Any]]) -> list[Line]:
    """Each item as (name, cadence, step or kind, due, days_overdue), in a stable order."""
    rows = [
        (item["name"], item["cadence"], what(item), item["due"], item["days_overdue"])
        for item in items
    ]
    return sorted(rows, key=str)


def expected_on(day: str) -> list[Line]:
    rows = [
        (e.name, e.cadence, e.what, e.due, (as_date(day) - as_date(e.due)).days)
        for e in AGENDA
        if e.due <= day <= e.until
    ]
    return sorted(rows, key=str)


def assert_most_urgent_first(items: list[dict[str, Any]]) -> None:
    """First touches first, then the most overdue."""
    first = [item["kind"] == "touch" and item["step"] == 1 for item in items]
    assert first == sorted(first, reverse=True), items
    late = [
        item["days_overdue"]
        for item in items
        if not (item["kind"] == "touch" and item["step"] == 1)
    ]
    assert late == sorted(late, reverse=True), items


STAGE = {EVENT_WARM: "silent", ENGAGED: ENGAGED, AFTER_MEETING: AFTER_MEETING}


def assert_shaped_like_the_contract(item: dict[str, Any]) -> None:
    assert item["company"] == PEOPLE[item["name"]]
    assert item["stage"] == STAGE[item["cadence"]]
    if item["kind"] == "touch":
        assert item["steps_total"] == len(CHANNELS[item["cadence"]])
        assert item["channel"] == CHANNELS[item["cadence"]][item["step"]]
        assert item["action"]
    elif item["kind"] == "meeting":
        assert (item["step"], item["channel"]) == (None, "in-person")
        assert item["action"] == "Prepare: their problem, the decider, what you promised"
    else:
        assert item["kind"] == "decide"
        assert item["step"] is None and item["channel"] is None


# -- what the user does ----------------------------------------------------------------


def value_check(step: int) -> list[str]:
    return [
        *("-a", f"value={NEW_VALUE[step]}"),
        *("-a", "problem=on-time delivery at peak season"),
        *("-a", "decider=yes, with the CFO"),
    ]


def log_touch(followup: Followup, entry: Due, day: str) -> None:
    """Send the step on its channel: calls end in a voicemail; retries pass the value check.

    Answering a reply and the recap after a meeting are not retries; a meeting is logged
    as it is.
    """
    if entry.what == "meeting":
        followup.ok("log", entry.name, "--note", "met at their office", now=day)
        return
    step = int(entry.what)
    outcome = "voicemail" if CHANNELS[entry.cadence][step] == "call" else "sent"
    answers = value_check(step) if step > 1 else []
    if entry.cadence == AFTER_MEETING and step > 1:
        answers[1] = f"value={NEW_VALUE_AFTER_MEETING[step]}"
    followup.ok("log", entry.name, "--outcome", outcome, *answers, now=day)


def meet_everyone_at_saastr(followup: Followup) -> None:
    followup.ok("event", "add", EVENT, "--date", MET, "--place", "San Mateo", now=MET)
    for name, company in PEOPLE.items():
        first = name.split()[0].lower()
        email = first + "@" + company.split()[0].lower() + ".example"
        # A badge scan and a card: every channel of event-warm reaches them.
        added = followup.ok(
            "add", name, "--company", company, "--email", email, "--event", EVENT,
            "--phone", "+1 650 555 0100", "--linkedin", f"https://www.linkedin.com/in/{first}",
            "--promised", "send the benchmark", "--problem", "late deliveries",
            "--decider", "not sure yet", now=MET,
        )  # fmt: skip
        assert added.out.strip().isdigit()
    assert today_json(followup, MET) == []  # step 1 is tomorrow
    maria = show(followup, "Maria", MET)
    assert (maria["event"], maria["met_on"], maria["status"]) == (EVENT, MET, "active")
    assert maria["next_due"] == "2026-02-26"


# -- the diary: what else happens, in the evening of the day it is keyed by ------------


def tom_books_a_meeting(followup: Followup, day: str) -> None:
    followup.ok("meeting", "tom", "--on", "friday", now=day)
    tom = show(followup, "tom", day)
    assert tom["status"] == "meeting"
    assert tom["meeting_on"] == "2026-03-06"  # the Friday after Wed 03-04
    assert (tom["next"]["kind"], tom["next_due"]) == ("meeting", "2026-03-06")


def lena_is_snoozed_a_week(followup: Followup, day: str) -> None:
    followup.ok("snooze", "lena", "+1w", "--reason", "at a trade fair", now=day)
    lena = show(followup, "lena", day)
    assert lena["next_due"] == "2026-03-13"
    assert lena["next"]["step"] == 3


def priya_replies(followup: Followup, day: str) -> None:
    followup.ok("reply", "priya", "--via", "linkedin", "--note", "Call me next week", now=day)
    priya = show(followup, "priya", day)
    assert priya["status"] == "engaged"
    assert (priya["next"]["action"], priya["next_due"]) == (
        "Answer and propose two meeting times",
        "2026-03-10",
    )
    assert priya["touches"][-1]["date"] == day
    assert (priya["touches"][-1]["direction"], priya["touches"][-1]["outcome"]) == ("in", "replied")


def priya_books_a_meeting(followup: Followup, day: str) -> None:
    followup.ok("meeting", "priya", "--on", "2026-03-18", now=day)
    priya = show(followup, "priya", day)
    assert (priya["status"], priya["meeting_on"]) == ("meeting", "2026-03-18")
    assert (priya["next"]["kind"], priya["next_due"]) == ("meeting", "2026-03-18")


def priya_is_won(followup: Followup, day: str) -> None:
    followup.ok(
        "won", "priya", "--worked", "the benchmark on their own data",
        "--lesson", "ask for the meeting in the first email", now=day,
    )  # fmt: skip


def the_user_goes_away_for_a_week(followup: Followup, day: str) -> None:
    away = followup.ok("away", AWAY[0].isoformat(), AWAY[1].isoformat(), now=day)
    assert "moved 4 follow-up(s)" in away.err  # Maria's, Kenji's, Lena's and Tom's
    assert show(followup, "kenji", day)["next_due"] == "2026-03-30"  # was Mon 03-23
    assert show(followup, "lena", day)["next_due"] == "2026-04-02"  # was Thu 03-26


def tom_is_won(followup: Followup, day: str) -> None:
    followup.ok("won", "tom", "--worked", "the rollout plan with dates", now=day)
    assert show(followup, "tom", day)["next"] is None


def kenji_is_lost(followup: Followup, day: str) -> None:
    followup.ok(
        "lost", "kenji", "--reason", "they build it in-house",
        "--worked", "the voicemails got him to read the emails",
        "--lesson", "find out who decides before the third touch", now=day,
    )  # fmt: skip


def maria_runs_out_and_goes_to_nurture(followup: Followup, day: str) -> None:
    before = followup.dump()
    refused = followup("log", "maria", *value_check(7), now=day)
    assert refused.code == 1
    assert "nurture" in refused.err and "restart" in refused.err and "lost" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert followup.dump() == before

    followup.ok("nurture", "maria", now=day)
    maria = show(followup, "maria", day)
    assert maria["status"] == "nurture"
    # The default nurture interval: 60 days after Thu 05-07 is Mon 07-06.
    assert (maria["next"]["kind"], maria["next_due"]) == ("nurture", "2026-07-06")


DIARY: dict[str, list[Callable[[Followup, str], None]]] = {
    "2026-03-04": [tom_books_a_meeting],
    "2026-03-06": [lena_is_snoozed_a_week],
    "2026-03-09": [priya_replies],
    "2026-03-11": [priya_books_a_meeting],
    "2026-03-20": [priya_is_won, the_user_goes_away_for_a_week],
    "2026-04-27": [kenji_is_lost, tom_is_won],
    "2026-05-07": [maria_runs_out_and_goes_to_nurture],
}


def work_every_day(followup: Followup, first: str, last: str) -> None:
    """Each morning: `today` lists exactly what AGENDA predicts; then handle it."""
    for day in calendar_days(first, last):
        items = today_json(followup, day)
        assert listed(items) == expected_on(day), f"today on {day}"
        assert all(is_business_day(item["due"]) for item in items), f"due on a day off: {items}"
        assert_most_urgent_first(items)
        for item in items:
            assert_shaped_like_the_contract(item)
        if is_business_day(day):
            assert followup.ok("today", "--count", now=day).out.strip() == str(len(items))
        for entry in AGENDA:
            if entry.by == "log" and entry.until == day:
                log_touch(followup, entry, day)
        for happening in DIARY.get(day, []):
            happening(followup, day)


# -- the scenario ----------------------------------------------------------------------


def test_ten_weeks_after_saastr_every_follow_up_falls_when_the_contract_says(
    followup: Followup,
) -> None:
    meet_everyone_at_saastr(followup)
    work_every_day(followup, "2026-02-26", LAST_DAY)

    timelines_hold_every_touch_on_the_day_it_was_logged(followup)
    show_keeps_each_touch_with_its_channel_outcome_and_answers(followup)
    won_and_lost_keep_what_worked_and_the_lesson(followup)
    the_event_shows_how_its_contacts_ended_up(followup)
    the_nurture_check_in_comes_due_and_a_new_angle_starts(followup)


def timelines_hold_every_touch_on_the_day_it_was_logged(followup: Followup) -> None:
    for name in PEOPLE:
        logged = [
            entry
            for entry in AGENDA
            if entry.name == name and entry.by == "log" and entry.what != "meeting"
        ]
        touches = show(followup, name, LAST_DAY)["touches"]
        outbound = [touch for touch in touches if touch["direction"] == "out"]
        # A stage's steps are not the funnel's: they are stored without a step number.
        assert [(t["date"], t["step"]) for t in outbound] == [
            (e.until, e.what if e.cadence == EVENT_WARM else None) for e in logged
        ]
    lena = show(followup, "lena", LAST_DAY)
    assert lena["status"] == "active"
    assert (lena["next"]["kind"], lena["next_due"]) == ("decide", "2026-05-14")


def show_keeps_each_touch_with_its_channel_outcome_and_answers(followup: Followup) -> None:
    maria = show(followup, "maria", LAST_DAY)
    assert {"status", "next_due", "touches"} <= maria.keys()
    for touch in maria["touches"]:
        assert {"date", "channel", "outcome", "step", "answers"} <= touch.keys()
    assert [(t["step"], t["channel"], t["outcome"]) for t in maria["touches"]] == [
        (1, "email", "sent"),
        (2, "email", "sent"),
        (3, "call", "voicemail"),
        (4, "linkedin", "sent"),
        (5, "email", "sent"),
        (6, "call", "voicemail"),
        (7, "email", "sent"),
    ]
    assert maria["touches"][0]["answers"] == {}  # the first touch is not a retry
    for touch in maria["touches"][1:]:
        assert touch["answers"] == {
            "value": NEW_VALUE[touch["step"]],
            "problem": "on-time delivery at peak season",
            "decider": "yes, with the CFO",
        }
    assert maria["decider"] == "yes, with the CFO"  # the latest answer refreshes the profile


def won_and_lost_keep_what_worked_and_the_lesson(followup: Followup) -> None:
    priya = show(followup, "priya", LAST_DAY)
    assert (priya["status"], priya["closed_on"], priya["next"]) == ("won", "2026-03-20", None)
    assert priya["meeting_on"] == "2026-03-18"
    assert priya["worked"] == "the benchmark on their own data"
    assert priya["lesson"] == "ask for the meeting in the first email"

    kenji = show(followup, "kenji", LAST_DAY)
    assert (kenji["status"], kenji["closed_on"], kenji["next"]) == ("lost", "2026-04-27", None)
    assert kenji["close_reason"] == "they build it in-house"
    assert kenji["worked"] == "the voicemails got him to read the emails"
    assert kenji["lesson"] == "find out who decides before the third touch"


def the_event_shows_how_its_contacts_ended_up(followup: Followup) -> None:
    (saastr,) = json.loads(followup.ok("event", "list", "--json", now=LAST_DAY).out)
    assert (saastr["name"], saastr["contacts"]) == (EVENT, 5)
    ended_up = ("active", "nurture", "won", "lost")  # Lena, Maria, Priya and Tom, Kenji
    assert [saastr[status] for status in ended_up] == [1, 1, 2, 1]


def the_nurture_check_in_comes_due_and_a_new_angle_starts(followup: Followup) -> None:
    assert all(item["name"] != "Maria Gonzalez" for item in today_json(followup, "2026-07-03"))
    assert listed(today_json(followup, "2026-07-06")) == [
        ("Lena Novak", EVENT_WARM, "decide", "2026-05-14", 53),  # 17 days of May, 30 of June, 6
        ("Maria Gonzalez", EVENT_WARM, "nurture", "2026-07-06", 0),
    ]

    # Instead of the check-in, a new angle: its step 1 is 1 bd after Mon 07-06.
    followup.ok("restart", "maria", "--cadence", "new-angle", now="2026-07-06")
    maria = show(followup, "maria", "2026-07-06")
    assert (maria["status"], maria["cadence"]) == ("active", "new-angle")
    due = [item for item in today_json(followup, "2026-07-07") if item["name"] == maria["name"]]
    assert due == [
        {
            "contact_id": maria["id"],
            "name": "Maria Gonzalez",
            "company": "Northwind Logistics",
            "kind": "touch",
            "due": "2026-07-07",
            "days_overdue": 0,
            "step": 1,
            "steps_total": 4,
            "channel": "email",
            "action": maria["next"]["action"],
            "stage": "silent",
            "cadence": "new-angle",
            "fallback_from": None,
            "local_time": None,
            "in_call_hours": None,
            "account_id": maria["account_id"],
            "account": "Northwind Logistics",
            "decider_id": None,
            "decider": None,
        }
    ]
    # She never answered the last touch, so the new first step is a retry in all but name.
    assert followup("log", "maria", now="2026-07-07").code == 1
    followup.ok(
        "log", "maria", "-a", "value=a case from cold-chain logistics",
        "-a", "problem=spoilage in transit", "-a", "decider=the COO", now="2026-07-07",
    )  # fmt: skip
    # new-angle step 2 waits 5 bd: after Tue 07-07 that is Tue 07-14.
    assert show(followup, "maria", "2026-07-07")["next_due"] == "2026-07-14"
