"""Mails of the audience app other than digests: feedback to the desk, confirmations."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from wiredesk.audience.models import Feedback, Subscriber
from wiredesk.distribution.links import absolute


def send_feedback(feedback_id: int) -> bool:
    """Mail one feedback to DESK_EMAIL, once; False when unset or already mailed."""
    item = Feedback.objects.filter(pk=feedback_id, mailed_at__isnull=True).first()
    if item is None or not settings.DESK_EMAIL:
        return False
    body = render_to_string(
        "audience/mail/feedback.txt",
        {"item": item, "page_url": absolute(item.page) if item.page else ""},
    )
    subject = f"[{settings.SITE_NAME} feedback] {item.name}: {item.message[:60]}"
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[settings.DESK_EMAIL],
        reply_to=[item.email],
    ).send()
    Feedback.objects.filter(pk=item.pk).update(mailed_at=timezone.now())
    return True


def send_to_subscriber(subscriber_id: int, kind: str) -> bool:
    """The double opt-in mail, or a note with the preferences link for an address
    that is already subscribed; the address owner alone learns which."""
    from wiredesk.audience.newsletter import subscriptions

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or kind not in ("confirm", "already"):
        return False
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "subscriber": subscriber,
        "confirm_url": absolute(subscriptions.confirm_path(subscriber)),
        "preferences_url": absolute(subscriptions.preferences_path(subscriber)),
        "days": subscriptions.CONFIRM_MAX_AGE // 86400,
    }
    subject = {
        "confirm": f"Confirm your {settings.SITE_NAME} newsletter subscription",
        "already": f"You are already subscribed to {settings.SITE_NAME}",
    }[kind]
    EmailMessage(
        subject=subject,
        body=render_to_string(f"audience/mail/{kind}.txt", context),
        to=[subscriber.email],
    ).send()
    return True
