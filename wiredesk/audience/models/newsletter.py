"""Newsletter subscribers, per-edition digest settings, digests and their send log."""

from __future__ import annotations

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wiredesk.taxonomy.models import Edition, Sector


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def receiving(self) -> SubscriberQuerySet:
        """Subscribers who get digests: confirmed, not unsubscribed or bounced."""
        return self.filter(status=Subscriber.Status.ACTIVE)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"

    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    editions = models.ManyToManyField(Edition, blank=True, related_name="+")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_token,
        help_text="Secret of the unsubscribe and preferences links in every mail.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    hard_bounces = models.PositiveIntegerField(default=0)
    soft_bounces = models.PositiveIntegerField(default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def _check_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone")


class DigestSettings(models.Model):
    """When and what the daily digest of one edition sends."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="digest_settings"
    )
    enabled = models.BooleanField(default=True)
    send_at = models.TimeField(help_text="Local time of day the digest goes out.")
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[_check_time_zone],
        help_text="IANA zone; empty: the edition's, else SITE_TIME_ZONE.",
    )
    top_count = models.PositiveSmallIntegerField(default=5)
    latest_count = models.PositiveSmallIntegerField(default=10)

    class Meta:
        verbose_name = "digest settings"
        verbose_name_plural = "digest settings"

    def __str__(self) -> str:
        return f"{self.edition} at {self.send_at:%H:%M} {self.zone}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        name = self.time_zone or self.edition.time_zone or settings.SITE_TIME_ZONE
        return zoneinfo.ZoneInfo(name)


class Digest(models.Model):
    """One edition's digest of one local day; its stories are fixed when it is made,
    so a resumed send mails the same content."""

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(help_text="The local day in the edition's time zone.")
    subject = models.CharField(max_length=200)
    top_ids = models.JSONField(default=list)
    latest_ids = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.SENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A sender holds the digest until then; a dead one's lease runs out.",
    )
    lease_holder = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-day", "edition"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "day"], name="one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.day}"


class SendLog(models.Model):
    """One subscriber's copy of one digest: claimed, sending, then sent or failed.

    The unique (digest, subscriber) row is what makes a resumed send skip those
    already mailed and never mail anyone twice. ``sending`` rows were being handed
    to the server when a sender died: the only ones that may reach someone twice
    (with the same Message-ID).
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        SENDING = "sending", "Sending (uncertain after a crash)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (permanent)"

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="sends")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="sends"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.CLAIMED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    holder = models.CharField(
        max_length=32,
        blank=True,
        help_text="The sender that claimed the row; only it may send it.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="one_send_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["digest", "status"])]

    def __str__(self) -> str:
        return f"{self.digest} → {self.subscriber_id}: {self.status}"


class Bounce(models.Model):
    class Kind(models.TextChoices):
        HARD = "hard", "Hard (permanent)"
        SOFT = "soft", "Soft (temporary)"

    subscriber = models.ForeignKey(
        Subscriber,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bounces",
    )
    email = models.EmailField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.email}"
