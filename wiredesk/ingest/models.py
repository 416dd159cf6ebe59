"""Sources, their fetch runs and the wire items they deliver."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone


class SourceQuerySet(models.QuerySet):
    def due(self, now=None) -> SourceQuerySet:
        now = now or timezone.now()
        return self.filter(enabled=True, kind=Source.Kind.HTTP).filter(
            models.Q(next_fetch_at__isnull=True) | models.Q(next_fetch_at__lte=now)
        )


class Source(models.Model):
    """An agency wire or feed that wiredesk polls."""

    class Kind(models.TextChoices):
        HTTP = "http", "HTTP(S) feed"

    name = models.CharField(max_length=120, help_text="Shown to the desk.")
    slug = models.SlugField(unique=True)
    agency = models.CharField(
        max_length=120, help_text="The agency credited on published stories."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.HTTP)
    url = models.URLField(max_length=1000, blank=True)
    format = models.CharField(
        max_length=32,
        default="auto",
        help_text="Parser name, or 'auto' to detect the format from the bytes.",
    )
    enabled = models.BooleanField(default=True)
    poll_interval = models.PositiveIntegerField("poll every (seconds)", default=300)
    auto_publish = models.BooleanField(
        default=False, help_text="Publish this source's stories without review."
    )
    allow_private = models.BooleanField(
        default=False,
        help_text="Allow fetching from loopback/private addresses (off: SSRF guard).",
    )
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Lower wins when several agencies tell one story."
    )
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_fetch_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def schedule_next(self, *, failed: bool) -> None:
        """Plan the next poll: the interval, or exponential backoff after failures.

        Backoff is capped at six hours, so a source that recovers is picked up again
        by itself; errors never switch a source off.
        """
        delay = self.poll_interval
        if failed:
            delay = min(
                self.poll_interval * 2 ** min(self.consecutive_failures, 10), 6 * 3600
            )
        self.next_fetch_at = timezone.now() + timedelta(seconds=delay)


class FetchRun(models.Model):
    """One attempt to fetch and ingest a source, kept for the desk's health view."""

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        NOT_MODIFIED = "not_modified", "Not modified"
        ERROR = "error", "Error"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    items_new = models.PositiveIntegerField(default=0)
    items_updated = models.PositiveIntegerField(default=0)
    items_unchanged = models.PositiveIntegerField(default=0)
    items_skipped = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M} ({self.outcome})"


class WireItem(models.Model):
    """One version of one agency item, sanitised, with the parsed payload kept."""

    class Signal(models.TextChoices):
        NEW = "new", "New"
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"
        KILL = "kill", "Kill"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="items")
    guid = models.CharField(max_length=500)
    version = models.PositiveIntegerField(default=1)
    agency_version = models.CharField(max_length=64, blank=True)
    signal = models.CharField(max_length=16, choices=Signal.choices, default=Signal.NEW)
    content_hash = models.CharField(max_length=64, db_index=True)
    headline = models.CharField(max_length=1000)
    summary = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=16, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    urgency = models.PositiveSmallIntegerField(null=True, blank=True)
    first_created = models.DateTimeField(null=True, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(null=True, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    places = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    media = models.JSONField(default=list, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-fetched_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid", "version"], name="wireitem_unique_version"
            )
        ]
        indexes = [models.Index(fields=["source", "guid"])]

    def __str__(self) -> str:
        return f"{self.headline} ({self.source.slug} v{self.version})"

    @property
    def agency(self) -> str:
        return self.source.agency
