"""The value-check gate: questions a salesperson answers before every retry.

Silence usually means the contact has not yet seen enough value, so a retry
must bring something new (``value`` may never repeat for a contact) and the
salesperson must know the problem and who decides.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from followup.errors import ValueCheckRefused

NEW_VALUE_KEY = "value"

# Why a single answer does not pass (see answer_problem).
REQUIRED = "required"
REPEATED = "repeats an earlier value"


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    required: bool = False


DEFAULT_QUESTIONS = (
    Question("value", "What new value will this touch give them?", required=True),
    Question("problem", "What is their most pressing problem right now?", required=True),
    Question("decider", "Can this person make the decision? If not, who can?", required=True),
    Question("risk", "What perceived risk have you reduced for them?"),
    Question("learned", "What have you learned about their business since the last touch?"),
    Question("stakes", "What happens to them if they do nothing?"),
)


def normalised(text: str) -> str:
    """Answers compare without regard to case, spacing or trailing punctuation."""
    return re.sub(r"\s+", " ", text).strip().strip(".!").casefold()


def is_repeated_value(answer: str, earlier_values: Iterable[str]) -> bool:
    return normalised(answer) in {normalised(value) for value in earlier_values}


class KeptAnswer(str):
    """An answer the person kept as it was (Enter at the prompt): still true, not retyped.

    `review` flags an answer typed again word for word, never one kept this way.
    """

    __slots__ = ()


def cleaned(answers: Mapping[str, str]) -> dict[str, str]:
    """The answers with surrounding space removed and blank ones dropped (kept stay kept)."""
    return {
        key: KeptAnswer(text.strip()) if isinstance(text, KeptAnswer) else text.strip()
        for key, text in answers.items()
        if text and text.strip()
    }


def unknown_keys_reason(answers: Mapping[str, str], questions: Iterable[Question]) -> str | None:
    """Why ``answers`` use keys no question has, or None when they do not."""
    known = [question.key for question in questions]
    unknown = sorted(key for key in answers if key not in known)
    if not unknown:
        return None
    # A key is whatever came before "=": quoted unless printable, so it stays on the line.
    shown = ", ".join(key if key.isprintable() else repr(key) for key in unknown)
    return f"unknown value-check key(s): {shown} (known: {', '.join(known)})"


def answer_problem(
    question: Question, text: str | None, earlier_values: Iterable[str]
) -> str | None:
    """Why ``text`` does not pass as the answer to ``question``, or None when it does.

    The reasons are REQUIRED (a required question left blank) and REPEATED (a
    ``value`` equal to one of ``earlier_values``, the contact's earlier values).
    """
    answer = (text or "").strip()
    if not answer:
        return REQUIRED if question.required else None
    if question.key == NEW_VALUE_KEY and is_repeated_value(answer, earlier_values):
        return REPEATED
    return None


def check(
    answers: Mapping[str, str], questions: Iterable[Question], earlier_values: Iterable[str]
) -> dict[str, str]:
    """The cleaned answers if they pass the gate; raises ValueCheckRefused otherwise."""
    questions = tuple(questions)
    earlier_values = tuple(earlier_values)
    given = cleaned(answers)
    problems = [
        (question.key, answer_problem(question, given.get(question.key), earlier_values))
        for question in questions
    ]
    reasons = []
    unknown = unknown_keys_reason(answers, questions)
    if unknown:
        reasons.append(unknown)
    missing = [key for key, problem in problems if problem == REQUIRED]
    if missing:
        reasons.append(f"missing required answer(s): {', '.join(missing)}")
    reasons.extend(
        f"'{key}' repeats an earlier answer for this contact; bring new value"
        for key, problem in problems
        if problem == REPEATED
    )
    if reasons:
        raise ValueCheckRefused("value-check refused: " + "; ".join(reasons))
    return given
