"""vCards as address books and phones write them, read card by card."""

import io
from pathlib import Path
from typing import Any

import pytest

from followup.errors import InvalidValue
from followup.formats.importers.entries import Row, Unusable
from followup.formats.importers.files import read_source
from tests.conftest import IMPORT_FIXTURES


def read(text: str) -> list[Row | Unusable]:
    return list(read_source(io.BytesIO(text.encode()), "cards.vcf", None, {}).entries)


def read_file(name: str) -> list[Row | Unusable]:
    path = IMPORT_FIXTURES / name
    with path.open("rb") as binary:
        return list(read_source(binary, path.name, None, {}).entries)


def values_of(entries: list[Row | Unusable]) -> list[dict[str, Any]]:
    """The values of every card, which must all be usable."""
    assert all(isinstance(entry, Row) for entry in entries), entries
    return [entry.values for entry in entries if isinstance(entry, Row)]


def rows_in(name: str) -> list[dict[str, Any]]:
    return values_of(read_file(name))


def only_row(entries: list[Row | Unusable]) -> dict[str, Any]:
    assert len(entries) == 1 and isinstance(entries[0], Row), entries
    return entries[0].values


def people(name: str) -> dict[str, dict[str, Any]]:
    return {
        entry.values["name"]: entry.values for entry in read_file(name) if isinstance(entry, Row)
    }


# The small cards of a CardDAV address book, with what a user would expect to get from each.
SMALL_CARDS = {
    "Tomasz Wróbel": {
        "name": "Tomasz Wróbel",
        "email": "tomek@wrobel-dom.example",
        "phone": "+48 601 555 014",
    },
    "Noor Haddad": {"name": "Noor Haddad"},
    "Karim Haddad": {"name": "Karim Haddad", "company": "Levant Textiles S.A.L."},
    "최은희": {"name": "최은희"},
    "Elif Demir": {"name": "Elif Demir", "company": "Boğaziçi Yazılım"},  # noqa: RUF001 (a Turkish dotless i)
    "Mateus Albuquerque": {"name": "Mateus Albuquerque"},  # a postal address is not imported
    "Siosaia Taufa": {"name": "Siosaia Taufa", "phone": "7765432"},  # TEL;VALUE=URI
    "Johanna Berg": {"name": "Johanna Berg"},
}


@pytest.mark.parametrize("name", sorted(SMALL_CARDS))
def test_each_small_card_gives_the_person_on_it(name: str) -> None:
    assert people("contacts-4.0.vcf")[name] == SMALL_CARDS[name]


def test_every_vcard_fixture_is_covered_by_a_test() -> None:
    covered = {"contacts-4.0.vcf", "iphone-3.0.vcf", "outlook-2.1.vcf", "cut-short.vcf"}
    assert {path.name for path in IMPORT_FIXTURES.glob("*.vcf")} == covered


def test_a_full_vcard4_keeps_the_preferred_email_and_phone_and_notes_the_rest() -> None:
    values = people("contacts-4.0.vcf")["Dr. Amara Okonkwo, PhD"]  # the first FN, comma unescaped
    assert values["email"] == "amara@okonkwo-home.example"  # PREF=1 beats TYPE=work
    assert values["phone"] == "+234-1-555-0100"  # the tel: URI scheme is dropped
    assert values["company"] == "Delta Grid Energy"
    assert values["title"] == "Chief Executive"  # TITLE before ROLE
    assert values["tz"] == "Africa/Lagos"
    assert values["tags"] == ("ENERGY", "BOARD")
    assert values["notes"].splitlines() == [
        "Introduced by the regional energy desk.",
        "Interested in grid analytics for 40 substations.",
        "Other emails: a.okonkwo@delta-grid.example",
        "Other phones: +234-803-555-0101",
        "Department: West Africa / Strategy",
    ]


def test_an_iphone_card_with_item_groups_folded_lines_and_a_photo() -> None:
    values = people("iphone-3.0.vcf")["Yui Nakamura"]
    assert values == {
        "name": "Yui Nakamura",
        "company": "Hikari Robotics K.K.",
        "title": "Regional Sales Manager",
        "email": "yui.nakamura@hikari-robotics.example",  # item1's type=pref
        "phone": "+81 90-5555-0123",
        "linkedin": "https://www.linkedin.com/in/yui-nakamura-kansai",
        # The folded NOTE is one line again; its escaped , ; and \n are text.
        "notes": "Met at iREX in Tokyo, hall 5. Wants a pilot with two arms in Q3; decision by "
        "the plant manager.\nSend the cycle-time study, in English.\n"
        "Other emails: yui.n@mailbox.example\nOther phones: +81 6-5555-0100\n"
        "Department: Field Sales, Kansai",
        "tags": ("iREX 2026", "Robotics"),
    }


