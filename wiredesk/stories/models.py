"""Stories: one real-world story and every agency item and version that tells it."""

from __future__ import annotations

from typing import Any

import orjson
from django.db import models

from wiredesk.compiled import CompiledQuery
from wiredesk.ingest.models import WireItem


class ProfileField(models.JSONField):
    """A JSONField kept as ``text`` on PostgreSQL (on SQLite JSON is text anyway).

    Matching reads the profiles of up to ``CANDIDATES`` stories for every item and
    writes one back. As ``jsonb`` the server printed each profile as text on the
    way out, about half of the candidate query's server time (0.45 of 0.9 ms at
    100,000 stories), and parsed it on the way in. Nothing queries inside a
    profile, so the database only needs to keep its text. Values are written as
    orjson's JSON on PostgreSQL and read back as a dict, as a JSONField's are;
    key lookups inside the field (``fingerprint__items``) are not supported there.
    """

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "text"
        return super().db_type(connection)

    def get_db_prep_value(
        self, value: Any, connection: Any, prepared: bool = False
    ) -> Any:
        if connection.vendor != "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        if not prepared:
            value = self.get_prep_value(value)
        if hasattr(value, "as_sql") or value is None:
            return value
        return orjson.dumps(value).decode()


class Story(models.Model):
    """One real-world story, however many agencies tell it."""

    class Priority(models.IntegerChoices):
        """How urgently the desk must look: the kill of a story's only source is top."""

        NONE = 0, "None"
        CHECK = 1, "Check"  # an agency corrected its item
        HIGH = 2, "High"  # one of several agencies killed its item
        TOP = 3, "Top"  # the story's only agency killed its item

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
    # The story's profile (similarity.StoryProfile.as_json): text, see ProfileField.
    fingerprint = ProfileField(default=dict, blank=True)
    needs_attention = models.BooleanField(default=False, db_index=True)
    attention_reason = models.CharField(max_length=200, blank=True)
    attention_priority = models.PositiveSmallIntegerField(
        choices=Priority.choices,
        default=Priority.NONE,
        db_default=Priority.NONE,  # rows written by bulk tools without the column
        db_index=True,
    )

    editor_merged = models.BooleanField(
        default=False,
        db_default=False,  # rows written by bulk tools without the column
        help_text="An editor merged stories into this one: refine never cuts it.",
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.headline

    def heads(
        self, members: list[WireItem] | None = None, replaced: set[int] | None = None
    ) -> list[WireItem]:
        """The agencies' latest word: members no later version or re-issue replaced.

        A head that is a kill means its agency withdrew that item. ``replaced`` (the
        ids of the members a version or re-issue supersedes) saves the query when
        the caller read them with the members.
        """
        if members is None:
            # One query gives both the members and what each membership replaced.
            links = _STORY_LINKS.list([self.pk])
            members = [link.item for link in links]
            if replaced is None:
                replaced = {link.supersedes_id for link in links if link.supersedes_id}
        if replaced is None:
            replaced = set(
                StoryItem.objects.filter(
                    story=self, supersedes__isnull=False
                ).values_list("supersedes_id", flat=True)
            )
        latest: dict[tuple[int, str], WireItem] = {}
        for item in members:
            key = (item.source_id, item.guid)
            if key not in latest or item.version > latest[key].version:
                latest[key] = item
        heads = [
            item
            for item in members
            if item.pk not in replaced and latest[(item.source_id, item.guid)] is item
        ]
        # One agency's item in two of its feeds: a kill in one withdraws the copy
        # the other feed delivered before it. Sources are read only for the heads
        # sharing a killed guid.
        kill = WireItem.Signal.KILL
        kills: dict[tuple[str, str], int] = {}
        for h in heads:
            if h.signal == kill:
                key = (h.source.agency, h.guid)
                kills[key] = max(kills.get(key, 0), h.pk)
        if not kills:
            return heads
        guids = {guid for _, guid in kills}
        return [
            h
            for h in heads
            if h.signal == kill
            or h.guid not in guids
            or kills.get((h.source.agency, h.guid), 0) < h.pk
        ]

    def live_items(
        self, members: list[WireItem] | None = None, replaced: set[int] | None = None
    ) -> list[WireItem]:
        """Heads that are not kills: the copy the story may still be told from."""
        return [
            h for h in self.heads(members, replaced) if h.signal != WireItem.Signal.KILL
        ]

    def agencies(self) -> list[str]:
        """The agencies credited, the primary item's agency first.

        An agency that killed its item is no longer credited, unless another of its
        items still tells the story.
        """
        live = sorted(
            self.live_items(),
            key=lambda i: (
                i.pk != self.primary_item_id,
                i.source.priority,
                i.first_created or i.fetched_at,
                i.pk,
            ),
        )
        return list(dict.fromkeys(item.source.agency for item in live))

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
    supersedes = models.ForeignKey(
        WireItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The item this version or re-issue replaces.",
    )
    url_key = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Hash of the item's canonical URL: an exact key for matching.",
    )
    headline_key = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Hash of the headline without re-issue marks (UPDATE 1-, ...).",
    )
    minhash = models.BinaryField(
        null=True,
        blank=True,
        help_text="MinHash signature of the item's word shingles (stories.nearcopy); "
        "empty for kills and texts too short to have one.",
    )

    class Meta:
        ordering = ["joined_at"]

    def __str__(self) -> str:
        return f"{self.item} in story {self.story_id}"


