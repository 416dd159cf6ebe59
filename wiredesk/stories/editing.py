"""Editors' corrections of matching: merge stories, split items out of one.

The admin only calls these. Both run under the match lock, so no worker places an
item in a story while it is being merged or split, and both rebuild the profile and
keys of every story they touch from its items. A split is remembered as a
``StorySeparation`` between each item moved and each item left: matching never puts
them together again, unless an editor merges them, which is the newer decision.
A split that takes out the items a merge brought in undoes that merge on the desk
(the withdrawn article comes back: desk.workflow.unmerge).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from django.db import transaction
from django.db.models import Model

from wiredesk.ingest.models import WireItem
from wiredesk.stories.clustering import (
    kill_flag,
    primary_item,
    raise_attention,
    refresh,
    store_profile,
)
from wiredesk.stories.locking import match_lock
from wiredesk.stories.models import Story, StoryItem, StorySeparation, StoryTerm
from wiredesk.stories.rebuild import refresh_bands, refresh_keys, story_profile
from wiredesk.stories.signals import story_changed, story_edited

# Article states in which the desk has taken a story up (all but "draft"): refine
# makes no automatic moves there, and merge keeps such a story's article.
DESK_STATES = ("in_review", "scheduled", "published", "unpublished")
KILL = WireItem.Signal.KILL


class EditError(ValueError):
    """An edit that cannot be made; the message says why, for the editor."""


def _recompute(story: Story, *, flag_kills: bool = True) -> None:
    """Profile, keys, primary item, times and kill flag of ``story`` from its items;
    saved.

    ``flag_kills=False`` leaves the flag as the caller set it: a merge brings no
    kill the merged stories had not been flagged for already, and a flag the desk
    took down for one stays down.
    """
    if not StoryItem.objects.filter(story=story, role=StoryItem.Role.SOURCE).exists():
        # The first item left is the agency item the others are versions of.
        first = StoryItem.objects.filter(story=story).order_by("pk").first()
        if first:
            StoryItem.objects.filter(pk=first.pk).update(role=StoryItem.Role.SOURCE)
    refresh_keys(story)
    refresh(story)
    if flag_kills and _flag_kills(story):
        _announce(story.pk, "kill")
    story.save()
    store_profile(story, story_profile(story))
    StoryTerm.objects.filter(story=story).update(created_at=story.created_at)
    refresh_bands(story)  # moved items' bands now point here, with this time


def _killers(heads: list[WireItem]) -> str:
    """The agencies whose kill heads a chain of a story's items (its ``heads``),
    joined ("" for none): who a kill flag's reason names."""
    killed = [h for h in heads if h.signal == KILL]
    return ", ".join(dict.fromkeys(h.source.agency for h in killed))


def _flag_kills(story: Story) -> bool:
    """Flag a story whose items include an agency's kill as a kill would (unsaved).

    A story cut from another (a split, refine's cut or move) starts unflagged: one
    left holding only killed items would be drafted, and auto-published, from the
    withdrawn copy. Top when no agency still tells it, high when some do; never
    lowered, and not raised again to a level the story already has. Returns
    whether the flag went up (the desk is then told, as of a kill).
    """
    who = _killers(story.heads())
    if not who:
        return False
    priority, reason = kill_flag(story, who)
    if story.attention_priority >= priority:
        return False
    raise_attention(story, priority, reason)
    return True


Flag = tuple[int, str]  # a desk flag: priority and reason


def _told_flag(story: Story, heads: list[WireItem]) -> Flag | None:
    """The kill flag of ``story`` (its ``heads`` given) while an agency still
    tells it: high, naming who killed (kill_flag); None when no agency does."""
    if all(h.signal == KILL for h in heads):
        return None
    return kill_flag(story, _killers(heads) or "An agency")


def _as_told(flag: Flag, told: Flag | None) -> Flag:
    """``flag`` as it holds after a merge: a top flag ("the only source was
    killed") is ``told`` when an agency still tells the merged story (top holds
    the scheduler and auto-publishing for good; the kill is still flagged, as high,
    as any kill of one of several sources is); any other flag as it is."""
    return told if flag[0] >= Story.Priority.TOP and told is not None else flag


