"""Sixteen sellers logging at once on one team's database while their manager reads.

Each seller is a thread with connections of their own (one Context per command, as
one process per command would have), logging 50 touches on their ten contacts;
the manager runs the team's report, review and `team` all along. Nothing may be
lost, nobody may see an error, and every open contact keeps exactly one pending
step (the database's own constraint).
"""

import threading
from collections.abc import Callable
from datetime import datetime

import psycopg
import pytest

from followup.clock import FixedClock
from followup.config import Config
from followup.context import Context
from followup.services import owners, reports
from followup.services.touches import LogTouch, log_touch
from followup.storage import ServerUrl
from followup.storage.postgres import security
from tests import pgserver
from tests.services.conftest import MONDAY, added

SELLERS = [f"seller{number:02d}" for number in range(1, 17)]
CONTACTS, ROUNDS = 10, 5  # 50 logs each


def run_as(url: ServerUrl, user: str | None) -> Context:
    return Context.open(
        url, clock=FixedClock(MONDAY), config=Config(user_name=user), label="concurrency"
    )


@pytest.fixture
def team_url(postgres: pgserver.PostgresServer, request: pytest.FixtureRequest) -> ServerUrl:
    url = ServerUrl(postgres.store_url(request.node.nodeid))
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        for seller in SELLERS:
            admin.execute(
                f"DO $$ BEGIN CREATE ROLE {seller} LOGIN IN ROLE {security.SELLER_ROLE}; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$".encode()
            )
    for seller in SELLERS:
        with run_as(url, seller) as ctx:
            for number in range(CONTACTS):
                added(ctx, f"{seller} contact {number}", met_on="2026-02-25")
    return url


def test_sixteen_sellers_log_at_once_and_nothing_is_lost(
    team_url: ServerUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGUSER", pgserver.SUPERUSER)
    errors: list[BaseException] = []
    start = threading.Barrier(len(SELLERS) + 1)
    sellers_done = threading.Event()

    def guarded(work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except BaseException as error:
                errors.append(error)

        return run

    def seller_logs(seller: str) -> Callable[[], None]:
        def work() -> None:
            start.wait()
            for round_ in range(ROUNDS):
                for number in range(CONTACTS):
                    with run_as(team_url, seller) as ctx:
                        log_touch(
                            ctx,
                            LogTouch(
                                f"{seller} contact {number}",
                                note=f"round {round_}",
                                skip_check=True,
                                reason="load test",
                            ),
                        )

        return work

    reads = 0

    def manager_reads() -> None:
        nonlocal reads
        start.wait()
        while not sellers_done.is_set():
            with run_as(team_url, pgserver.MANAGER) as ctx:
                reports.funnel(ctx, "owner", None, None)
                reports.review(ctx, None)
                owners.team(ctx)
            reads += 1

    threads = [threading.Thread(target=guarded(seller_logs(seller))) for seller in SELLERS]
    manager = threading.Thread(target=guarded(manager_reads))
    for thread in [*threads, manager]:
        thread.start()
    began = datetime.now()
    for thread in threads:
        thread.join(timeout=600)
    sellers_done.set()
    manager.join(timeout=60)
    took = (datetime.now() - began).total_seconds()

    assert errors == [], errors[:3]
    assert reads > 0
    with psycopg.connect(team_url.url, user=pgserver.SUPERUSER) as db:
        (touches,) = db.execute("SELECT count(*) FROM touch").fetchone()  # type: ignore[misc]
        per_seller = db.execute(
            "SELECT c.owner, count(*) FROM touch t JOIN contact c ON c.id = t.contact_id "
            "GROUP BY c.owner ORDER BY c.owner"
        ).fetchall()
        pending = db.execute(
            "SELECT c.id, count(f.id) FROM contact c LEFT JOIN followup f "
            "ON f.contact_id = c.id AND f.status = 'pending' "
            "WHERE c.status NOT IN ('won', 'lost') GROUP BY c.id HAVING count(f.id) <> 1"
        ).fetchall()
        steps = db.execute("SELECT DISTINCT step FROM followup WHERE status = 'pending'").fetchall()
    assert touches == len(SELLERS) * CONTACTS * ROUNDS
    assert per_seller == [(seller, CONTACTS * ROUNDS) for seller in SELLERS]
    assert pending == []
    assert steps == [(ROUNDS + 1,)]  # every contact moved on one step per log
    print(f"{touches} logs by {len(SELLERS)} sellers in {took:.1f} s; {reads} manager reads")
