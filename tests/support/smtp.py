"""A real SMTP server for the tests (aiosmtpd, in a thread of its own), keeping every message it receives."""

from __future__ import annotations

import logging
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Inbox:
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        """``refused-…`` addresses are refused for good (550), ``busy-…`` for now (451); others are taken."""
        if address.startswith("refused-"):
            return "550 5.1.1 no such mailbox"
        if address.startswith("busy-"):
            return "451 4.2.1 mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = cast(EmailMessage, message_from_bytes(envelope.content, policy=default))
        with self.lock:
            self.messages.append(message)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Guarded:
    """A server that requires STARTTLS (with ``certificate``/``key``) and then ``username``/``password``."""

    certificate: Path
    key: Path
    username: str
    password: str

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        known = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.username.encode(), self.password.encode())  # fmt: skip
        return AuthResult(success=known, handled=False)

    def options(self) -> dict[str, Any]:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.key)
        return {"tls_context": context, "require_starttls": True, "auth_required": True, "authenticator": self}


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (openssl), which a client trusts by naming it as its CA file."""
    certificate, key = directory / "smtp.pem", directory / "smtp.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


@contextmanager
def smtp_server(guarded: Guarded | None = None) -> Iterator[Inbox]:
    """The server stands for the recipients' mailboxes, which do hold what was mailed: its debug log, which
    prints every line received, stays quiet so tests looking for leaked secrets in logs see the platform's."""
    logging.getLogger("mail.log").setLevel(logging.INFO)
    inbox = Inbox(port=free_port())
    options = {} if guarded is None else guarded.options()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port, **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(cast(EmailMessage, part).get_content())
