"""CSV layouts: LinkedIn, Google, a badge scanner, our own export, and whatever a user has."""

import codecs
import csv
import io
from dataclasses import replace
from typing import Any

import pytest

from followup.errors import InvalidValue
from followup.formats.importers import tabular
from followup.formats.importers.entries import Row, Source, Unusable
from followup.formats.importers.files import read_source
from tests.conftest import IMPORT_FIXTURES


def opened(data: bytes, name: str = "people.csv", fmt: str | None = None, **columns: str) -> Source:
    """The file ``data`` as read, its entries read to the end (a list, to look at twice)."""
    source = read_source(io.BytesIO(data), name, fmt, columns)
    return replace(source, entries=list(source.entries))


def read(text: str, fmt: str | None = None, **column_map: str) -> Source:
    return opened(text.encode(), fmt=fmt, **column_map)


def read_fixture(name: str) -> Source:
    return opened((IMPORT_FIXTURES / name).read_bytes(), name)


def rows(source: Source) -> list[dict[str, Any]]:
    return [entry.values for entry in source.entries if isinstance(entry, Row)]


def test_linkedin_connections_skip_the_notes_preamble_and_keep_the_profile_url() -> None:
    source = read_fixture("linkedin-connections.csv")
    assert source.layout == "LinkedIn connections"
    assert source.unused_columns == ()
    assert [entry.where for entry in source.entries] == [f"line {n}" for n in range(5, 11)]
    first, second, *_, olga, wei = rows(source)
    assert first == {
        "name": "Aleksander Nowak",
        "company": "Wisła Logistics, Sp. z o.o.",
        "title": "VP Operations",
        "linkedin": "https://www.linkedin.com/in/aleksander-nowak-7f3e21",
        "met_on": "12 Mar 2026",
    }
    assert second["email"] == "fatou.diallo@sahelsolar.example"
    assert second["title"] == "Director, Procurement & Supply"
    assert olga["name"] == "Ольга Смирнова"
    assert olga["company"] == "Балтийские Системы"
    assert "company" not in wei


def test_google_contacts_take_names_labels_and_the_primary_address() -> None:
    source = read_fixture("google-contacts.csv")
    assert source.layout == "Google contacts"
    priyanka, marek, sakura = rows(source)
    assert priyanka == {
        "name": "Priyanka Iyer",
        "company": "Saffron Health Systems",
        "title": "Chief Nursing Officer",
        "email": "priyanka.iyer@saffronhealth.example",
        "phone": "+91 98450 55501",
        "notes": "Met at the HIMSS booth 2210. Needs the pilot numbers\n"
        "before their January board.",
        "tags": ("HIMSS 2026",),  # Google's own "* myContacts" group is not a tag
    }
    assert marek["name"] == "Marek A. Dvořák"  # the middle name kept, the "Dr." prefix not
    assert marek["email"] == "m.dvorak@vltava-research.example"  # "* Work": Google's primary
    assert marek["linkedin"] == "https://www.linkedin.com/in/marek-dvorak-vltava"
    assert marek["notes"] == "Department: R&D\nOther emails: marek.dvorak@posta.example"
    # Two phones in one cell, as Google joins them: the first kept, the other noted.
    assert sakura == {
        "name": "Sakura Endo",
        "phone": "+81 90-5555-0199",
        "notes": "Other phones: +81 3-5555-0100",
    }
    # The multi-line note and address make Marek start on line 4 and Sakura on line 8.
    assert [entry.where for entry in source.entries] == ["line 2", "line 4", "line 8"]


def test_badge_scans_are_a_generic_csv_with_a_rating_as_tag() -> None:
    source = read_fixture("badge-scans.csv")
    assert source.layout == "CSV"
    assert source.unused_columns == ("Scan Time", "City", "Country")
    ingrid, _, camille, ingrid_again, misaki, dmitri = rows(source)
    assert ingrid["met_on"] == "2026-11-04" and ingrid["tags"] == ("Hot",)
    assert camille["notes"] == '=HYPERLINK("http://serein.example/promo";"voir")'  # data, kept
    assert ingrid_again["email"].casefold() == ingrid["email"]
    assert ingrid_again["notes"] == "Back on day 2 with her CTO,\nasked about SSO and audit logs"
    assert (misaki["name"], misaki["company"]) == ("美咲 佐藤", "株式会社ミドリ決済")
    assert dmitri == {
        "name": "Dmitri Volkov",
        "company": "Aurora Cargo Airlines",
        "met_on": "2026-11-05",
        "phone": "+7 812 555-40-12",
        "tags": ("Cold",),
    }


