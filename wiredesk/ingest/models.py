"""Sources, their fetch runs and the wire items they deliver."""

from __future__ import annotations

import zlib
from datetime import timedelta

from django.db import models
from django.utils import timezone


class SourceQuerySet(models.QuerySet):
    def due(self, now=None) -> SourceQuerySet:
        """Enabled polled sources (feeds, drop folders) whose next poll has come."""
        now = now or timezone.now()
        return self.filter(
            enabled=True, kind__in=[Source.Kind.HTTP, Source.Kind.FOLDER]
        ).filter(
            models.Q(next_fetch_at__isnull=True) | models.Q(next_fetch_at__lte=now)
        )

    def with_health(self) -> SourceQuerySet:
        """Annotate items_24h: wire items stored in the last 24 hours."""
        since = timezone.now() - timedelta(hours=24)
        return self.annotate(
            items_24h=models.Count(
                "items", filter=models.Q(items__fetched_at__gte=since)
            )
        )


class Source(models.Model):
    """An agency wire or feed that wiredesk polls."""

    class Kind(models.TextChoices):
        HTTP = "http", "HTTP(S) feed"
        FOLDER = "folder", "Drop folder"
        FILES = "files", "Files given on the command line"

    name = models.CharField(max_length=120, help_text="Shown to the desk.")
    slug = models.SlugField(unique=True)
    agency = models.CharField(
        max_length=120, help_text="The agency credited on published stories."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.HTTP)
    url = models.URLField(max_length=1000, blank=True)
    path = models.CharField(
        "drop folder",
        max_length=1000,
        blank=True,
        help_text="Folder whose files are ingested, then moved to done/ or failed/.",
    )
    fetch_full_text = models.BooleanField(
        default=False,
        help_text="When an item carries only a teaser, extract the full text from "
        "its web page (trafilatura).",
    )
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
    next_page_url = models.TextField(
        blank=True,
        help_text="Paged sources (AP next_page): the page the last poll stopped at.",
    )
    next_page_of = models.TextField(
        blank=True, help_text="The source URL that next_page_url belongs to."
    )
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

    def schedule_next(self, *, failed: bool, not_before: float = 0) -> None:
        """Plan the next poll: the interval, or exponential backoff after failures.

        Backoff is capped at six hours, so a source that recovers is picked up again
        by itself; errors never switch a source off. ``not_before`` (seconds) is
        what the server asked for (Retry-After, Cache-Control max-age).
        """
        delay = self.poll_interval
        if failed:
            delay = min(
                self.poll_interval * 2 ** min(self.consecutive_failures, 10), 6 * 3600
            )
        delay = max(delay, min(not_before, 24 * 3600))
        self.next_fetch_at = timezone.now() + timedelta(seconds=delay)

    @property
    def location(self) -> str:
        return self.url if self.kind == self.Kind.HTTP else self.path


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


class RawDocument(models.Model):
    """A document as received, compressed: for audit and `wiredesk reprocess`."""

    source = models.ForeignKey(
        Source, null=True, on_delete=models.SET_NULL, related_name="documents"
    )
    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=1000, help_text="URL or file it came from.")
    format = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    data = models.BinaryField(help_text="zlib-compressed bytes")
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} ({self.format}, {self.size} bytes)"

    @property
    def content(self) -> bytes:
        return zlib.decompress(bytes(self.data))


class HostSlot(models.Model):
    """Per-host politeness: when the next request to a host may start."""

    host = models.CharField(max_length=255, primary_key=True)
    next_allowed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.host


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
    parsed_hash = models.CharField(
        max_length=32, blank=True, help_text="Hash of the item as delivered."
    )
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
    document = models.ForeignKey(
        RawDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_version",
    )
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
