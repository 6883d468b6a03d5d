"""services.imports: a CSV file in, whole or not at all, with progress for a big one."""

import io
from pathlib import Path

import pytest

from followup.context import Context
from followup.domain.contact import ContactFilter
from followup.services.contacts import contacts
from followup.services.imports import ImportFile, ImportRefused, import_file
from tests.services.conftest import Opener, Scripted

SCANS = (
    "name,company,email,met on\n"
    "Ann Lee,Acme,ann@acme.example,2026-02-27\n"
    "Bo Chen,Beta,,2026-02-27\n"
)


def scans(folder: Path, text: str = SCANS) -> Path:
    path = folder / "scans.csv"
    path.write_text(text, encoding="utf-8")
    return path


def names(ctx: Context) -> list[str]:
    return [person.name for person, _ in contacts(ctx, ContactFilter())]


def test_a_file_brings_its_people_in_on_the_default_cadence(ctx: Context, tmp_path: Path) -> None:
    imported = import_file(ctx, ImportFile(scans(tmp_path), "scans.csv"))
    assert imported.counts["new"] == 2 and imported.starting == 2 and imported.due == 2
    assert imported.cadence is not None and imported.cadence.name == "event-warm"
    assert names(ctx) == ["Ann Lee", "Bo Chen"]


def test_importing_again_adds_nobody(ctx: Context, tmp_path: Path) -> None:
    path = scans(tmp_path)
    import_file(ctx, ImportFile(path, "scans.csv"))
    again = import_file(ctx, ImportFile(path, "scans.csv"))
    assert again.counts["new"] == 0 and again.counts["unchanged"] == 2


def test_a_dry_run_writes_nothing(ctx: Context, tmp_path: Path) -> None:
    rehearsed = import_file(ctx, ImportFile(scans(tmp_path), "scans.csv", dry_run=True))
    assert rehearsed.counts["new"] == 2
    assert names(ctx) == []


def test_a_bad_row_refuses_the_file_unless_skipped(ctx: Context, tmp_path: Path) -> None:
    path = scans(tmp_path, SCANS + "Cy Diaz,Gamma,not-an-email,2026-02-27\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(ctx, ImportFile(path, "scans.csv"))
    assert refused.value.count == 1 and "not-an-email" in str(refused.value.bad[0])
    assert names(ctx) == []
    skipped = import_file(ctx, ImportFile(path, "scans.csv", skip_bad=True))
    assert skipped.counts["bad"] == 1 and names(ctx) == ["Ann Lee", "Bo Chen"]


def test_a_stream_of_bytes_imports_as_a_file_does(ctx: Context) -> None:
    import_file(ctx, ImportFile(io.BytesIO(SCANS.encode()), "stdin"))
    assert names(ctx) == ["Ann Lee", "Bo Chen"]


def test_a_big_file_reports_its_progress_in_bytes(at: Opener, tmp_path: Path) -> None:
    rows = "".join(f"Person {n},Company {n},p{n}@example.com,2026-02-27\n" for n in range(2000))
    path = scans(tmp_path, "name,company,email,met on\n" + rows)
    person = Scripted()
    import_file(at(interaction=person), ImportFile(path, "scans.csv"))
    size = path.stat().st_size
    assert person.progress_steps == [("Importing", size, size)]
