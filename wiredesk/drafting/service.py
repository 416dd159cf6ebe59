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
from wiredesk.stories.models import Story, StoryItem
from wiredesk.taxonomy.models import country_areas, sector_slugs

# Between the characters of a dateline, the HTML may hold inline tags
# ("<strong>NAIROBI</strong>, Feb 5") and any run of white space or no-break spaces.
# (\s matches a no-break space itself: naming it again as an alternative made a
# run of them matchable in 2^n ways, and a dateline followed by 30 of them and
# other text took minutes to fail.)
_TAGS = r"(?:<[^>]+>)*"
_GAP = r"(?:\s|&nbsp;|&#160;|<[^>]+>)+"
_ENTITIES = {
    "&": "(?:&|&amp;|&#38;)",
    "<": "(?:<|&lt;)",
    ">": "(?:>|&gt;)",
    '"': '(?:"|&quot;|&#34;)',
    "'": "(?:'|&#39;|&#x27;|&apos;)",
    "’": "(?:’|&rsquo;|&#8217;)",
    "–": "(?:–|&ndash;|&#8211;)",
    "—": "(?:—|&mdash;|&#8212;)",
}
# Where a paragraph's text starts: after opening tags ("<p>", "<p><strong>").
_PARAGRAPH_START = r"(?:\s|<(?!/)[^>]+>)*"
# The dateline stands in one of the first paragraphs (a byline may come first).
_PARAGRAPHS_SEARCHED = 4
_EMPTY_INLINE = re.compile(r"<(strong|b|em|i|span|a|u)\b[^>]*>(?:\s|&nbsp;)*</\1>")


def _loose(text: str) -> str:
    """A pattern for ``text`` as it may stand in HTML."""
    parts = []
    for chunk in text.split():
        parts.append(_TAGS.join(_ENTITIES.get(ch, re.escape(ch)) for ch in chunk))
    return _GAP.join(parts)


def body_without_dateline(body_html: str, dateline_raw: str) -> str:
    """The body with the wire dateline removed from the paragraph that opens with it.

    The article shows the dateline in its meta line, so repeating "ACCRA (Agency) -"
    at the head of the body would show it twice. Inline tags inside the dateline
    are kept (emptied ones dropped), so the markup stays balanced.
    """
    if not dateline_raw.strip():
        return body_html
    pattern = re.compile(
        _PARAGRAPH_START + "(" + _loose(dateline_raw) + r")(?:\s|&nbsp;|&#160;)*"
    )
    starts = [0]
    for end in re.finditer(r"</p\s*>", body_html, re.IGNORECASE):
        if len(starts) == _PARAGRAPHS_SEARCHED:
            break
        starts.append(end.end())
    for start in starts:
        match = pattern.match(body_html, start)
        if match:
            break
    else:
        return body_html
    kept_tags = "".join(re.findall(r"<[^>]+>", match[1]))
    head = body_html[: match.start(1)] + kept_tags
    rest = body_html[match.end() :]
    opened = _EMPTY_INLINE.sub("", head[start:] + rest[:200]) + rest[200:]
    # Restore a capital at the new start of the paragraph.
    opened = re.sub(
        r"^(" + _PARAGRAPH_START + r")([a-z])",
        lambda m: m[1] + m[2].upper(),
        opened,
        count=1,
    )
    return body_html[:start] + opened


def countries_of(
    text: str,
    *,
    headline: str = "",
    dateline: str = "",
    dateline_country: str | None = None,
    places: list[str] | tuple[str, ...] = (),
) -> list[str]:
    """Countries the story is about (ISO codes), primary first.

    The order is the tagger's (``countries.tag``: metadata places first, else the
    shipped primary-country ranker), so that ``wiredesk eval countries`` measures
    what drafting does: ``text`` is the copy after its dateline and ``dateline``
    the place given apart, as in the evaluation's articles. The dateline's country
    as the caller resolved it is added at the end if the tagger left it out.
    """
    from wiredesk.drafting import countries

    codes = list(
        countries.tag(headline, text, dateline=dateline, places=places).countries
    )
    if dateline_country and dateline_country not in codes:
        codes.append(dateline_country)
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


