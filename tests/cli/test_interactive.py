"""The interactive paths, driven through a real pseudo-terminal.

Each test runs the installed `followup` console script under pexpect, so the
program sees a TTY on stdin exactly as it does when a salesperson types at it:
the value-check gate asks its questions, `won`/`lost` ask for the lesson, and
`today -i` walks through the due items. What the prompts wrote is then checked
through the non-interactive `show --json` and `today --json`.

Rich styles some words in bold or dim even under NO_COLOR (that variable only
removes colour), so expected text is matched with escape sequences allowed
between its characters.
"""

import io
import itertools
import json
import re
from typing import Any

import pexpect
import pytest

from tests.conftest import FOLLOWUP, Followup

MET = "2026-02-27"  # a Friday: step 1 falls due on the pinned Monday, 2026-03-02
STEP_2_DAY = "2026-03-05"  # 3 business days after step 1 was logged on 2026-03-02
STEP_3_DAY = "2026-03-10"  # 3 business days after step 2 was logged on 2026-03-05

ANSI = r"(?:\x1b\[[0-9;]*m)*"

VALUE_Q = "What new value will this touch give them?"
PROBLEM_Q = "What is their most pressing problem right now?"
DECIDER_Q = "Can this person make the decision? If not, who can?"
RISK_Q = "What perceived risk have you reduced for them?"
LEARNED_Q = "What have you learned about their business since the last touch?"
STAKES_Q = "What happens to them if they do nothing?"


def shown(text: str) -> str:
    """A pattern for ``text`` as the terminal shows it, style escapes and all.

    Styles start and end at word edges, so escapes are allowed only next to a
    character that is not a letter or digit.
    """
    pattern = re.escape(text[:1])
    for before, char in itertools.pairwise(text):
        if not (before.isalnum() and char.isalnum()):
            pattern += ANSI
        pattern += re.escape(char)
    return pattern


