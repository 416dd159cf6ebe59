"""Assign each new wire item to its story: a version, another agency, or a new story.

All state lives in the database (story profiles, indexed top terms, term counts), so
any worker on any machine matches against the same stories and a restart loses
nothing. Matching one item reads a bounded number of rows whatever the number of
stories stored: the rarity of its own terms, then at most ``CANDIDATES`` stories
found through the indexed ``StoryTerm`` rows of its top terms.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F

from wiredesk.ingest.models import WireItem
from wiredesk.stories import similarity
from wiredesk.stories.models import Story, StoryItem, StoryTerm, TermStat
from wiredesk.stories.signals import story_changed

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=72)
SCORER = similarity.SCORERS[similarity.DEFAULT_SCORER]
THRESHOLD = SCORER.threshold
CANDIDATES = 20
KEYS = 12  # an item's top terms looked up in StoryTerm
STORY_KEYS = 24  # a story's top terms stored in StoryTerm


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
        counts = similarity.terms(item.headline, item.body_text)
        if earlier:
            fp = similarity.weigh(counts, rarity(counts))
            story, change, score = earlier.story, "version", None
            StoryItem.objects.create(
                story=story, item=item, role=StoryItem.Role.VERSION
            )
        else:
            count_terms(counts)
            fp = similarity.weigh(counts, rarity(counts))
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
        _refresh(story, fp, new_item=change != "version")
        transaction.on_commit(
            lambda: story_changed.send(sender=Story, story_id=story.pk, change=change)
        )
        log.info("item %s → story %s (%s, score %s)", item.pk, story.pk, change, score)
        return story


def count_terms(counts: Iterable[str]) -> None:
    """Count one more item using each of its terms (and one more item in all).

    Rows are created at 0 if missing, then incremented in one UPDATE, so two workers
    counting at once both count.
    """
    keys = {term[:64] for term in counts} | {TermStat.ALL}
    TermStat.objects.bulk_create(
        [TermStat(term=term, items=0) for term in keys], ignore_conflicts=True
    )
    TermStat.objects.filter(term__in=keys).update(items=F("items") + 1)


def rarity(counts: Iterable[str]) -> dict[str, float]:
    """ln(1 + N / n) of each term, N items stored, n of them using the term."""
    keys = {term[:64] for term in counts} | {TermStat.ALL}
    stats = dict(TermStat.objects.filter(term__in=keys).values_list("term", "items"))
    total = max(stats.get(TermStat.ALL, 0), 1)
    return {
        term: math.log(1 + total / max(stats.get(term[:64], 0), 1)) for term in counts
    }


def best_match(fp: dict[str, float], when) -> tuple[Story | None, float | None]:
    """The best-scoring story within the time window, if it passes the threshold."""
    keys = [term[:64] for term in similarity.top_terms(fp, KEYS)]
    candidate_ids = (
        StoryTerm.objects.filter(
            term__in=keys,
            story__created_at__gte=when - WINDOW,
            story__created_at__lte=when + WINDOW,
        )
        .values("story_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "story_id")
        .values_list("story_id", flat=True)[:CANDIDATES]
    )
    best, best_score = None, 0.0
    stories = Story.objects.filter(pk__in=list(candidate_ids)).order_by("pk")
    for story in stories.only("id", "fingerprint"):
        profile = similarity.StoryProfile.from_json(story.fingerprint)
        score = SCORER.score(fp, profile)
        if score > best_score:
            best, best_score = story, score
    if best is not None and best_score >= SCORER.threshold:
        return Story.objects.get(pk=best.pk), round(best_score, 4)
    return None, None


def _refresh(story: Story, fp: dict[str, float], *, new_item: bool) -> None:
    """Fold the item into the story's profile; recompute keys, primary item, times."""
    profile = similarity.StoryProfile.from_json(story.fingerprint)
    profile.add(fp, new_item=new_item)
    story.fingerprint = profile.as_json()
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
    centroid = profile.centroid()
    StoryTerm.objects.filter(story=story).delete()
    StoryTerm.objects.bulk_create(
        StoryTerm(story=story, term=term, weight=round(centroid[term], 6))
        for term in dict.fromkeys(
            t[:64] for t in similarity.top_terms(centroid, STORY_KEYS)
        )
        if term in centroid
    )
