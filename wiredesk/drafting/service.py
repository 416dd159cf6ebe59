"""Draft a story: headline, standfirst, dateline, countries, sector and edition."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from wiredesk.compiled import CompiledQuery
from wiredesk.drafting import (
    backends,
    dateline,
    editions,
    headline,
    sectors,
    standfirst,
)
from wiredesk.drafting.models import Draft
from wiredesk.drafting.signals import draft_ready
from wiredesk.ingest.models import WireItem
from wiredesk.ingest.sanitise import clean_html
from wiredesk.stories.models import Story
from wiredesk.taxonomy.models import country_areas, sector_slugs


def body_without_dateline(body_html: str, dateline_raw: str) -> str:
    """The body with the wire dateline removed from its first paragraph.

    The article shows the dateline in its meta line, so repeating "ACCRA (Agency) -"
    at the head of the body would show it twice.
    """
    if not dateline_raw:
        return body_html
    pattern = re.compile(
        r"^(\s*<p[^>]*>\s*)" + re.escape(dateline_raw.strip()) + r"\s*"
    )
    stripped, count = pattern.subn(r"\1", body_html, count=1)
    if not count:
        return body_html
    # Restore a capital at the new start of the paragraph.
    return re.sub(r"^(\s*<p[^>]*>\s*)([a-z])", lambda m: m[1] + m[2].upper(), stripped)


def countries_of(
    text: str,
    dateline_country: str | None,
    *,
    headline: str = "",
    places: list[str] | tuple[str, ...] = (),
) -> list[str]:
    """Countries the story is about (ISO codes), primary first.

    The tagger weighs the item's metadata ``places``, the dateline and the words
    of ``headline`` and ``text`` (see ``drafting.countries``); a dateline country
    already resolved by the caller leads unless metadata places say otherwise.
    """
    from wiredesk.drafting import countries
    from wiredesk.drafting import places as gazetteer

    found = countries.tag(headline, text, places=places)
    meta = {gazetteer.country_code(p) for p in places}
    codes = [c for c in found.countries if c != dateline_country]
    if dateline_country:
        after_meta = next((i for i, c in enumerate(codes) if c not in meta), len(codes))
        codes.insert(after_meta, dateline_country)
    return codes


# Source items a rewriting backend is given and checked against: the primary item
# and the other agencies' latest copy, enough for a write-through.
MAX_SOURCE_ITEMS = 6


def source_texts(story: Story, primary: WireItem) -> list[str]:
    """The story's live source items as text (headline, then body), primary first."""
    others = [h.pk for h in story.live_items() if h.pk != primary.pk]
    rows = WireItem.objects.filter(pk__in=others[: MAX_SOURCE_ITEMS - 1]).only(
        "headline", "body_text"
    )
    return [
        f"{item.headline}\n\n{item.body_text}"
        for item in [primary, *sorted(rows, key=lambda i: i.pk)]
    ]


def _link(through: type, draft: Draft, column: str, values: list[str]) -> None:
    """Many-to-many rows of a draft just created, written in one INSERT (the
    related manager's ``add`` first reads which rows exist: nothing, here)."""
    through.objects.bulk_create(
        through(draft_id=draft.pk, **{column: value}) for value in dict.fromkeys(values)
    )


# The draft of a story by story id, with SQL compiled once per thread: drafting
# asks for every draft it writes, and building this query cost more than running it.
_DRAFT_OF_STORY = CompiledQuery(
    Draft, lambda story_ids, now: Draft.objects.filter(story_id__in=story_ids)
)


def _save(story: Story, fields: dict) -> tuple[Draft, bool]:
    """Update the story's draft with ``fields``, or create it: (draft, created).

    Two workers drafting a new story at once both try the INSERT; the later one
    finds the earlier's row through the unique story and updates it instead.
    """
    found = _DRAFT_OF_STORY.list([story.pk])
    if not found:
        obj = Draft(story=story, **fields)
        try:
            with transaction.atomic():
                obj.save(force_insert=True)
            return obj, True
        except IntegrityError:
            found = _DRAFT_OF_STORY.list([story.pk])
            if not found:
                raise  # not the unique story: a real error
    obj = found[0]
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*fields, "updated_at"])
    return obj, False


def draft(story: Story) -> Draft:
    """Create or refresh the draft of ``story`` from its primary item."""
    item = story.primary_item
    if item is None:
        raise ValueError(f"story {story.pk} has no primary item to draft from")
    found = dateline.find(item.body_text)
    codes = countries_of(
        item.body_text,
        found.country if found else None,
        headline=item.headline,
        places=item.places or (),
    )
    known = country_areas.get()
    ordered = [c for c in codes if c in known]
    primary_country = ordered[0] if ordered else None
    choice = sectors.classify(
        item.headline,
        item.body_text,
        item.subjects or (),
        allowed=sector_slugs.get(),
    )
    # Outside the transaction: a rewriting backend may wait on the network.
    outcome = backends.rewrite(
        backends.DraftText(
            headline.clean(item.headline), standfirst.summarise(item.body_text)
        ),
        lambda: source_texts(story, item),
        label=f" for story {story.pk}",
    )
    fields = {
        "headline": outcome.text.headline,
        "standfirst": outcome.text.standfirst,
        "backend": outcome.backend,
        "fallback_reason": outcome.fallback_reason,
        "body_html": clean_html(
            body_without_dateline(item.body_html, found.raw if found else "")
        ),
        "dateline": found.place if found else "",
        "country_id": primary_country,
        "sector_id": choice.primary,
        "sector_source": choice.source,
        "edition_id": editions.edition_slug_for_code(primary_country),
        "agencies": story.agencies(),
        "source_item_id": item.pk,
    }
    with transaction.atomic():
        obj, created = _save(story, fields)
        if created:  # a new row has no links yet: one insert each, no reads
            _link(Draft.countries.through, obj, "country_id", ordered)
            _link(Draft.secondary_sectors.through, obj, "sector_id", choice.secondary)
        else:
            obj.countries.set(ordered)
            obj.secondary_sectors.set(choice.secondary)
        transaction.on_commit(
            lambda: draft_ready.send(sender=Draft, draft_id=obj.pk, created=created)
        )
    return obj
