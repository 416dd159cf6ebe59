"""Subscribing, confirming, changing preferences, unsubscribing, export and erasure.

Whatever the state of an address, a sign-up answers the same way (no address
enumeration); what differs is only the mail the address's owner receives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wiredesk.audience.models import Subscriber
from wiredesk.taxonomy.models import Edition, Sector

CONFIRM_MAX_AGE = 3 * 24 * 3600  # a confirmation link works for three days
_CONFIRM_SALT = "wiredesk.audience.newsletter.confirm"


def confirm_token(subscriber: Subscriber) -> str:
    data = {"s": subscriber.pk, "e": subscriber.email}
    return signing.dumps(data, salt=_CONFIRM_SALT)


def confirm_path(subscriber: Subscriber) -> str:
    return reverse("audience:confirm", kwargs={"token": confirm_token(subscriber)})


def unsubscribe_path(subscriber: Subscriber) -> str:
    return reverse("audience:unsubscribe", kwargs={"token": subscriber.token})


def preferences_path(subscriber: Subscriber) -> str:
    return reverse("audience:preferences", kwargs={"token": subscriber.token})


def request_subscription(
    email: str,
    editions: Iterable[Edition],
    sectors: Iterable[Sector],
    *,
    may_mail: bool = True,
) -> str | None:
    """Handle a sign-up; returns which mail to send ("confirm", "already") or None.

    New, pending and unsubscribed addresses (re)start the double opt-in with the
    interests given. An active address keeps its interests (a stranger must not
    change them) and is mailed a link to its preferences instead. Bounced
    addresses get nothing.
    """
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            email=email
        )
        if subscriber.status == Subscriber.Status.BOUNCED:
            return None
        if subscriber.status == Subscriber.Status.ACTIVE:
            kind = "already"
        else:
            subscriber.status = Subscriber.Status.PENDING
            subscriber.save(update_fields=["status"])
            subscriber.editions.set(list(editions))
            subscriber.sectors.set(list(sectors))
            kind = "confirm"
    if not may_mail:
        return None
    from wiredesk.audience.tasks import mail_subscriber

    transaction.on_commit(lambda: mail_subscriber.enqueue(subscriber.pk, kind))
    return kind


def confirm(token: str) -> Subscriber | None:
    """Activate the subscriber a valid, unexpired link was made for.

    Confirming twice is harmless; a link never re-activates an address that was
    unsubscribed after confirming, nor one that bounced.
    """
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    found = Subscriber.objects.filter(pk=data.get("s"), email=data.get("e"))
    subscriber = found.first()
    if subscriber is None:
        return None
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber if subscriber.status == Subscriber.Status.ACTIVE else None


def unsubscribe(token: str) -> Subscriber | None:
    """Stop all mail to the subscriber of ``token``; idempotent."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return None
    if subscriber.status in (Subscriber.Status.ACTIVE, Subscriber.Status.PENDING):
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def resubscribe(subscriber: Subscriber) -> None:
    """From the preferences page (reached from a mail, so the mailbox is proven)."""
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at", "confirmed_at"])


def export(subscriber: Subscriber) -> dict[str, Any]:
    """Everything stored about a subscriber, for a privacy (access) request."""

    def when(value) -> str | None:
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "editions": sorted(subscriber.editions.values_list("slug", flat=True)),
        "sectors": sorted(subscriber.sectors.values_list("slug", flat=True)),
        "created_at": when(subscriber.created_at),
        "confirmed_at": when(subscriber.confirmed_at),
        "unsubscribed_at": when(subscriber.unsubscribed_at),
        "hard_bounces": subscriber.hard_bounces,
        "soft_bounces": subscriber.soft_bounces,
        "bounces": [
            {"kind": b.kind, "reason": b.reason, "at": when(b.created_at)}
            for b in subscriber.bounces.order_by("created_at")
        ],
        "digests_sent": [
            {"edition": edition, "day": day.isoformat(), "status": status}
            for edition, day, status in subscriber.sends.order_by(
                "digest__day"
            ).values_list("digest__edition_id", "digest__day", "status")
        ],
    }


def erase(subscriber: Subscriber) -> None:
    """Delete the subscriber and everything tied to it (send log, bounces)."""
    subscriber.delete()
