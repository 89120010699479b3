"""Sending mail (password resets and invitations now, alerts later): over SMTP when a host is configured.

Without a host, mail goes to a local maildir when one is named (development), or is logged as
undeliverable: recipient's domain and subject only. No body, password or token is ever logged.
"""

from __future__ import annotations

import asyncio
import mailbox
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import aiosmtplib
from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.logging import get_logger

log = get_logger(__name__)


class MailSettings(BaseModel):
    host: str | None = None
    port: int = 25
    sender: str = "Switchyard <no-reply@switchyard.local>"
    username: str | None = None
    password: SecretStr | None = None
    starttls: bool = False
    ca_file: Path | None = None
    timeout_seconds: float = 10
    maildir: Path | None = None


class SmtpEnvironment(BaseSettings):
    """The SMTP settings of a service that sends mail, read from the environment."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)
    smtp_host: str | None = Field(None, validation_alias="SWITCHYARD_SMTP_HOST")
    smtp_port: int = Field(25, validation_alias="SWITCHYARD_SMTP_PORT")
    smtp_username: str | None = Field(None, validation_alias="SWITCHYARD_SMTP_USERNAME")
    smtp_password: SecretStr | None = Field(None, validation_alias="SWITCHYARD_SMTP_PASSWORD")
    smtp_starttls: bool = Field(False, validation_alias="SWITCHYARD_SMTP_STARTTLS")
    # CA certificates to trust for STARTTLS (a private relay's)
    smtp_ca_file: Path | None = Field(None, validation_alias="SWITCHYARD_SMTP_CA_FILE")
    mail_from: str = Field("Switchyard <no-reply@switchyard.local>", validation_alias="SWITCHYARD_MAIL_FROM")
    maildir: Path | None = Field(None, validation_alias="SWITCHYARD_MAILDIR")

    def mail_settings(self) -> MailSettings:
        return MailSettings(
            host=self.smtp_host,
            port=self.smtp_port,
            sender=self.mail_from,
            username=self.smtp_username,
            password=self.smtp_password,
            starttls=self.smtp_starttls,
            ca_file=self.smtp_ca_file,
            maildir=self.maildir,
        )


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    message_id: str | None = None

    def message(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = sender, self.to, self.subject
        if self.message_id:
            message["Message-ID"] = self.message_id
        message.set_content(self.text)
        return message

    @property
    def about(self) -> dict[str, str]:
        """What may be logged of it."""
        return {"to_domain": self.to.rpartition("@")[2], "subject": self.subject}


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None: ...


@dataclass(frozen=True)
class SmtpMailer:
    settings: MailSettings

    async def send(self, mail: Mail) -> None:
        s = self.settings
        await aiosmtplib.send(
            mail.message(s.sender),
            hostname=s.host,
            port=s.port,
            username=s.username,
            password=s.password.get_secret_value() if s.password else None,
            start_tls=s.starttls,
            cert_bundle=None if s.ca_file is None else str(s.ca_file),
            timeout=s.timeout_seconds,
        )
        log.info("mail_sent", **mail.about)


@dataclass(frozen=True)
class MaildirMailer:
    path: Path
    sender: str

    async def send(self, mail: Mail) -> None:
        await asyncio.to_thread(mailbox.Maildir(self.path, create=True).add, mail.message(self.sender))
        log.info("mail_kept_in_maildir", maildir=str(self.path), **mail.about)


class UndeliverableMailer:
    async def send(self, mail: Mail) -> None:
        log.warning("mail_undeliverable", reason="no SMTP host or maildir is configured", **mail.about)


def mailer_for(settings: MailSettings) -> Mailer:
    if settings.host:
        return SmtpMailer(settings)
    if settings.maildir:
        return MaildirMailer(settings.maildir, settings.sender)
    return UndeliverableMailer()


@dataclass
class Postbox:
    """Sends in the background, so no answer waits for (or reveals, by its timing) a mail; failures are logged."""

    mailer: Mailer
    sending: set[asyncio.Task[None]] = field(default_factory=set)

    def post(self, mail: Mail) -> None:
        task = asyncio.create_task(self._send(mail))
        self.sending.add(task)
        task.add_done_callback(self.sending.discard)

    async def _send(self, mail: Mail) -> None:
        try:
            await self.mailer.send(mail)
        except (OSError, aiosmtplib.SMTPException) as exc:
            log.warning("mail_failed", error=type(exc).__name__, **mail.about)

    async def drain(self) -> None:
        if self.sending:
            await asyncio.wait(set(self.sending))
