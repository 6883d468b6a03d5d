"""`inbox sync` as the console script: against a real IMAP server, Debian's dovecot on
127.0.0.1 (tests/imapserver.py), and on a terminal, with its progress bar.

The console script runs in a process of its own, trusting the server's throwaway
CA through SSL_CERT_FILE, as OpenSSL reads it. The pipeline is the one
tests/mailcases.py writes: five people met at LogiMAT and emailed the next day.
"""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from followup.clock import FixedClock
from followup.config import Config
from followup.context import Context
from tests import imapserver, mailcases
from tests.conftest import FOLLOWUP, Followup
from tests.imapserver import ImapServer
from tests.servers import free_port

SENT_DAY = datetime(2026, 2, 24, 12, 0)
MORNING = mailcases.SYNC_DAY.strftime("%Y-%m-%dT%H:%M")


@dataclass
class Seller:
    """The seller's machine: their store, their config naming the server, their password."""

    run: Followup
    server: ImapServer
    password: str = imapserver.PASSWORD

    def __call__(self, *args: str) -> "tuple[int, str, str]":
        result = self.run(
            *args,
            now=MORNING,
            SSL_CERT_FILE=str(self.server.ca_file),
            FOLLOWUP_IMAP_PASSWORD=self.password,
        )
        return result.code, result.out, result.err

    def configure(self, **imap: object) -> None:
        settings = {
            "host": "127.0.0.1",
            "user": imapserver.USER,
            "port": self.server.port,
            "security": "starttls",
            **imap,
        }
        lines = ["[imap]"] + [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
        self.run.config.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def server() -> Iterator[ImapServer]:
    with imapserver.running() as running:
        yield running


@pytest.fixture
def seller(tmp_path: Path, server: ImapServer) -> Seller:
    run = Followup(tmp_path, process=True)
    with closing(
        Context.open(run.db, clock=FixedClock(SENT_DAY), config=Config(), label="test")
    ) as ctx:
        mailcases.pipeline(ctx)
    seller = Seller(run, server)
    seller.configure()
    return seller


def synced(seller: Seller, *options: str) -> dict[str, object]:
    code, out, err = seller("inbox", "sync", "--json", *options)
    assert (code, err) == (0, ""), err
    result: dict[str, object] = json.loads(out)
    return result


def test_a_morning_over_starttls_records_the_week_and_today_shows_what_is_left(
    seller: Seller, server: ImapServer
) -> None:
    server.deliver(mailcases.week_of_mail())
    code, out, said = seller("inbox", "sync")
    assert (code, out) == (0, "")  # what it did is told on stderr; stdout stays for --json
    assert said.splitlines()[-1] == (
        f"Read 7 messages from imap://sam@127.0.0.1:{server.port}: 2 replies, 1 pause, "
        "1 bounce, 3 ignored (1 older than the first touch, 1 mailing list, 1 not from a contact)."
    )
    assert (
        "Recorded out of office for #3 Tom Becker (Ledgerline) until Fri 2026-03-13 "
        "(auto-reply of Tue 2026-02-24)."
    ) in said
    code, today, err = seller("today", "--json")
    assert (code, err) == (0, "")
    # Anna answered (her account's other cadence waits on a decision), Priya answered
    # from home, Tom is away, and Lena is to be called since her address bounced.
    assert [
        (item["name"], item["kind"], item["stage"], item["channel"], item["fallback_from"])
        for item in json.loads(today)
    ] == [
        ("Anna Keller", "touch", "engaged", "email", None),
        ("Priya Raman", "touch", "engaged", "email", None),
        ("Lena Fischer", "touch", "silent", "call", "email"),
        ("Anna Keller", "account", "account", None, None),
    ]


def test_a_second_sync_reads_nothing_and_changes_nothing(
    seller: Seller, server: ImapServer
) -> None:
    server.deliver(mailcases.week_of_mail())
    assert synced(seller)["read"] == 7
    before = seller.run.dump()
    again = synced(seller)
    assert (again["read"], again["handled"], seller.run.dump()) == (0, [], before)


def test_mail_arriving_later_is_read_alone(seller: Seller, server: ImapServer) -> None:
    annas: list[bytes] = []
    others: list[bytes] = []
    for message in mailcases.week_of_mail():
        (annas if b"anna.reply@mail.gmail.com" in message else others).append(message)
    server.deliver(others)
    first = synced(seller)
    assert (first["read"], first["replies"]) == (6, 1)
    server.deliver(annas)
    later = synced(seller)
    assert (later["read"], later["replies"], later["pauses"]) == (1, 1, 0)
    assert [(done["kind"], done["name"]) for done in later["handled"]] == [  # type: ignore[attr-defined]
        ("reply", "Anna Keller")
    ]


def test_the_messages_stay_unread_on_the_server(seller: Seller, server: ImapServer) -> None:
    from imapclient import IMAPClient

    server.deliver(mailcases.week_of_mail())
    synced(seller)
    with IMAPClient("127.0.0.1", port=server.port, ssl=False) as client:
        client.login(imapserver.USER, imapserver.PASSWORD)
        client.select_folder("INBOX", readonly=True)
        assert len(client.search(["ALL"])) == 7
        assert client.search(["SEEN"]) == []


def test_a_renumbered_folder_is_read_again_and_nothing_is_handled_twice(
    seller: Seller, server: ImapServer
) -> None:
    server.deliver(mailcases.week_of_mail())
    synced(seller)
    # As after the server rebuilt its index: the folder's UIDVALIDITY is not the one kept.
    with closing(sqlite3.connect(seller.run.db)) as connection, connection:
        connection.execute("UPDATE inbox_folder SET uidvalidity = uidvalidity + 1")

    def pipeline() -> list[str]:  # all but the folder's new mark and its undo step
        return [
            line for line in seller.run.dump() if "inbox_folder" not in line and "undo_" not in line
        ]

    before = pipeline()
    again = synced(seller)
    assert (again["read"], again["handled"]) == (7, [])
    assert again["ignored_by_reason"]["already handled"] == 4  # type: ignore[index]
    assert pipeline() == before


def test_imaps_on_its_own_port_and_two_folders(seller: Seller, server: ImapServer) -> None:
    server.deliver([mailcases.gmail_reply()])
    server.deliver([mailcases.exchange_bounce()], folder="Bounces")
    seller.configure(port=server.ssl_port, security="ssl", folders=["INBOX", "Bounces"])
    result = synced(seller)
    assert (result["read"], result["replies"], result["bounces"]) == (2, 1, 1)
    assert result["mailbox"] == f"imap://sam@127.0.0.1:{server.ssl_port}"


def test_a_dry_run_over_imap_writes_nothing_not_even_the_folder_mark(
    seller: Seller, server: ImapServer
) -> None:
    server.deliver(mailcases.week_of_mail())
    before = seller.run.dump()
    result = synced(seller, "--dry-run")
    assert (result["dry_run"], result["replies"], seller.run.dump()) == (True, 2, before)
    assert synced(seller)["replies"] == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"password": "hunter2-not-it"},
            "followup: error: cannot log in to 127.0.0.1:{port}: ",
            id="wrong password",
        ),
        pytest.param(
            {"port": "closed"},
            "followup: error: cannot connect to 127.0.0.1:{closed}: ",
            id="nobody listening",
        ),
        pytest.param(
            {"folders": ["Archive/2025"]},
            "followup: error: cannot open folder 'Archive/2025' on 127.0.0.1:{port}: ",
            id="no such folder",
        ),
        pytest.param(
            {"security": "ssl"},  # an IMAPS handshake with a plain port
            "followup: error: cannot connect to 127.0.0.1:{port}: ",
            id="TLS on the plain port",
        ),
    ],
)
def test_a_failure_is_one_line_exit_1_and_nothing_written(
    seller: Seller, server: ImapServer, change: dict[str, object], expected: str
) -> None:
    server.deliver(mailcases.week_of_mail())
    closed = free_port()
    if "password" in change:
        seller.password = str(change["password"])
    else:
        seller.configure(
            **{key: closed if value == "closed" else value for key, value in change.items()}
        )
    before = seller.run.dump()
    code, out, err = seller("inbox", "sync")
    assert (code, out, seller.run.dump()) == (1, "", before)
    assert err.startswith(expected.format(port=server.port, closed=closed)), err
    assert len(err.splitlines()) == 1
    assert imapserver.PASSWORD not in err and seller.password not in err


def test_a_big_mailbox_shows_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import pexpect

    run = Followup(tmp_path, process=True)
    with closing(
        Context.open(run.db, clock=FixedClock(SENT_DAY), config=Config(), label="test")
    ) as ctx:
        mailcases.pipeline(ctx)
    newsletters = [
        mailcases.list_message().replace(b"newsletter-2026-03@", f"issue-{n}@".encode())
        for n in range(1200)
    ]
    mbox = mailcases.write_mbox(tmp_path / "inbox.mbox", [*mailcases.week_of_mail(), *newsletters])
    piped = run("inbox", "sync", "--mbox", str(mbox), "--dry-run", now=MORNING)
    assert piped.code == 0 and "Reading mail" not in piped.err
    terminal = pexpect.spawn(
        str(FOLLOWUP),
        ["inbox", "sync", "--mbox", str(mbox)],
        env=run.env(TERM="xterm", FOLLOWUP_NOW=MORNING),
        encoding="utf-8",
    )
    shown = terminal.read()
    terminal.wait()
    assert terminal.exitstatus == 0
    assert "Reading mail" in shown and "━" in shown
    assert "Read 1207 messages" in shown and "2 replies, 1 pause, 1 bounce" in shown