class Session:
    """One interactive run of `followup` in a pseudo-terminal, with its transcript."""

    def __init__(self, followup: Followup, *args: str, now: str | None = None) -> None:
        extra = {"FOLLOWUP_NOW": now} if now else {}
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(
            str(FOLLOWUP),
            list(args),
            env=followup.env(COLUMNS="200", **extra),
            encoding="utf-8",
            timeout=15,
            dimensions=(40, 200),
        )
        self.child.logfile_read = self.transcript

    def expect(self, text: str) -> None:
        self.child.expect(shown(text))

    def answer(self, prompt: str, text: str) -> None:
        """Wait for ``prompt`` to be asked, then type ``text`` and Enter."""
        self.expect(prompt)
        self.child.sendline(text)

    def finish(self) -> int:
        """Wait for the program to end; its exit status, after checking it did not crash."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert "Traceback" not in self.output, self.output
        return self.child.exitstatus

    @property
    def output(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*m", "", self.transcript.getvalue())


def show(followup: Followup, contact: str, now: str | None = None) -> dict[str, Any]:
    return json.loads(followup.ok("show", contact, "--json", now=now).out)


def due(followup: Followup, now: str | None = None) -> list[dict[str, Any]]:
    return json.loads(followup.ok("today", "--json", now=now).out)


@pytest.fixture
def ann(followup: Followup) -> Followup:
    """Ann met on Friday; step 1 (first touch, no value check) logged on the pinned Monday."""
    followup.ok(
        "add",
        "Ann Lee",
        "--company",
        "Acme",
        "--met",
        MET,
        "--problem",
        "Churn",
        "--decider",
        "yes",
    )
    followup.ok("log", "ann")
    return followup


@pytest.fixture
def ann_at_step_3(ann: Followup) -> Followup:
    ann.ok(
        "log",
        "ann",
        "--answer",
        "value=Case study from a similar company",
        "--answer",
        "problem=Churn in EMEA",
        "--answer",
        "decider=She decides with the CFO",
        "--answer",
        "risk=Offered a free pilot",
        now=STEP_2_DAY,
    )
    return ann


def test_a_retry_on_a_terminal_asks_the_value_check_with_previous_answers(
    ann_at_step_3: Followup,
) -> None:
    followup = ann_at_step_3
    session = Session(followup, "log", "ann", now=STEP_3_DAY)

    session.expect("Value check")
    session.expect("previous: Case study from a similar company")
    session.answer(VALUE_Q, "Case study from a similar company")
    session.expect("You gave that value before")
    session.answer(VALUE_Q, "ROI calculator with their numbers")
    session.expect("previous: Churn in EMEA")
    session.answer(PROBLEM_Q, "")  # Enter keeps the previous answer
    session.expect("previous: She decides with the CFO")
    session.answer(DECIDER_Q, "The CFO decides")
    session.expect("previous: Offered a free pilot")
    session.answer(RISK_Q, "")
    session.answer(LEARNED_Q, "")
    session.answer(STAKES_Q, "")
    session.expect("Logged step 3/7")

    assert session.finish() == 0
    assert session.output.count(VALUE_Q) == 2
    touches = show(followup, "ann", now=STEP_3_DAY)["touches"]
    assert [touch["step"] for touch in touches] == [1, 2, 3]
    assert touches[-1]["date"] == STEP_3_DAY
    assert touches[-1]["channel"] == "call"
    assert touches[-1]["answers"] == {
        "value": "ROI calculator with their numbers",
        "problem": "Churn in EMEA",
        "decider": "The CFO decides",
    }  # Enter on an optional question skips it: step 2's risk is not carried forward
    assert touches[1]["answers"]["value"] == "Case study from a similar company"


def test_a_required_answer_left_blank_is_asked_again(ann: Followup) -> None:
    session = Session(ann, "log", "ann", now=STEP_2_DAY)

    session.expect("Value check")
    session.answer(VALUE_Q, "")
    session.expect("An answer is required")
    session.answer(VALUE_Q, "   ")
    session.expect("An answer is required")
    session.answer(VALUE_Q, "Benchmark report for their industry")
    session.expect("previous: Churn")  # from `add --problem`
    session.answer(PROBLEM_Q, "")  # Enter keeps it
    session.answer(DECIDER_Q, "yes")
    session.answer(RISK_Q, "")
    session.answer(LEARNED_Q, "They opened an office in Lyon")
    session.answer(STAKES_Q, "")
    session.expect("Logged step 2/7")

    assert session.finish() == 0
    assert session.output.count("An answer is required") == 2
    assert show(ann, "ann", now=STEP_2_DAY)["touches"][-1]["answers"] == {
        "value": "Benchmark report for their industry",
        "problem": "Churn",
        "decider": "yes",
        "learned": "They opened an office in Lyon",
    }


def test_answers_given_as_options_are_not_asked_again(ann: Followup) -> None:
    session = Session(
        ann,
        "log",
        "ann",
        "--answer",
        "value=Benchmark report",
        "--answer",
        "problem=Churn",
        "--answer",
        "decider=yes",
        now=STEP_2_DAY,
    )

    session.expect("Logged step 2/7")

    assert session.finish() == 0
    assert "Value check" not in session.output
    assert show(ann, "ann", now=STEP_2_DAY)["touches"][-1]["answers"] == {
        "value": "Benchmark report",
        "problem": "Churn",
        "decider": "yes",
    }


def test_won_on_a_terminal_asks_what_worked_and_what_more(ann: Followup) -> None:
    session = Session(ann, "won", "ann")

    session.expect("Closing as won")
    session.answer("What worked?", "Delivering the promised deck the next morning")
    session.answer("What could you have done more?", "Involve the CFO earlier")
    session.expect("#1 Ann Lee (Acme): won.")

    assert session.finish() == 0
    contact = show(ann, "ann")
    assert contact["status"] == "won"
    assert contact["worked"] == "Delivering the promised deck the next morning"
    assert contact["lesson"] == "Involve the CFO earlier"
    assert contact["closed_on"] == "2026-03-02"
    assert contact["next_due"] is None
    assert due(ann, now=STEP_2_DAY) == []


def test_lost_on_a_terminal_keeps_the_reason_and_asks_for_the_lessons(ann: Followup) -> None:
    session = Session(ann, "lost", "ann", "--reason", "Budget frozen until 2027")

    session.expect("Closing as lost")
    session.answer("What worked?", "")
    session.answer("What could you have done more?", "Qualify the budget at the booth")
    session.expect("#1 Ann Lee (Acme): lost.")

    assert session.finish() == 0
    contact = show(ann, "ann")
    assert contact["status"] == "lost"
    assert contact["close_reason"] == "Budget frozen until 2027"
    assert contact["worked"] is None
    assert contact["lesson"] == "Qualify the budget at the booth"
    assert contact["next_due"] is None


def test_won_asks_only_for_what_was_not_given_as_an_option(ann: Followup) -> None:
    session = Session(ann, "won", "ann", "--worked", "Fast follow-up")

    session.answer("What could you have done more?", "Nothing")
    session.expect("#1 Ann Lee (Acme): won.")

    assert session.finish() == 0
    assert "What worked?" not in session.output
    contact = show(ann, "ann")
    assert (contact["worked"], contact["lesson"]) == ("Fast follow-up", "Nothing")


@pytest.fixture
def three_due(followup: Followup) -> Followup:
    """Three first touches due on the pinned Monday; Ann's is the most overdue."""
    followup.ok(
        "add",
        "Ann Lee",
        "--company",
        "Acme",
        "--title",
        "VP Sales",
        "--met",
        "2026-02-25",
        "--problem",
        "Churn in EMEA",
    )
    followup.ok("add", "Bob Stone", "--company", "Globex", "--met", MET)
    followup.ok("add", "Cara Diaz", "--company", "Initech", "--met", MET)
    return followup


