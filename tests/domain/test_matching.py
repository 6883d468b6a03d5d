"""Deduplication: email first, then name and company compared loosely; merging never loses data."""

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from followup.domain.matching import (
    MERGED,
    NEW,
    UNCHANGED,
    UPDATED,
    Decision,
    Known,
    keys_of,
    match,
    merge,
    person_key,
)


def test_names_and_companies_compare_without_case_accents_punctuation_or_legal_form() -> None:
    assert person_key("José Álvarez-Núñez", "Tailspin Toys, Inc.") == person_key(
        "jose alvarez nunez", "TAILSPIN TOYS"
    )
    assert person_key("최유림", None) == ("최유림", "")
    assert person_key("Ann Lee", "Contoso") != person_key("Ann Lee", "Fabrikam")


def test_merge_fills_empty_fields_and_never_overwrites() -> None:
    current = {"name": "Ann", "company": "Contoso", "title": None, "phone": ""}
    incoming = {"name": "Ann L.", "company": "Fabrikam", "title": "CTO", "phone": "+1 555"}
    assert merge(current, incoming) == {"title": "CTO", "phone": "+1 555"}


def test_merge_adds_a_new_note_on_its_own_line_and_skips_one_already_there() -> None:
    current = {"notes": "Budget approved for Q1."}
    assert merge(current, {"notes": "Came back with her CTO"}) == {
        "notes": "Budget approved for Q1.\nCame back with her CTO"
    }
    assert merge(current, {"notes": "budget approved for Q1"}) == {}


def test_merge_adds_new_tags_after_the_old_ones() -> None:
    assert merge({"tags": ("hot",)}, {"tags": ("warm", "hot")}) == {"tags": ("hot", "warm")}
    assert merge({"tags": ("hot",)}, {"tags": ("hot",)}) == {}


STORE = [
    {"id": 1, "name": "Rosa Delgado", "company": "Woodgrove Bank", "email": "rosa@example.com"},
    {"id": 2, "name": "Ivan Petrov", "company": "Blue Yonder", "email": None, "phone": None},
]


def matched(
    rows: Iterable[tuple[str, Mapping[str, Any]]], store: Iterable[Mapping[str, Any]] = STORE
) -> tuple[list[Decision], Known]:
    """The rows matched against the store's people, known as the store would know them."""
    known = Known()
    for contact in store:
        known.add({**contact, "_id": contact["id"]})
    rows = list(rows)
    ids = itertools.count(100)
    return match(rows, [keys_of(values) for _, values in rows], known, lambda: next(ids)), known


def actions(decisions: list[Decision]) -> list[tuple[str, str, int]]:
    return [(d.action, d.where, d.contact_id) for d in decisions]


def test_email_matches_first_whatever_the_name_and_case() -> None:
    decisions, known = matched([("line 2", {"name": "R. Delgado", "email": "ROSA@example.com"})])
    assert actions(decisions) == [(UNCHANGED, "line 2", 1)]
    assert known.changed == {}


def test_name_and_company_match_when_no_email_tells_them_apart() -> None:
    decisions, known = matched(
        [("line 2", {"name": "ivan petrov", "company": "Blue Yonder Inc.", "phone": "+7 495"})]
    )
    assert actions(decisions) == [(UPDATED, "line 2", 2)]
    assert known.changed[2]["phone"] == "+7 495"
    assert decisions[0].changed == ("phone",) and known.changed[2]["_changed"] == ("phone",)


def test_same_name_and_company_with_two_different_emails_are_two_people() -> None:
    decisions, _ = matched(
        [("line 2", {"name": "Rosa Delgado", "company": "Woodgrove", "email": "r2@example.com"})]
    )
    assert actions(decisions) == [(NEW, "line 2", 100)]


def test_a_person_twice_in_the_file_is_one_new_contact_with_both_rows_merged() -> None:
    decisions, known = matched(
        [
            ("line 2", {"name": "Kwame Mensah", "email": "kwame@example.com", "notes": "Day 1"}),
            ("line 3", {"name": "Kwame Mensah", "email": "kwame@example.com", "notes": "Day 2"}),
            ("line 4", {"name": "KWAME MENSAH", "phone": "+233"}),
        ],
        [],
    )
    assert [(d.action, d.into, d.contact_id) for d in decisions] == [
        (NEW, None, 100),
        (MERGED, "line 2", 100),
        (MERGED, "line 2", 100),
    ]
    [person] = known.new.values()
    assert known.changed == {}  # brought in by the batch: written once, as it ends up
    assert person["notes"] == "Day 1\nDay 2"
    assert person["phone"] == "+233"
    assert person["_where"] == "line 2"


def test_an_address_learned_from_a_row_finds_the_person_in_later_rows() -> None:
    decisions, known = matched(
        [
            (
                "line 2",
                {"name": "Ivan Petrov", "company": "Blue Yonder", "email": "ivan@by.example"},
            ),
            ("line 3", {"name": "I. Petrov", "email": "ivan@by.example", "title": "CIO"}),
        ]
    )
    assert actions(decisions) == [(UPDATED, "line 2", 2), (UPDATED, "line 3", 2)]
    ivan = known.changed[2]
    assert (ivan["email"], ivan["title"]) == ("ivan@by.example", "CIO")
    assert ivan["_changed"] == ("email", "title")


def test_someone_who_learns_an_address_no_longer_matches_a_different_one_by_name() -> None:
    decisions, _ = matched(
        [
            ("line 2", {"name": "Ivan Petrov", "company": "Blue Yonder", "email": "i@by.example"}),
            ("line 3", {"name": "Ivan Petrov", "company": "Blue Yonder", "email": "v@by.example"}),
        ]
    )
    assert actions(decisions) == [(UPDATED, "line 2", 2), (NEW, "line 3", 100)]