class StoryTerm(models.Model):
    """A story's most telling terms, indexed so any worker finds candidate stories."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.FloatField()
    # The story's created_at, copied here so the candidate lookup reads the time
    # window from the (term, created_at) index alone, without joining the stories.
    created_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "term"], name="storyterm_unique")
        ]
        indexes = [
            models.Index(
                fields=["term", "created_at", "story"], name="storyterm_term_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.weight:.3f})"


class StoryBand(models.Model):
    """One LSH band of an item's MinHash signature: how near-copies find it.

    An item has ``nearcopy.BANDS`` rows (none when it has no signature). A new item
    sharing any band with a stored item is a near-copy candidate, confirmed by the
    estimate from both signatures. The hash includes the band number, so the lookup
    is one ``band_hash IN (...)`` on the (band_hash, created_at) index.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="bands")
    # The item's place in a story: an item placed again (a retried task) or removed
    # takes its bands with it.
    link = models.ForeignKey(StoryItem, on_delete=models.CASCADE, related_name="bands")
    band_no = models.PositiveSmallIntegerField()
    band_hash = models.BigIntegerField()
    # The story's created_at, copied as in StoryTerm: the lookup reads the time
    # window from the index alone.
    created_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link", "band_no"], name="storyband_link_band"
            )
        ]
        indexes = [
            models.Index(
                fields=["band_hash", "created_at"], name="storyband_hash_window"
            )
        ]

    def __str__(self) -> str:
        return f"band {self.band_no} of story item {self.link_id}"


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


class StorySeparation(models.Model):
    """Two items an editor split apart: matching never puts them together again.

    Kept per pair of items (the lower id first); a later version of either item is
    kept apart too, because matching looks up every version of an item's guid.
    """

    item_a = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="+")
    item_b = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item_a", "item_b"], name="storyseparation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(item_a__lt=models.F("item_b")),
                name="storyseparation_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"items {self.item_a_id} and {self.item_b_id} kept apart"


# The memberships of stories by story id, each with its item and the item's source:
# only what deciding the heads and crediting agencies needs, no texts. Compiled
# once per thread (drafting reads them for every draft, and building this query
# cost twenty times running it).
_STORY_LINKS = CompiledQuery(
    StoryItem,
    lambda story_ids, now: (
        StoryItem.objects.filter(story_id__in=story_ids)
        .select_related("item__source")
        .only(
            "story_id", "supersedes_id", "item__id", "item__source_id",
            "item__guid", "item__version", "item__signal", "item__first_created",
            "item__fetched_at", "item__source__priority", "item__source__agency",
        )
        .order_by("item_id")
    ),
)  # fmt: skip
