"""The value-check gate: required answers, new value every retry, known keys only."""

import pytest

from followup.domain.valuecheck import (
    DEFAULT_QUESTIONS,
    REPEATED,
    REQUIRED,
    Question,
    answer_problem,
    check,
    cleaned,
    is_repeated_value,
    normalised,
    unknown_keys_reason,
)
from followup.errors import ValueCheckRefused

GOOD = {
    "value": "A two-page teardown of their onboarding funnel",
    "problem": "Churn in the first month",
    "decider": "No: their COO, Dana Reyes",
}


def test_default_questions_match_the_contract() -> None:
    assert [(q.key, q.required) for q in DEFAULT_QUESTIONS] == [
        ("value", True),
        ("problem", True),
        ("decider", True),
        ("risk", False),
        ("learned", False),
        ("stakes", False),
    ]
    assert DEFAULT_QUESTIONS[0].text == "What new value will this touch give them?"


def test_complete_answers_pass_and_come_back_cleaned() -> None:
    assert check(GOOD, DEFAULT_QUESTIONS, []) == GOOD


def test_all_required_answers_missing_are_named_in_order() -> None:
    with pytest.raises(ValueCheckRefused) as error:
        check({}, DEFAULT_QUESTIONS, [])
    assert str(error.value) == (
        "value-check refused: missing required answer(s): value, problem, decider"
    )


def test_blank_required_answer_counts_as_missing() -> None:
    answers = {**GOOD, "problem": "   ", "decider": ""}
    with pytest.raises(ValueCheckRefused) as error:
        check(answers, DEFAULT_QUESTIONS, [])
    assert "missing required answer(s): problem, decider" in str(error.value)
    assert "value," not in str(error.value)


def test_only_required_answers_are_reported_missing() -> None:
    with pytest.raises(ValueCheckRefused) as error:
        check({"value": "x", "risk": ""}, DEFAULT_QUESTIONS, [])
    assert str(error.value) == "value-check refused: missing required answer(s): problem, decider"


@pytest.mark.parametrize(
    "earlier",
    [
        "A two-page teardown of their onboarding funnel",
        "a TWO-PAGE teardown of their onboarding funnel",
        "  A two-page   teardown of their\tonboarding funnel.  ",
        "A two-page teardown of their onboarding funnel!",
    ],
)
def test_repeated_value_is_refused_ignoring_case_spacing_and_trailing_period(
    earlier: str,
) -> None:
    with pytest.raises(ValueCheckRefused) as error:
        check(GOOD, DEFAULT_QUESTIONS, ["Case study from a bank", earlier])
    assert "'value' repeats an earlier answer for this contact; bring new value" in str(error.value)


def test_new_value_different_from_every_earlier_one_passes() -> None:
    earlier = ["Case study from a bank", "Invite to our CFO dinner"]
    assert check(GOOD, DEFAULT_QUESTIONS, earlier)["value"] == GOOD["value"]


def test_repeated_value_is_checked_on_the_stripped_answer() -> None:
    answers = {**GOOD, "value": "  Case study from a bank.  "}
    with pytest.raises(ValueCheckRefused, match="'value' repeats"):
        check(answers, DEFAULT_QUESTIONS, ["case study from a bank"])


def test_is_repeated_value_and_normalised() -> None:
    assert normalised("  Hello   World.  ") == "hello world"
    assert is_repeated_value("hello world", ["HELLO WORLD."])
    assert not is_repeated_value("hello world, again", ["HELLO WORLD."])
    assert not is_repeated_value("anything", [])


def test_unknown_keys_are_refused_and_the_known_ones_listed() -> None:
    answers = {**GOOD, "vlaue": "typo", "budget": "50k"}
    with pytest.raises(ValueCheckRefused) as error:
        check(answers, DEFAULT_QUESTIONS, [])
    assert str(error.value) == (
        "value-check refused: unknown value-check key(s): budget, vlaue "
        "(known: value, problem, decider, risk, learned, stakes)"
    )


def test_unknown_keys_reason_is_none_for_known_keys() -> None:
    assert unknown_keys_reason(GOOD, DEFAULT_QUESTIONS) is None


def test_every_reason_is_given_at_once() -> None:
    answers = {"value": "Same old deck", "extra": "x"}
    with pytest.raises(ValueCheckRefused) as error:
        check(answers, DEFAULT_QUESTIONS, ["same old deck"])
    message = str(error.value)
    assert "unknown value-check key(s): extra" in message
    assert "missing required answer(s): problem, decider" in message
    assert "'value' repeats" in message


def test_optional_answers_are_kept_and_blank_optional_ones_dropped() -> None:
    answers = {**GOOD, "risk": "Offered a 30-day pilot", "learned": " ", "stakes": ""}
    result = check(answers, DEFAULT_QUESTIONS, [])
    assert result == {**GOOD, "risk": "Offered a 30-day pilot"}


def test_cleaned_strips_space_and_drops_blank_answers() -> None:
    answers = {"value": "  new case  ", "problem": "\tchurn\n", "risk": "   ", "stakes": ""}
    assert cleaned(answers) == {"value": "new case", "problem": "churn"}


def test_configured_questions_replace_the_defaults() -> None:
    questions = (Question("value", "New value?", required=True), Question("next", "Next step?"))
    assert check({"value": "x"}, questions, []) == {"value": "x"}
    with pytest.raises(ValueCheckRefused, match=r"unknown value-check key\(s\): problem"):
        check({"value": "x", "problem": "y"}, questions, [])


VALUE_Q, PROBLEM_Q, RISK_Q = DEFAULT_QUESTIONS[0], DEFAULT_QUESTIONS[1], DEFAULT_QUESTIONS[3]


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        (VALUE_Q, "ROI calculator", None),
        (VALUE_Q, "  Case study from a bank. ", REPEATED),
        (VALUE_Q, None, REQUIRED),
        (PROBLEM_Q, "   ", REQUIRED),
        (PROBLEM_Q, "Case study from a bank", None),  # only `value` must be new
        (RISK_Q, "", None),
        (RISK_Q, None, None),
    ],
)
def test_answer_problem_says_why_one_answer_does_not_pass(
    question: Question, text: str | None, expected: str | None
) -> None:
    assert answer_problem(question, text, ["case study from a bank"]) == expected


def test_repeated_value_is_refused_even_when_the_value_question_is_optional() -> None:
    questions = (Question("value", "New value?"),)
    with pytest.raises(ValueCheckRefused, match="'value' repeats"):
        check({"value": "Same deck"}, questions, iter(["same deck"]))
