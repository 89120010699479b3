"""A real SMTP server for the tests (aiosmtpd, in a thread of its own), keeping every message it receives."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any, cast

from aiosmtpd.controller import Controller


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


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    """The server stands for the recipients' mailboxes, which do hold what was mailed: its debug log, which
    prints every line received, stays quiet so tests looking for leaked secrets in logs see the platform's."""
    logging.getLogger("mail.log").setLevel(logging.INFO)
    inbox = Inbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(cast(EmailMessage, part).get_content())
