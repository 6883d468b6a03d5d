"""Collecting value-check answers from options, a file, or the terminal, and applying the gate."""

import json
import sys
import tomllib
from pathlib import Path

from followup.cli.runtime import Runtime
from followup.domain import valuecheck
from followup.errors import InvalidValue, UsageError
from followup.storage.records import Contact

# Answers that are also contact fields: the latest answer keeps the profile current.
PROFILE_ANSWERS = ("problem", "decider")
# An answer is a few sentences; a file of them, a few kilobytes. Past these, it is not
# answers at all (or it is /dev/zero): refused before it is read into memory whole.
MAX_ANSWER_CHARS = 10_000
MAX_ANSWERS_FILE_BYTES = 1024 * 1024


def parse_answer_options(pairs: list[str] | None) -> dict[str, str]:
    """``--answer KEY=TEXT`` options as a dict (the last one for a key wins)."""
    answers: dict[str, str] = {}
    for pair in pairs or []:
        key, separator, text = pair.partition("=")
        if not separator or not key.strip():
            raise UsageError(f"--answer takes KEY=TEXT, got {pair!r}")
        answers[key.strip()] = text
    return answers


def read_answers_file(path: Path | None) -> dict[str, str]:
    """A TOML or JSON table of answers (JSON when the file starts with ``{``)."""
    if path is None:
        return {}
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_ANSWERS_FILE_BYTES + 1)
        if len(raw) > MAX_ANSWERS_FILE_BYTES:
            raise InvalidValue(
                f"answers file {path} is larger than {MAX_ANSWERS_FILE_BYTES // 2**20} MiB, "
                "the most it may be"
            )
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(f"cannot read answers file {path}: {error}") from None
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidValue(f"answers file {path} is not a TOML or JSON table: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(value, str) for value in data.values()):
        raise InvalidValue(f"answers file {path} must map question keys to text")
    return data


def collect(pairs: list[str] | None, path: Path | None) -> dict[str, str]:
    """Answers from ``--answers FILE`` overlaid by ``--answer KEY=TEXT`` options."""
    return _within_limit({**read_answers_file(path), **parse_answer_options(pairs)})


def _within_limit(answers: dict[str, str]) -> dict[str, str]:
    for key, text in answers.items():
        if len(text) > MAX_ANSWER_CHARS:
            raise InvalidValue(f"answer {key!r} is longer than {MAX_ANSWER_CHARS:,} characters")
    return answers


def passes(rt: Runtime, contact: Contact, answers: dict[str, str]) -> dict[str, str]:
    """Answers that pass the value-check gate for ``contact``.

    On a terminal, missing or repeated answers are asked for, each with the
    previous answer shown; elsewhere the gate refuses and names the keys.
    """
    questions = rt.config.questions
    earlier_values = rt.store.answers_to(contact.id, valuecheck.NEW_VALUE_KEY)
    if sys.stdin.isatty():
        from followup.cli import interactive

        answers = interactive.ask_value_check(
            contact, questions, answers, _previous_answers(rt, contact), earlier_values
        )
        _within_limit(answers)
    return valuecheck.check(answers, questions, earlier_values)


def _previous_answers(rt: Runtime, contact: Contact) -> dict[str, str]:
    """The latest answer to each question, starting from what `add` recorded in the profile."""
    profile = {key: getattr(contact, key) for key in PROFILE_ANSWERS}
    known = {key: text for key, text in profile.items() if text}
    return {**known, **rt.store.latest_answers(contact.id)}


def profile_updates(answers: dict[str, str]) -> dict[str, str]:
    """The contact fields that these answers bring up to date."""
    return {key: answers[key] for key in PROFILE_ANSWERS if key in answers}


def unchecked(rt: Runtime, answers: dict[str, str]) -> dict[str, str]:
    """Answers kept where no gate applies: they must still use known keys."""
    unknown = valuecheck.unknown_keys_reason(answers, rt.config.questions)
    if unknown:
        raise InvalidValue(unknown)
    return valuecheck.cleaned(answers)
