"""Stories: one real-world story and every agency item and version that tells it."""

from __future__ import annotations

from django.db import models

from wiredesk.ingest.models import WireItem


class Story(models.Model):
    """One real-world story, however many agencies tell it."""

    headline = models.CharField(max_length=1000)
    primary_item = models.ForeignKey(
        WireItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(
        db_index=True, help_text="When the first item of the story was first created."
    )
    updated_at = models.DateTimeField(
        db_index=True, help_text="The story's last material change."
    )
    fingerprint = models.JSONField(default=dict, blank=True)
    needs_attention = models.BooleanField(default=False, db_index=True)
    attention_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.headline

    def agencies(self) -> list[str]:
        """The agencies that told the story, the primary item's agency first."""
        names = list(
            self.items.order_by("item__source__priority", "item__first_created")
            .values_list("item__source__agency", flat=True)
            .distinct()
        )
        seen: list[str] = []
        for name in names:
            if name not in seen:
                seen.append(name)
        return seen

    def latest_version(self, item: WireItem) -> WireItem:
        """The newest stored version of ``item`` within this story."""
        return (
            WireItem.objects.filter(
                story_link__story=self, source_id=item.source_id, guid=item.guid
            )
            .order_by("-version")
            .first()
            or item
        )


class StoryItem(models.Model):
    """Membership of one wire item (one version) in a story."""

    class Role(models.TextChoices):
        SOURCE = "source", "Agency item"
        VERSION = "version", "Later version"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="items")
    item = models.OneToOneField(
        WireItem, on_delete=models.CASCADE, related_name="story_link"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    score = models.FloatField(
        null=True, blank=True, help_text="Match score on joining."
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]

    def __str__(self) -> str:
        return f"{self.item} in story {self.story_id}"


class StoryTerm(models.Model):
    """A story's most telling terms, indexed so any worker finds candidate stories."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "term"], name="storyterm_unique")
        ]
        indexes = [models.Index(fields=["term"])]

    def __str__(self) -> str:
        return f"{self.term} ({self.weight:.3f})"


class TermStat(models.Model):
    """In how many stored agency items a term occurs: the rarity behind term weights.

    Kept in the database so every worker weighs terms alike. The row with the term
    ``ALL`` counts the items themselves. Versions of an item are not counted again.
    """

    ALL = "*"

    term = models.CharField(max_length=64, primary_key=True)
    items = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.items}"
