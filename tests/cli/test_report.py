"""`followup report`, checked number by number against a month worked by hand.

The scenario is built once with the real command, each step on its own day
(FOLLOWUP_NOW), with US public holidays configured. February 2026: Monday the
9th, 16th (Presidents' Day, a US holiday) and 23rd; Monday 2 March is the day of
the report. "bd" = business days after the touch, up to and including the reply.

    SaaStr (met Mon 9 Feb)
      Ann   step 1 email Tue 10 · step 2 email Fri 13 · reply Tue 17 (1 bd: Mon 16 is
            a holiday) · meeting booked Wed 18 · won Mon 2 Mar
      Bo    step 1 email Tue 10 · step 2 email Fri 13 · step 3 call Wed 18 ·
            step 4 linkedin Wed 25 (check skipped) · lost Mon 2 Mar
      Flo   never touched (step 1 pending)
    Web Summit (met Tue 10 Feb)
      Cy    step 1 email Wed 11 · reply Thu 12 (1 bd) · reply Fri 13 (same touch: once) ·
            a touch with no step, call, Thu 19 · reply Thu 26 (3 bd: away Mon 23-Tue 24)
      Di    step 1 email Wed 11 · step 2 email Mon 2 Mar
    No event (met Mon 16 Feb)
      Ed    step 1 email Tue 17 · meeting booked Fri 20 (no reply)

Outbound touches: Ann 2 + Bo 4 + Cy 2 + Di 2 + Ed 1 = 11. Replies earned: Ann's
step 2 (1 bd), Cy's step 1 (1 bd), Cy's stepless call (3 bd) = 3. Meetings: Ann's
step 2, Ed's step 1 = 2. Won: Ann (step 2). Lost: Bo (step 4). Open on 2 March:
Cy engaged, Di active, Ed meeting, Flo active = 4, below the default target 20.
"""

import csv
import io
import json
import shutil
from typing import Any

import pytest

from tests.cli.test_hot_paths import heavy_modules_after
from tests.cli.test_interactive import Session
from tests.conftest import Followup, refused

US_HOLIDAYS = '[calendar]\nholidays = "US"\n'
RETRY = ("-a", "problem=late deliveries", "-a", "decider=yes")
KEYS = [
    "contacts",
    "touches",
    "replies",
    "reply_rate",
    "median_days_to_reply",
    "meetings",
    "won",
    "lost",
    "checks_skipped",
]


def row(group: Any, *numbers: Any) -> dict[str, Any]:
    """A JSON group row from its numbers, in column order."""
    return {"group": group, **dict(zip(KEYS, numbers, strict=True))}


def total(*numbers: Any) -> dict[str, Any]:
    return dict(zip(KEYS, numbers, strict=True))


@pytest.fixture(scope="module")
def month_home(tmp_path_factory: pytest.TempPathFactory) -> Followup:
    maker = Followup(tmp_path_factory.mktemp("month"))
    maker.config.write_text(US_HOLIDAYS, encoding="utf-8")
    run = maker.ok
    run("add", "Ann Lee", "--company", "Acme", "--event", "SaaStr", "--met", "2026-02-09",
        now="2026-02-09")  # fmt: skip
    run("add", "Bo Chen", "--company", "Beta", "--event", "SaaStr", "--met", "2026-02-09",
        now="2026-02-09")  # fmt: skip
    run("add", "Flo Reyes", "--event", "SaaStr", "--met", "2026-02-09", now="2026-02-09")
    run("add", "Cy Park", "--event", "Web Summit", "--met", "2026-02-10", now="2026-02-10")
    run("add", "Di Nova", "--event", "Web Summit", "--met", "2026-02-10", now="2026-02-10")
    run("add", "Ed Stone", "--met", "2026-02-16", now="2026-02-16")
    run("log", "Ann", now="2026-02-10")
    run("log", "Bo", now="2026-02-10")
    run("log", "Cy", now="2026-02-11")
    run("log", "Di", now="2026-02-11")
    run("reply", "Cy", now="2026-02-12")
    run("log", "Ann", "-a", "value=TMS benchmark", *RETRY, now="2026-02-13")
    run("log", "Bo", "-a", "value=Case study", "-a", "problem=Budget", "-a",
        "decider=No, the CFO", now="2026-02-13")  # fmt: skip
    run("reply", "Cy", "--via", "linkedin", now="2026-02-13")
    run("reply", "Ann", now="2026-02-17")
    run("log", "Ed", now="2026-02-17")
    run("meeting", "Ann", "--on", "2026-02-25", now="2026-02-18")
    run("log", "Bo", "-a", "value=ROI calculator", "-a", "problem=budget.", "-a",
        "decider=No, the CFO", now="2026-02-18")  # fmt: skip
    run("log", "Cy", "--channel", "call", now="2026-02-19")
    run("meeting", "Ed", "--on", "2026-02-27", now="2026-02-20")
    run("away", "2026-02-23", "2026-02-24", now="2026-02-20")
    run("log", "Bo", "--skip-check", "--reason", "a quick like", now="2026-02-25")
    run("reply", "Cy", now="2026-02-26")
    run("log", "Di", "-a", "value=Pilot offer", *RETRY, now="2026-03-02")
    run("won", "Ann", "--worked", "the benchmark", "--lesson", "ask for the meeting sooner",
        now="2026-03-02")  # fmt: skip
    run("lost", "Bo", "--reason", "budget frozen", "--lesson", "find the budget owner",
        now="2026-03-02")  # fmt: skip
    return maker


