"""Reader feedback from the Give Feedback form, worked through by the desk."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Feedback(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        READ = "read", "Read"
        ANSWERED = "answered", "Answered"

    name = models.CharField(max_length=120)
    email = models.EmailField()
    message = models.TextField()
    page = models.CharField(
        max_length=500, blank=True, help_text="The page the reader was on."
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    mailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was mailed to DESK_EMAIL."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.name}: {self.message[:50]}"
