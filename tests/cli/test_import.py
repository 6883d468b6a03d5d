"""`followup import`, through the real command, with the files other tools write.

Every import fixture is imported as a user would: a badge-scan export after a
trade show, LinkedIn's Connections.csv, a Google Contacts export, and vCards as
an address book server and an iPhone write them (and one cut short).
"""

import base64
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ERROR, FOLLOWUP, IMPORT_FIXTURES, MEMORY_LIMIT, Followup, refused

NOW = "2026-11-24"  # a Tuesday, after every date in the fixtures
BADGES = str(IMPORT_FIXTURES / "badge-scans.csv")
LINKEDIN = str(IMPORT_FIXTURES / "linkedin-connections.csv")
GOOGLE = str(IMPORT_FIXTURES / "google-contacts.csv")
VCARDS = sorted(IMPORT_FIXTURES.glob("*.vcf"))
CUT_SHORT = IMPORT_FIXTURES / "cut-short.vcf"


@pytest.fixture
def fu(followup: Followup) -> Followup:
    followup.now = NOW
    return followup


def contacts(fu: Followup, *filters: str) -> list[dict[str, Any]]:
    return json.loads(fu.ok("list", "--json", *filters).out)


def by_name(fu: Followup) -> dict[str, dict[str, Any]]:
    return {person["name"]: person for person in contacts(fu)}


def test_badge_scans_from_a_trade_show(fu: Followup) -> None:
    result = fu.ok("import", BADGES, "--event", "Nordic Fintech Week 2026")
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{BADGES} (CSV): imported 5 new, 1 merged, 0 updated, 0 unchanged.",
        "Columns not imported: Scan Time, City, Country (see --map).",
        "5 enrolled in event-warm; 5 follow-up(s) due: `followup today`.",
    ]
    people = by_name(fu)
    ingrid = people["Ingrid Halvorsen"]
    # Her second scan, on day 2, added its note to the first one's: one contact, not two.
    assert ingrid["notes"] == (
        "Wants an FX hedging demo before Q1; two other vendors in the running. "
        "Promised the Nordic case study.\n"
        "Back on day 2 with her CTO,\nasked about SSO and audit logs"
    )
    assert (ingrid["email"], ingrid["phone"], ingrid["title"], ingrid["tags"]) == (
        "ingrid.halvorsen@fjordline.example",
        "+47 22 55 01 90",
        "Head of Treasury",
        ["Hot"],
    )
    assert people["Camille Roux"]["notes"] == '=HYPERLINK("http://serein.example/promo";"voir")'
    assert people["美咲 佐藤"]["company"] == "株式会社ミドリ決済"
    # Step 1 is due one business day after the scan: Wed 4 Nov -> Thu 5, Thu 5 -> Fri 6.
    assert {name: (p["met_on"], p["next_due"]) for name, p in people.items()} == {
        "Ingrid Halvorsen": ("2026-11-04", "2026-11-05"),
        "Tunde Bakare": ("2026-11-04", "2026-11-05"),
        "Camille Roux": ("2026-11-04", "2026-11-05"),
        "美咲 佐藤": ("2026-11-05", "2026-11-06"),
        "Dmitri Volkov": ("2026-11-05", "2026-11-06"),
    }
    assert {p["event"] for p in people.values()} == {"Nordic Fintech Week 2026"}
    [event] = json.loads(fu.ok("event", "list", "--json").out)
    assert event["date"] == "2026-11-04"  # dated by the first scan
    due = json.loads(fu.ok("today", "--json").out)
    assert [(item["name"], item["step"], item["days_overdue"]) for item in due] == [
        ("Camille Roux", 1, 19),
        ("Ingrid Halvorsen", 1, 19),
        ("Tunde Bakare", 1, 19),
        ("Dmitri Volkov", 1, 18),
        ("美咲 佐藤", 1, 18),
    ]