@pytest.fixture
def month(followup: Followup, month_home: Followup) -> Followup:
    shutil.copy2(month_home.db, followup.db)
    shutil.copy2(month_home.config, followup.config)
    return followup


def report(followup: Followup, *args: str) -> dict[str, Any]:
    return json.loads(followup.ok("report", *args, "--json").out)


# -- the numbers ------------------------------------------------------------------


def test_report_by_step_counts_every_touch_reply_and_result(month: Followup) -> None:
    result = report(month)
    assert result["by"] == "step"
    assert result["since"] is None
    assert result["groups"] == [
        # step 1: Ann, Bo, Cy, Di, Ed; Cy replied (1 bd): 1/5 = 0.2; Ed's meeting
        row(1, 5, 5, 1, 0.2, 1, 1, 0, 0, 0),
        # step 2: Ann, Bo, Di; Ann replied (1 bd): 1/3 = 0.333; her meeting and win
        row(2, 3, 3, 1, 0.333, 1, 1, 1, 0, 0),
        # step 3: Bo's call, unanswered
        row(3, 1, 1, 0, 0.0, None, 0, 0, 0, 0),
        # step 4: Bo's linkedin, check skipped, then lost
        row(4, 1, 1, 0, 0.0, None, 0, 0, 1, 1),
        # no step: Cy's call after the cadence stopped, answered in 3 bd
        row(None, 1, 1, 1, 1.0, 3, 0, 0, 0, 0),
    ]
    # 5 contacts touched, 11 touches, 3 replies: 3/11 = 0.273, median of [1, 1, 3] = 1
    assert result["total"] == total(5, 11, 3, 0.273, 1, 2, 1, 1, 1)


def test_report_by_channel(month: Followup) -> None:
    assert report(month, "--by", "channel")["groups"] == [
        # call: Bo's step 3 and Cy's stepless call (3 bd): 1/2 = 0.5
        row("call", 2, 2, 1, 0.5, 3, 0, 0, 0, 0),
        # email: Ann 2, Bo 2, Cy 1, Di 2, Ed 1 = 8; Ann's step 2 and Cy's step 1 (1 bd each):
        # 2/8 = 0.25; meetings Ann and Ed; Ann won
        row("email", 5, 8, 2, 0.25, 1, 2, 1, 0, 0),
        # linkedin: Bo's skipped step 4, then lost
        row("linkedin", 1, 1, 0, 0.0, None, 0, 0, 1, 1),
    ]


def test_report_by_event_counts_everyone_met_there(month: Followup) -> None:
    result = report(month, "--by", "event")
    assert result["groups"] == [
        # SaaStr: Ann, Bo and untouched Flo; 2 + 4 touches; Ann's reply (1 bd): 1/6 = 0.167
        row("SaaStr", 3, 6, 1, 0.167, 1, 1, 1, 1, 1),
        # Web Summit: Cy, Di; 2 + 2 touches; Cy's replies after 1 and 3 bd: 2/4 = 0.5,
        # median of [1, 3] = 2
        row("Web Summit", 2, 4, 2, 0.5, 2, 0, 0, 0, 0),
        # no event: Ed, one touch, a meeting
        row(None, 1, 1, 0, 0.0, None, 1, 0, 0, 0),
    ]
    # every contact is in one event row, so all 6 count; the sums as in every grouping
    assert result["total"] == total(6, 11, 3, 0.273, 1, 2, 1, 1, 1)


