"""Bounces: recorded from the inbound endpoint, the `bounces` command or a refusal
during sending. After NEWSLETTER_HARD_BOUNCES hard bounces an address gets no mail.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from wiredesk.audience.models import Bounce, Subscriber


@dataclass(frozen=True)
class BounceReport:
    email: str
    kind: str  # "hard" or "soft"
    reason: str = ""


def endpoint_token() -> str:
    """The secret in the bounce endpoint's URL, derived from SECRET_KEY."""
    return salted_hmac("wiredesk.audience.bounces", "endpoint").hexdigest()[:32]


def record(report: BounceReport) -> Bounce:
    """Store one bounce; a hard one counts toward stopping the address."""
    if report.kind not in (Bounce.Kind.HARD, Bounce.Kind.SOFT):
        raise ValueError(f"bounce kind must be 'hard' or 'soft', got {report.kind!r}")
    address = report.email.strip().lower()
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update()
        subscriber = locked.filter(email=address).first()
        bounce = Bounce.objects.create(
            subscriber=subscriber,
            email=address,
            kind=report.kind,
            reason=report.reason[:300],
        )
        if subscriber is not None:
            counter = "hard_bounces" if report.kind == "hard" else "soft_bounces"
            Subscriber.objects.filter(pk=subscriber.pk).update(
                **{counter: F(counter) + 1}
            )
            subscriber.refresh_from_db()
            if subscriber.hard_bounces >= settings.NEWSLETTER_HARD_BOUNCES:
                subscriber.status = Subscriber.Status.BOUNCED
                subscriber.save(update_fields=["status"])
    return bounce


def parse_dsn(raw: bytes) -> list[BounceReport]:
    """Bounces in a delivery status notification (RFC 3464 multipart/report):
    Action failed with a 5.x.x status is hard; delayed or 4.x.x is soft."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    found: list[BounceReport] = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        for block in blocks[1:] if isinstance(blocks, list) else []:
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient")
            if not recipient:
                continue
            address = recipient.split(";", 1)[-1].strip().strip("<>")
            action = (block.get("Action") or "").strip().lower()
            status = (block.get("Status") or "").strip()
            if action == "failed" and status.startswith("5"):
                kind = "hard"
            elif action in ("failed", "delayed") or status.startswith("4"):
                kind = "soft"
            else:
                continue  # delivered, relayed, expanded: not a bounce
            reason = (block.get("Diagnostic-Code") or status).strip()
            found.append(BounceReport(address, kind, " ".join(reason.split())))
    return found