@pytest.mark.parametrize(
    "header",
    [
        "Name,Organization,Position,E-mail,Phone,Notes",
        "full_name,company_name,job_title,email_address,phone_number,comments",
        "NAME,COMPANY,TITLE,EMAIL,MOBILE,NOTE",
    ],
)
def test_column_synonyms_are_matched_without_case_or_punctuation(header: str) -> None:
    [values] = rows(
        read(f"{header}\nAnn Lee,Contoso,CTO,ann@contoso.example,+1 555,met at booth\n")
    )
    assert values == {
        "name": "Ann Lee",
        "company": "Contoso",
        "title": "CTO",
        "email": "ann@contoso.example",
        "phone": "+1 555",
        "notes": "met at booth",
    }


def test_semicolons_as_excel_writes_them_in_europe() -> None:
    [values] = rows(read("Name;Company;Title\nLena Vogt;Fabrikam GmbH;Head of Procurement\n"))
    assert values == {
        "name": "Lena Vogt",
        "company": "Fabrikam GmbH",
        "title": "Head of Procurement",
    }


def test_the_separator_is_sniffed_from_a_bounded_sample_of_whole_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The sniffer's time grows with the square of its sample: a hostile first line of
    # quotes and separators must not reach it whole.
    samples: list[str] = []
    sniff = csv.Sniffer.sniff

    def spied(self: csv.Sniffer, sample: str, delimiters: str | None = None) -> Any:
        samples.append(sample)
        return sniff(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", spied)
    read("Name" + ',"' * 30_000 + "\nAnn Lee\n")
    header = "Name;Company;Title\n"
    [first, *_] = rows(read(header + "Lena Vogt;Fabrikam GmbH;Head of Procurement\n" * 200))
    assert first["company"] == "Fabrikam GmbH"
    [one_line, whole_lines] = samples
    assert len(one_line) == tabular.SNIFFED_CHARACTERS  # the first line, cut
    assert len(whole_lines) <= tabular.SNIFFED_CHARACTERS
    assert whole_lines.startswith(header) and whole_lines.endswith("Head of Procurement")


def test_map_reads_any_column_as_a_field() -> None:
    source = read("Person,Employer,Stand\nAnn Lee,Contoso,B12\n", Person="name", Stand="notes")
    assert rows(source) == [{"name": "Ann Lee", "company": "Contoso", "notes": "B12"}]


def test_map_names_a_column_that_is_not_there() -> None:
    with pytest.raises(InvalidValue, match=r"--map: no column 'Booth' in the header \(Name\)"):
        read("Name\nAnn\n", Booth="notes")


def test_a_header_without_a_name_column_is_refused_with_the_way_out() -> None:
    with pytest.raises(InvalidValue, match=r"no name column.*--map COLUMN=name"):
        read("Person,Email\nAnn,ann@example.com\n")


def test_a_row_without_a_name_is_unusable_and_blank_rows_are_ignored() -> None:
    source = read("First Name,Last Name,Email\n,,x@example.com\n\n,,\nAnn,Lee,\n")
    assert source.entries == [
        Unusable("line 2", "no name"),
        Row("line 5", {"name": "Ann Lee"}),
    ]


def test_our_own_export_reads_back_with_its_spreadsheet_guard_removed() -> None:
    source = read(
        "id,name,company,phone,notes,tags,met_on,status,answer_value\r\n"
        '7,Sophie Laurent,Wide World,\'+33 1 70,"\'=HYPERLINK(""x"")",hot;fr,2026-11-04,'
        "active,a case\r\n"
    )
    assert rows(source) == [
        {
            "name": "Sophie Laurent",
            "company": "Wide World",
            "phone": "+33 1 70",
            "notes": '=HYPERLINK("x")',
            "tags": ("hot", "fr"),
            "met_on": "2026-11-04",
            "status": "active",
        }
    ]
    assert source.unused_columns == ("id", "answer_value")


def test_utf8_with_a_bom_and_utf16_decode() -> None:
    text = "Name,Company\nJosé Álvarez,Tailspin\n"
    for data in (codecs.BOM_UTF8 + text.encode(), text.encode("utf-16")):
        [values] = rows(opened(data))
        assert values == {"name": "José Álvarez", "company": "Tailspin"}


def test_a_file_that_is_not_utf8_is_refused_with_its_line() -> None:
    with pytest.raises(InvalidValue, match=r"people.csv is not UTF-8 text \(line 2\)"):
        opened("Name\nJosé\n".encode("latin-1"))


def test_an_empty_file_and_a_vcard_named_as_csv() -> None:
    with pytest.raises(InvalidValue, match=r"people\.csv is empty"):
        read(" \n")
    with pytest.raises(InvalidValue, match="is a vCard file, not csv"):
        read("BEGIN:VCARD\nFN:Ann\nEND:VCARD\n", fmt="csv")
