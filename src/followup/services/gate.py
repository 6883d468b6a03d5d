"""The value-check gate as a use case applies it: ask what is missing, then check.

The rules are the domain's (``domain/valuecheck.py``); this adds what they need
from the store (the contact's earlier answers) and from a person (the questions
asked on a terminal, through the context's ``Interaction``).
"""

from collections.abc import Mapping

from followup.context import Context
from followup.domain import valuecheck
from followup.domain.contact import Contact
from followup.errors import InvalidValue
from followup.interaction import ValueCheck

# Answers that are also contact fields: the latest answer keeps the profile current.
PROFILE_ANSWERS = ("problem", "decider")
# An answer is a few sentences. Past this, it is not an answer at all.
MAX_ANSWER_CHARS = 10_000


def passing(ctx: Context, contact: Contact, given: Mapping[str, str]) -> dict[str, str]:
    """The answers that pass the gate for ``contact``; ValueCheckRefused naming the keys else.

    Someone at a terminal is asked for what is missing or repeated, each question
    with the previous answer shown.
    """
    questions = ctx.config.questions
    earlier_values = ctx.storage.touches.answers_to(contact.id, valuecheck.NEW_VALUE_KEY)
    check = ValueCheck(contact, questions, given, _previous(ctx, contact), earlier_values)
    answers = bounded(ctx.interaction.value_check(check))
    passed = valuecheck.check(answers, questions, earlier_values)
    # Checking cleans each answer into a new text; what was kept with Enter stays marked.
    return {
        key: valuecheck.KeptAnswer(text)
        if isinstance(answers.get(key), valuecheck.KeptAnswer)
        else text
        for key, text in passed.items()
    }


def unchecked(ctx: Context, given: Mapping[str, str]) -> dict[str, str]:
    """Answers kept where no gate applies: they must still use known keys."""
    unknown = valuecheck.unknown_keys_reason(given, ctx.config.questions)
    if unknown:
        raise InvalidValue(unknown)
    return valuecheck.cleaned(given)


def bounded(answers: Mapping[str, str]) -> dict[str, str]:
    """``answers`` if none is longer than an answer may be; InvalidValue naming it else."""
    for key, text in answers.items():
        if len(text) > MAX_ANSWER_CHARS:
            raise InvalidValue(f"answer {key!r} is longer than {MAX_ANSWER_CHARS:,} characters")
    return dict(answers)


def profile_updates(answers: Mapping[str, str]) -> dict[str, str]:
    """The contact fields that these answers bring up to date."""
    return {key: answers[key] for key in PROFILE_ANSWERS if key in answers}


def _previous(ctx: Context, contact: Contact) -> dict[str, str]:
    """The latest answer to each question, starting from what `add` recorded in the profile."""
    profile = {key: getattr(contact, key) for key in PROFILE_ANSWERS}
    known = {key: text for key, text in profile.items() if text}
    return {**known, **ctx.storage.touches.latest_answers(contact.id)}
