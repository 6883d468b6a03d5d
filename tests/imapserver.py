"""A real IMAP server for the tests: Debian's dovecot, on 127.0.0.1, in a temp dir.

Each server has its own configuration, one test user with a Maildir, a plain port
that offers STARTTLS and an IMAPS port, both with a certificate from a throwaway CA
(trustme) that the client trusts through SSL_CERT_FILE. Mail is loaded with
APPEND, as a mail client would store it. Run as root (as in CI) the mail belongs
to the `dovecot` user, since dovecot gives no mail process root's rights.

Without dovecot the tests that need it skip, saying how to install it; on CI
(``CI`` set) they fail instead, since `.ci/run` installs it.
"""

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import trustme

from tests.servers import free_port, missing

USER, PASSWORD = "sam", "s3cret"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
STARTUP_SECONDS = 10


@dataclass(frozen=True)
class ImapServer:
    port: int  # plain, with STARTTLS
    ssl_port: int  # IMAPS
    ca_file: Path  # the CA that signed the server's certificate
    root: Path

    def deliver(self, messages: list[bytes], folder: str = "INBOX") -> None:
        from imapclient import IMAPClient

        with IMAPClient("127.0.0.1", port=self.port, ssl=False) as client:
            client.login(USER, PASSWORD)
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)


def require_dovecot() -> None:
    if Path(DOVECOT).is_file():
        return
    missing("dovecot is not installed: `apt-get install dovecot-imapd` (as .ci/run does)")


@contextmanager
def running() -> Iterator[ImapServer]:
    """A dovecot of its own, stopped (and its files removed) on the way out."""
    require_dovecot()
    root = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
    root.chmod(0o755)  # dovecot's own processes run as its users and must reach it
    try:
        yield _start(root)
    finally:
        _stop(root)
        shutil.rmtree(root, ignore_errors=True)


def _start(root: Path) -> ImapServer:
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    certificate.cert_chain_pems[0].write_to_path(str(root / "cert.pem"))
    certificate.private_key_pem.write_to_path(str(root / "key.pem"))
    authority.cert_pem.write_to_path(str(root / "ca.pem"))
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    home = root / "home"
    home.mkdir()
    if os.geteuid() == 0:
        internal, login = "dovecot", "dovenull"
        mail = pwd.getpwnam("dovecot")
        os.chown(home, mail.pw_uid, mail.pw_gid)
        for name in ("key.pem", "users"):
            os.chown(root / name, mail.pw_uid, mail.pw_gid)
    else:
        internal = login = pwd.getpwuid(os.getuid()).pw_name
        mail = pwd.getpwuid(os.getuid())
    port, ssl_port = free_port(), free_port()
    (root / "dovecot.conf").write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {grp.getgrgid(mail.pw_gid).gr_name}
default_login_user = {login}
mail_location = maildir:~/Maildir
first_valid_uid = {mail.pw_uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={mail.pw_uid} gid={mail.pw_gid} home={home}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
""",
        encoding="utf-8",
    )
    subprocess.Popen(
        [DOVECOT, "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).wait()
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return ImapServer(port, ssl_port, root / "ca.pem", root)
        time.sleep(0.05)
    log = (
        (root / "dovecot.log").read_text(errors="replace")
        if (root / "dovecot.log").exists()
        else ""
    )
    raise RuntimeError(f"dovecot did not start on 127.0.0.1:{port}: {log[-2000:]}")


def _stop(root: Path) -> None:
    # The server and its mail are thrown away, so it is killed: a clean SIGTERM
    # shutdown of dovecot's master takes seconds, every test.
    pid_file = root / "run" / "master.pid"
    if not pid_file.exists():
        return
    master = int(pid_file.read_text().strip())
    try:
        os.killpg(master, signal.SIGKILL)  # the master leads its own group: all of dovecot
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and _alive(master):
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    """Whether `pid` still runs; a zombie waiting for init to reap it has stopped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False
