"""A digest's mails: HTML and plain text, each with the subscriber's own links.

The stories of a digest are rendered once per set of interests (most subscribers
share a few), with placeholders for the per-subscriber links, so one mail costs a
string replace and building the MIME message, not a template rendering.
"""

from __future__ import annotations

from collections import OrderedDict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from wiredesk.audience.models import Digest, Subscriber
from wiredesk.audience.newsletter.subscriptions import (
    preferences_path,
    unsubscribe_path,
)
from wiredesk.desk.models import Article

UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
PREFERENCES = "%%PREFERENCES_URL%%"
VARIANTS_KEPT = 256


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
        self.domain = urlsplit(settings.SITE_URL).hostname or "localhost"

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

    def message(
        self, subscriber: Subscriber, sectors: frozenset[str] = frozenset()
    ) -> EmailMultiAlternatives:
        unsubscribe = f"{settings.SITE_URL}{unsubscribe_path(subscriber)}"
        preferences = f"{settings.SITE_URL}{preferences_path(subscriber)}"
        text, html = self.bodies(sectors)
        mail = EmailMultiAlternatives(
            subject=self.digest.subject,
            body=text.replace(UNSUBSCRIBE, unsubscribe).replace(
                PREFERENCES, preferences
            ),
            to=[subscriber.email],
            headers={
                # RFC 8058 one-click unsubscribe; RFC 2369 list header.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                # The same id on a resend lets receiving systems drop a copy.
                "Message-ID": (
                    f"<digest-{self.digest.pk}-{subscriber.pk}@{self.domain}>"
                ),
            },
        )
        mail.attach_alternative(
            html.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences),
            "text/html",
        )
        return mail