def _still_told(story: Story, told: Flag | None) -> None:
    """Lower the story's top flag that no longer holds (_as_told): "the only
    source was killed" kept through a merge with a story another agency still
    tells. Never raises a flag (saved)."""
    priority, reason = _as_told((story.attention_priority, ""), told)
    if priority == story.attention_priority:
        return
    story.attention_priority, story.attention_reason = priority, reason[:200]
    story.save(update_fields=["attention_priority", "attention_reason"])


def _announce(story_id: int, change: str, **extra: object) -> None:
    transaction.on_commit(
        lambda: story_changed.send(
            sender=Story, story_id=story_id, change=change, **extra
        )
    )


def _with_articles() -> bool:
    """Whether the desk (which gives stories their articles) is installed: stories
    come before the desk and cannot import it."""
    return "article" in {f.name for f in Story._meta.get_fields()}


# How far along the desk took an article: the one furthest along survives a merge.
_ADVANCED = {"published": 4, "scheduled": 3, "in_review": 2, "unpublished": 1}


class _Article(NamedTuple):
    """A story's article as a merge weighs it: whether the desk took it up, how
    far, and the flag the desk sees on it."""

    pk: int
    taken: bool
    attention: int
    reason: str
    status: str
    live: bool
    first_published_at: datetime | None
    headline: str

    def rank(self, tells: bool) -> tuple:
        """Lower first: the article the desk would keep. A live one (readers lose
        no story), and of those the one whose story holds the merged story's
        primary item (``tells``): the kept article is redrafted from that copy,
        so its address goes on showing what it showed. Then the earliest
        published (the address readers and search engines know longest), else
        the furthest along the workflow (an edited draft last)."""
        live = self.status == "published" and self.live
        first = self.first_published_at if live else None
        rest = (first is None, first, -_ADVANCED.get(self.status, 0))
        return (not live, not tells, *rest)


def _articles(story_ids: Iterable[int]) -> dict[int, _Article]:
    """Story id → its article, locked.

    Taken up: in one of DESK_STATES, edited by hand, or with a field set by an
    editor, as refine's on_desk counts it. Stories come before the desk, so the
    article model is reached through the relation, when installed.
    """
    if not _with_articles():
        return {}
    rows = (
        _article_model()
        .objects.select_for_update()
        .filter(story_id__in=list(story_ids))
        .values_list(
            "pk",
            "story_id",
            "status",
            "desk_edited",
            "overridden_fields",
            "attention",
            "attention_reason",
            "live",
            "first_published_at",
            "headline",
        )
    )
    found = {}
    for pk, story_id, status, edited, fields, *rest in rows:
        taken = status in DESK_STATES or edited or bool(fields)
        attention, reason, live, first, headline = rest
        found[story_id] = _Article(
            pk, taken, attention, reason, status, live, first, headline
        )
    return found


def _article_model() -> type:
    return Story._meta.get_field("article").related_model


def _members(stories: list[Story]) -> tuple[dict[int, list[int]], int | None]:
    """Each story's item ids, and the id of the story holding the primary item
    the merged story will be drafted from (clustering.primary_item over all their
    items, as _recompute will choose it; None without items)."""
    links = list(
        StoryItem.objects.filter(story__in=stories)
        .select_related("item__source")
        .order_by("item_id")
    )
    held: dict[int, list[int]] = {story.pk: [] for story in stories}
    for link in links:
        held[link.story_id].append(link.item_id)
    replaced = {link.supersedes_id for link in links if link.supersedes_id}
    primary = primary_item(stories[0], [link.item for link in links], replaced)
    where = {link.item_id: link.story_id for link in links}
    return held, where.get(primary.pk) if primary else None


class Merged(NamedTuple):
    """What merge() did, read in its transaction, for the editor's message."""

    story: Story  # the survivor, holding every item now
    article: Model | None  # its article (the desk's), None when it has none
    withdrawn: list[Model]  # the articles withdrawn in its favour, by id


