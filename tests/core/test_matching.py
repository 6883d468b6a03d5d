"""Deduplication: email first, then name and company compared loosely; merging never loses data."""

from followup.core.matching import (
    MERGED,
    NEW,
    UNCHANGED,
    UPDATED,
    merge,
    person_key,
    plan_import,
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


def actions(plan) -> list[tuple[str, str, int | None]]:
    return [(d.action, d.where, d.contact_id) for d in plan.decisions]


def test_email_matches_first_whatever_the_name_and_case() -> None:
    plan = plan_import([("line 2", {"name": "R. Delgado", "email": "ROSA@example.com"})], STORE)
    assert actions(plan) == [(UNCHANGED, "line 2", 1)]
    assert plan.new == [] and plan.updates == {}


def test_name_and_company_match_when_no_email_tells_them_apart() -> None:
    plan = plan_import(
        [("line 2", {"name": "ivan petrov", "company": "Blue Yonder Inc.", "phone": "+7 495"})],
        STORE,
    )
    assert actions(plan) == [(UPDATED, "line 2", 2)]
    assert plan.updates == {2: {"phone": "+7 495"}}
    assert plan.decisions[0].changed == ("phone",)


def test_same_name_and_company_with_two_different_emails_are_two_people() -> None:
    plan = plan_import(
        [("line 2", {"name": "Rosa Delgado", "company": "Woodgrove", "email": "r2@example.com"})],
        STORE,
    )
    assert actions(plan) == [(NEW, "line 2", None)]


def test_a_person_twice_in_the_file_is_one_new_contact_with_both_rows_merged() -> None:
    plan = plan_import(
        [
            ("line 2", {"name": "Kwame Mensah", "email": "kwame@example.com", "notes": "Day 1"}),
            ("line 3", {"name": "Kwame Mensah", "email": "kwame@example.com", "notes": "Day 2"}),
            ("line 4", {"name": "KWAME MENSAH", "phone": "+233"}),
        ],
        [],
    )
    assert [(d.action, d.into) for d in plan.decisions] == [
        (NEW, None),
        (MERGED, "line 2"),
        (MERGED, "line 2"),
    ]
    [person] = plan.new
    assert person["notes"] == "Day 1\nDay 2"
    assert person["phone"] == "+233"


def test_an_address_learned_from_a_row_finds_the_person_in_later_rows() -> None:
    plan = plan_import(
        [
            (
                "line 2",
                {"name": "Ivan Petrov", "company": "Blue Yonder", "email": "ivan@by.example"},
            ),
            ("line 3", {"name": "I. Petrov", "email": "ivan@by.example", "title": "CIO"}),
        ],
        STORE,
    )
    assert actions(plan) == [(UPDATED, "line 2", 2), (UPDATED, "line 3", 2)]
    assert plan.updates == {2: {"email": "ivan@by.example", "title": "CIO"}}
