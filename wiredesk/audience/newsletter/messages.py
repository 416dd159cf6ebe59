"""A digest's mails: HTML and plain text, each with the subscriber's own links.

The stories of a digest are rendered once per set of interests (most subscribers
share a few), with placeholders for the per-subscriber links. The whole MIME
message (headers, both parts, boundary) is then built once per set of interests
by Django's mail classes, with placeholders for the recipient, the Message-ID and
the links too, so one mail costs one bytes substitution: building a MIME message
with Python's email package took more time than the SMTP exchange. A variant whose
bytes cannot take a plain substitution (quoted-printable or base64 parts, or lines
that could outgrow SMTP's 998 characters) and any address that is not plain ASCII
go through Django's full message building instead.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string

from wiredesk.audience.models import Digest, Subscriber
from wiredesk.audience.newsletter.subscriptions import (
    preferences_path,
    unsubscribe_path,
)
from wiredesk.desk.models import Article

UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
PREFERENCES = "%%PREFERENCES_URL%%"
RECIPIENT = "%%RECIPIENT%%"
SUBSCRIBER = "%%SUBSCRIBER%%"
VARIANTS_KEPT = 256
LINE_LIMIT = 998  # RFC 5322, without CRLF
_PLACEHOLDER = re.compile(
    "|".join(
        re.escape(p) for p in (UNSUBSCRIBE, PREFERENCES, RECIPIENT, SUBSCRIBER)
    ).encode()
)
# Addresses that go into the To header unchanged: Django's sanitize_address leaves
# them as they are, and they hold no placeholder-like or line-breaking characters.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\Z")
_URL_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_-]+\Z")  # what new_token makes
_MARK = "TOKENMARK"
_UNSAFE_ENCODING = re.compile(
    rb"^Content-Transfer-Encoding: (?!7bit|8bit)", re.MULTILINE | re.IGNORECASE
)


@dataclass(frozen=True)
class Envelope:
    """One mail as SMTP sends it."""

    sender: str
    recipient: str
    data: bytes


def envelope_of(mail: EmailMessage) -> Envelope:
    """What Django's SMTP backend would hand to smtplib for ``mail``."""
    encoding = mail.encoding or settings.DEFAULT_CHARSET
    [recipient] = mail.recipients()
    return Envelope(
        sanitize_address(mail.from_email, encoding),
        sanitize_address(recipient, encoding),
        mail.message().as_bytes(linesep="\r\n"),
    )


