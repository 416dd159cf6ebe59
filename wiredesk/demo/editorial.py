"""The demo's in-house content: authors, opinion, blog, interview, briefs, pages.

All text here was written for wiredesk's demo and is fictional: the people, the
places' officials and the figures are invented. Seeding is idempotent (every row is
``update_or_create`` on a fixed key), so restarting the demo changes nothing.

The demo editor account gets a fresh random password at every start, printed by
the demo command: no account with a known password ever exists.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import NamedTuple, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from wiredesk.demo import content
from wiredesk.desk.models import Article, Author, Brief, Page

EDITOR_USERNAME = "editor"

AUTHORS = [
    {
        "slug": "adjoa-sarpong",
        "name": "Adjoa Sarpong",
        "role": "Columnist, water and cities",
        "bio": (
            "Adjoa Sarpong writes about how African cities pay for water, drains and "
            "sanitation. She spent ten years as a municipal engineer before turning "
            "to journalism."
        ),
    },
    {
        "slug": "tomas-ferreira",
        "name": "Tomás Ferreira",
        "role": "Field editor",
        "bio": (
            "Tomás Ferreira edits the desk's reporting from Latin America and keeps "
            "the desk's blog on how the news gets made."
        ),
    },
]


class Piece(NamedTuple):
    """An in-house piece. Every one has a sector and an edition, so it is listed on
    a sector page and an edition home; a piece about a place has its country and
    dateline too (the edition is then that country's, see ``test_desk_editorial``)."""

    kind: str
    author: str  # slug
    headline: str
    standfirst: str
    sector: str
    edition: str
    country: str  # ISO 3166-1 alpha-2, "" for a piece about no one place
    dateline: str
    paragraphs: list[str]


PIECES = [
    Piece(
        Article.Kind.OPINION,
        "adjoa-sarpong",
        "A water loan is a promise, and promises need meters",
        "New money for pipes only helps if cities can count what flows through them.",
        "water-sanitation",
        "africa",
        "",
        "",
        [
            "Every few years a regional government signs a large loan for water "
            "networks, and every few years the same question is asked too late: how "
            "much of the water that leaves the treatment plant reaches a tap?",
            "In the cities I have worked in, the honest answer was often less than "
            "half. The rest leaked, or was taken by connections no one recorded. A "
            "loan that builds new pipes without meters pays to lose water faster.",
            "The fix is not glamorous. District meters, a public map of where water "
            "goes missing, and a small team paid to close the gaps. It costs a "
            "fraction of the pipes, and it is the part most often cut.",
        ],
    ),
    Piece(
        Article.Kind.BLOG,
        "tomas-ferreira",
        "How our desk decides when three agencies tell one story",
        "When a storm hits, the first figures disagree. Here is how we choose which "
        "to print, and why every agency is credited.",
        "humanitarian-migration",
        "global",
        "",
        "",
        [
            "When a cyclone makes landfall, our wires light up: three agencies may "
            "send a dozen items in an hour, each with its own headline and its own "
            "count of the dead and the displaced. Readers should see one story, "
            "kept up to date.",
            "Our system groups those items, drafts a headline and a short summary, "
            "and credits every agency that told the story. An editor then checks the "
            "draft against each source: where the figures differ, we print the one "
            "an official gave on the record and say who gave it.",
            "When an agency corrects or withdraws an item, the story comes back to "
            "the top of our queue. Nothing we publish is out of the editors' sight.",
        ],
    ),
    Piece(
        Article.Kind.INTERVIEW,
        "tomas-ferreira",
        "“Schools are the first to close and the last to reopen”",
        "Lucía Mendoza Arango, education officer for the riverside municipalities "
        "of Córdoba, Colombia, on keeping children learning through the floods of "
        "the Sinú.",
        "education",
        "latin-america-caribbean",
        "CO",
        "Montería",
        [
            "Lucía Mendoza Arango has run school planning for eleven riverside "
            "municipalities of Córdoba department for six years. We spoke in her "
            "office in Montería as the Sinú river fell after this year's floods.",
            "<strong>Q: What happens to schools when the river rises?</strong> "
            "They close first, because they are often the only solid buildings and "
            "become shelters. Then they are the last to reopen.",
            "<strong>Q: What would help most?</strong> Plans written before the "
            "flood: which families move where, so classrooms stay classrooms, and "
            "lessons that can continue by radio for a few weeks.",
            "<strong>Q: Is anything changing?</strong> Slowly. This year, for the "
            "first time, our department listed shelters that are not schools.",
        ],
    ),
]
# Waits in the queue for an editor: the desk's review step has something to show.
REVIEW_PIECE = Piece(
    Article.Kind.OPINION,
    "adjoa-sarpong",
    "Why the rainy season needs a budget line of its own",
    "Accra pays for its flood response from emergency funds every year; it should "
    "be planned.",
    "humanitarian-migration",
    "africa",
    "GH",
    "Accra",
    [
        "Each year the rains come to Accra, and each year the response is paid "
        "for as if they were a surprise. A line in the city's budget would let its "
        "districts clear drains, buy boats and stock shelters before the water "
        "rises.",
    ],
)


class DemoBrief(NamedTuple):
    """A brief; ``{day}`` in its text is the weekday of its time (``content.render``).
    ``formerly``: texts the demo once gave it, so a restart updates that row."""

    text: str
    edition: str
    formerly: tuple[str, ...] = ()


BRIEFS = [
    DemoBrief(
        "Regional ministers meet next week to agree a shared flood warning system.",
        "africa",
    ),
    DemoBrief(
        "Three new rain gauges went online in the hill districts on {day}.",
        "",
        ("Three new rain gauges went online in the hill districts on Monday.",),
    ),
    DemoBrief(
        "A vaccination drive reached 40,000 children in its first week, organisers "
        "said. A second round starts next month.",
        "asia-pacific",
        (
            "A vaccination drive reached 40,000 children in its first week, "
            "organisers said. A second round starts in March.",
        ),
    ),
    DemoBrief(
        # The demo's newsletter is the daily digest (demo.mail.start_for_demo), as
        # the sign-up box and the confirmation page say.
        "The desk's newsletter now arrives every morning with the day's top "
        "stories. Sign up at the foot of any page.",
        "",
        (
            "The desk's weekly newsletter now arrives on Fridays. Sign up at the "
            "foot of any page.",
        ),
    ),
]

PAGES = {
    "about": (
        "About us",
        "<p>We are a small desk covering development news: water, health, "
        "education, climate and the economies that pay for them. We republish and "
        "rewrite copy from several news agencies and credit each one.</p>"
        "<p>This site runs on wiredesk, a self-hosted newsroom. Everything on this "
        "demo is fictional.</p>",
    ),
    "contact": (
        "Contact",
        "<p>Write to the desk with corrections, tips or questions using the "
        "feedback form linked at the foot of every page. We read every message.</p>",
    ),
    "terms": (
        "Terms of use",
        "<p>Articles credited to news agencies remain theirs and are republished "
        "under licence. You may link to any page and quote short passages with "
        "credit.</p><p>We correct errors openly: a corrected article says what "
        "changed and when.</p>",
    ),
    "privacy": (
        "Privacy",
        "<p>We count page views without cookies or personal identifiers. If you "
        "subscribe to the newsletter we keep your email address only to send it, "
        "and every issue has a one-click unsubscribe link.</p><p>Feedback you "
        "send is kept for the desk to answer and is never sold or shared.</p>",
    ),
}


def _body(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _save(piece: Piece, authors: dict[str, Author], created: dict) -> None:
    """Create ``piece`` (with ``created``'s workflow state) or refresh its text."""
    content = {
        "standfirst": piece.standfirst,
        "body_html": _body(piece.paragraphs),
        "sector_id": piece.sector,
        "edition_id": piece.edition,
        "country_id": piece.country or None,
        "dateline": piece.dateline,
    }
    article, _ = Article.objects.update_or_create(
        kind=piece.kind,
        author=authors[piece.author],
        headline=piece.headline,
        defaults=content,
        create_defaults=content | created,
    )
    if piece.country:
        article.countries.add(piece.country)


def _save_brief(brief: DemoBrief, when: datetime) -> None:
    """Create ``brief`` published at ``when``, or refresh the row it had at an
    earlier start (its weekday, or a text of ``formerly``, may differ)."""
    texts = {brief.text.replace(content.DAY, day) for day in content.WEEKDAYS}
    texts |= {brief.text, *brief.formerly}
    row = Brief.objects.filter(text__in=texts).order_by("pk").first() or Brief()
    row.text = content.render(brief.text, when)
    row.edition_id = brief.edition or None
    row.status = Article.Status.PUBLISHED
    row.published_at = when
    row.save()


@transaction.atomic
def seed(stdout: TextIO | None = None) -> dict[str, int]:
    """Create or refresh the demo's in-house content; print the editor sign-in."""
    now = timezone.now()
    authors = {
        a["slug"]: Author.objects.update_or_create(slug=a["slug"], defaults=a)[0]
        for a in AUTHORS
    }
    for age, piece in enumerate(PIECES):
        when = now - timedelta(hours=3 + 5 * age)
        # The workflow state is set only on creation: an editor's later choice
        # (unpublishing, say) survives a demo restart.
        _save(
            piece,
            authors,
            {
                "status": Article.Status.PUBLISHED,
                "live": True,
                "created_at": when,
                "updated_at": when,
                "first_published_at": when,
                "last_published_at": when,
            },
        )
    _save(REVIEW_PIECE, authors, {"status": Article.Status.IN_REVIEW})
    for age, brief in enumerate(BRIEFS):
        _save_brief(brief, now - timedelta(hours=1 + 2 * age))
    for slug, (title, body) in PAGES.items():
        Page.objects.update_or_create(
            slug=slug, defaults={"title": title, "body_html": body}
        )
    password = demo_editor()
    if stdout is not None:
        stdout.write(
            f"desk: sign in at /desk/ as {EDITOR_USERNAME!r} with password "
            f"{password!r} (new at every demo start)"
        )
    return {
        "authors": len(authors),
        "pieces": len(PIECES) + 1,
        "briefs": len(BRIEFS),
        "pages": len(PAGES),
    }


def demo_editor() -> str:
    """The demo's editor account, with a fresh random password that is returned."""
    password = secrets.token_urlsafe(9)
    user, _ = get_user_model().objects.get_or_create(username=EDITOR_USERNAME)
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name="editor"))
    return password