def test_importing_the_same_file_again_changes_nothing(fu: Followup) -> None:
    fu.ok("import", BADGES)
    before = fu.dump()
    result = fu.ok("import", BADGES)
    assert result.err.splitlines()[0].endswith("imported 0 new, 0 merged, 0 updated, 6 unchanged.")
    assert fu.dump() == before


def test_someone_already_in_the_store_is_completed_not_duplicated(fu: Followup) -> None:
    fu.ok(
        "add",
        "Ingrid Halvorsen",
        "--email",
        "INGRID.HALVORSEN@fjordline.example",
        "--met",
        "2026-11-04",
    )
    fu.ok("log", "ingrid", "--on", "2026-11-05")
    before = json.loads(fu.ok("show", "ingrid", "--json").out)
    result = fu.ok("import", BADGES, "--dry-run")
    assert (
        "updated  line 2  #1 Ingrid Halvorsen  adds company, title, phone, tags, notes"
    ) in result.out
    assert "unchanged" not in result.out
    fu.ok("import", BADGES)
    ingrid = json.loads(fu.ok("show", "ingrid", "--json").out)
    assert len(contacts(fu, "--search", "Ingrid")) == 1
    assert ingrid["company"] == "Fjordline Bank ASA" and ingrid["phone"] == "+47 22 55 01 90"
    assert ingrid["email"] == "INGRID.HALVORSEN@fjordline.example"  # what was there stays
    # Her cadence goes on where it was: step 2, from the touch she already had.
    assert ingrid["next"] == before["next"] and ingrid["touches"] == before["touches"]


def test_linkedin_connections_are_met_on_the_day_you_connected(fu: Followup) -> None:
    fu.ok("import", LINKEDIN)
    people = by_name(fu)
    assert {name: (p["met_on"], p["next_due"]) for name, p in people.items()} == {
        "Aleksander Nowak": ("2026-03-12", "2026-03-13"),  # Thu -> Fri
        "Fatou Diallo": ("2026-11-03", "2026-11-04"),
        "Henrik Lindqvist": ("2026-11-03", "2026-11-04"),
        "Lucía Ortega Ibáñez": ("2026-11-04", "2026-11-05"),
        "Ольга Смирнова": ("2026-10-15", "2026-10-16"),
        "Wei Zhang": ("2026-10-28", "2026-10-29"),
    }
    aleksander = people["Aleksander Nowak"]
    assert aleksander["linkedin"] == "https://www.linkedin.com/in/aleksander-nowak-7f3e21"
    assert aleksander["company"] == "Wisła Logistics, Sp. z o.o."
    assert people["Wei Zhang"]["company"] is None
    assert people["Lucía Ortega Ibáñez"]["email"] == "lucia@ortega-consult.example"
    assert fu.ok("show", "lucía", "--json").out  # found by a part of the accented name


def test_step_one_skips_a_public_holiday(fu: Followup, tmp_path: Path) -> None:
    fu.config.write_text('[calendar]\nholidays = "US"\n')
    people = tmp_path / "people.csv"
    people.write_text("Name,Met On\nAnn Lee,2026-11-10\n")
    fu.ok("import", str(people))
    # Met Tue 10 Nov; Wed 11 Nov is Veterans Day, so step 1 is Thu 12 Nov.
    assert contacts(fu)[0]["next_due"] == "2026-11-12"


def test_google_contacts(fu: Followup) -> None:
    fu.ok("import", GOOGLE)
    people = by_name(fu)
    assert sorted(people) == ["Marek A. Dvořák", "Priyanka Iyer", "Sakura Endo"]
    priyanka = people["Priyanka Iyer"]
    assert priyanka["notes"] == (
        "Met at the HIMSS booth 2210. Needs the pilot numbers\nbefore their January board."
    )
    assert priyanka["tags"] == ["HIMSS 2026"]
    # No meeting date in an address book: met today, first touch tomorrow (Wed).
    assert (priyanka["met_on"], priyanka["next_due"]) == ("2026-11-24", "2026-11-25")
    marek = people["Marek A. Dvořák"]
    assert marek["notes"] == "Department: R&D\nOther emails: marek.dvorak@posta.example"


