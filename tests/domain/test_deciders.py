"""Who decides: the colleagues an answer names, and the name it speaks of."""

import pytest

from followup.domain.deciders import decides_themselves, named_in, person_named

COLLEAGUES = [(1, "Tom Becker"), (2, "Anna Keller"), (3, "Jürgen Weiß")]


@pytest.mark.parametrize(
    "text",
    [
        "no: CFO Tom Becker decides",
        "Tom Becker",
        "tom becker decides",
        "TOM BECKER has the budget",
        "ask Tom Becker, not me",
    ],
)
def test_a_whole_name_finds_that_colleague_in_any_case(text: str) -> None:
    assert named_in(text, COLLEAGUES) == [1]


@pytest.mark.parametrize(
    "text", ["no, Jürgen Weiß", "jurgen weiss decides", "JÜRGEN WEISS", "Jurgen Weiss"]
)
def test_a_whole_name_is_found_without_accents_or_sharp_s(text: str) -> None:
    assert named_in(text, COLLEAGUES) == [3]


def test_every_colleague_named_in_whole_is_found() -> None:
    assert named_in("Tom Becker and Anna Keller decide", COLLEAGUES) == [1, 2]


def test_a_whole_name_wins_over_a_shared_surname() -> None:
    people = [*COLLEAGUES, (5, "Lena Becker")]
    assert named_in("ask Tom Becker", people) == [1]


@pytest.mark.parametrize(
    ("text", "found"),
    [("ask Becker", 1), ("Becker decides", 1), ("no, Keller", 2), ("ask Weiß", 3)],
)
def test_a_surname_alone_finds_the_one_colleague_who_has_it(text: str, found: int) -> None:
    assert named_in(text, COLLEAGUES) == [found]


def test_a_capitalised_surname_is_compared_without_accents() -> None:
    assert named_in("ask Weiss", COLLEAGUES) == [3]


def test_a_surname_alone_written_in_lower_case_finds_nobody() -> None:
    assert named_in("ask becker", COLLEAGUES) == []


def test_a_surname_two_colleagues_share_finds_nobody() -> None:
    assert named_in("ask Becker", [*COLLEAGUES, (5, "Lena Becker")]) == []


@pytest.mark.parametrize(
    "people", [COLLEAGUES, [*COLLEAGUES, (4, "Tom Schmidt")]], ids=["one Tom", "two Toms"]
)
def test_a_first_name_alone_finds_nobody(people: list[tuple[int, str]]) -> None:
    assert named_in("Tom decides", people) == []


def test_two_surnames_named_find_nobody() -> None:
    assert named_in("Becker and Keller decide", COLLEAGUES) == []


@pytest.mark.parametrize("text", ["", "nobody", "her boss decides", "the board", "Tom Beckerman"])
def test_an_answer_naming_no_colleague_finds_nobody(text: str) -> None:
    assert named_in(text, COLLEAGUES) == []


def test_nobody_is_found_among_no_colleagues() -> None:
    assert named_in("no: CFO Tom Becker decides", []) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("no: CFO Tom Becker decides", "Tom Becker"),
        ("Tom Becker decides", "Tom Becker"),
        ("No, Tom Becker decides", "Tom Becker"),
        ("no; ask Anna Keller", "Anna Keller"),
        ("Her boss, Anna Keller, decides", "Anna Keller"),
        ("No. Anna Keller decides", "Anna Keller"),
        ("the CEO, Dr. Hans Müller", "Hans Müller"),
        ("no: the CFO (Tom Becker)", "Tom Becker"),
        ("No, Jürgen Weiß", "Jürgen Weiß"),
        ("No, Jean-Luc Picard", "Jean-Luc Picard"),
        ("No, Sean O'Brien", "Sean O'Brien"),
        ("Nope, Tom Becker", "Tom Becker"),
        ("yesterday Tom Becker said so", "Tom Becker"),
    ],
)
def test_the_person_an_answer_names_is_the_run_of_capitalised_words(text: str, name: str) -> None:
    assert person_named(text) == name


def test_the_first_of_two_people_named_is_the_one() -> None:
    assert person_named("Anna Keller and Tom Becker") == "Anna Keller"


@pytest.mark.parametrize(
    "text",
    ["yes", "Yes", "yes, Tom Becker too", "Yes, Tom Becker too", "she does", "Ja", "oui"],
)
def test_an_answer_that_says_they_decide_names_nobody(text: str) -> None:
    assert person_named(text) is None


@pytest.mark.parametrize(
    "text", ["No, her boss decides", "no", "ask Becker", "Tom", "the board", "CFO TOM BECKER"]
)
def test_an_answer_without_a_whole_name_names_nobody(text: str) -> None:
    assert person_named(text) is None


@pytest.mark.parametrize("text", ["Ask Tom Becker", "No Tom Becker decides", "Dr Tom Becker"])
def test_a_word_before_a_name_is_no_part_of_it(text: str) -> None:
    assert person_named(text) == "Tom Becker"


def test_a_typographic_apostrophe_matches_a_typed_one() -> None:
    assert named_in("Sean O\u2019Brien decides", [(8, "Sean O'Brien")]) == [8]


def test_a_yes_says_they_decide_themselves() -> None:
    assert decides_themselves("Yes, Tom Becker too")
    assert not decides_themselves("no: CFO Tom Becker decides")


@pytest.mark.parametrize("text", ["No \u2013 The Board decides", "Not Sure", "the management team"])
def test_words_that_are_nobody_name_no_one(text: str) -> None:
    assert person_named(text) is None
