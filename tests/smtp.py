"""A real SMTP server (aiosmtpd) for tests that send mail, and helpers to read it.

The fixtures are made available to every test by the root conftest."""

import asyncio
import email
import email.policy
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class ReceivedMail:
    envelope_from: str
    recipients: list[str]
    message: email.message.EmailMessage
    connection_id: int

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    def links(self, pattern: str) -> list[str]:
        return re.findall(pattern, self.text)


@dataclass
class RecordingHandler:
    """Keeps every accepted message. With `fail_after` set, it accepts that many
    messages and then answers 421 (service closing), as a mail server going away does.

    `on_recipient(address)` runs when a recipient is named, `on_message(address)` once
    a message to it is kept and before the answer: tests use them to kill a sender at
    an exact point. `hang_up_on` lists recipients whose message is kept but answered by
    dropping the connection, so the sender never learns it was accepted.
    `answer_delay` seconds pass before each message is answered, as on a real server
    (other connections go on meanwhile). `defer` maps a recipient to how many more
    times it is answered 451 ("try again later") before being accepted."""

    received: list[ReceivedMail] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    defer: dict[str, int] = field(default_factory=dict)
    fail_after: int | None = None
    hang_up_on: set[str] = field(default_factory=set)
    on_recipient: Callable[[str], None] | None = None
    on_message: Callable[[str], None] | None = None
    answer_delay: float = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.on_recipient:
            self.on_recipient(address)
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox"
        if self.defer.get(address.lower(), 0) > 0:
            self.defer[address.lower()] -= 1
            return "451 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.answer_delay:
            await asyncio.sleep(self.answer_delay)
        with self.lock:
            if self.fail_after is not None and len(self.received) >= self.fail_after:
                return "421 4.3.2 Service shutting down"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.received.append(
                ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message, id(session))
            )
        for address in envelope.rcpt_tos:
            if self.on_message:
                self.on_message(address)
            if address in self.hang_up_on:
                server.transport.close()
        return "250 Message accepted for delivery"

    def message_ids(self, address: str) -> list[str]:
        return [mail.message["Message-ID"] for mail in self.to(address)]

    def to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.received if address in mail.recipients]

    @property
    def recipients(self) -> list[str]:
        return [address for mail in self.received for address in mail.recipients]


def _free_port() -> int:
    """aiosmtpd cannot bind port 0, so ask the OS for a free port first."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server_factory(settings):
    """Starts real SMTP servers on free local ports; the newest one gets Django's mail.
    Every server is stopped after the test."""
    controllers = []

    def start() -> RecordingHandler:
        handler = RecordingHandler()
        for _attempt in range(5):
            controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
            try:
                controller.start()
                break
            except (OSError, RuntimeError):
                continue
        else:
            pytest.fail("Could not start the test SMTP server on a free port.")
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10
        return handler

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(smtp_server_factory):
    """A real SMTP server on a free local port, with Django's SMTP backend aimed at it."""
    return smtp_server_factory()


@pytest.fixture
def no_smtp_server(settings):
    """Django's SMTP backend aimed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()
    settings.EMAIL_TIMEOUT = 2