class DigestMail:
    """Builds the mail of one digest for any subscriber."""

    def __init__(self, digest: Digest, latest_count: int = 10) -> None:
        self.digest = digest
        self.latest_count = latest_count
        wanted = [*digest.top_ids, *digest.latest_ids]
        # Stories unpublished since the digest was made are left out.
        found = {
            a.pk: a
            for a in Article.objects.published()
            .filter(pk__in=wanted)
            .select_related("country__region", "sector")
        }
        self.top = [found[pk] for pk in digest.top_ids if pk in found]
        self.latest = [found[pk] for pk in digest.latest_ids if pk in found]
        self._variants: OrderedDict[frozenset, tuple[str, str]] = OrderedDict()
        self._raw: OrderedDict[frozenset, bytes | None] = OrderedDict()
        # Several SMTP threads share the variant caches (and LRU eviction).
        self._lock = threading.RLock()
        self.domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        self.sender = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
        # Each link is a prefix, the token and a suffix: reverse() once, not twice
        # a mail (it was the largest cost left per mail).
        marked = Subscriber(token=_MARK)
        self._links = {
            name: f"{settings.SITE_URL}{path(marked)}".split(_MARK)
            for name, path in (
                (UNSUBSCRIBE, unsubscribe_path),
                (PREFERENCES, preferences_path),
            )
        }

    def link(self, name: str, subscriber: Subscriber) -> str:
        """The subscriber's unsubscribe or preferences URL."""
        if not _URL_SAFE_TOKEN.match(subscriber.token):
            path = unsubscribe_path if name == UNSUBSCRIBE else preferences_path
            return f"{settings.SITE_URL}{path(subscriber)}"
        before, after = self._links[name]
        return f"{before}{subscriber.token}{after}"

    @property
    def empty(self) -> bool:
        return not (self.top or self.latest)

    def latest_for(self, sectors: frozenset[str]) -> list[Article]:
        """Latest stories, those in the subscriber's sectors first."""
        if not sectors:
            return self.latest[: self.latest_count]
        first = [a for a in self.latest if a.sector_id in sectors]
        rest = [a for a in self.latest if a.sector_id not in sectors]
        return (first + rest)[: self.latest_count]

    def bodies(self, sectors: frozenset[str]) -> tuple[str, str]:
        """(text, html) with link placeholders, rendered once per interest set."""
        with self._lock:
            return self._bodies(sectors)

    def _bodies(self, sectors: frozenset[str]) -> tuple[str, str]:
        found = self._variants.get(sectors)
        if found is not None:
            self._variants.move_to_end(sectors)
            return found
        context = {
            "SITE_NAME": settings.SITE_NAME,
            "SITE_URL": settings.SITE_URL,
            "digest": self.digest,
            "top": self.top,
            "latest": self.latest_for(sectors),
            "unsubscribe_url": UNSUBSCRIBE,
            "preferences_url": PREFERENCES,
        }
        found = (
            render_to_string("audience/mail/digest.txt", context),
            render_to_string("audience/mail/digest.html", context),
        )
        self._variants[sectors] = found
        if len(self._variants) > VARIANTS_KEPT:
            self._variants.popitem(last=False)
        return found

    def _build(
        self,
        text: str,
        html: str,
        recipient: str,
        subscriber_id: str,
        unsubscribe: str,
        preferences: str,
    ) -> EmailMultiAlternatives:
        mail = EmailMultiAlternatives(
            subject=self.digest.subject,
            body=text.replace(UNSUBSCRIBE, unsubscribe).replace(
                PREFERENCES, preferences
            ),
            to=[recipient],
            headers={
                # RFC 8058 one-click unsubscribe; RFC 2369 list header.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                # The same id on a resend lets receiving systems drop a copy.
                "Message-ID": (
                    f"<digest-{self.digest.pk}-{subscriber_id}@{self.domain}>"
                ),
            },
        )
        mail.attach_alternative(
            html.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences),
            "text/html",
        )
        return mail

    def message(
        self, subscriber: Subscriber, sectors: frozenset[str] = frozenset()
    ) -> EmailMultiAlternatives:
        """The subscriber's mail as a Django message (any mail backend)."""
        text, html = self.bodies(sectors)
        return self._build(
            text,
            html,
            subscriber.email,
            str(subscriber.pk),
            self.link(UNSUBSCRIBE, subscriber),
            self.link(PREFERENCES, subscriber),
        )

    def _raw_variant(self, sectors: frozenset[str]) -> bytes | None:
        """The whole message of one interest set with placeholders, or None when
        a substitution could not keep it valid."""
        with self._lock:
            return self._build_raw(sectors)

    def _build_raw(self, sectors: frozenset[str]) -> bytes | None:
        if sectors in self._raw:
            self._raw.move_to_end(sectors)
            return self._raw[sectors]
        text, html = self.bodies(sectors)
        mail = self._build(text, html, RECIPIENT, SUBSCRIBER, UNSUBSCRIBE, PREFERENCES)
        raw: bytes | None = mail.message().as_bytes(linesep="\r\n")
        links = text.count(UNSUBSCRIBE) + html.count(UNSUBSCRIBE)
        expected = {
            UNSUBSCRIBE: links + 1,  # and List-Unsubscribe
            PREFERENCES: text.count(PREFERENCES) + html.count(PREFERENCES),
            RECIPIENT: 1,
            SUBSCRIBER: 1,
        }
        # Longest values: an address of 254 characters, a token of 64, an id.
        link = len(settings.SITE_URL) + 120
        growth = {UNSUBSCRIBE: link, PREFERENCES: link, RECIPIENT: 254, SUBSCRIBER: 20}
        intact = all(raw.count(p.encode()) == n for p, n in expected.items())
        if not intact or _UNSAFE_ENCODING.search(raw):
            raw = None
        else:
            for line in raw.split(b"\r\n"):
                longest = len(line) + sum(
                    growth[m.group().decode()] for m in _PLACEHOLDER.finditer(line)
                )
                if longest > LINE_LIMIT:
                    raw = None
                    break
        self._raw[sectors] = raw
        if len(self._raw) > VARIANTS_KEPT:
            self._raw.popitem(last=False)
        return raw

    def envelope(
        self, subscriber: Subscriber, sectors: frozenset[str] = frozenset()
    ) -> Envelope:
        """The subscriber's mail as SMTP bytes: the variant's bytes with the
        subscriber's values put in, or Django's full build when that is unsafe."""
        raw = self._raw_variant(sectors)
        if raw is None or not _PLAIN_ADDRESS.match(subscriber.email):
            return envelope_of(self.message(subscriber, sectors))
        values = {
            UNSUBSCRIBE: self.link(UNSUBSCRIBE, subscriber),
            PREFERENCES: self.link(PREFERENCES, subscriber),
            RECIPIENT: subscriber.email,
            SUBSCRIBER: str(subscriber.pk),
        }
        encoded = {k.encode(): v.encode() for k, v in values.items()}
        data = _PLACEHOLDER.sub(lambda m: encoded[m.group()], raw)
        return Envelope(self.sender, subscriber.email, data)
