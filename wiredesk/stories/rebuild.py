"""Recompute every matching key from the stored items, keeping story membership.

`wiredesk stories rebuild` runs this after a change to how terms are cut or weighed,
or to repair keys: the term counts (``TermStat``), each story's profile
(``Story.fingerprint``) and indexed top terms (``StoryTerm``), the exact keys of
its items (``StoryItem.url_key``, ``headline_key``), and their near-copy MinHash
signatures (``StoryItem.minhash``) and LSH bands (``StoryBand``). Which items form
which story,
versions, primary items and editors' separations are left as they are.

It is idempotent: a second run over unchanged items changes nothing and says so.
Profiles are rebuilt with today's term counts in the order the items joined, where
online matching weighed each item with the counts of its day; so the first rebuild
moves weights a little, later ones not at all.

Workers may keep matching meanwhile. Term counting reads a snapshot (items up to
the last link made when it starts), then adds the items linked since under the
match lock; stories are rewritten in small batches, each under the lock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.db import transaction

from wiredesk.ingest.models import WireItem
from wiredesk.stories import nearcopy, similarity, versions
from wiredesk.stories.clustering import rarity, store_profile
from wiredesk.stories.locking import match_lock
from wiredesk.stories.models import Story, StoryBand, StoryItem, StoryTerm, TermStat

# (phase, done, total): phase is "terms" or "stories".
Progress = Callable[[str, int, int], None]
BATCH = 200  # stories rewritten per transaction
CHUNK = 2000  # rows read at a time


@dataclass
class RebuildReport:
    items: int = 0
    stories: int = 0
    terms: int = 0
    terms_changed: int = 0
    stories_changed: int = 0
    keys_changed: int = 0
    bands_changed: int = 0  # items whose signature or band rows were rewritten

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _term_keys(headline: str, body: str) -> set[str]:
    return {term[:64] for term in similarity.terms(headline, body)}


def count_all_terms(progress: Progress | None = None) -> tuple[Counter, int]:
    """Items using each term, over the agency items (not versions) in stories.

    Returns the counts and the last link counted, the snapshot's end.
    """
    agency_items = StoryItem.objects.filter(role=StoryItem.Role.SOURCE)
    with transaction.atomic():
        match_lock()
        last = agency_items.order_by("-pk").values_list("pk", flat=True).first() or 0
    total = agency_items.filter(pk__lte=last).count()
    counts: Counter = Counter()

    def add(rows: Iterable[tuple[str, str]]) -> None:
        for headline, body in rows:
            counts.update(_term_keys(headline, body))
            counts[TermStat.ALL] += 1
            if progress and counts[TermStat.ALL] % 100 == 0:
                progress("terms", counts[TermStat.ALL], total)

    fields = ("item__headline", "item__body_text")
    add(
        agency_items.filter(pk__lte=last)
        .order_by("pk")
        .values_list(*fields)
        .iterator(chunk_size=CHUNK)
    )
    if progress:
        progress("terms", total, total)
    return counts, last


def write_term_stats(counts: Counter, last: int) -> tuple[int, int]:
    """Replace TermStat with ``counts`` plus items linked after ``last``.

    Returns (terms stored, terms whose count changed).
    """
    with transaction.atomic():
        match_lock()
        for headline, body in (
            StoryItem.objects.filter(role=StoryItem.Role.SOURCE, pk__gt=last)
            .order_by("pk")
            .values_list("item__headline", "item__body_text")
        ):
            counts.update(_term_keys(headline, body))
            counts[TermStat.ALL] += 1
        stored = dict(TermStat.objects.values_list("term", "items"))
        wanted = {term: n for term, n in counts.items() if n}
        changed = sum(
            1 for t in stored.keys() | wanted.keys() if stored.get(t) != wanted.get(t)
        )
        if changed:
            TermStat.objects.all().delete()
            rows = [TermStat(term=t, items=n) for t, n in sorted(wanted.items())]
            TermStat.objects.bulk_create(rows, batch_size=CHUNK)
    return len(wanted), changed


def story_profile(story: Story) -> similarity.StoryProfile:
    """The story's profile built again from its items, in the order they joined.

    Kill notices add nothing; a version adds weight but is no new item, as online.
    """
    links = list(
        StoryItem.objects.filter(story=story).select_related("item").order_by("pk")
    )
    texts = [
        (link, similarity.terms(link.item.headline, link.item.body_text))
        for link in links
        if link.item.signal != WireItem.Signal.KILL
    ]
    keys = {term[:64] for _, counts in texts for term in counts} | {TermStat.ALL}
    stats: dict[str, int] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 900):  # SQLite's bound-parameter limit
        chunk = ordered[start : start + 900]
        rows = TermStat.objects.filter(term__in=chunk).values_list("term", "items")
        stats.update(rows)
    profile = similarity.StoryProfile()
    for link, counts in texts:
        vector = similarity.weigh(counts, rarity(counts, stats))
        profile.add(vector, new_item=link.role == StoryItem.Role.SOURCE)
    return profile


def refresh_keys(story: Story) -> int:
    """Recompute the exact keys of the story's items; returns how many changed."""
    changed = []
    for link in StoryItem.objects.filter(story=story).select_related("item"):
        url_key = versions.url_key(link.item.url)
        headline_key = versions.headline_key(link.item.headline)
        if (link.url_key, link.headline_key) != (url_key, headline_key):
            link.url_key, link.headline_key = url_key, headline_key
            changed.append(link)
    StoryItem.objects.bulk_update(changed, ["url_key", "headline_key"])
    return len(changed)


