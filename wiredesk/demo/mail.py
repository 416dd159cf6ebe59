"""A local mail catcher (aiosmtpd) for the demo: every mail the site sends lands here.

`wiredesk demo` starts it on loopback and points EMAIL_URL at it, so a reader can
subscribe, confirm and unsubscribe without a real mail server. Each mail is kept as
an .eml file under $WIREDESK_HOME/mail/ and announced on the console with its links.
Tests use the same class as their SMTP server; ``handler_class`` lets a test script
failures (refusals, dropped connections).
"""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

DEFAULT_PORT = 1025  # as in EMAIL_URL's default, smtp://127.0.0.1:1025
LINK = re.compile(r"https?://[^\s<>\"]+")


class CatchingHandler:
    """Accepts every mail and hands it to the catcher."""

    def __init__(self, catcher: MailCatcher) -> None:
        self.catcher = catcher

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.catcher.keep(envelope)
        return "250 Message accepted for delivery"


class MailCatcher:
    """An SMTP server on loopback that keeps what it receives."""

    def __init__(
        self,
        folder: Path | None = None,
        announce: Callable[[str], None] | None = None,
        handler_class: type = CatchingHandler,
    ) -> None:
        self.folder = folder
        self.announce = announce
        self.messages: list[EmailMessage] = []
        self.count = 0
        self.keep_messages = True
        self._lock = threading.Lock()
        self.handler = handler_class(self)
        self._controller: Controller | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """The EMAIL_URL that sends to this catcher."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self, port: int = 0) -> MailCatcher:
        if not port:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        self.port = port
        self._controller = Controller(
            self.handler, hostname="127.0.0.1", port=port, ready_timeout=10
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def keep(self, envelope: Envelope) -> None:
        """Record one received mail (and save/announce it for the demo)."""
        with self._lock:
            self.count += 1
            number = self.count
            if not self.keep_messages:
                return
            raw = envelope.original_content or envelope.content
            message = email.message_from_bytes(raw, policy=email.policy.default)
            self.messages.append(message)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{number:05d}.eml").write_bytes(raw)
        if self.announce is not None:
            self.announce(self.describe(message, number))

    def describe(self, message: EmailMessage, number: int) -> str:
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        links = "\n".join(f"    {link}" for link in LINK.findall(text)[:4])
        return f"mail #{number} to {message['To']}: {message['Subject']}\n{links}"

    def recipients(self) -> list[str]:
        with self._lock:
            return [str(m["To"]) for m in self.messages]

    def __enter__(self) -> MailCatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_for_demo(home: Path, say: Callable[[str], None]) -> MailCatcher:
    """Start the catcher for `wiredesk demo` and send every process's mail to it.

    The web, worker and scheduler processes read EMAIL_URL from the environment
    they inherit, so setting it here before they start is enough. The global
    edition gets a daily digest (07:00) if it has none, so one can be sent at once
    with `wiredesk digest --edition global`. The scheduler makes the day's digest
    at its first tick once that time has passed, so the demo wire's first copy is
    published before (``setup.publish_first_copy``): made earlier, the digest held
    the in-house pieces only, and `wiredesk digest` then sent that one again.
    """
    import os

    from wiredesk.audience.models import DigestSettings
    from wiredesk.demo.setup import publish_first_copy

    catcher = MailCatcher(folder=home / "mail", announce=say)
    try:  # the port of the default EMAIL_URL, so commands in another shell reach it
        catcher.start(port=DEFAULT_PORT)
    except (OSError, RuntimeError):
        catcher.start()
    os.environ["EMAIL_URL"] = catcher.url
    publish_first_copy()  # after EMAIL_URL: a queued mail task goes to the catcher
    DigestSettings.objects.get_or_create(
        edition_id="global", defaults={"send_at": "07:00"}
    )
    return catcher
