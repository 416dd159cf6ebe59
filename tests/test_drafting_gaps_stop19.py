"""Weak points the last review listed: slugs that lose a decimal point, opinion and
blog pieces typed as news in their structured data, Thai copy's standfirst, the
admin's CRLF saves, and an agency update whose news the standfirst left out."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import extruct
import pytest
from django.contrib import admin
from django.forms import Textarea
from django.test import RequestFactory
from django.urls import reverse

from tests import test_desk_crlf as crlf
from tests import test_distribution_links as shared
from tests import test_overrides as overrides
from tests.test_distribution_links import SITE_URL, make_article
from tests.test_distribution_meta import head_of, meta_tags
from tests.test_overrides import change_form_data
from wiredesk.desk.models import Article

# The fixtures: a site with articles; an agency's wire, the demo's Zambia story
# drafted from it (send_update() sends its UPDATE 1); a superuser signed in.
newsroom = shared.newsroom
wire = overrides.wire
agency_article = crlf.agency_article
editor = overrides.editor

pytestmark = pytest.mark.django_db


# --- JSON-LD type of each kind of piece ------------------------------------------


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Article.Kind.NEWS, "NewsArticle"),
        (Article.Kind.OPINION, "OpinionNewsArticle"),
        (Article.Kind.BLOG, "BlogPosting"),
        (Article.Kind.INTERVIEW, "NewsArticle"),
    ],
)
def test_structured_data_says_what_kind_of_piece_it_is(newsroom, kind, schema_type):
    """A search engine reads an opinion column as an OpinionNewsArticle and a blog
    post as a BlogPosting, not as reporting; an interview, for which schema.org
    has no type, stays a NewsArticle. Shared links say "article" for all."""
    piece = make_article(
        "Why rural clinics need steady power",
        published_ago=timedelta(hours=1),
        kind=kind,
        author=newsroom.opinion.author,
    )
    html = head_of(piece)
    found = extruct.extract(html, base_url=SITE_URL, syntaxes=["json-ld"])["json-ld"]
    assert [d["@type"] for d in found] == [schema_type]
    assert found[0]["headline"] == piece.headline
    assert meta_tags(html)["og:type"] == "article"


# --- Slugs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        (
            "Zambia gets $1.3 million to fight cholera",
            "zambia-gets-1-3-million-to-fight-cholera",
        ),
        ("Inflation eases to 2.3% in October", "inflation-eases-to-2-3-in-october"),
        ("Floods cut off 1,000 homes", "floods-cut-off-1000-homes"),
        ("Biden–Xi talks end at 3:30 pm", "biden-xi-talks-end-at-3-30-pm"),
        ("नेपाल में बाढ़ से 1.3 लाख लोग प्रभावित", "नेपाल-में-बाढ़-से-1-3-लाख-लोग-प्रभावित"),
    ],
)
def test_the_address_keeps_the_headline_s_figures_and_words(client, headline, slug):
    """ "$1.3 million" is "1-3-million" in the address, not "13-million" (a tenfold
    figure); a thousands separator goes; an en dash parts words; Hindi keeps its
    vowel signs. The page is served at that address."""
    article = make_article(headline, published_ago=timedelta(minutes=5))
    url = article.get_absolute_url()
    assert article.slug == slug
    assert unquote(url) == f"/news/{article.pk}/{slug}/"
    response = client.get(url)
    assert response.status_code == 200
    assert headline.split()[0] in response.content.decode()


def test_a_published_article_keeps_the_address_it_was_published_at(client):
    """An article published under the old slug ("...-13-million") keeps it when it
    is saved again with the same headline (a correction, an agency update): links
    already shared still reach the page without a redirect. A new headline gives a
    new address, and the old one redirects to it."""
    article = make_article(
        "Zambia gets $1.3 million to fight cholera", published_ago=timedelta(hours=1)
    )
    Article.objects.filter(pk=article.pk).update(
        slug="zambia-gets-13-million-to-fight-cholera"
    )
    article = Article.objects.get(pk=article.pk)
    old = article.get_absolute_url()
    article.correction_note = "An earlier version misspelt a minister's name."
    article.save()
    assert Article.objects.get(pk=article.pk).slug == (
        "zambia-gets-13-million-to-fight-cholera"
    )
    assert client.get(old).status_code == 200

    article.headline = "Zambia gets $2.5 million to fight cholera"
    article.save()
    assert article.slug == "zambia-gets-2-5-million-to-fight-cholera"
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


# --- The admin's change form and CRLF -------------------------------------------


def as_admin_posts(client, article: Article, **changes) -> None:
    """Post the admin change form as a browser does: every field as rendered, each
    textarea's newlines sent as CRLF."""
    form_class = admin.site._registry[Article].get_form(_request(client), article)
    textareas = {
        name
        for name, field in form_class(instance=article).fields.items()
        if isinstance(field.widget, Textarea)
    }
    data = change_form_data(article, client.user) | changes
    for name in textareas:
        if isinstance(data.get(name), str):
            data[name] = data[name].replace("\r\n", "\n").replace("\n", "\r\n")
    url = reverse("admin:desk_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def _request(client):
    request = RequestFactory().get("/")
    request.user = client.user
    return request


def test_saving_an_article_unchanged_in_the_admin_keeps_it_following_the_agency(
    editor, agency_article
):
    """Opened and saved in the admin without a change (the browser sends CRLF):
    no field becomes the editor's, the text is stored as it was, and the agency's
    UPDATE reaches the body, headline and standfirst."""
    article = agency_article
    as_admin_posts(editor, article)
    saved = Article.objects.get(pk=article.pk)
    assert saved.overridden_fields == []
    assert not saved.desk_edited
    assert saved.body_html == article.body_html and "\r" not in saved.body_html
    assert saved.changed_at == article.changed_at

    after = article.send_update()
    assert "31" in after.body_html
    assert after.headline == after.story.draft.headline
    assert after.standfirst == after.story.draft.standfirst
    assert not after.pending_update


def test_a_word_changed_in_the_admin_is_the_editor_s(editor, agency_article):
    """A real change sent with CRLF newlines sticks through the agency's update."""
    article = agency_article
    standfirst = article.standfirst.replace("cholera", "CHOLERA", 1)
    as_admin_posts(editor, article, standfirst=standfirst + "\n")
    saved = Article.objects.get(pk=article.pk)
    assert saved.overridden_fields == ["standfirst"]
    after = article.send_update()
    assert after.standfirst == standfirst
    assert "31" in after.body_html  # the untouched body still follows


def test_an_article_with_a_hindi_headline_saves_in_the_admin(editor):
    """The slug keeps Devanagari vowel signs, which the admin's slug field would
    refuse: it is shown, not edited (save() derives it from the headline)."""
    article = make_article(
        "नेपाल में बाढ़ से 1.3 लाख लोग प्रभावित", published_ago=timedelta(hours=1)
    )
    as_admin_posts(editor, article, lead_image_caption="बाढ़")
    saved = Article.objects.get(pk=article.pk)
    assert saved.lead_image_caption == "बाढ़"
    assert saved.slug == article.slug
