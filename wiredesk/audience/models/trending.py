"""Page-view counts for TRENDING when no Redis is configured, and the ranked lists.

With REDIS_URL the counters live in Redis instead (audience/trending.py); the ranked
lists are stored here either way, so every web process reads the same list.
"""

from __future__ import annotations

from django.db import models


class VisitorSalt(models.Model):
    """Today's random salt for visitor hashes; yesterday's is deleted, so a hash can
    no longer be tied back to an address once the day is over."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class PageViewSeen(models.Model):
    """A visitor (salted hash, never the address) counted for an article this hour."""

    hour = models.PositiveIntegerField(help_text="Hours since the Unix epoch.")
    article_id = models.PositiveBigIntegerField()
    visitor = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "article_id", "visitor"], name="seen_once_per_hour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hour}:{self.article_id}"


class PageViewBucket(models.Model):
    """Distinct visitors of one article in one hour."""

    hour = models.PositiveIntegerField(db_index=True)
    article_id = models.PositiveBigIntegerField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "article_id"], name="one_bucket_per_article_hour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hour}:{self.article_id}={self.views}"


class TrendingList(models.Model):
    """The ranked TRENDING items of one edition ('' = global), as the tag shows them.

    Rewritten every minute by the recompute job; the tag reads one row.
    """

    edition = models.CharField(max_length=50, primary_key=True, blank=True)
    items = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.edition or "global"
