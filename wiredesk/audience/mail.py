"""Mails of the audience app other than digests: feedback to the desk, confirmations."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from wiredesk.audience.models import Feedback


def absolute(path: str) -> str:
    """An absolute link on the public site (SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


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
