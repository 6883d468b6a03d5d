"""What the storage tests share: one throwaway PostgreSQL per test process."""

from collections.abc import Iterator

import pytest

from tests import pgserver


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgserver.PostgresServer]:
    with pgserver.running() as running:
        yield running
