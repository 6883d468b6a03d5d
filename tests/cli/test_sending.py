"""`draft` and `send` against a real SMTP server: aiosmtpd on 127.0.0.1, STARTTLS and AUTH.

The server's certificate comes from a throwaway CA (trustme) that the sending
process trusts through SSL_CERT_FILE, as OpenSSL reads it; the server accepts
one user's login and refuses one recipient. What it received is parsed back with
the standard library's email parser and compared with the rendered draft.
"""

import json
import socket
import ssl
import stat
import sys
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.conftest import Followup, refused

USER, PASSWORD = "sam", "s3cret"
REFUSED = "nobody@northwind.example"
ANSWERS = (
    "-a", "value=TMS benchmark on their own lane data",
    "-a", "problem=late deliveries", "-a", "decider=yes, with the CFO",
)  # fmt: skip


class Inbox:
    """What the server accepted, as parsed messages."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address == REFUSED:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        parsed = message_from_bytes(envelope.content, policy=default)
        assert isinstance(parsed, EmailMessage)  # the default policy parses into one
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


def authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(), PASSWORD.encode(),
    )  # fmt: skip
    return AuthResult(success=ok, handled=False)  # the server answers 535 itself


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    try:
        yield inbox, port, ca_file
    finally:
        controller.stop()


@pytest.fixture
def seller(tmp_path: Path, server: tuple[Inbox, int, Path]) -> Followup:
    """Sam, with an SMTP account on the test server and Maria's step 2 due."""
    _, port, _ = server
    followup = Followup(tmp_path / "home", process=True)
    followup.config.parent.mkdir(parents=True, exist_ok=True)
    followup.config.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nuser = "{USER}"\n'
        'from = "Sam Seller <sam@seller.example>"\nsecurity = "starttls"\n',
        encoding="utf-8",
    )
    followup.ok("add", "Maria Gonzalez", "--company", "Northwind Logistics", "--email",
                "maria@northwind.example", "--met", "2026-02-25", "--problem",
                "late deliveries", now="2026-02-26")  # fmt: skip
    followup.ok("log", "maria", now="2026-02-26")
    return followup


def send(seller: Followup, ca_file: Path, *args: str, now: str = "2026-03-03") -> Any:
    return seller("send", "maria", *args, now=now, SSL_CERT_FILE=str(ca_file),
                  FOLLOWUP_SMTP_PASSWORD=PASSWORD)  # fmt: skip


def test_send_delivers_the_rendered_draft_and_logs_it_with_the_message_id(
    seller: Followup, server: tuple[Inbox, int, Path]
) -> None:
    inbox, _, ca_file = server
    drafted = json.loads(seller.ok("draft", "maria", *ANSWERS, "--json", now="2026-03-03").out)
    result = send(seller, ca_file, *ANSWERS)
    assert result.code == 0, result.err
    assert result.err.splitlines()[0] == f"Sent to maria@northwind.example: {drafted['subject']}"
    (received,) = inbox.messages
    assert inbox.recipients == [["maria@northwind.example"]]
    assert received["From"] == "Sam Seller <sam@seller.example>"
    assert received["To"] == drafted["to"]
    assert received["Subject"] == drafted["subject"]
    assert received.get_content().replace("\r\n", "\n") == drafted["body"]  # CRLF on the wire
    assert received["Message-ID"].endswith("@seller.example>")
    assert received["In-Reply-To"] is None
    touch = json.loads(seller.ok("show", "maria", "--json", now="2026-03-03").out)["touches"][-1]
    assert (touch["step"], touch["channel"], touch["answers"]["value"]) == (
        2, "email", "TMS benchmark on their own lane data",
    )  # fmt: skip
    assert touch["message_id"] == received["Message-ID"]


