"""Who decides: the person an answer like "no: CFO Tom Becker decides" names.

The value check asks whether this person can make the decision, and if not, who
can. The answer is free text; when it names a colleague at the same account,
that colleague is linked as the decider. Only a whole name counts, or a surname
that one colleague alone has: "Tom" alone could be anyone.
"""

import re
from collections.abc import Sequence

from followup.domain.text import folded

WORD = re.compile("[^\\W\\d_][\\w'\u2019-]*")
# Answers that say the person asked about decides.
YES = re.compile(r"^\s*(yes|yep|yeah|ja|oui|si|sí|she does|he does|they do|they decide)\b", re.I)
# Capitalised words that start a sentence or a name but are no part of one.
NOT_A_NAME = frozenset(
    {"ask", "no", "nope", "nein", "non", "not", "probably", "maybe", "perhaps", "only", "our"}
    | {"their", "the", "a", "an", "der", "die", "das", "le", "la", "el", "sure", "unsure"}
    | {"unknown", "board", "team", "management", "committee", "everyone", "nobody", "someone"}
    | {"mr", "mrs", "ms", "dr", "prof", "herr", "frau", "madame", "monsieur", "sr", "sra"}
)


def _words(text: str) -> list[str]:
    return [folded(word).replace("\u2019", "'") for word in WORD.findall(text)]


def decides_themselves(text: str) -> bool:
    """Whether ``text`` answers that the person asked about makes the decision."""
    return bool(YES.match(text))


def named_in(text: str, people: Sequence[tuple[int, str]]) -> list[int]:
    """The ids of ``people`` (id, name) that ``text`` names.

    Whole names first ("Tom Becker"); failing those, a surname written with its
    capital that only one of them has ("ask Becker").
    """
    said = _words(text)
    whole = [
        person_id
        for person_id, name in people
        if (words := _words(name)) and _contains(said, words) and len(words) > 1
    ]
    if whole:
        return whole
    capitalised = {folded(word) for word in WORD.findall(text) if word[:1].isupper()}
    surnames = [
        (person_id, words[-1])
        for person_id, name in people
        if len(words := _words(name)) > 1 and words[-1] in capitalised
    ]
    return [surnames[0][0]] if len(surnames) == 1 else []


def _contains(words: list[str], part: list[str]) -> bool:
    size = len(part)
    return any(words[start : start + size] == part for start in range(len(words) - size + 1))


def person_named(text: str) -> str | None:
    """The name of someone ``text`` speaks of ("Tom Becker" in "no: CFO Tom Becker
    decides"), or None when it names nobody or says they decide themselves."""
    if decides_themselves(text):
        return None
    run: list[re.Match[str]] = []
    for word in WORD.finditer(text):
        # A name's word starts with a capital and goes on in small letters: not "CFO",
        # and not "Ask" or "Dr" before one.
        named = word[0][0].isupper() and not word[0].isupper() and folded(word[0]) not in NOT_A_NAME
        joined = bool(run) and text[run[-1].end() : word.start()].strip(" \t") == ""
        if named and (joined or not run):
            run.append(word)
            continue
        if len(run) > 1:
            break
        run = [word] if named else []
    if len(run) < 2:
        return None
    return text[run[0].start() : run[-1].end()]