def refresh_bands(story: Story) -> int:
    """Recompute the MinHash signature and LSH bands of the story's items.

    Rows are rewritten only for items whose signature, story or time changed (an
    item moved by a merge or split, a story whose first item changed); returns how
    many items were rewritten. Kills and too short texts get no signature.
    """
    links = list(
        StoryItem.objects.filter(story=story)
        .select_related("item")
        .only("id", "minhash", "item__headline", "item__body_text", "item__signal")
    )
    stored: dict[int, set[tuple]] = {}
    for row in StoryBand.objects.filter(link__story=story).values_list(
        "link_id", "band_no", "band_hash", "story_id", "created_at"
    ):
        stored.setdefault(row[0], set()).add(row[1:])
    changed_links, rewrite = [], []
    for link in links:
        signature = (
            None
            if link.item.signal == WireItem.Signal.KILL
            else nearcopy.signature(link.item.headline, link.item.body_text)
        )
        current = bytes(link.minhash) if link.minhash is not None else None
        if current != signature:
            link.minhash = signature
            changed_links.append(link)
        wanted = {
            (band_no, band_hash, story.pk, story.created_at)
            for band_no, band_hash in (nearcopy.bands(signature) if signature else ())
        }
        if stored.get(link.pk, set()) != wanted:
            rewrite.append((link.pk, wanted))
    StoryItem.objects.bulk_update(changed_links, ["minhash"])
    if rewrite:
        StoryBand.objects.filter(link_id__in=[i for i, _ in rewrite]).delete()
        StoryBand.objects.bulk_create(
            StoryBand(
                story_id=story_id,
                link_id=link_id,
                band_no=band_no,
                band_hash=band_hash,
                created_at=created_at,
            )
            for link_id, wanted in rewrite
            for band_no, band_hash, story_id, created_at in sorted(wanted)
        )
    return len({link.pk for link in changed_links} | {i for i, _ in rewrite})


def rebuild(progress: Progress | None = None) -> RebuildReport:
    """Recompute term counts, then every story's profile, top terms, item keys and
    near-copy bands."""
    report = RebuildReport()
    counts, last = count_all_terms(progress)
    report.terms, report.terms_changed = write_term_stats(counts, last)
    report.items = StoryItem.objects.count()
    story_ids = list(Story.objects.order_by("pk").values_list("pk", flat=True))
    report.stories = len(story_ids)
    for start in range(0, len(story_ids), BATCH):
        with transaction.atomic():
            match_lock()
            batch = Story.objects.filter(pk__in=story_ids[start : start + BATCH])
            for story in batch.order_by("pk"):
                report.keys_changed += refresh_keys(story)
                report.bands_changed += refresh_bands(story)
                StoryTerm.objects.filter(story=story).exclude(
                    created_at=story.created_at
                ).update(created_at=story.created_at)
                if store_profile(story, story_profile(story)):
                    report.stories_changed += 1
        if progress:
            done = min(start + BATCH, len(story_ids))
            progress("stories", done, len(story_ids))
    return report
