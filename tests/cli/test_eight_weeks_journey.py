"""The whole journey, eight and a half weeks of it, through the real `followup` command.

Four people are met at LogiMAT 2026 on Monday 2026-03-02, four more at Hannover Messe
on Friday 2026-04-17; the calendar is Germany's (Good Friday 04-03, Easter Monday
04-06 and Labour Day 05-01 are holidays). Every morning from 03-03 to 04-30 `today
--json` must list exactly what JOURNEY says, worked out by hand; then the user logs
what is due and does what DIARY says:

- Ava replies after step 2: the `engaged` answer the next business day, a chase,
  a meeting on its day, the recap, a chase of the decision; she is won.
- Ben has only a phone: every email and LinkedIn step is offered as a call; his
  sixth step, a call, gets through (`connected`), which makes him engaged.
- Cleo's out-of-office reply pauses her until Thursday 04-02: her step 3 comes back
  as `resume` on Tuesday 04-07, after Easter, on LinkedIn (she has no phone).
- Dan's address bounces at step 2, so his later email steps are calls; a forgotten
  call is backfilled; a reminder shows on its day until marked done.
- The user is away 04-20 to 04-24: the four new first steps and Cleo's step 5 all
  fall on Monday 04-27, and `respace --per-day 2` spreads them over three days.

Waits (business days): event-warm 1, 3, 3, 4, 5, 10, 10; engaged 1, 3, …;
after-meeting 1, 5, ….
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tests.conftest import Followup

FIRST, LAST = "2026-03-03", "2026-04-30"
WARM, ENGAGED, AFTER = "event-warm", "engaged", "after-meeting"
STAGE = {WARM: "silent", ENGAGED: "engaged", AFTER: "after-meeting"}
HOLIDAYS = {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1)}
AWAY = (date(2026, 4, 20), date(2026, 4, 24))
EVERY_CHANNEL = ("--email", "{}@example.com", "--phone", "+49 30 5550100",
                 "--linkedin", "https://www.linkedin.com/in/{}")  # fmt: skip
NEWCOMERS = ("Eli Roth", "Fay Marx", "Gus Wolf", "Hal Berg")


@dataclass(frozen=True)
class Due:
    """An item `today` lists from ``due`` until it is handled (on ``handled``, default
    ``due``), on ``channel``; ``by`` "log" means the day's loop logs it."""

    name: str
    what: int | str  # the step, or the item's kind
    due: str
    channel: str | None
    cadence: str = WARM
    handled: str | None = None
    by: str = "log"

    @property
    def until(self) -> str:
        return self.handled or self.due