def merge(stories: Iterable[Story], *, user=None) -> Merged:
    """Move every item into one of ``stories``; the others are deleted.

    The survivor is the story whose article the desk would keep (_Article.rank):
    a live one before any other, and among equals the one whose story holds the
    primary item of the merged story (the copy the survivor is redrafted from,
    so the address kept shows the copy it showed), then the earliest published,
    else the furthest along the workflow, else (no article taken up) the oldest
    story, so a published article keeps its story (and hears of later kills).
    Every other article the desk took up is withdrawn in its favour (_withdraw):
    unpublished, not deleted, so an editor's text stays with its revisions, and
    its address redirects to the survivor's. The absorbed stories' untouched
    drafts go; drafting redrafts the survivor. The survivor keeps the most
    urgent desk flag of them all, and its article the most urgent flag the desk
    still saw on theirs (_carry_flag), or at least a check flag naming what was
    merged into it. A kill that withdraws copy still told before the merge (an
    agency's kill from one feed meeting its copy from another) is flagged as a
    new kill (_flag_withdrawn). story_edited goes out inside the transaction,
    for the desk's audit log: ``withdrawn`` (article id → its state before, with
    ``items``, the item ids its story held), ``into`` (the survivor's article
    id), ``kept_items`` (the survivor's item ids before) and ``by`` (``user``):
    a split moving those items out again undoes the merge (the desk reads them
    back, workflow.unmerge). story_changed goes out at commit for the survivor
    with change "merged" and ``absorbed``, the deleted story ids. Returns the
    survivor, its article and the articles withdrawn (Merged).
    """
    ids = {story.pk for story in stories}
    with transaction.atomic():
        match_lock()
        chosen = list(Story.objects.filter(pk__in=ids).order_by("created_at", "pk"))
        if len(chosen) < 2:
            raise EditError("Choose at least two stories to merge.")
        articles = _articles(ids)
        held, tells = _members(chosen)
        taken = [s for s in chosen if s.pk in articles and articles[s.pk].taken]
        # min() keeps the first of equals: of two alike, the older story survives.
        survivor = min(
            taken,
            key=lambda s: articles[s.pk].rank(s.pk == tells),
            default=chosen[0],
        )
        others = [s for s in chosen if s is not survivor]
        told = {item.pk: item for s in chosen for item in s.live_items()}
        carried = max(
            (_desk_flag(s, articles.get(s.pk)) for s in others), key=lambda f: f[0]
        )
        StoryItem.objects.filter(story__in=others).update(story=survivor)
        members = StoryItem.objects.filter(story=survivor).values("item_id")
        StorySeparation.objects.filter(item_a__in=members, item_b__in=members).delete()
        urgent = max(chosen, key=lambda s: (s.attention_priority, s.needs_attention))
        survivor.needs_attention = any(s.needs_attention for s in chosen)
        survivor.attention_priority = urgent.attention_priority
        survivor.attention_reason = urgent.attention_reason
        # The editor decided these belong together: refine must not cut them apart.
        survivor.editor_merged = True
        absorbed = [s.pk for s in others]
        kept = articles.get(survivor.pk)
        gone = [articles[pk] for pk in absorbed if pk in articles]
        withdrawn = [a for a in gone if a.taken]
        drafts = [a.pk for a in gone if not a.taken]
        if drafts:
            _article_model().objects.filter(pk__in=drafts).delete()
        gone, before = _withdraw(withdrawn, kept)
        for pk, article in articles.items():
            if article.pk in before:
                before[article.pk]["items"] = held[pk]
        Story.objects.filter(pk__in=absorbed).delete()
        # Every kill it holds was flagged in its story, or the desk took that flag
        # down: the survivor keeps the flags above, raising none again, unless a
        # kill now withdraws copy that was told until this merge.
        _recompute(survivor, flag_kills=False)
        heads = survivor.heads()  # flags change below, the items no more
        _flag_withdrawn(survivor, told, heads)
        still = _told_flag(survivor, heads)
        _still_told(survivor, still)
        _carry_flag(kept, _as_told(carried, still))
        _flag_merged(kept, withdrawn)
        # The desk audits in this transaction: an audit that fails undoes the
        # merge, and a merge never commits unaudited.
        story_edited.send(
            sender=Story,
            story_id=survivor.pk,
            change="merged",
            absorbed=absorbed,
            withdrawn=before,
            into=kept.pk if kept else None,
            kept_items=held[survivor.pk],
            # The kept article's flag before this merge raised it (above).
            kept_flag=(
                {"attention": kept.attention, "attention_reason": kept.reason}
                if kept
                else {}
            ),
            by=user,
        )
        _announce(survivor.pk, "merged", absorbed=absorbed)
        # Read under the lock, as the merge left it (the flag it raised included).
        article = _article_model().objects.get(pk=kept.pk) if kept else None
    return Merged(survivor, article, gone)


