"""services.doctor: a sound store has nothing to report; a broken rule is found and fixed."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from followup.services.contacts import NewContact, Profile, add_contact
from followup.services.doctor import doctor
from tests.services.conftest import Opener


def test_a_store_used_through_the_services_is_sound(at: Opener) -> None:
    add_contact(at(), NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    assert doctor(at()) == []


@pytest.mark.sqlite_only
def test_an_active_contact_without_a_next_step_is_found_and_given_one(at: Opener, db: Path) -> None:
    add_contact(at(), NewContact("Ann Lee", Profile({"met_on": "2026-02-27"})))
    # As a crashed or hand-edited store might be left.
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("DELETE FROM followup")
    [finding] = doctor(at())
    assert finding.contact_id == 1 and not finding.fixed
    [repaired] = doctor(at(), fix=True)
    assert repaired.fixed
    assert doctor(at()) == []
