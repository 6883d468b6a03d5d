"""services.search: every word, anywhere a contact's story is written, any case or accent."""

import pytest

from followup.context import Context
from followup.errors import InvalidValue
from followup.services.contacts import (
    ContactEdit,
    NewContact,
    Profile,
    add_contact,
    delete_contact,
    edit_contact,
)
from followup.services.maintenance import undo
from followup.services.search import search
from followup.services.touches import LogTouch, log_touch
from tests.services.conftest import Opener


@pytest.fixture
def two(ctx: Context) -> Context:
    profile = {"company": "Kühne Logistik", "problem": "Spoilage in the cold chain"}
    add_contact(ctx, NewContact("Jürgen Groß", Profile({**profile, "met_on": "2026-02-27"})))
    add_contact(ctx, NewContact("Ann Lee", Profile({"company": "Acme", "met_on": "2026-02-27"})))
    log_touch(ctx, LogTouch("ann", note="She mentioned the Kühne account"))
    return ctx


def found(ctx: Context, text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(hit.contact.name, hit.matched) for hit in search(ctx, text)]


def test_words_are_found_whatever_their_case_and_accents(two: Context) -> None:
    assert found(two, "JURGEN") == [("Jürgen Groß", ("profile",))]
    assert found(two, "spoil") == [("Jürgen Groß", ("profile",))]  # the start of a word
    assert found(two, "kuhne") == [
        ("Ann Lee", ("touch note",)),
        ("Jürgen Groß", ("profile",)),
    ]


def test_every_word_must_be_somewhere_in_the_contacts_story(two: Context) -> None:
    assert found(two, "acme kühne") == [("Ann Lee", ("profile", "touch note"))]
    assert found(two, "acme spoilage") == []


def test_the_index_follows_edits_deletes_and_undo(two: Context, at: Opener) -> None:
    edit_contact(at(), ContactEdit("ann", Profile({"company": "Globex"})))
    assert found(at(), "acme") == []
    assert found(at(), "globex") == [("Ann Lee", ("profile",))]
    delete_contact(at(), "ann", confirmed=True)
    assert found(at(), "kuhne") == [("Jürgen Groß", ("profile",))]
    undo(at())
    assert [name for name, _ in found(at(), "kuhne")] == ["Ann Lee", "Jürgen Groß"]


@pytest.mark.parametrize("text", ["", "   ", '"*', "---"])
def test_text_without_a_word_is_refused(two: Context, text: str) -> None:
    with pytest.raises(InvalidValue, match="nothing to search for"):
        search(two, text)