def _withdraw(
    withdrawn: list[_Article], kept: _Article | None
) -> tuple[list[Model], dict[int, dict]]:
    """Unpublish the articles ``withdrawn`` in favour of ``kept``; returns them,
    saved, and each one's state before (article id → status, live, attention
    and its reason, the home pins moved), for the audit and a later unmerge.

    Unpublished, a scheduled one no longer goes live (the scheduler reads only
    scheduled articles). Kept, not deleted: an editor's text and its revisions
    stay on the desk; ``merged_into`` sends its readers to ``kept``. Its flag went
    to ``kept`` (_carry_flag) and is taken down here, where nobody works now. Its
    home pins move to ``kept`` where ``kept`` is not pinned on that home already
    (then they go): the editor put the story there; ``pins`` in its state before
    names those moved, for a split undoing the merge to move back. Saved, not
    updated, so the reader drops the article from its pages, search and cache.
    """
    if not withdrawn or kept is None:
        return [], {}
    model = _article_model()
    rows = list(model.objects.filter(pk__in=[a.pk for a in withdrawn]).order_by("pk"))
    before = {}
    for found in rows:
        before[found.pk] = {
            "status": found.status,
            "live": found.live,
            "attention": found.attention,
            "attention_reason": found.attention_reason,
        }
        found.status, found.live, found.merged_into_id = "unpublished", False, kept.pk
        found.attention, found.attention_reason = Story.Priority.NONE, ""
        found.save(
            update_fields=[
                "status",
                "live",
                "merged_into",
                "attention",
                "attention_reason",
                "modified_at",
            ]
        )
    pin = model._meta.get_field("pins").related_model
    pinned = pin.objects.filter(article_id=kept.pk)
    homes = set(pinned.values_list("edition_id", flat=True))
    for found in pin.objects.filter(article_id__in=before).order_by("position", "pk"):
        if found.edition_id in homes:
            found.delete()
        else:
            homes.add(found.edition_id)
            before[found.article_id].setdefault("pins", []).append(found.pk)
            found.article_id = kept.pk
            found.save(update_fields=["article"])
    return rows, before


def _flag_merged(kept: _Article | None, withdrawn: list[_Article]) -> None:
    """Flag the surviving article for a check, naming the articles merged into it:
    the editor reads the combined copy (another agency's, or an editor's text now
    withdrawn). A more urgent flag stays as it is (saved)."""
    if kept is None or not withdrawn:
        return
    names = "; ".join(f"{a.pk}: {a.headline}" for a in withdrawn)
    model = _article_model()
    model.objects.filter(pk=kept.pk, attention__lt=Story.Priority.CHECK).update(
        attention=Story.Priority.CHECK, attention_reason=f"Merged with {names}"[:200]
    )


def _flag_withdrawn(
    story: Story, told: dict[int, WireItem], heads: list[WireItem]
) -> None:
    """Flag, as a new kill, the copy a merge withdrew: items ``told`` (live in
    their stories before it) that a kill of their agency's item, among the
    story's ``heads``, now withdraws.

    Story.heads() lets an agency's kill from one feed withdraw its copy of that
    item from another feed; the two copies may have been in different stories
    until an editor merged them. The kill was flagged, if at all, in the killed
    copy's story, and the desk may have taken that flag down: without this, copy
    still told (perhaps a published article's only copy) would go silently. The
    desk hears of it as of a kill (its KILL_POLICY applies). Saved.
    """
    killed = {(h.source.agency, h.guid) for h in heads if h.signal == KILL}
    live = {h.pk for h in heads if h.signal != KILL}
    withdrawn = [
        item
        for pk, item in told.items()
        if pk not in live and (item.source.agency, item.guid) in killed
    ]
    if not withdrawn:
        return
    who = ", ".join(dict.fromkeys(item.source.agency for item in withdrawn))
    raise_attention(story, *kill_flag(story, who))
    story.save(
        update_fields=["needs_attention", "attention_priority", "attention_reason"]
    )
    _announce(story.pk, "kill")