def test_today_interactive_logs_snoozes_and_quits(three_due: Followup) -> None:
    followup = three_due
    before = due(followup)
    assert before[0]["name"] == "Ann Lee"
    second, third = before[1]["name"], before[2]["name"]
    session = Session(followup, "today", "-i")

    session.expect("1/3")
    session.expect("Ann Lee")
    session.expect("VP Sales, Acme")
    session.expect("problem: Churn in EMEA")
    session.expect("step 1/7 email")
    session.expect("What now? [log/reply/meeting/pause/remind/snooze/lost/skip/show/quit]")
    session.child.sendline("log")
    session.answer("Outcome", "voicemail")
    session.answer("Note", "Left a short message")
    session.expect("Logged step 1/7")
    session.expect("2/3")
    session.expect(second)
    session.expect("step 1/7")
    session.answer("What now?", "snooze")
    session.answer("Snooze until", "+3bd")
    session.expect(f"Snoozed #{before[1]['contact_id']} {second}")
    session.expect("3/3")
    session.expect(third)
    session.answer("What now?", "quit")
    session.expect("Done for now: 1 logged, 1 snoozed, 1 left.")

    assert session.finish() == 0
    assert [item["name"] for item in due(followup)] == [third]
    ann = show(followup, "ann")
    assert len(ann["touches"]) == 1
    touch = ann["touches"][0]
    assert (touch["date"], touch["step"], touch["channel"]) == ("2026-03-02", 1, "email")
    assert (touch["outcome"], touch["note"]) == ("voicemail", "Left a short message")
    assert touch["answers"] == {}  # a first touch has no value check
    assert ann["next"]["step"] == 2
    assert ann["next_due"] == STEP_2_DAY
    snoozed = show(followup, second)
    assert snoozed["touches"] == []
    assert snoozed["next"]["step"] == 1
    assert snoozed["next_due"] == STEP_2_DAY  # +3 business days from Monday
    untouched = show(followup, third)
    assert untouched["touches"] == []
    assert untouched["next_due"] == "2026-03-02"


def test_today_interactive_asks_the_value_check_before_logging_a_retry(ann: Followup) -> None:
    session = Session(ann, "today", "-i", now=STEP_2_DAY)

    session.expect("1/1")
    session.expect("step 2/7 email")
    session.answer("What now?", "")  # the default is to log
    session.expect("Value check")  # first: what new value this touch brings
    session.answer(VALUE_Q, "Benchmark report")
    session.answer(PROBLEM_Q, "Churn")
    session.answer(DECIDER_Q, "yes")
    session.answer(RISK_Q, "")
    session.answer(LEARNED_Q, "")
    session.answer(STAKES_Q, "")
    session.answer("Outcome", "")  # then the outcome, by default `sent`
    session.answer("Note", "")
    session.expect("Logged step 2/7")

    assert session.finish() == 0
    touch = show(ann, "ann", now=STEP_2_DAY)["touches"][-1]
    assert (touch["step"], touch["outcome"], touch["note"]) == (2, "sent", None)
    assert touch["answers"] == {"value": "Benchmark report", "problem": "Churn", "decider": "yes"}