def test_report_by_week_credits_results_to_the_week_of_the_touch(month: Followup) -> None:
    result = report(month, "--by", "week")
    assert result["groups"] == [
        # Feb 9-15: Ann 1+2, Bo 1+2, Cy 1, Di 1 = 6 touches by 4 people; replies to Ann's
        # step 2 (answered the next week) and Cy's step 1: 2/6 = 0.333; Ann's meeting and win
        row("2026-W07", 4, 6, 2, 0.333, 1, 1, 1, 0, 0),
        # Feb 16-22: Ed 1 (Tue), Bo 3 (Wed), Cy's call (Thu): 1/3 = 0.333 (3 bd); Ed's meeting
        row("2026-W08", 3, 3, 1, 0.333, 3, 1, 0, 0, 0),
        # Feb 23-Mar 1: Bo 4, skipped, lost
        row("2026-W09", 1, 1, 0, 0.0, None, 0, 0, 1, 1),
        # Mar 2-8: Di 2
        row("2026-W10", 1, 1, 0, 0.0, None, 0, 0, 0, 0),
    ]
    assert result["total"] == total(5, 11, 3, 0.273, 1, 2, 1, 1, 1)


def test_since_keeps_the_touches_from_that_day_and_what_they_earned(month: Followup) -> None:
    result = report(month, "--since", "2026-02-17")
    assert result["since"] == "2026-02-17"
    # Ann's reply on the 17th, meeting and win were earned by her touch of the 13th: gone.
    assert result["groups"] == [
        row(1, 1, 1, 0, 0.0, None, 1, 0, 0, 0),  # Ed, on the 17th itself, and his meeting
        row(2, 1, 1, 0, 0.0, None, 0, 0, 0, 0),  # Di on 2 March
        row(3, 1, 1, 0, 0.0, None, 0, 0, 0, 0),  # Bo on the 18th
        row(4, 1, 1, 0, 0.0, None, 0, 0, 1, 1),  # Bo on the 25th
        row(None, 1, 1, 1, 1.0, 3, 0, 0, 0, 0),  # Cy on the 19th, answered in 3 bd
    ]
    # Bo, Cy, Di, Ed; 5 touches, 1 reply: 0.2
    assert result["total"] == total(4, 5, 1, 0.2, 3, 1, 0, 1, 1)


def test_since_by_event_counts_only_the_people_touched_since(month: Followup) -> None:
    assert report(month, "--by", "event", "--since", "2026-02-17")["groups"] == [
        row("SaaStr", 1, 2, 0, 0.0, None, 0, 0, 1, 1),  # Bo's steps 3 and 4
        row("Web Summit", 2, 2, 1, 0.5, 3, 0, 0, 0, 0),  # Cy's call, Di's step 2
        row(None, 1, 1, 0, 0.0, None, 1, 0, 0, 0),  # Ed
    ]


def test_since_accepts_relative_dates(month: Followup) -> None:
    # Monday 2 March minus a week: from Monday 23 February, Bo's step 4 and Di's step 2
    assert report(month, "--since", "-1w")["total"]["touches"] == 2


def test_days_to_reply_follow_the_configured_holidays(month: Followup) -> None:
    month.config.write_text("", encoding="utf-8")
    # Without Presidents' Day, Ann's reply took 2 bd (Mon 16, Tue 17)
    assert report(month)["groups"][1]["median_days_to_reply"] == 2


# -- pipeline breadth ---------------------------------------------------------------


def test_a_thin_pipeline_is_in_the_json_and_warned_about_on_stderr(month: Followup) -> None:
    result = month.ok("report", "--json")
    assert json.loads(result.out)["pipeline"] == {"open": 4, "target": 20, "thin": True}
    assert result.err == ""  # in JSON the warning is data

    table = month.ok("report")
    assert "pipeline" not in table.out
    assert (
        "Warning: pipeline is thin: 4 open opportunities, target 20 (pipeline.min_active)."
        in table.err
    )
    assert "Warning: pipeline is thin" in month.ok("report", "--csv").err


def test_a_pipeline_at_its_target_is_not_thin(month: Followup) -> None:
    month.config.write_text(US_HOLIDAYS + "[pipeline]\nmin_active = 4\n", encoding="utf-8")
    assert report(month)["pipeline"] == {"open": 4, "target": 4, "thin": False}
    result = month.ok("report")
    assert "Warning" not in result.err
    assert "Pipeline: 4 open, target 4." in result.err


# -- formats ----------------------------------------------------------------------


