"""`followup import`, through the real command, with the files other tools write.

Every file in the shared sample data is imported as a user would: a badge-scan
export after a trade show, LinkedIn's Connections.csv, a Google Contacts export,
and vCards written by khard and vobject (including one cut short).
"""

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ERROR, FOLLOWUP, SHARED_DATA, Followup, refused

NOW = "2026-11-24"  # a Tuesday, after every date in the sample files
BADGES = str(SHARED_DATA / "event" / "badge-scans.csv")
LINKEDIN = str(SHARED_DATA / "linkedin" / "Connections.csv")
GOOGLE = str(SHARED_DATA / "google" / "contacts.csv")
VCARDS = SHARED_DATA / "vcards"


@pytest.fixture
def fu(followup: Followup) -> Followup:
    followup.now = NOW
    return followup


def contacts(fu: Followup, *filters: str) -> list[dict[str, Any]]:
    return json.loads(fu.ok("list", "--json", *filters).out)


def by_name(fu: Followup) -> dict[str, dict[str, Any]]:
    return {person["name"]: person for person in contacts(fu)}


def test_badge_scans_from_a_trade_show(fu: Followup) -> None:
    result = fu.ok("import", BADGES, "--event", "Money20/20 2026")
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{BADGES} (CSV): imported 4 new, 1 merged, 0 updated, 0 unchanged.",
        "Columns not imported: Scan Time, City, Country (see --map).",
        "4 enrolled in event-warm; 4 follow-up(s) due: `followup today`.",
    ]
    people = by_name(fu)
    rosa = people["Rosa Delgado"]
    # Her second scan, on day 2, added its note to the first one's: one contact, not two.
    assert rosa["notes"] == (
        "Budget approved for Q1; evaluating 3 vendors. Promised case study.\n"
        "Came back on day 2 with her CTO"
    )
    assert (rosa["phone"], rosa["title"], rosa["tags"]) == (
        "+1 212 555 0199",
        "Head of IT",
        ["Hot"],
    )
    assert people["Sophie Laurent"]["notes"] == '=HYPERLINK("http://example.com";"click")'
    # Step 1 is due one business day after the scan: Wed 4 Nov -> Thu 5, Thu 5 -> Fri 6.
    assert {name: (p["met_on"], p["next_due"]) for name, p in people.items()} == {
        "Rosa Delgado": ("2026-11-04", "2026-11-05"),
        "Kwame Mensah": ("2026-11-04", "2026-11-05"),
        "Sophie Laurent": ("2026-11-04", "2026-11-05"),
        "Ivan Petrov": ("2026-11-05", "2026-11-06"),
    }
    assert {p["event"] for p in people.values()} == {"Money20/20 2026"}
    [event] = json.loads(fu.ok("event", "list", "--json").out)
    assert event["date"] == "2026-11-04"  # dated by the first scan
    due = json.loads(fu.ok("today", "--json").out)
    assert [(item["name"], item["step"], item["days_overdue"]) for item in due] == [
        ("Kwame Mensah", 1, 19),
        ("Rosa Delgado", 1, 19),
        ("Sophie Laurent", 1, 19),
        ("Ivan Petrov", 1, 18),
    ]


def test_importing_the_same_file_again_changes_nothing(fu: Followup) -> None:
    fu.ok("import", BADGES)
    before = fu.dump()
    result = fu.ok("import", BADGES)
    assert result.err.splitlines()[0].endswith("imported 0 new, 0 merged, 0 updated, 5 unchanged.")
    assert fu.dump() == before


def test_someone_already_in_the_store_is_completed_not_duplicated(fu: Followup) -> None:
    fu.ok("add", "Rosa Delgado", "--email", "ROSA.DELGADO@example.com", "--met", "2026-11-04")
    fu.ok("log", "rosa", "--on", "2026-11-05")
    before = json.loads(fu.ok("show", "rosa", "--json").out)
    result = fu.ok("import", BADGES, "--dry-run")
    assert "updated  line 2  #1 Rosa Delgado  adds company, title, phone, tags, notes" in result.out
    assert "unchanged" not in result.out
    fu.ok("import", BADGES)
    rosa = json.loads(fu.ok("show", "rosa", "--json").out)
    assert len(contacts(fu, "--search", "Rosa")) == 1
    assert rosa["company"] == "Woodgrove Bank" and rosa["phone"] == "+1 212 555 0199"
    assert rosa["email"] == "ROSA.DELGADO@example.com"  # what was there stays
    # Her cadence goes on where it was: step 2, from the touch she already had.
    assert rosa["next"] == before["next"] and rosa["touches"] == before["touches"]


def test_linkedin_connections_are_met_on_the_day_you_connected(fu: Followup) -> None:
    fu.ok("import", LINKEDIN)
    people = by_name(fu)
    assert {name: (p["met_on"], p["next_due"]) for name, p in people.items()} == {
        "Priya Raman": ("2026-03-12", "2026-03-13"),  # Thu -> Fri
        "Marcus Oyelaran": ("2026-11-03", "2026-11-04"),
        "Lena Vogt": ("2026-11-03", "2026-11-04"),
        "José Álvarez Núñez": ("2026-11-04", "2026-11-05"),
        "Chen Wei": ("2026-10-28", "2026-10-29"),
    }
    priya = people["Priya Raman"]
    assert priya["linkedin"] == "https://www.linkedin.com/in/priya-raman-4b1a2c"
    assert priya["company"] == "Northwind Traders, Inc."
    assert people["Chen Wei"]["company"] is None
    assert people["José Álvarez Núñez"]["email"] == "jose@example.org"
    assert fu.ok("show", "josé", "--json").out  # found by a part of the accented name


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
    assert sorted(people) == ["Aisha Bello", "Mei Tanaka", "Tom R. Hargreaves"]
    aisha = people["Aisha Bello"]
    assert aisha["notes"] == "Met at HLTH booth 4412. Wants pilot numbers\nbefore Q1 budget."
    assert aisha["tags"] == ["HLTH 2026"]
    # No meeting date in an address book: met today, first touch tomorrow (Wed).
    assert (aisha["met_on"], aisha["next_due"]) == ("2026-11-24", "2026-11-25")
    tom = people["Tom R. Hargreaves"]
    assert tom["notes"] == "Department: R&D\nOther emails: tom.h@example.org"