def test_today_interactive_shows_more_on_asking_and_marks_a_reminder_done(ann: Followup) -> None:
    ann.ok("remind", "ann", "2026-03-03", "ask about the EMEA budget", now="2026-03-02")
    session = Session(ann, "today", "-i", now="2026-03-03")

    session.expect("reminder: ")
    session.expect("ask about the EMEA budget")
    session.answer("What now?", "show")
    session.expect("out email sent")  # her timeline, then the question again
    session.answer("What now?", "done")
    session.expect("Done: 1 reminder(s)")
    session.expect("Done for now: 1 handled, 0 left.")
    assert session.finish() == 0
    assert show(ann, "ann", now="2026-03-03")["reminders"] == []


def test_today_interactive_with_an_invalid_choice_asks_again(ann: Followup) -> None:
    session = Session(ann, "today", "-i", now=STEP_2_DAY)

    session.answer("What now?", "delete")
    session.answer("What now?", "skip")

    assert session.finish() == 0
    assert session.output.count("What now?") == 2
    assert len(show(ann, "ann")["touches"]) == 1


def test_today_interactive_needs_a_terminal(three_due: Followup) -> None:
    before = three_due.dump()

    result = three_due("today", "-i")

    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert "today -i needs a terminal" in lines[0]
    assert "Traceback" not in result.err
    assert three_due.dump() == before


def test_ending_input_during_the_value_check_writes_nothing(ann: Followup) -> None:
    before = ann.dump()
    session = Session(ann, "log", "ann", now=STEP_2_DAY)

    session.answer(VALUE_Q, "Benchmark report")
    session.expect(PROBLEM_Q)
    session.child.sendeof()

    assert session.finish() == 1
    assert "error: aborted" in session.output
    assert ann.dump() == before


def test_today_interactive_decides_for_those_who_wait_at_an_account(followup: Followup) -> None:
    for name, company in (("Anna Keller", "Kessler Logistik"), ("Tom Becker", "Kessler GmbH"),
                          ("Jan Novak", "Kessler Logistik AG")):  # fmt: skip
        followup.ok("add", name, "--company", company, "--met", MET)
    followup.ok("log", "anna")
    followup.ok("reply", "anna", now="2026-03-03")
    followup.ok("log", "anna", now="2026-03-04")  # her answer: only the account item is left
    session = Session(followup, "today", "-i", now="2026-03-04")

    session.expect("Tom Becker")  # "Kessler GmbH" is another account: his step 1 is due
    session.answer("What now?", "skip")
    session.expect("Anna Keller replied — continue, wait or stop the others?")
    session.expect("waits: #3 Jan Novak (Kessler Logistik AG)")
    session.answer("The others?", "wait")
    session.answer("Wait until", "2026-03-16")
    session.expect("Kessler Logistik: Jan Novak (#3): wait until Mon 2026-03-16.")
    session.expect("Done for now: 1 decided, 1 left.")
    assert session.finish() == 0
    assert show(followup, "jan", now="2026-03-04")["paused_until"] == "2026-03-16"
    assert show(followup, "tom", now="2026-03-04")["status"] == "active"


def test_today_interactive_shows_the_lessons_before_the_value_check(ann: Followup) -> None:
    ann.ok("add", "Bo Chen", "--company", "Acme Corp", "--met", MET)
    ann.ok("lost", "bo", "--worked", "the EMEA case", "--lesson", "involve IT early")
    ann.ok("account", "continue", "acme")  # Ann waited to hear what now, after Bo's loss
    session = Session(ann, "today", "-i", now=STEP_2_DAY)

    session.expect("lesson:")
    session.expect("same account: Bo Chen (#2), lost Mon 2026-03-02")
    session.expect("do more of: involve IT early")
    session.answer("What now?", "")
    session.expect("Value check")
    session.child.sendcontrol("d")
    session.finish()


def test_today_interactive_can_quit_at_an_account_item(followup: Followup) -> None:
    for name in ("Anna Keller", "Tom Becker"):
        followup.ok("add", name, "--company", "Kessler Logistik", "--met", MET)
    followup.ok("log", "anna")
    followup.ok("reply", "anna", now="2026-03-03")
    followup.ok("log", "anna", now="2026-03-04")
    session = Session(followup, "today", "-i", now="2026-03-04")

    session.answer("The others?", "quit")
    session.expect("Done for now: 1 left.")
    assert session.finish() == 0
    assert show(followup, "tom", now="2026-03-04")["pause_reason"] == "account"
