"""vCards as khard, vobject and phones write them, read card by card."""

from pathlib import Path

import pytest

from followup.errors import InvalidValue
from followup.importers.entries import Row, Unusable
from followup.importers.files import read_source
from tests.conftest import SHARED_DATA

VCARDS = SHARED_DATA / "vcards"


def read(text: str) -> list[Row | Unusable]:
    return read_source(text.encode(), "cards.vcf", None, {}).entries


def read_file(name: str) -> list[Row | Unusable]:
    path = VCARDS / name
    return read_source(path.read_bytes(), path.name, None, {}).entries


def only_row(entries: list[Row | Unusable]) -> dict:
    assert len(entries) == 1 and isinstance(entries[0], Row), entries
    return entries[0].values


# Every card the shared data holds, with what a user would expect to get from it.
EXPECTED = {
    "khard-contact1.vcf": {
        "name": "second contact",
        "email": "user@example.com",
        "phone": "0123456789",
    },
    "khard-contact2.vcf": {"name": "third contact"},
    "khard-individual.vcf": {"name": "Wile E. Coyote", "company": "ACME Inc."},
    "khard-korean-c.vcf": {"name": "최유림"},
    "khard-labels.vcf": {"name": "labeled guy", "company": "Test Inc"},
    "khard-post.vcf": {"name": "With post address"},
    "khard-tel-value-uri.vcf": {"name": "bug 195", "phone": "67545678"},
    "vobject-radicale-1587.vcf": {"name": "Given Family"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_shared_card_gives_the_person_on_it(name: str) -> None:
    assert only_row(read_file(name)) == EXPECTED[name]


def test_every_shared_vcard_file_is_covered_by_a_test() -> None:
    covered = {*EXPECTED, "khard-photov3.vcf", "khard-org.vcf", "khard-unparsable.vcf"}
    assert {path.name for path in VCARDS.glob("*.vcf")} == covered | {"vobject-vcard40_full.vcf"}


def test_a_full_vcard4_keeps_the_preferred_email_and_phone_and_notes_the_rest() -> None:
    values = only_row(read_file("vobject-vcard40_full.vcf"))
    assert values["name"] == "Dr. John Q. Public, III"  # the first FN, its escaped comma undone
    assert values["email"] == "johnny@personal.example.org"  # PREF=1 beats TYPE=work
    assert values["phone"] == "+1-555-555-5555"  # the tel: URI scheme is dropped
    assert values["company"] == "Example Corp."
    assert values["title"] == "CEO"
    assert values["tz"] == "America/New_York"
    assert values["tags"] == ("BUSINESS", "NETWORKING")
    assert values["notes"].splitlines() == [
        "This is a note about John.",
        "He likes vCards.",
        "Other emails: john.public@example.com",
        "Other phones: +1-555-123-4567",
        "Department: North Division / Marketing",
    ]


def test_folded_lines_of_a_vcard3_are_unfolded() -> None:
    values = only_row(read_file("khard-photov3.vcf"))
    assert values["name"] == "with photo v3"
    assert values["notes"].startswith('From the RFC: ENCODING must be "b"')
    assert "\n" not in values["notes"] and "an uri." in values["notes"]


def test_an_organisation_card_is_skipped_not_refused() -> None:
    [entry] = read_file("khard-org.vcf")
    assert entry == Unusable("card 1 (line 1)", "an organisation, not a person", bad=False)


def test_a_card_with_no_end_is_bad_and_says_where() -> None:
    [entry] = read_file("khard-unparsable.vcf")
    assert entry == Unusable(
        "card 1 (line 1)",
        "no END:VCARD: the card is cut short",
        name="second contact with minimal Vcard",
    )


def test_a_broken_card_does_not_hide_the_cards_around_it() -> None:
    text = "".join(
        (VCARDS / name).read_text(encoding="utf-8")
        for name in ("khard-contact1.vcf", "khard-unparsable.vcf", "khard-korean-c.vcf")
    )
    entries = read(text)
    assert [type(entry).__name__ for entry in entries] == ["Row", "Unusable", "Row"]
    assert entries[1].where == "card 2 (line 9)"
    assert entries[2].values["name"] == "최유림"


def test_vcard21_quoted_printable_and_pref_and_work_types() -> None:
    values = only_row(
        read(
            "BEGIN:VCARD\r\nVERSION:2.1\r\n"
            "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=81lvarez;Jos=C3=A9\r\n"
            "EMAIL;INTERNET;HOME:jose@home.example\r\n"
            "EMAIL;INTERNET;WORK:jose@tailspin.example\r\n"
            "TEL;CELL:+34 600 000 000\r\nEND:VCARD\r\n"
        )
    )
    assert values["name"] == "José Álvarez"  # from N: given, then family
    assert values["email"] == "jose@tailspin.example"  # no PREF, so the work address
    assert values["notes"] == "Other emails: jose@home.example"


def test_vcard3_type_pref_and_a_utc_offset_time_zone() -> None:
    values = only_row(
        read(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Ama Boateng\nORG:Adventure Works;Finance\n"
            "EMAIL;TYPE=INTERNET,WORK:ama@work.example\n"
            "EMAIL;TYPE=INTERNET,PREF:ama@pref.example\nTZ:-05:00\n"
            "URL:https://www.linkedin.com/in/ama\nEND:VCARD\n"
        )
    )
    assert values["email"] == "ama@pref.example"
    assert values["linkedin"] == "https://www.linkedin.com/in/ama"
    assert "tz" not in values  # an offset is not a time zone: kept in the notes instead
    assert values["notes"].splitlines() == [
        "Other emails: ama@work.example",
        "Department: Finance",
        "Time zone: -05:00",
    ]


def test_many_cards_in_one_file_are_numbered_with_their_lines() -> None:
    card = "BEGIN:VCARD\nVERSION:4.0\nFN:{}\nEND:VCARD\n"
    entries = read("".join(card.format(name) for name in ("Ann", "Bo", "Cy")))
    assert [(entry.where, entry.values["name"]) for entry in entries] == [
        ("card 1 (line 1)", "Ann"),
        ("card 2 (line 5)", "Bo"),
        ("card 3 (line 9)", "Cy"),
    ]


def test_a_card_without_a_name_is_bad() -> None:
    assert read("BEGIN:VCARD\nVERSION:4.0\nEMAIL:x@example.com\nEND:VCARD\n") == [
        Unusable("card 1 (line 1)", "no name (FN or N)")
    ]


def test_a_card_vobject_cannot_read_is_bad_with_the_reason() -> None:
    [entry] = read("BEGIN:VCARD\nVERSION:4.0\nFN:Ann\nthis is not a property\nEND:VCARD\n")
    assert isinstance(entry, Unusable) and entry.bad
    assert entry.reason.startswith("cannot read the card: ")


def test_vcard_format_on_a_csv_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="not a vCard file"):
        read_source(b"Name,Email\nAnn,a@example.com\n", "people.csv", "vcard", {})
