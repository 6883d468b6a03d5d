"""What the tests' real servers (tests/imapserver.py, tests/pgserver.py) share."""

import os
import socket
from typing import NoReturn

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def missing(reason: str) -> NoReturn:
    """A server the machine lacks: the test skips, saying why; on CI (``CI`` set) it
    fails, since `.ci/run` installs what the tests start."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)
