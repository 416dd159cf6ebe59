"""Models of the project package itself: what every stage shares."""

from __future__ import annotations

from django.db import models


class RateCount(models.Model):
    """Hits of one rate limit or lockout key in its current window (``limits``)."""

    name = models.CharField(max_length=96, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.hits} until {self.expires_at:%Y-%m-%d %H:%M}"
