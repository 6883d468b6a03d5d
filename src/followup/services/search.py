"""`search`: contacts by any word they said or you wrote down about them."""

import re

from followup.context import Context
from followup.domain.records import Found
from followup.errors import InvalidValue

WORD = re.compile(r"\w+")


def search(ctx: Context, text: str) -> list[Found]:
    """Contacts with every word of ``text`` in their profile, touch notes or answers."""
    words = WORD.findall(text)
    if not words:
        raise InvalidValue(f"nothing to search for in {text!r}: give a word or a name")
    return ctx.storage.search.contacts(words)