JOURNEY = (
    # Ava: step 1 a bd after Mon 03-02, step 2 3 bd later; she replies Mon 03-09.
    Due("Ava Klein", 1, "2026-03-03", "email"),
    Due("Ava Klein", 2, "2026-03-06", "email"),
    Due("Ava Klein", 1, "2026-03-10", "email", ENGAGED),  # the answer: a bd after the reply
    Due("Ava Klein", 2, "2026-03-13", "email", ENGAGED),  # 3 bd; she books Thu 03-19 that day
    Due("Ava Klein", "meeting", "2026-03-19", "in-person", AFTER),
    Due("Ava Klein", 1, "2026-03-20", "email", AFTER),  # the recap, a bd after the meeting
    Due("Ava Klein", 2, "2026-03-27", "email", AFTER),  # 5 bd; won that evening
    # Ben, phone only: email and LinkedIn steps are calls.
    Due("Ben Vogt", 1, "2026-03-03", "call"),
    Due("Ben Vogt", 2, "2026-03-06", "call"),
    Due("Ben Vogt", 3, "2026-03-11", "call"),  # Wed: 3 bd after Fri 03-06
    Due("Ben Vogt", 4, "2026-03-17", "call"),  # Tue: 4 bd
    Due("Ben Vogt", 5, "2026-03-24", "call"),  # Tue: 5 bd
    # 10 bd after Tue 03-24, Good Friday and Easter Monday skipped: Thu 04-09.
    Due("Ben Vogt", 6, "2026-04-09", "call", by="connected"),
    Due("Ben Vogt", 1, "2026-04-10", "call", ENGAGED),  # the call was a conversation
    Due("Ben Vogt", 2, "2026-04-15", "call", ENGAGED, by="lost"),  # 3 bd; lost that day
    # Cleo, email and LinkedIn: out of office from Fri 03-06 until Thu 04-02.
    Due("Cleo Haas", 1, "2026-03-03", "email"),
    Due("Cleo Haas", 2, "2026-03-06", "email"),
    # Step 3 (Wed 03-11) waits: the first bd after 04-02 is Tue 04-07, after Easter.
    Due("Cleo Haas", "resume", "2026-04-07", "linkedin"),
    Due("Cleo Haas", 4, "2026-04-13", "linkedin"),  # Mon: 4 bd after Tue 04-07
    # 5 bd after Mon 04-13 was Mon 04-20, the first day away: Mon 04-27.
    Due("Cleo Haas", 5, "2026-04-27", "email", by="respace"),
    Due("Cleo Haas", 5, "2026-04-29", "email"),  # respaced: the fifth of five
    # Dan: his address bounces at step 2; a call on Thu 03-05 is logged late.
    Due("Dan Graf", 1, "2026-03-03", "email"),
    Due("Dan Graf", 2, "2026-03-06", "email", by="bounce"),
    Due("Dan Graf", 3, "2026-03-11", "call"),  # Wed: 3 bd after Fri 03-06, the backfill aside
    Due("Dan Graf", "reminder", "2026-03-16", None, by="done"),
    Due("Dan Graf", 4, "2026-03-17", "linkedin"),  # Tue: 4 bd after Wed 03-11
    Due("Dan Graf", 5, "2026-03-24", "call"),  # an email step: the bounce makes it a call
    Due("Dan Graf", 6, "2026-04-09", "call"),  # 10 bd, Easter skipped
    # 10 bd after Thu 04-09 was Thu 04-23, inside the time away: Thu 04-30.
    Due("Dan Graf", 7, "2026-04-30", "call"),
    # Met Fri 04-17: step 1 was Mon 04-20, the first day away: Mon 04-27. Respaced two
    # a day, first touches first: Eli and Fay stay, Gus and Hal go to Tuesday.
    Due("Eli Roth", 1, "2026-04-27", "email"),
    Due("Fay Marx", 1, "2026-04-27", "email"),
    Due("Eli Roth", 2, "2026-04-30", "email"),  # Thu: 3 bd after Mon 04-27
    Due("Fay Marx", 2, "2026-04-30", "email"),
    Due("Gus Wolf", 1, "2026-04-27", "email", by="respace"),
    Due("Hal Berg", 1, "2026-04-27", "email", by="respace"),
    Due("Gus Wolf", 1, "2026-04-28", "email"),
    Due("Hal Berg", 1, "2026-04-28", "email"),
    # Their step 2, 3 bd after Tue 04-28 across Labour Day, is Mon 05-04: after the end.
)


def answers(name: str, cadence: str, step: int | str) -> list[str]:
    """A value check with a value this contact never heard before."""
    return [
        *("-a", f"value={name}: {cadence} {step}, something new"),
        *("-a", "problem=pallet tracking"),
        *("-a", "decider=yes"),
    ]


def log(fu: Followup, entry: Due, day: str, *more: str) -> None:
    retry = entry.what == "resume" or (isinstance(entry.what, int) and entry.what > 1)
    checked = answers(entry.name, entry.cadence, entry.what) if retry else []
    fu.ok("log", entry.name, *checked, *more, now=day)


def today_json(fu: Followup, day: str) -> list[dict[str, Any]]:
    return json.loads(fu.ok("today", "--json", now=day).out)


Line = tuple[str, int | str, str, str | None, str]


def listed(items: list[dict[str, Any]]) -> list[Line]:
    rows = []
    for item in items:
        assert item["stage"] == STAGE[item["cadence"]], item
        what = item["step"] if item["kind"] == "touch" else item["kind"]
        rows.append((item["name"], what, item["due"], item["channel"], item["cadence"]))
    return sorted(rows, key=str)


def expected_on(day: str) -> list[Line]:
    return sorted(
        ((e.name, e.what, e.due, e.channel, e.cadence) for e in JOURNEY if e.due <= day <= e.until),
        key=str,
    )


def meet(fu: Followup, event: str, met: str, name: str, *contact: str) -> None:
    fu.ok("add", name, "--event", event, "--met", met, *contact, now=met)


def everything(name: str) -> list[str]:
    handle = name.split()[0].lower()
    return [part.format(handle) for part in EVERY_CHANNEL]


# -- what happens besides logging, in the morning (before) or the evening (after) -------


def morning(fu: Followup, day: str) -> None:
    if day == "2026-04-27":
        short = fu.ok("today", "--max", "2", now=day)
        assert "… and 3 more" in short.err and "respace" in short.err
        spread = fu.ok("respace", "--per-day", "2", now=day)
        assert "Spread 5 follow-up(s), 2 a day, from Mon 2026-04-27 to Wed 2026-04-29" in (
            spread.err
        )