@pytest.mark.parametrize(
    "name",
    sorted(path.name for path in VCARDS.glob("*.vcf") if path.name != "khard-unparsable.vcf"),
)
def test_every_shared_vcard_imports(fu: Followup, name: str) -> None:
    result = fu.ok("import", str(VCARDS / name))
    if name == "khard-org.vcf":
        assert "  skipped card 1 (line 1): an organisation, not a person" in result.err
        assert contacts(fu) == []
    else:
        assert len(contacts(fu)) == 1


def test_the_unparsable_vcard_is_refused_with_its_card_and_line(fu: Followup) -> None:
    path = str(VCARDS / "khard-unparsable.vcf")
    result = fu("import", path)
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [
        "  bad card 1 (line 1) (second contact with minimal Vcard): "
        "no END:VCARD: the card is cut short",
        f"{ERROR}1 card in {path} cannot be imported, so nothing was: "
        "fix them, or import the rest with --skip-bad",
    ]
    assert contacts(fu) == []


def test_an_address_book_of_all_the_cards_with_skip_bad(fu: Followup, tmp_path: Path) -> None:
    book = tmp_path / "book.vcf"
    book.write_text("".join(p.read_text(encoding="utf-8") for p in sorted(VCARDS.glob("*.vcf"))))
    result = fu.ok("import", str(book), "--skip-bad")
    assert (
        "  bad card 10 (line 63) (second contact with minimal Vcard): "
        "no END:VCARD: the card is cut short"
    ) in result.err
    assert "  skipped card 6 (line 32): an organisation, not a person" in result.err
    assert "imported 10 new, 0 merged, 0 updated, 0 unchanged, 1 bad, 1 skipped." in result.err
    names = set(by_name(fu))
    assert {"최유림", "Wile E. Coyote", "Dr. John Q. Public, III", "Given Family"} <= names
    assert len(names) == 10


def test_dry_run_shows_the_plan_and_writes_nothing(fu: Followup) -> None:
    fu.ok("add", "Kwame Mensah", "--email", "kwame@example.com", "--met", "2026-11-04")
    before = fu.dump()
    result = fu.ok("import", BADGES, "--dry-run")
    assert fu.dump() == before
    assert result.out.splitlines() == [
        "action   where   contact          detail",
        "new      line 2  Rosa Delgado",
        "updated  line 3  #1 Kwame Mensah  adds company, title, tags, notes",
        "new      line 4  Sophie Laurent",
        "merged   line 5  Rosa Delgado     same person as line 2; adds notes",
        "new      line 6  Ivan Petrov",
    ]
    assert result.err.splitlines()[-1] == "Dry run: nothing was written."


def test_json_shows_each_rows_fate_with_the_new_ids(fu: Followup) -> None:
    plan = json.loads(fu.ok("import", BADGES, "--json").out)
    assert [(row["action"], row["where"], row["id"], row["name"]) for row in plan] == [
        ("new", "line 2", 1, "Rosa Delgado"),
        ("new", "line 3", 2, "Kwame Mensah"),
        ("new", "line 4", 3, "Sophie Laurent"),
        ("merged", "line 5", 1, "Rosa Delgado"),
        ("new", "line 6", 4, "Ivan Petrov"),
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
    assert "5 stored as archived; `followup restart CONTACT` starts a cadence." in result.err
    assert {p["status"] for p in contacts(fu)} == {"archived"}
    assert fu.ok("today", "--count").out == "0\n"
    fu.ok("restart", "Lena")
    assert fu.ok("today", "--count").out == "0\n"  # step 1 tomorrow
    assert json.loads(fu.ok("show", "Lena", "--json").out)["next_due"] == "2026-11-25"


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
    fu.ok("import", BADGES, "--event", "Money20/20 2026")
    fu.ok("import", LINKEDIN)
    fu.ok("import", GOOGLE)
    fu.ok("import", str(VCARDS / "vobject-vcard40_full.vcf"))
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
    fu.ok("lost", "Kwame", "--reason", "budget frozen", "--lesson", "find the CFO earlier")
    fu.ok("won", "Rosa", "--worked", "the case study")
    fu.ok("archive", "Chen Wei")
    fu.ok("reply", "Sophie", "--on", "2026-11-23")
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
    # Closed or engaged people come back as they were, not enrolled again.
    due = {item["name"] for item in json.loads(fresh.ok("today", "--json").out)}
    assert due.isdisjoint({"Kwame Mensah", "Rosa Delgado", "Chen Wei", "Sophie Laurent"})
    assert "Ivan Petrov" in due


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
    assert by_name(fu)["Lena Vogt"]["notes"] == "Head of Procurement"


def test_a_huge_cell_a_ragged_row_and_a_second_company_column(fu: Followup, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    note = "x" * 200_000
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
