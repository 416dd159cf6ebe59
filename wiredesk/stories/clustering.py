"""Assign each new wire item to its story: a version, another agency, or a new story.

All state lives in the database (fingerprints, indexed top terms), so any worker on
any machine matches against the same stories and a restart loses nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Count

from wiredesk.ingest.models import WireItem
from wiredesk.stories import similarity
from wiredesk.stories.models import Story, StoryItem, StoryTerm
from wiredesk.stories.signals import story_changed

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=72)
THRESHOLD = 0.25
CANDIDATES = 20


def item_time(item: WireItem):
    return item.first_created or item.published or item.fetched_at


def assign(item: WireItem) -> Story:
    """Place ``item`` in its story; idempotent when run twice for the same item."""
    with transaction.atomic():
        link = StoryItem.objects.filter(item=item).select_related("story").first()
        if link:
            return link.story
        earlier = (
            StoryItem.objects.filter(
                item__source_id=item.source_id, item__guid=item.guid
            )
            .select_related("story")
            .first()
        )
        fp = similarity.fingerprint(item.headline, item.body_text)
        if earlier:
            story, change, score = earlier.story, "version", None
            StoryItem.objects.create(
                story=story, item=item, role=StoryItem.Role.VERSION
            )
        else:
            story, score = best_match(fp, item_time(item))
            if story is None:
                story = Story.objects.create(
                    headline=item.headline,
                    created_at=item_time(item),
                    updated_at=item.updated or item_time(item),
                )
                change = "created"
            else:
                change = "agency"
            StoryItem.objects.create(
                story=story, item=item, role=StoryItem.Role.SOURCE, score=score
            )
        if item.signal in (WireItem.Signal.KILL, WireItem.Signal.CORRECTION):
            story.needs_attention = True
            story.attention_reason = (
                f"{item.source.agency}: {item.get_signal_display()}"
            )
        _refresh(story, item, fp)
        transaction.on_commit(
            lambda: story_changed.send(sender=Story, story_id=story.pk, change=change)
        )
        log.info("item %s → story %s (%s, score %s)", item.pk, story.pk, change, score)
        return story


def best_match(fp: dict[str, float], when) -> tuple[Story | None, float | None]:
    """The most similar story within the time window, if it passes the threshold."""
    keys = similarity.top_terms(fp)
    candidate_ids = (
        StoryTerm.objects.filter(
            term__in=keys,
            story__created_at__gte=when - WINDOW,
            story__created_at__lte=when + WINDOW,
        )
        .values("story_id")
        .annotate(shared=Count("id"))
        .order_by("-shared")
        .values_list("story_id", flat=True)[:CANDIDATES]
    )
    best, best_score = None, 0.0
    for story in Story.objects.filter(pk__in=list(candidate_ids)):
        score = similarity.similarity(fp, story.fingerprint)
        if score > best_score:
            best, best_score = story, score
    if best is not None and best_score >= THRESHOLD:
        return best, round(best_score, 4)
    return None, None


def _refresh(story: Story, item: WireItem, fp: dict[str, float]) -> None:
    """Recompute the story's fingerprint, keys, primary item and times."""
    story.fingerprint = (
        similarity.merge(story.fingerprint, fp) if story.fingerprint else fp
    )
    members = list(
        WireItem.objects.filter(story_link__story=story).select_related("source")
    )
    originals = [m for m in members if m.version == 1] or members
    primary = min(originals, key=lambda m: (m.source.priority, item_time(m), m.pk))
    story.primary_item = story.latest_version(primary)
    story.headline = story.primary_item.headline
    story.created_at = min(item_time(m) for m in members)
    story.updated_at = max((m.updated or item_time(m)) for m in members)
    story.save()
    StoryTerm.objects.filter(story=story).delete()
    StoryTerm.objects.bulk_create(
        StoryTerm(story=story, term=term[:64], weight=story.fingerprint[term])
        for term in similarity.top_terms(story.fingerprint, 24)
    )