def evening(fu: Followup, day: str) -> None:
    if day == "2026-03-06":
        fu.ok("reply", "cleo", "--ooo", "--until", "2026-04-02", "--note", "back after Easter",
              now=day)  # fmt: skip
        cleo = show(fu, "cleo", day)
        assert (cleo["status"], cleo["paused_until"], cleo["next_due"]) == (
            "paused", "2026-04-02", "2026-04-07",
        )  # fmt: skip
    elif day == "2026-03-09":
        fu.ok("reply", "ava", "--note", "Send me times for next week", now=day)
        fu.ok("log", "dan", "--on", "2026-03-05", "--channel", "call", "--outcome",
              "no-answer", "--note", "forgot to log it", now=day)  # fmt: skip
    elif day == "2026-03-11":
        fu.ok("remind", "dan", "2026-03-16", "send the pricing sheet", now=day)
    elif day == "2026-03-13":
        fu.ok("meeting", "ava", "--on", "2026-03-19", now=day)
    elif day == "2026-03-27":
        fu.ok("won", "ava", "--worked", "the pilot on one warehouse", now=day)
    elif day == "2026-04-17":
        for name in NEWCOMERS:
            meet(fu, "Hannover Messe", day, name, *everything(name))
        away = fu.ok("away", AWAY[0].isoformat(), AWAY[1].isoformat(), now=day)
        assert "moved 6 follow-up(s)" in away.err  # Cleo's, Dan's and the four first steps


def handled_otherwise(fu: Followup, entry: Due, day: str) -> None:
    if entry.by == "connected":
        log(fu, entry, day, "--outcome", "connected", "--note", "we talked for 20 minutes")
        assert show(fu, "ben", day)["status"] == "engaged"
    elif entry.by == "lost":
        fu.ok("lost", "ben", "--reason", "no budget this year", now=day)
    elif entry.by == "bounce":
        log(fu, entry, day, "--outcome", "bounced")
        assert show(fu, "dan", day)["bounced_email"] == "dan@example.com"
    elif entry.by == "done":
        fu.ok("remind", "--done", "dan", now=day)


def show(fu: Followup, who: str, day: str) -> dict[str, Any]:
    return json.loads(fu.ok("show", who, "--json", now=day).out)


def days(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def test_eight_weeks_of_the_whole_journey_fall_when_the_contract_says(followup: Followup) -> None:
    fu = followup
    fu.config.write_text('[calendar]\nholidays = "DE"\n')
    met = "2026-03-02"
    meet(fu, "LogiMAT 2026", met, "Ava Klein", *everything("Ava Klein"))
    meet(fu, "LogiMAT 2026", met, "Ben Vogt", "--phone", "+49 30 5550199")
    meet(fu, "LogiMAT 2026", met, "Cleo Haas", "--email", "cleo@example.com",
         "--linkedin", "https://www.linkedin.com/in/cleo")  # fmt: skip
    meet(fu, "LogiMAT 2026", met, "Dan Graf", *everything("Dan Graf"))

    for day in days(FIRST, LAST):
        items = today_json(fu, day)
        assert listed(items) == expected_on(day), f"today on {day}"
        for item in items:
            due_day = date.fromisoformat(item["due"])
            assert due_day.weekday() < 5 and due_day not in HOLIDAYS, item
            assert not AWAY[0] <= due_day <= AWAY[1], item
        morning(fu, day)
        for entry in JOURNEY:
            if entry.until == day and entry.by == "log":
                log(fu, entry, day)
            elif entry.until == day and entry.by != "respace":
                handled_otherwise(fu, entry, day)
        evening(fu, day)

    the_timelines_tell_the_story(fu)


def the_timelines_tell_the_story(fu: Followup) -> None:
    ava = show(fu, "ava", LAST)
    assert (ava["status"], ava["closed_on"], ava["next"]) == ("won", "2026-03-27", None)
    assert [(t["direction"], t["outcome"]) for t in ava["touches"]][2:5] == [
        ("in", "replied"), ("out", "sent"), ("out", "sent"),
    ]  # fmt: skip
    assert ("in", "met", "in-person") in [
        (t["direction"], t["outcome"], t["channel"]) for t in ava["touches"]
    ]
    dan = show(fu, "dan", LAST)
    assert [(t["date"], t["step"], t["channel"]) for t in dan["touches"]][:3] == [
        ("2026-03-03", 1, "email"), ("2026-03-05", None, "call"), ("2026-03-06", 2, "email"),
    ]  # fmt: skip
    assert dan["touches"][-1]["channel"] == "call" and dan["reminders"] == []
    cleo = show(fu, "cleo", LAST)
    assert (cleo["status"], cleo["paused_until"]) == ("active", None)
    assert ("in", "out-of-office") in [(t["direction"], t["outcome"]) for t in cleo["touches"]]
    ben = show(fu, "ben", LAST)
    assert (ben["status"], ben["close_reason"]) == ("lost", "no budget this year")
    assert all(t["channel"] == "call" for t in ben["touches"])