def test_a_second_send_replies_in_the_thread(
    seller: Followup, server: tuple[Inbox, int, Path]
) -> None:
    inbox, _, ca_file = server
    assert send(seller, ca_file, *ANSWERS).code == 0
    # Step 3 is a call three business days later; what is sent for it is an email.
    later = ("-a", "value=A case from a cold-chain customer", "-a", "problem=late deliveries",
             "-a", "decider=yes, with the CFO")  # fmt: skip
    assert send(seller, ca_file, *later, now="2026-03-06").code == 0
    first, second = inbox.messages
    assert second["In-Reply-To"] == first["Message-ID"]
    assert second["References"] == first["Message-ID"]


@pytest.mark.parametrize("problem", ["login", "recipient", "connection"])
def test_a_refused_send_logs_nothing(
    seller: Followup, server: tuple[Inbox, int, Path], problem: str
) -> None:
    inbox, port, ca_file = server
    if problem == "recipient":
        seller.ok("edit", "maria", "--email", REFUSED)
    before = seller.dump()
    env = {"SSL_CERT_FILE": str(ca_file), "FOLLOWUP_SMTP_PASSWORD": PASSWORD}
    if problem == "login":
        env["FOLLOWUP_SMTP_PASSWORD"] = "wrong"
    if problem == "connection":
        text = seller.config.read_text(encoding="utf-8")
        seller.config.write_text(text.replace(f"port = {port}", f"port = {free_port()}"))
    result = seller.execute(["send", "maria", *ANSWERS], now="2026-03-03", env=env)
    assert (result.code, result.out) == (1, "")
    (line,) = result.err.splitlines()
    assert line.startswith("followup: error: ")
    assert {"login": "refused the login of sam: 535", "recipient": f"refused {REFUSED}: 550",
            "connection": "cannot send through 127.0.0.1"}[problem] in line  # fmt: skip
    assert PASSWORD not in result.err and "wrong" not in result.err
    assert seller.dump() == before
    assert inbox.messages == []


def test_send_dry_run_prints_the_message_and_sends_nothing(
    seller: Followup, server: tuple[Inbox, int, Path]
) -> None:
    inbox, _, ca_file = server
    before = seller.dump()
    result = send(seller, ca_file, *ANSWERS, "--dry-run")
    assert result.code == 0
    printed = message_from_bytes(result.out.encode(), policy=default)
    assert isinstance(printed, EmailMessage)
    assert printed["To"] == "maria@northwind.example"
    assert "TMS benchmark on their own lane data" in printed.get_content()
    assert (seller.dump(), inbox.messages) == (before, [])


def test_a_bounced_address_is_refused_before_anything_is_sent(
    seller: Followup, server: tuple[Inbox, int, Path]
) -> None:
    seller.ok("log", "maria", "--outcome", "bounced", *ANSWERS, now="2026-03-03")
    message = refused(seller, "send", "maria", "-a", "value=x", now="2026-03-06")
    assert "maria@northwind.example bounced" in message


def test_draft_edit_and_log_logs_only_a_saved_message(seller: Followup, tmp_path: Path) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text()\n"
        "if 'SAVE' in __import__('os').environ:\n"
        "    path.write_text(text.replace('Hi Maria', 'Hola Maria'))\n",
        encoding="utf-8",
    )
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    visual = f"{sys.executable} {editor}"
    unsaved = seller("draft", "maria", *ANSWERS, "--edit", "--log", now="2026-03-03",
                     VISUAL=visual)  # fmt: skip
    assert unsaved.code == 1
    assert "Nothing logged" in unsaved.err
    saved = seller("draft", "maria", *ANSWERS, "--edit", "--log", now="2026-03-03",
                   VISUAL=visual, SAVE="1")  # fmt: skip
    assert saved.code == 0, saved.err
    assert "Hola Maria" in saved.out
    assert "Logged step 2/7" in saved.err


def test_draft_writes_an_rfc_5322_file(seller: Followup, tmp_path: Path) -> None:
    path = tmp_path / "maria.eml"
    seller.ok("draft", "maria", *ANSWERS, "-o", str(path), now="2026-03-03")
    written = message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(written, EmailMessage)
    assert (written["To"], written["From"]) == (
        "maria@northwind.example", "Sam Seller <sam@seller.example>",
    )  # fmt: skip
    assert written.get_content().startswith("Hi Maria,")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