def test_an_outlook_21_note_in_quoted_printable_comes_back_exactly(fu: Followup) -> None:
    result = fu.ok("import", str(IMPORT_FIXTURES / "outlook-2.1.vcf"))
    assert "imported 3 new, 0 merged, 0 updated, 0 unchanged." in result.err
    jorg = json.loads(fu.ok("show", "Jörg", "--json").out)
    assert jorg["notes"].splitlines()[:2] == [
        "Messe Hannover, Stand B12.",
        "Will Referenzkunden sehen.",
    ]
    assert jorg["company"] == "Krämer Antriebstechnik GmbH"
    assert by_name(fu)["Anaïs François"]["company"] == "Société Lumière, Paris"


def test_an_iphone_card_keeps_its_folded_note_and_leaves_its_photo_out(fu: Followup) -> None:
    fu.ok("import", str(IMPORT_FIXTURES / "iphone-3.0.vcf"))
    yui = by_name(fu)["Yui Nakamura"]
    assert yui["notes"].splitlines()[:2] == [
        "Met at iREX in Tokyo, hall 5. Wants a pilot with two arms in Q3; decision by the "
        "plant manager.",
        "Send the cycle-time study, in English.",
    ]
    assert yui["linkedin"] == "https://www.linkedin.com/in/yui-nakamura-kansai"  # item4.URL
    assert not any("/9j/" in line for line in fu.dump())  # no photo data anywhere