def _desk_flag(story: Story, article: _Article | None) -> Flag:
    """The flag the desk still sees on a story merged away: its article's, which
    the desk clears when it has looked, else (no article yet) the story's."""
    if article is not None:
        return article.attention, article.reason
    if story.needs_attention:
        return story.attention_priority, story.attention_reason
    return Story.Priority.NONE, ""


def _carry_flag(article: _Article | None, flag: Flag) -> None:
    """Raise the surviving article's flag to ``flag``, the flag of an absorbed
    story's article the desk had not cleared (as it holds now, _as_told): the
    editor works on this article now, and the story's flag alone is not shown on
    it. Never lowers a flag (saved)."""
    priority, reason = flag
    if article is None or priority <= article.attention:
        return
    _article_model().objects.filter(pk=article.pk).update(
        attention=priority, attention_reason=reason[:200]
    )


def chains(story: Story) -> dict[int, frozenset[int]]:
    """Each item of ``story`` → its chain: the item with every version, correction,
    kill or re-issue of it in the story, and those it is one of. A split moves a
    chain whole (a version stays with its item); the split form shows them."""
    links = list(
        StoryItem.objects.filter(story=story).values_list(
            "item_id", "supersedes_id", "item__source_id", "item__guid"
        )
    )
    parent = {item: item for item, *_ in links}

    def root(item: int) -> int:
        while parent[item] != item:
            parent[item] = item = parent[parent[item]]
        return item

    first: dict[tuple[int, str], int] = {}
    for item, replaced, source, guid in links:
        for other in (first.setdefault((source, guid), item), replaced):
            if other in parent:  # a replaced item may be in another story
                parent[root(item)] = root(other)
    groups: dict[int, set[int]] = {}
    for item in parent:
        groups.setdefault(root(item), set()).add(item)
    return {item: frozenset(groups[root(item)]) for item in parent}


def split(story: Story, item_ids: Iterable[int], *, user: object = None) -> Story:
    """Move the chosen items (with their versions) of ``story`` into a new story.

    The moved items and those left are kept apart from then on. story_edited
    goes out inside the transaction (``by``: the editor, for the desk's audit log
    and flag: the story's article is redrafted from the items left; and where
    the split takes out the items a merge brought in, the desk gives the article
    that merge withdrew back to the new story, workflow.unmerge), and
    story_changed at commit with change "split" for both stories.
    """
    wanted = set()
    for pk in item_ids:
        try:
            wanted.add(int(pk))
        except (TypeError, ValueError):
            raise EditError(
                f"Unknown item {pk!r}: choose items of this story."
            ) from None
    with transaction.atomic():
        match_lock()
        story = Story.objects.get(pk=story.pk)
        members = set(
            StoryItem.objects.filter(story=story).values_list("item_id", flat=True)
        )
        if not wanted:
            raise EditError("Choose the items to split into a new story.")
        if not wanted <= members:
            raise EditError(f"Only items of story {story.pk} can be split from it.")
        chain = chains(story)
        moved = set().union(*(chain[pk] for pk in wanted))
        kept = members - moved
        if not kept:
            raise EditError("A split must leave at least one item in the story.")
        new = Story.objects.create(
            headline=story.headline,
            created_at=story.created_at,
            updated_at=story.updated_at,
        )
        StoryItem.objects.filter(item_id__in=moved).update(story=new)
        StorySeparation.objects.bulk_create(
            [
                StorySeparation(item_a_id=min(a, b), item_b_id=max(a, b))
                for a in moved
                for b in kept
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        _recompute(story)
        _recompute(new)
        story_edited.send(
            sender=Story, story_id=story.pk, change="split", into=new.pk, by=user
        )
        _announce(story.pk, "split", into=new.pk)
        _announce(new.pk, "split", split_from=story.pk)
    return new
