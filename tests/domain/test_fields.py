"""The field rules `add`, `edit` and `import` share."""

import pytest

from followup.domain import fields
from followup.errors import InvalidValue


def test_tags_are_stripped_kept_once_in_order_and_stored_as_one_text() -> None:
    given = fields.tags("--tag", [" apac ", "cfo", "apac"])
    assert given == ("apac", "cfo")
    assert fields.stored_tags(given) == "apac,cfo"
    assert fields.split_tags("apac,cfo") == given
    assert (fields.stored_tags(()), fields.split_tags(None)) == (None, ())


@pytest.mark.parametrize("tag", ["", " ", "a,b", "line\nbreak"])
def test_a_tag_cannot_be_empty_hold_a_comma_or_break_the_line(tag: str) -> None:
    with pytest.raises(InvalidValue, match="--tag"):
        fields.tags("--tag", [tag])


def test_an_event_name_is_stripped_and_never_blank() -> None:
    assert fields.event("--event", "  SaaStr Annual 2026 ") == "SaaStr Annual 2026"
    with pytest.raises(InvalidValue, match="--event cannot be blank"):
        fields.event("--event", "   ")


def test_a_bidi_override_counts_as_a_control_character() -> None:
    with pytest.raises(InvalidValue, match="NAME cannot contain control characters"):
        fields.name("NAME", "Eve \u202egnirts")