def test_outlook_21_quoted_printable_values_are_decoded_whole_in_their_charset() -> None:
    jorg, anais, mikael = rows_in("outlook-2.1.vcf")
    assert jorg == {
        "name": "Jörg Weber",  # windows-1252
        "company": "Krämer Antriebstechnik GmbH",
        "title": "Leiter Einkauf",
        "email": "j.weber@kraemer-antriebe.example",  # EMAIL;PREF;INTERNET
        "phone": "+49 511 555 0142",  # TEL;WORK;VOICE: TYPE params without TYPE=
        # A comma and a =0D=0A line break in a quoted-printable NOTE, kept.
        "notes": "Messe Hannover, Stand B12.\nWill Referenzkunden sehen.\n"
        "Other emails: joerg.weber@privat.example\nOther phones: +49 171 555 0199\n"
        "Department: Vertrieb Nord",
    }
    assert (anais["name"], anais["company"], anais["title"]) == (
        "Anaïs François",  # UTF-8
        "Société Lumière, Paris",  # ISO-8859-1, its comma no unit separator
        "Directrice générale",
    )
    # A soft line break (a "=" ending the line) joined, and a blank line kept.
    assert anais["notes"] == (
        "Rencontrée au salon VivaTech, stand 4\u2011B. Très intéressée par l'offre, budget "
        "validé pour mars.\n\nEnvoyer le devis à Paul.\n"
        "Other emails: anais@lumiere-mail.example"
    )
    # vCard 2.1 escapes no comma and no backslash: a plain NOTE keeps both.
    assert mikael["notes"].splitlines() == [
        "Prefers calls after 4pm, never on Mondays; files in C:\\Sales\\Nordics",
        "Other phones: +358 40 555 0111",
        "Department: Sales, Nordics",
    ]
    assert mikael["phone"] == "+358 9 5555 0110"  # TEL;WORK;VOICE;PREF


def test_a_quoted_printable_value_in_an_unknown_charset_makes_its_card_bad() -> None:
    [entry] = read(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\n"
        "NOTE;CHARSET=x-klingon;ENCODING=QUOTED-PRINTABLE:caf=E9\r\nEND:VCARD\r\n"
    )
    assert isinstance(entry, Unusable) and entry.bad
    assert entry.reason.startswith("cannot read the card: NOTE is not quoted-printable x-klingon")


def test_photos_of_every_kind_are_left_out_and_the_card_reads_on() -> None:
    data = "QUJDRA==" * 40
    entries = read(
        # vCard 2.1 from an old phone: base64 lines flush left, ended by a blank line.
        f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\nPHOTO;JPEG;ENCODING=BASE64:\r\n{data}\r\n"
        f"{data}\r\n\r\nEMAIL;INTERNET:ann@lee.example\r\nEND:VCARD\r\n"
        # vCard 4.0: a data: URI, and a grouped LOGO, SOUND and KEY.
        f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Chen\r\nPHOTO:data:image/png;base64,{data}\r\n"
        f"item1.LOGO:https://logo.example/bo.png\r\nSOUND;VALUE=uri:https://x.example/bo.ogg\r\n"
        f"KEY;TYPE=PGP:{data}\r\n {data}\r\nTITLE:CTO\r\nEND:VCARD\r\n"
    )
    assert values_of(entries) == [
        {"name": "Ann Lee", "email": "ann@lee.example"},
        {"name": "Bo Chen", "title": "CTO"},
    ]


def test_a_line_or_a_card_past_the_limits_makes_its_card_bad_and_the_next_one_reads() -> None:
    note = "n" * 99_000
    entries = read(
        f"BEGIN:VCARD\nVERSION:4.0\nFN:Ann Lee\nNOTE:{'x' * 1_000_001}\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Bo Chen\n"
        + "".join(f"NOTE:{note}\n" for _ in range(11))
        + "END:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Cy Diaz\nEND:VCARD\n"
    )
    assert entries == [
        Unusable("card 1 (line 1)", "line 4 is longer than 1,000,000 characters"),
        Unusable("card 2 (line 6)", "the card is longer than 1,000,000 characters"),
        Row("card 3 (line 21)", {"name": "Cy Diaz"}),
    ]


def test_a_mac_card_in_another_script_with_a_social_profile() -> None:
    values = people("iphone-3.0.vcf")["Layla Ahmed"]
    assert values["linkedin"] == "https://www.linkedin.com/in/laylaahmed"  # X-SOCIALPROFILE
    assert values["notes"] == "ليلى — مهتمة بمراقبة درجة الحرارة.\nPrefers WhatsApp, not calls."
    assert (values["email"], values["phone"]) == (
        "layla.ahmed@oasis-cold.example",
        "+971 4 555 0160",
    )


def test_an_organisations_card_is_skipped_not_refused() -> None:
    kind_org = read_file("contacts-4.0.vcf")[1]
    assert kind_org == Unusable("card 2 (line 35)", "an organisation, not a person", bad=False)
    shown_as_company = read_file("iphone-3.0.vcf")[1]  # Apple's X-ABShowAs:COMPANY
    assert shown_as_company == Unusable(
        "card 2 (line 78)", "an organisation, not a person", bad=False
    )


def test_a_card_with_no_end_is_bad_and_says_where() -> None:
    [entry] = read_file("cut-short.vcf")
    assert entry == Unusable(
        "card 1 (line 1)", "no END:VCARD: the card is cut short", name="Pieter de Vries"
    )


def test_a_broken_card_does_not_hide_the_cards_around_it() -> None:
    single = "BEGIN:VCARD\nVERSION:4.0\nFN:Ines Duarte\nEMAIL:ines@duarte.example\nEND:VCARD\n"
    cut = (IMPORT_FIXTURES / "cut-short.vcf").read_text(encoding="utf-8")
    entries = read(single + cut + "BEGIN:VCARD\nVERSION:4.0\nFN:최은희\nEND:VCARD\n")
    assert [type(entry).__name__ for entry in entries] == ["Row", "Unusable", "Row"]
    assert entries[1].where == "card 2 (line 6)"
    assert isinstance(entries[2], Row) and entries[2].values["name"] == "최은희"


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
    names = [values["name"] for values in values_of(entries)]
    assert list(zip([entry.where for entry in entries], names, strict=True)) == [
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
        read_source(io.BytesIO(b"Name,Email\nAnn,a@example.com\n"), "people.csv", "vcard", {})
