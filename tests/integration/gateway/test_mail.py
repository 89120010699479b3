"""``common.mail`` against a real SMTP server, a maildir, and nothing at all (what ``make run`` has)."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from common.mail import Mail, MaildirMailer, MailSettings, Postbox, SmtpMailer, UndeliverableMailer, mailer_for
from tests.support.smtp import Inbox, body_of, free_port, smtp_server
from tests.support.waiting import eventually

MAIL = Mail("someone@example.com", "Hello", "a token: s3cr3t-t0k3n")


async def test_smtp_delivers_the_mail(inbox: Inbox) -> None:
    await SmtpMailer(MailSettings(host="127.0.0.1", port=inbox.port, sender="Tests <t@example.com>")).send(MAIL)
    received = [m for m in inbox.to("someone@example.com") if m["Subject"] == "Hello"]
    assert received and received[-1]["From"] == "Tests <t@example.com>" and "s3cr3t-t0k3n" in body_of(received[-1])


async def test_without_a_host_mail_goes_to_the_maildir_or_nowhere(tmp_path: Path) -> None:
    kept = mailer_for(MailSettings(maildir=tmp_path / "mail"))
    assert isinstance(kept, MaildirMailer) and isinstance(mailer_for(MailSettings()), UndeliverableMailer)
    await kept.send(MAIL)
    assert [m["Subject"] for m in mailbox.Maildir(tmp_path / "mail")] == ["Hello"]
    await UndeliverableMailer().send(MAIL)


async def test_a_postbox_logs_a_failed_send_without_the_mail(capsys: pytest.CaptureFixture[str]) -> None:
    postbox = Postbox(SmtpMailer(MailSettings(host="127.0.0.1", port=free_port(), timeout_seconds=2)))
    postbox.post(MAIL)
    await postbox.drain()
    printed = capsys.readouterr()
    assert "s3cr3t-t0k3n" not in printed.out + printed.err


async def test_a_postbox_sends_in_the_background() -> None:
    with smtp_server() as own:
        postbox = Postbox(SmtpMailer(MailSettings(host="127.0.0.1", port=own.port)))
        postbox.post(MAIL)

        async def delivered() -> None:
            assert own.to("someone@example.com")

        await eventually(delivered, within=10)
        await postbox.drain()
