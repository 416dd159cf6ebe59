"""The draft drafting proposes for a story; the desk turns it into an article."""

from __future__ import annotations

from django.db import models

from wiredesk.stories.models import Story
from wiredesk.taxonomy.models import Country, Edition, Sector


class Draft(models.Model):
    """What drafting proposes for a story: re-made whenever the story changes."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="draft")
    headline = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    dateline = models.CharField(max_length=120, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="+")
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    secondary_sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="+",
        help_text="Other sectors the story touches, besides the primary one.",
    )
    sector_source = models.CharField(
        max_length=8,
        blank=True,
        help_text='What decided the sector: "iptc" codes, the "text", or nothing.',
    )
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agencies = models.JSONField(default=list, blank=True)
    backend = models.CharField(
        max_length=40,
        blank=True,
        help_text="The drafting backend whose headline and standfirst are used.",
    )
    fallback_reason = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why the configured backend's text was not used (empty when it was).",
    )
    source_item_id = models.PositiveBigIntegerField(
        help_text="The wire item (version) the text was taken from."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.headline