@pytest.mark.parametrize(
    ("path", "people", "skipped"),
    [
        (IMPORT_FIXTURES / "contacts-4.0.vcf", 9, "card 2 (line 35)"),
        (IMPORT_FIXTURES / "iphone-3.0.vcf", 2, "card 2 (line 78)"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_every_vcard_address_book_imports(
    fu: Followup, path: Path, people: int, skipped: str
) -> None:
    result = fu.ok("import", str(path))
    assert f"  skipped {skipped}: an organisation, not a person" in result.err
    assert f"imported {people} new, 0 merged, 0 updated, 0 unchanged, 1 skipped." in result.err
    assert len(contacts(fu)) == people


def test_the_cut_short_vcard_is_refused_with_its_card_and_line(fu: Followup) -> None:
    path = str(CUT_SHORT)
    result = fu("import", path)
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [
        "  bad card 1 (line 1) (Pieter de Vries): no END:VCARD: the card is cut short",
        f"{ERROR}1 card in {path} cannot be imported, so nothing was: "
        "fix them, or import the rest with --skip-bad",
    ]
    assert contacts(fu) == []


def test_an_address_book_of_all_the_cards_with_skip_bad(fu: Followup, tmp_path: Path) -> None:
    book = tmp_path / "book.vcf"
    book.write_text("".join(path.read_text(encoding="utf-8") for path in VCARDS))
    result = fu.ok("import", str(book), "--skip-bad")
    # contacts-4.0.vcf has 10 cards in 94 lines, cut-short.vcf one card in 5.
    assert (
        "  bad card 11 (line 95) (Pieter de Vries): no END:VCARD: the card is cut short"
    ) in result.err
    assert "  skipped card 2 (line 35): an organisation, not a person" in result.err
    assert "  skipped card 13 (line 177): an organisation, not a person" in result.err
    assert "imported 14 new, 0 merged, 0 updated, 0 unchanged, 1 bad, 2 skipped." in result.err
    names = set(by_name(fu))
    assert {
        "최은희",
        "Dr. Amara Okonkwo, PhD",
        "Yui Nakamura",
        "Layla Ahmed",
        "Jörg Weber",
    } <= names
    assert len(names) == 14


def test_dry_run_shows_the_plan_and_writes_nothing(fu: Followup) -> None:
    fu.ok("add", "Tunde Bakare", "--email", "tunde@lagoonmf.example", "--met", "2026-11-04")
    before = fu.dump()
    result = fu.ok("import", BADGES, "--dry-run")
    assert fu.dump() == before
    assert result.out.splitlines() == [
        "action   where   contact           detail",
        "new      line 2  Ingrid Halvorsen",
        "updated  line 3  #1 Tunde Bakare   adds company, title, tags, notes",
        "new      line 4  Camille Roux",
        "merged   line 5  Ingrid Halvorsen  same person as line 2; adds notes",
        "new      line 7  美咲 佐藤",
        "new      line 8  Dmitri Volkov",
    ]
    assert result.err.splitlines()[-1] == "Dry run: nothing was written."


def test_json_shows_each_rows_fate_with_the_new_ids(fu: Followup) -> None:
    plan = json.loads(fu.ok("import", BADGES, "--json").out)
    assert [(row["action"], row["where"], row["id"], row["name"]) for row in plan] == [
        ("new", "line 2", 1, "Ingrid Halvorsen"),
        ("new", "line 3", 2, "Tunde Bakare"),
        ("new", "line 4", 3, "Camille Roux"),
        ("merged", "line 5", 1, "Ingrid Halvorsen"),
        ("new", "line 7", 4, "美咲 佐藤"),
        ("new", "line 8", 5, "Dmitri Volkov"),
    ]


BAD_ROWS = (
    "Name,Email,Met On\n"
    "Ann Lee,ann@example.com,2026-11-02\n"
    "Bo Chen,not-an-address,2026-11-02\n"
    "Cy Diaz,cy@example.com,2027-01-05\n"
    ",dee@example.com,2026-11-02\n"
    "Ed Finn,ed@example.com,next spring\n"
)


def test_one_bad_row_and_nothing_is_written(fu: Followup, tmp_path: Path) -> None:
    fu.ok("add", "Zoe Stored", "--met", "2026-11-02")
    people = tmp_path / "people.csv"
    people.write_text(BAD_ROWS)
    before = fu.dump()
    result = fu("import", str(people))
    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines() == [
        "  bad line 3 (Bo Chen): email 'not-an-address' is not an email address",
        "  bad line 4 (Cy Diaz): met date 2027-01-05 is in the future",
        "  bad line 5: no name",
        "  bad line 6 (Ed Finn): met date 'next spring' is not a date",
        f"{ERROR}4 rows in {people} cannot be imported, so nothing was: "
        "fix them, or import the rest with --skip-bad",
    ]
    assert fu.dump() == before


def test_dry_run_with_bad_rows_shows_everything_then_fails(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(BAD_ROWS)
    result = fu("import", str(people), "--dry-run")
    assert result.code == 1
    assert "new     line 2  Ann Lee" in result.out
    assert "bad     line 3  Bo Chen  email 'not-an-address' is not an email address" in result.out
    assert result.err.splitlines()[-1].endswith(
        "so nothing would be: fix them, or import the rest with --skip-bad"
    )
    assert contacts(fu) == []


def test_skip_bad_imports_the_good_rows_and_lists_the_rest(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(BAD_ROWS)
    result = fu.ok("import", str(people), "--skip-bad")
    assert "  bad line 5: no name" in result.err
    assert "imported 1 new, 0 merged, 0 updated, 0 unchanged, 4 bad." in result.err
    assert list(by_name(fu)) == ["Ann Lee"]


def test_no_cadence_keeps_them_archived_until_restarted(fu: Followup) -> None:
    result = fu.ok("import", LINKEDIN, "--no-cadence")
    assert "6 stored as archived; `followup restart CONTACT` starts a cadence." in result.err
    assert {p["status"] for p in contacts(fu)} == {"archived"}
    assert fu.ok("today", "--count").out == "0\n"
    fu.ok("restart", "Henrik")
    assert fu.ok("today", "--count").out == "0\n"  # step 1 tomorrow
    assert json.loads(fu.ok("show", "Henrik", "--json").out)["next_due"] == "2026-11-25"


def test_a_chosen_cadence(fu: Followup) -> None:
    fu.ok("import", GOOGLE, "--cadence", "new-angle")
    assert {p["cadence"] for p in contacts(fu)} == {"new-angle"}


def test_map_and_stdin(fu: Followup) -> None:
    csv_text = "Person,Employer,Booth\nAnn Lee,Contoso,B12\n"
    result = fu.ok("import", "-", "--map", "Person=name", "--map", "Booth=notes", stdin=csv_text)
    assert result.err.startswith("stdin (CSV): imported 1 new")
    assert contacts(fu)[0]["notes"] == "B12" and contacts(fu)[0]["company"] == "Contoso"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.csv"], 1, "No such file or directory: missing.csv"),
        ([".", "--dry-run"], 1, ". is a directory, not a file"),
        (
            [BADGES, "--format", "xlsx"],
            2,
            "--format 'xlsx' is not one of: csv, linkedin, google, vcard",
        ),
        (
            [BADGES, "--format", "vcard"],
            1,
            f"{BADGES} is not a vCard file: it does not start with BEGIN:VCARD",
        ),
        ([BADGES, "--map", "Rating"], 2, "--map 'Rating' must look like COLUMN=FIELD"),
        (
            [BADGES, "--map", "Rating=stars"],
            1,
            "--map: 'stars' is not a field; one of: name, first_name, middle_name, last_name, "
            "company, title, email, phone, linkedin, tz, notes, met_on, event, department, tags, "
            "discussed, promised, problem, decider, status, meeting_on, closed_on, close_reason, "
            "worked, lesson",
        ),
        ([BADGES, "--map", "Booth=notes"], 1, "--map: no column 'Booth' in the header"),
        (
            [BADGES, "--no-cadence", "--cadence", "new-angle"],
            2,
            "choose one of --cadence and --no-cadence",
        ),
        ([BADGES, "--cadence", "cold-call"], 1, "no cadence named 'cold-call'"),
        ([BADGES, "--event", "  "], 1, "--event cannot be blank"),
        (
            [BADGES, "--event", "Money\n2026"],
            1,
            "--event cannot contain control characters or line breaks",
        ),
    ],
)
def test_refusals(fu: Followup, args: list[str], code: int, message: str) -> None:
    fu.ok("add", "Zoe Stored", "--met", "2026-11-02")
    assert refused(fu, "import", *args, code=code).startswith(ERROR + message)


def test_a_spreadsheet_saved_in_latin1_is_refused_with_advice(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_bytes("Name\nJosé\n".encode("latin-1"))
    message = refused(fu, "import", str(people))
    assert (
        message == f"{ERROR}{people} is not UTF-8 text (line 2): "
        "save it as UTF-8 (in a spreadsheet, 'CSV UTF-8') and import again"
    )


def test_a_large_file_shows_a_progress_bar_on_a_terminal_only(fu: Followup, tmp_path: Path) -> None:
    import pexpect

    people = tmp_path / "people.csv"
    rows = "".join(f"Person {n},p{n}@example.com\n" for n in range(1500))
    people.write_text("Name,Email\n" + rows)
    piped = fu.ok("import", str(people), "--dry-run")
    assert "Importing" not in piped.err
    terminal = pexpect.spawn(
        str(FOLLOWUP), ["import", str(people)], env=fu.env(TERM="xterm"), encoding="utf-8"
    )
    shown = terminal.read()
    terminal.wait()
    assert "Importing" in shown and "━" in shown
    assert "imported 1500 new" in shown
    assert len(contacts(fu)) == 1500


# Everything a contacts export carries that an import gives back (touches and answers
# come back through `export touches`, not through an import).
ROUND_TRIP = (
    "name",
    "company",
    "title",
    "email",
    "phone",
    "linkedin",
    "tz",
    "tags",
    "notes",
    "event",
    "met_on",
    "discussed",
    "promised",
    "problem",
    "decider",
    "status",
    "meeting_on",
    "closed_on",
    "close_reason",
    "worked",
    "lesson",
)


def test_an_export_imported_into_an_empty_database_gives_the_same_contacts(
    fu: Followup, tmp_path: Path
) -> None:
    fu.ok("import", BADGES, "--event", "Nordic Fintech Week 2026")
    fu.ok("import", LINKEDIN)
    fu.ok("import", GOOGLE)
    fu.ok("import", str(IMPORT_FIXTURES / "contacts-4.0.vcf"))
    fu.ok(
        "add",
        "Maria Gonzalez",
        "--company",
        "Northwind, Logistics",
        "--tz",
        "Europe/Madrid",
        "--discussed",
        'TMS "benchmark",\nwith a line break',
        "--promised",
        "-5% on the pilot",
        "--problem",
        "@ late deliveries",
        "--decider",
        "+ the CFO",
        "--tag",
        "eu",
        "--tag",
        "logistics",
        "--met",
        "2026-11-20",
    )
    fu.ok("lost", "Tunde", "--reason", "budget frozen", "--lesson", "find the CFO earlier")
    fu.ok("won", "Ingrid", "--worked", "the case study")
    fu.ok("archive", "Wei Zhang")
    fu.ok("reply", "Camille", "--on", "2026-11-23")
    fu.ok("meeting", "Maria", "--on", "2026-11-24")
    original = sorted(contacts(fu), key=lambda person: person["name"])
    exported = tmp_path / "contacts.csv"
    fu.ok("export", "contacts", "-o", str(exported))
    fresh = Followup(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    fresh.now = NOW
    result = fresh.ok("import", str(exported))
    assert f"imported {len(original)} new, 0 merged" in result.err
    again = sorted(contacts(fresh), key=lambda person: person["name"])
    assert [{key: p[key] for key in ROUND_TRIP} for p in again] == [
        {key: p[key] for key in ROUND_TRIP} for p in original
    ]
    # Closed people come back as they were, not enrolled again; the open ones start again
    # from the import day, so nobody comes back overdue: the active ones at step 1, the
    # engaged with the answer to their reply, the one who met with the recap.
    assert json.loads(fresh.ok("today", "--json").out) == []
    soon = {
        item["name"]: (item["stage"], item["action"])
        for item in json.loads(fresh.ok("upcoming", "--json").out)
    }
    assert soon.keys().isdisjoint({"Tunde Bakare", "Ingrid Halvorsen", "Wei Zhang"})
    assert soon["Dmitri Volkov"][0] == "silent"
    assert soon["Camille Roux"] == ("engaged", "Answer and propose two meeting times")
    assert soon["Maria Gonzalez"] == ("after-meeting", "Recap, the agreed next step, and its date")


def test_a_numeric_date_needs_its_order_said(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("Name,Date\nAnn Lee,11/20/2026\nBo Chen,2026/11/04\n")
    result = fu("import", str(people))
    assert result.code == 1
    assert (
        "  bad line 2 (Ann Lee): met date '11/20/2026' could be day/month or month/day: "
        "say which with --date-order dmy or mdy"
    ) in result.err
    fu.ok("import", str(people), "--date-order", "mdy")
    assert {p["name"]: p["met_on"] for p in contacts(fu)} == {
        "Ann Lee": "2026-11-20",
        "Bo Chen": "2026-11-04",
    }


def test_a_date_in_a_file_is_never_read_relative_to_today(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("Name,Date\nAnn Lee,yesterday\nBo Chen,-2w\n")
    result = fu("import", str(people))
    assert "  bad line 2 (Ann Lee): met date 'yesterday' is not a date" in result.err
    assert "  bad line 3 (Bo Chen): met date '-2w' is not a date" in result.err


def test_map_on_a_linkedin_export_with_its_preamble(fu: Followup) -> None:
    fu.ok("import", LINKEDIN, "--map", "Position=notes")
    assert by_name(fu)["Henrik Lindqvist"]["notes"] == "Head of Procurement"


def test_a_long_cell_a_ragged_row_and_a_second_company_column(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    note = "x" * 90_000  # within the 100,000 characters a field may hold
    people.write_text(
        "Name,Company,Organization,Notes\n"
        f"Ann Lee,Acme,Acme Holdings,{note}\n"
        "Bo Chen,Initech,,,surprise\n"
    )
    result = fu("import", str(people), "--dry-run")
    assert result.out.splitlines()[1:] == [
        "new     line 2  Ann Lee",
        "bad     line 3           more cells than the header has columns",
    ]
    fu.ok("import", str(people), "--skip-bad")
    ann = by_name(fu)["Ann Lee"]
    assert ann["company"] == "Acme"
    assert ann["notes"] == f"{note}\nOrganization: Acme Holdings"  # nothing dropped silently


def test_a_column_mapped_twice_is_a_usage_error(fu: Followup) -> None:
    message = refused(fu, "import", BADGES, "--map", "Rating=tags", "--map", "rating=notes", code=2)
    assert message == f"{ERROR}--map names the column 'rating' twice"


# -- bounded input: a file of any size is read a piece at a time ----------------------


def refused_within_memory(fu: Followup, *args: str) -> str:
    """``refused``, with the command's memory capped, from a store with someone in it."""
    fu.ok("add", "Zoe Stored", "--met", "2026-11-02")
    message = refused(fu, *args, memory=MEMORY_LIMIT)
    assert "MemoryError" not in message
    return message


def test_an_endless_file_is_refused_after_a_bounded_read(fu: Followup) -> None:
    message = refused_within_memory(fu, "import", "/dev/zero")
    assert message == (
        f"{ERROR}line 1 of /dev/zero is longer than 1,000,000 characters, "
        "the most one line may hold"
    )


def test_a_cell_over_the_field_limit_refuses_the_file(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(f'Name,Notes\nAnn Lee,ok\nBo Chen,"{"x" * 100_001}"\n')
    message = refused_within_memory(fu, "import", str(people))
    assert message == (
        f"{ERROR}line 3 of {people} has a cell longer than 100,000 characters, "
        "the most one field may hold"
    )


def test_a_row_spanning_many_lines_is_refused_past_the_row_limit(
    fu: Followup, tmp_path: Path
) -> None:
    cell = '"' + "a line of a long note\n" * 4000 + '"'  # 88,000 characters: a cell may
    people = tmp_path / "people.csv"
    people.write_text("Name" + ",Notes" * 12 + "\n" + "Ann Lee" + f",{cell}" * 12 + "\n")
    message = refused_within_memory(fu, "import", str(people), "--dry-run")
    assert message == (
        f"{ERROR}the row on line 2 of {people} is longer than 1,000,000 characters, "
        "the most one row may hold"
    )


def test_a_100_mb_cell_from_a_pipe_is_refused_without_reading_it_all(fu: Followup) -> None:
    fu.ok("add", "Zoe Stored", "--met", "2026-11-02")
    before = fu.dump()
    process = subprocess.Popen(
        [str(FOLLOWUP), "import", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=fu.env(),
    )
    assert process.stdin is not None
    sent = 0
    try:
        process.stdin.write(b'Name,Notes\nAnn Lee,"')
        while sent < 100 * 1024 * 1024:
            process.stdin.write(b"x" * 1024 * 1024)
            sent += 1024 * 1024
    except BrokenPipeError:
        pass  # followup stopped reading: what it was meant to do
    out, err = process.communicate(timeout=120)
    assert (process.returncode, out) == (1, b"")
    assert err.decode().splitlines() == [
        f"{ERROR}line 2 of stdin is longer than 1,000,000 characters, the most one line may hold"
    ]
    assert sent < 100 * 1024 * 1024  # it quit long before the end of the cell
    assert fu.dump() == before


def photo_lines(size: int, fold: bool) -> list[str]:
    """A PHOTO of ``size`` bytes, base64, folded at 75 characters as phones do, or not."""
    data = base64.b64encode(os.urandom(size)).decode()
    if not fold:
        return [f"PHOTO:data:image/jpeg;base64,{data}"]
    return ["PHOTO;ENCODING=b;TYPE=JPEG:"] + [
        f" {data[i : i + 74]}" for i in range(0, len(data), 74)
    ]


def test_a_vcard_with_big_photos_imports_in_bounded_memory(fu: Followup, tmp_path: Path) -> None:
    card = tmp_path / "photos.vcf"
    with card.open("w", newline="", encoding="utf-8") as file:
        file.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Yui Nakamura\r\n")
        file.write("\r\n".join(photo_lines(20 * 1024 * 1024, fold=True)))
        file.write("\r\nEMAIL:yui@hikari.example\r\nEND:VCARD\r\n")
        file.write("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Layla Ahmed\r\n")
        file.write(photo_lines(2 * 1024 * 1024, fold=False)[0])  # one line past the limit
        file.write("\r\nTITLE:Head of Operations\r\nEND:VCARD\r\n")
    result = fu("import", str(card), memory=MEMORY_LIMIT)
    assert result.code == 0, result
    assert "imported 2 new" in result.err
    people = by_name(fu)
    assert people["Yui Nakamura"]["email"] == "yui@hikari.example"  # read on after the photo
    assert people["Layla Ahmed"]["title"] == "Head of Operations"


def test_a_bad_row_after_thousands_of_good_ones_leaves_nothing_written(
    fu: Followup, tmp_path: Path
) -> None:
    fu.ok("add", "Zoe Stored", "--met", "2026-11-02")
    people = tmp_path / "people.csv"
    rows = "".join(f"Person {n},p{n}@example.com\n" for n in range(2500))
    people.write_text(f"Name,Email\n{rows}Bo Chen,not-an-address\n")
    before = fu.dump()
    result = fu("import", str(people))
    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines()[0] == (
        "  bad line 2502 (Bo Chen): email 'not-an-address' is not an email address"
    )
    assert fu.dump() == before


def test_an_import_of_many_batches_is_one_undo_step(fu: Followup, tmp_path: Path) -> None:
    fu.ok("add", "Zoe Stored", "--met", "2026-11-02")
    before = fu.dump()
    people = tmp_path / "people.csv"
    rows = "".join(f"Person {n},p{n}@example.com,Expo\n" for n in range(2500))
    people.write_text(f"Name,Email,Event\n{rows}Person 7,P7@EXAMPLE.COM,Expo\n")
    result = fu.ok("import", str(people))
    assert "imported 2500 new, 1 merged" in result.err
    assert len(contacts(fu)) == 2501
    fu.ok("undo")
    assert sorted(fu.dump()) == sorted(before)  # the journal's triggers, put back, come last


def test_a_field_longer_than_the_limit_is_a_bad_row(fu: Followup, tmp_path: Path) -> None:
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ann Lee\nNOTE:" + "a pasted e-mail thread " * 5000
        + "\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Bo Chen\nEND:VCARD\n"
    )  # fmt: skip
    result = fu("import", str(cards))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "  bad card 1 (line 1) (Ann Lee): notes is longer than 100,000 characters"
    )
    result = fu.ok("import", str(cards), "--skip-bad")
    assert list(by_name(fu)) == ["Bo Chen"]


def test_a_paused_contact_from_our_export_starts_over_unpaused(
    fu: Followup, tmp_path: Path
) -> None:
    fu.ok("add", "Elif Demir", "--met", "2026-11-20")
    fu.ok("pause", "elif", "--until", "2026-12-04")
    exported = tmp_path / "contacts.csv"
    fu.ok("export", "contacts", "-o", str(exported))
    fresh = Followup(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    fresh.now = NOW
    fresh.ok("import", str(exported))
    elif_ = json.loads(fresh.ok("show", "elif", "--json").out)
    assert (elif_["status"], elif_["paused_until"], elif_["next"]["step"]) == ("active", None, 1)
