"""From a draft to an article, and the rules that publish without review."""

from __future__ import annotations

import logging

from django.db import transaction

from wiredesk.desk import audit, revisions
from wiredesk.desk.models import Article, SectorRule
from wiredesk.drafting.editions import edition_slug_for
from wiredesk.drafting.models import Draft
from wiredesk.ingest.models import Source

log = logging.getLogger(__name__)

# The article fields drafting proposes, in the order they are applied. An editor's
# change to any of them is an override: later drafts leave that field alone.
DRAFTED_FIELDS = (
    "headline",
    "standfirst",
    "body_html",
    "dateline",
    "country",
    "countries",
    "sector",
    "secondary_sectors",
    "edition",
)
TEXT_FIELDS = _TEXT_FIELDS = ("headline", "standfirst", "body_html")
KEY_FIELDS = ("country", "sector", "edition")
_MANY = {"countries", "secondary_sectors"}
# Fields whose newer agency value is offered to the editor who set them.
_OFFERED = (*_TEXT_FIELDS, "dateline", *KEY_FIELDS)


def auto_publish_allowed(draft: Draft) -> bool:
    """A story is published without review when the rules say so.

    A desk rule for the draft's sector decides first; without one, the primary
    source's ``auto_publish``. A story whose only agency killed it never is, nor
    one no agency tells any more (every head a kill), whatever its flag says.
    """
    story = draft.story
    if story.attention_priority >= story.Priority.TOP or not draft.agencies:
        return False
    rule = SectorRule.objects.filter(sector_id=draft.sector_id).first()
    if rule is not None:
        return rule.auto_publish
    primary = story.primary_item
    return bool(
        primary
        and Source.objects.filter(pk=primary.source_id, auto_publish=True).exists()
    )


def offered_update(article: Article, draft: Draft, keep: set[str]) -> dict:
    """The agency's values for fields the editor set, where they now differ."""
    offered = {}
    for name in _OFFERED:
        if name not in keep:
            continue
        attname = f"{name}_id" if name in KEY_FIELDS else name
        value = getattr(draft, attname)
        if value != getattr(article, attname):
            offered[name] = value
    return offered


def overridden(article: Article) -> set[str]:
    """The drafted fields an editor has set on ``article``.

    Articles edited before overrides were kept per field carry only ``desk_edited``:
    their text stays as the editor left it, their tags follow the draft.
    """
    fields = set(article.overridden_fields or ())
    if not fields and article.desk_edited:
        fields = set(_TEXT_FIELDS)
    return fields & set(DRAFTED_FIELDS)


def record_overrides(article: Article, changed: list[str]) -> None:
    """Note the drafted fields an editor changed, so agency updates keep them.

    An editor who edits the list itself (the admin's "overridden fields") hands the
    fields left out back to drafting, text included: ``desk_edited`` then follows
    the list, or ``overridden`` would still keep every text field. An older row's
    ``desk_edited`` alone keeps its text when another field is changed.
    Changing the country without choosing an edition moves the article to the
    edition of its new country: the edition follows the country unless set by hand.
    """
    changed_drafted = [f for f in DRAFTED_FIELDS if f in changed]
    if "overridden_fields" in changed:
        kept = set(article.overridden_fields or ()) & set(DRAFTED_FIELDS)
        if "desk_edited" not in changed:
            article.desk_edited = bool(kept & set(_TEXT_FIELDS))
    elif changed_drafted:
        kept = overridden(article)
    else:
        return
    kept |= set(changed_drafted)
    article.overridden_fields = [f for f in DRAFTED_FIELDS if f in kept]
    if any(f in changed_drafted for f in _TEXT_FIELDS):
        article.desk_edited = True
    if "country" in changed_drafted and "edition" not in kept:
        article.edition_id = edition_slug_for(article.country)


def _still_told(article: Article, story, keep: set[str]) -> None:
    """Lower an article's top flag ("its only source was killed", which holds it
    from going live) when the draft now applied tells its story from copy an
    agency still stands by: after an editor merged it with a story another agency
    tells. Only here, in the transaction that replaces its text: an article whose
    text an editor kept (an override) still holds the withdrawn copy and stays
    top. The kill stays flagged, as high; a flag is never raised here."""
    if article.attention < story.Priority.TOP or story.attention_priority >= (
        story.Priority.TOP
    ):
        return
    if keep & set(_TEXT_FIELDS):
        return
    live = {item.pk for item in story.live_items()}
    if story.primary_item_id not in live:
        return
    reason = (story.attention_reason or "told again by another agency")[:200]
    before = audit.state(article)
    article.attention, article.attention_reason = story.Priority.HIGH, reason
    audit.record(None, "kill-still-told", article, before=before, note=reason)


def apply_draft(draft: Draft) -> Article:
    """Create the story's article, or bring it up to date with the new draft.

    Fields an editor has overridden keep the editor's value; every other drafted
    field follows the new draft. When the editor chose the country but not the
    edition, the edition follows the editor's country.
    """
    story = draft.story
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(story=story).first()
        if article is None:
            # The desk's flag on a story it had no article for yet (a story split
            # off holding a kill, a correction that came before the first draft).
            article = Article(story=story)
            if story.needs_attention and story.attention_priority:
                article.attention = story.attention_priority
                article.attention_reason = story.attention_reason
        keep = overridden(article) if article.pk else set()
        # An editor's overridden field that the agency has since changed: shown as
        # "new version available" until the editor applies or ignores it.
        article.pending_update = offered_update(article, draft, keep) if keep else {}
        for name in DRAFTED_FIELDS:
            if name in keep or name in _MANY:
                continue
            if name in {"country", "sector", "edition"}:
                setattr(article, f"{name}_id", getattr(draft, f"{name}_id"))
            else:
                setattr(article, name, getattr(draft, name))
        if "country" in keep and "edition" not in keep:
            article.edition_id = edition_slug_for(article.country)
        article.agencies = draft.agencies
        # Created: is the story's first item until the article is first published,
        # then stays: the feeds' GUIDs are dated by it, and a merge with an older
        # story (or an agency's copy stamped earlier) would make readers' feed
        # apps show the story again as new.
        if article.first_published_at is None:
            article.created_at = story.created_at
        # Updated: never moves back (an editor's correction may be newer).
        if article.pk is None or story.updated_at > article.updated_at:
            article.updated_at = story.updated_at
        if article.pk:
            # A desk editor's open form is now out of date: their save conflicts.
            article.lock_version += 1
            _still_told(article, story, keep)
        if article.status == Article.Status.DRAFT and auto_publish_allowed(draft):
            article.publish()
            log.info("auto-published article for story %s", story.pk)
        article.save()
        for name in _MANY - keep:
            getattr(article, name).set(getattr(draft, name).all())
        revisions.record(article, None, "agency version", only_if_changed=True)
    return article