@pytest.mark.parametrize("grouping", ["step", "channel", "event", "week"])
def test_csv_has_the_json_rows_then_the_total(month: Followup, grouping: str) -> None:
    result = month.ok("report", "--by", grouping, "--csv")
    data = report(month, "--by", grouping)
    assert result.out.startswith(",".join(["group", *KEYS]) + "\n")
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))

    def cell(value: Any) -> str:
        return "" if value is None else str(value)

    expected = [*data["groups"], {"group": "total", **data["total"]}]
    assert rows == [{key: cell(value) for key, value in record.items()} for record in expected]


def test_the_table_has_a_row_per_group_and_the_total_its_title_on_stderr(
    month: Followup,
) -> None:
    result = month.ok("report", "--by", "event", "--wide")
    lines = result.out.splitlines()
    assert lines[0].split() == [
        "event", "contacts", "touches", "replies", "reply", "rate", "median", "bd", "to",
        "reply", "meetings", "won", "lost", "checks", "skipped",
    ]  # fmt: skip
    assert lines[1].split() == ["SaaStr", "3", "6", "1", "16.7%", "1", "1", "1", "1", "1"]
    assert lines[3].split() == ["(no", "event)", "1", "1", "0", "0.0%", "1", "0", "0", "0"]
    assert lines[4].split() == ["total", "6", "11", "3", "27.3%", "1", "2", "1", "1", "1"]
    assert len(lines) == 5
    assert result.err.startswith("Funnel by event\n")


def test_the_default_table_leaves_out_contacts_and_shortens_headings_for_80_columns(
    month: Followup,
) -> None:
    lines = month.ok("report", "--by", "event").out.splitlines()
    assert lines[0].split() == [
        "event", "touches", "replies", "rate", "bd", "to", "reply", "meetings", "won", "lost",
        "skipped",
    ]  # fmt: skip
    assert lines[1].split() == ["SaaStr", "6", "1", "16.7%", "1", "1", "1", "1", "1"]


def test_piped_table_has_no_chart(month: Followup) -> None:
    result = month.ok("report")
    assert "█" not in result.out + result.err
    assert "Reply rate by" not in result.out + result.err


def test_on_a_terminal_the_reply_rate_per_step_is_drawn_as_bars(month: Followup) -> None:
    session = Session(month, "report")
    session.expect("Reply rate by step")
    assert session.finish() == 0
    chart = session.output.split("Reply rate by step")[1]
    bars = {line.split()[0]: line for line in chart.splitlines() if "%" in line}
    # 40 cells = 100%: step 1 at 20% is 8 full blocks, the stepless call at 100% all 40
    assert bars["1"].count("█") == 8 and bars["1"].rstrip().endswith("20.0%")
    assert "█" * 40 in bars["(no"]
    assert "█" not in bars["3"]


def test_json_and_csv_import_neither_the_orm_nor_rich(month: Followup) -> None:
    watched = ("sqlmodel", "sqlalchemy", "pydantic", "rich")
    assert heavy_modules_after(month, "report", "--json", watched=watched) == []
    assert heavy_modules_after(month, "report", "--csv", "--by", "week", watched=watched) == []


def test_an_empty_store_reports_zeros(followup: Followup) -> None:
    followup.ok("today")  # creates the database
    result = report(followup, "--by", "week")
    assert result["groups"] == []
    assert result["total"] == total(0, 0, 0, None, None, 0, 0, 0, 0)
    table = followup.ok("report")
    assert table.out == ""
    assert "Nothing to report: no touches logged yet." in table.err


# -- refusals -----------------------------------------------------------------------


def test_an_unknown_grouping_is_a_usage_error_listing_the_choices(month: Followup) -> None:
    message = refused(month, "report", "--by", "month", code=2)
    assert "'month' is not one of 'step', 'channel', 'event', 'week'" in message


@pytest.mark.parametrize(
    ("since", "fragment"),
    [
        ("2026-03-03", "--since cannot be in the future (Tue 2026-03-03)"),
        ("tomorrow", "--since cannot be in the future"),
        ("someday", "someday"),
    ],
)
def test_a_bad_since_is_refused(month: Followup, since: str, fragment: str) -> None:
    assert fragment in refused(month, "report", "--since", since)


def test_json_and_csv_together_is_a_usage_error(month: Followup) -> None:
    assert "choose one of --json and --csv" in refused(month, "report", "--json", "--csv", code=2)


def test_every_by_the_command_offers_is_a_grouping_the_arithmetic_knows() -> None:
    from followup.cli.reports import By
    from followup.domain import report

    assert {by.value for by in By} == set(report.GROUP_OF)