# Versions followed back to an item's first: more is a loop in bad data.
_MAX_VERSIONS = 50
# A story's links that replace an earlier version, by story id, with SQL compiled
# once per thread: asked for every draft, most of which replace nothing, and
# building the query took longer than running it (0.3 ms of a 2 ms draft).
_REPLACING = CompiledQuery(
    StoryItem,
    lambda story_ids, now: StoryItem.objects.filter(
        story_id__in=story_ids, supersedes__isnull=False
    ).only("item_id", "supersedes_id"),
)


def first_version_text(story: Story, item: WireItem) -> str:
    """The body of the first version of the copy ``item`` updates ("" when ``item``
    is the first): back through what each version or re-issue superseded in the
    story, and on from where those links end through each item's ``previous``
    version (a version the story does not hold, or one ingest linked alone).

    The first, not the one before: the standfirst then keeps carrying the news of
    an UPDATE 1 when an UPDATE 2 only adds a quote. One walk: the story's links
    are read at once, and each row read on the way gives both its ``previous``
    and its text, so the first's text needs no read of its own.
    """
    replaced = {
        link.item_id: link.supersedes_id for link in _REPLACING.list([story.pk])
    }
    at, previous, text = item.pk, item.previous_id, ""
    for _ in range(_MAX_VERSIONS):
        if at in replaced:
            at = replaced[at]
            if at in replaced and at != item.pk:
                continue  # linked further back in the story: no row to read
        elif previous:
            at = previous
        else:
            break  # ``at`` is the first version
        if at == item.pk:
            return ""  # a loop in bad data back to the item itself
        row = WireItem.objects.filter(pk=at).values_list("previous_id", "body_text")
        if not row:
            break
        previous, text = row[0]
    return text


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


def _headline_from(text: str) -> str:
    """A headline for copy sent without one: its first sentence, shortened as
    headlines are, so the desk sees what the story is rather than a blank."""
    first = standfirst.sentences(text)[:1] or [text]
    return headline.shorten(" ".join(first[0].split()).rstrip("."))


def draft(story: Story) -> Draft:
    """Create or refresh the draft of ``story`` from its primary item."""
    item = story.primary_item
    if item is None:
        raise ValueError(f"story {story.pk} has no primary item to draft from")
    if not item.headline.strip() and not item.body_text.strip():
        raise ValueError(
            f"story {story.pk}: its primary item {item.pk} (guid {item.guid!r}) "
            "has neither a headline nor body text to draft from"
        )
    # The dateline heading the copy is taken out of the body and the text the
    # countries are read from; the one the metadata gives apart (NewsML-G2, NITF,
    # ninjs) is the one shown, unless only the copy's names a known place.
    in_copy = dateline.find(item.body_text)
    shown = in_copy
    if item.dateline.strip():
        given = dateline.given(item.dateline, item.body_text)
        if given and (given.country or not (in_copy and in_copy.country)):
            shown = given
    text = item.body_text
    if in_copy:
        text = in_copy.rest(text)
    codes = countries_of(
        text,
        headline=item.headline,
        dateline=shown.written if shown else "",
        dateline_country=shown.country if shown else None,
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
    # summarise reads a bounded lead (standfirst.MAX_CHARS): a runaway body of
    # megabytes costs no more than a long story. An agency's update puts its news
    # (a sentence the first version did not have) in the standfirst.
    summary = standfirst.summarise(
        item.body_text, earlier=first_version_text(story, item)
    )
    # Outside the transaction: a rewriting backend may wait on the network.
    outcome = backends.rewrite(
        backends.DraftText(
            headline.clean(item.headline, item.body_text)
            or _headline_from(summary or standfirst.bounded(item.body_text)),
            summary,
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
            body_without_dateline(item.body_html, in_copy.raw if in_copy else "")
        ),
        "dateline": shown.place[: Draft._meta.get_field("dateline").max_length]
        if shown
        else "",
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
