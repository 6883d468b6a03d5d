"""storage.ServerUrl: a team's database named by a URL, never shown with its password."""

import pytest

from followup.context import store_location
from followup.storage import ServerUrl


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("postgresql://db.example/sales", "postgresql://db.example/sales"),
        ("postgresql://sam@db.example:5433/sales", "postgresql://sam@db.example:5433/sales"),
        ("postgresql://sam:s3cret@db.example/sales", "postgresql://sam:***@db.example/sales"),
        (
            "postgres://db.example/sales?sslmode=require&password=s3cret",
            "postgres://db.example/sales?sslmode=require&password=***",
        ),
        ("postgresql://sam:s3/cr?et@db.example/sales", "postgresql://sam:***@db.example/sales"),
        ("postgresql://sam:s3cret@db.example/x?user=a@b", "postgresql://sam:***@b"),
    ],
)
def test_a_url_is_shown_without_its_password(given: str, shown: str) -> None:
    url = ServerUrl.parse(given)
    assert url is not None
    assert str(url) == shown and repr(url) == shown
    assert "s3cret" not in f"{url} {url!r} {[url]}"


def test_only_a_postgresql_url_names_a_server_and_anything_else_a_file() -> None:
    assert store_location("postgresql://db.example/sales") == ServerUrl(
        "postgresql://db.example/sales"
    )
    assert store_location("POSTGRES://db.example/sales") is not None
    assert ServerUrl.parse("mysql://db.example/sales") is None
    assert ServerUrl.parse("~/sales.db") is None
