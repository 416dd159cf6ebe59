"""Every public page of the reader, with real rows, as an anonymous reader sees it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from wiredesk.desk.models import Article, Author, Brief, HomePin, Page
from wiredesk.taxonomy.models import Edition

BODY = "<p>The outbreak spread quickly in the capital.</p><p>Clinics stayed open.</p>"


def make_article(
    headline: str,
    *,
    minutes_ago: int = 0,
    published: bool = True,
    **fields,
) -> Article:
    """A saved article (published unless asked), through the desk's own save()."""
    when = timezone.now() - timedelta(minutes=minutes_ago)
    values = {
        "standfirst": f"Standfirst of {headline}.",
        "body_html": BODY,
        "sector_id": "health",
        "country_id": "GH",
        "edition_id": "africa",
        "dateline": "Accra",
        "agencies": ["Meridian"],
        "created_at": when,
        "updated_at": when,
        **fields,
    }
    article = Article(headline=headline, **values)
    if published:
        article.publish(when)
    article.save()
    return article


@pytest.fixture
def news(db) -> list[Article]:
    """Twelve news articles over three sectors, newest first."""
    sectors = ["health", "energy", "education"]
    return [
        make_article(f"Story number {i}", minutes_ago=i * 10, sector_id=sectors[i % 3])
        for i in range(12)
    ]


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_shows_top_stories_latest_sections_briefs_and_sectors(client, news):
    """The home page has every block of the seed site, each with real content."""
    writer = Author.objects.create(name="Ada Columnist", role="Columnist")
    make_article("A view on clinics", kind="opinion", author=writer)
    make_article("Notes from the field", kind="blog", author=writer)
    make_article("Talking to a nurse", kind="interview", author=writer)
    Brief.objects.create(
        text="Rain is expected in Accra.",
        status="published",
        published_at=timezone.now(),
    )
    Brief.objects.create(text="A draft brief nobody sees.", status="draft")
    page = html(client, "/")
    headings = ["Top stories", "Latest News", "Trending", "Opinion", "Blog"]
    headings += ["Interview", "Briefs", "Health", "Energy", "Education"]
    for heading in headings:
        assert f">{heading}<" in page, heading
    assert "A view on clinics" in page and "Talking to a nurse" in page
    assert "Rain is expected in Accra." in page
    assert "A draft brief nobody sees." not in page
    assert "Story number 0" in page and "Story number 11" in page


def test_pinned_stories_lead_the_home_page_in_the_desks_order(client, news):
    """With pins, the top stories are the pinned ones, in the editor's order."""
    HomePin.objects.create(article=news[9], position=1)
    HomePin.objects.create(article=news[7], position=0)
    page = html(client, "/")
    top = page.split('class="top-stories"')[1].split("</section>")[0]
    assert top.index("Story number 7") < top.index("Story number 9")
    assert "Story number 0" not in top


def test_without_pins_recent_widely_told_news_leads(client, db):
    """Without pins, a story told by three agencies beats an equally fresh one told
    by one, and a day-old story falls out of the top stories."""
    make_article("Told by one", minutes_ago=5)
    make_article("Told by three", minutes_ago=6, agencies=["A", "B", "C"])
    make_article("Yesterday's news", minutes_ago=60 * 30)
    for i in range(5):
        make_article(f"Fresh {i}", minutes_ago=30 + i)
    top = html(client, "/").split('class="top-stories"')[1].split("</section>")[0]
    assert top.index("Told by three") < top.index("Told by one")
    assert "Yesterday" not in top


def test_unpublished_and_expired_articles_appear_nowhere(client, news):
    """Drafts, unpublished and expired articles are on no page; a draft's address
    is not found (404), an expired one's is gone (410), each in the site's design."""
    draft = make_article("Secret draft", published=False)
    gone = make_article("Expired item", expire_at=timezone.now() - timedelta(hours=1))
    for url in ("/", "/latest/", "/sector/health/", "/country/gh/", "/edition/africa/"):
        page = html(client, url)
        assert "Secret draft" not in page and "Expired item" not in page, url
    for article, status, says in ((draft, 404, "Page not found"), (gone, 410, "")):
        response = client.get(article.get_absolute_url())
        assert response.status_code == status
        assert (says or "This story has been withdrawn") in response.content.decode()


def test_article_page_has_related_share_links_labels_and_canonical(
    client, news, settings
):
    """The article shows its sector and edition, related stories, plain share links
    and a canonical link on SITE_URL."""
    settings.SITE_URL = "https://news.example"
    article = news[0]
    page = html(client, article.get_absolute_url())
    assert (
        f'<link rel="canonical" href="https://news.example{article.get_absolute_url()}">'
        in page
    )
    assert 'href="/sector/health/"' in page and "Africa edition" in page
    assert "Related stories" in page and "Story number 3" in page  # same sector
    share = page.split('class="share"')[1].split("</section>")[0]
    networks = ["https://x.com/intent/post?", "https://www.facebook.com/sharer"]
    networks += ["https://www.linkedin.com/sharing", "https://wa.me/", "mailto:?"]
    for network in networks:
        assert network in share, network
    assert "<script" not in share and "<iframe" not in share
    assert 'Country: <a href="/country/gh/">Ghana</a>' in page


def test_old_slug_redirects_permanently(client, news):
    """An article retitled keeps its id; the old address moves permanently."""
    article = news[0]
    old = article.get_absolute_url()
    article.headline = "A better headline"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/news/{article.pk}/a-better-headline/"


def test_opinion_shows_author_box_and_lead_image_with_caption(client, db):
    """Opinion pieces carry an author box; the lead image has alt text, caption
    and credit."""
    writer = Author.objects.create(
        name="Ada Columnist", role="Health columnist", bio="Writes on public health."
    )
    article = make_article(
        "Clinics need nurses",
        kind="opinion",
        author=writer,
        lead_image_url="https://images.example/nurse.jpg",
        lead_image_caption="A nurse at work in Accra",
        lead_image_credit="Photo: Meridian",
    )
    page = html(client, article.get_absolute_url())
    assert 'class="author-box"' in page and "Writes on public health." in page
    assert 'alt="A nurse at work in Accra"' in page
    assert "<figcaption>A nurse at work in Accra" in page and "Photo: Meridian" in page
    news = make_article("Plain news", author=writer)
    assert 'class="author-box"' not in html(client, news.get_absolute_url())


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/latest/", "Latest News"),
        ("/sector/health/", "Health"),
        ("/country/gh/", "Ghana"),
        ("/edition/africa/", "Africa edition"),
    ],
)
def test_listing_pages(client, news, url, title):
    """Each listing has its title and its articles, newest first."""
    page = html(client, url)
    assert f">{title}<" in page
    assert "Story number 0" in page


def test_sector_page_includes_secondary_sectors_and_only_its_own(client, news):
    """A sector page lists its articles and those tagged with it secondarily."""
    extra = make_article("Power for clinics", sector_id="energy")
    extra.secondary_sectors.add("health")
    page = html(client, "/sector/health/")
    assert "Power for clinics" in page
    assert "Story number 1<" not in page  # an energy story


def test_latest_is_paginated(client, db):
    """Latest News shows 20 a page with links to older and newer pages."""
    for i in range(25):
        make_article(f"Item {i:02d}", minutes_ago=i)
    first, second = html(client, "/latest/"), html(client, "/latest/?page=2")
    assert "Item 00" in first and "Item 19" in first and "Item 20" not in first
    assert "Item 24" in second and 'rel="prev"' in second and 'rel="next"' in first
    assert client.get("/latest/?page=abc").status_code == 404  # as ListView
    # The pager's links keep the page's other parameters (a campaign tag, say).
    tagged = html(client, "/latest/?utm_source=mail&page=2")
    assert 'href="?utm_source=mail&amp;page=1" rel="prev"' in tagged


def test_sections_and_author_pages(client, db):
    """Opinion, Blog and Interview list only their kind; the author page lists
    the writer's pieces."""
    writer = Author.objects.create(name="Ada Columnist", bio="Writes.")
    make_article("My opinion", kind="opinion", author=writer)
    make_article("My blog post", kind="blog", author=writer)
    make_article("Hard news")
    opinion = html(client, reverse("reader:section", kwargs={"kind": "opinion"}))
    assert "My opinion" in opinion and "My blog post" not in opinion
    assert "Hard news" not in opinion
    author = html(client, writer.get_absolute_url())
    assert "My opinion" in author and "My blog post" in author
    assert "Hard news" not in author


def test_sector_blocks_follow_the_menu_four_stories_each(client, db):
    """The home shows a block for each of the first eight sectors of the menu that
    have news, with their four latest stories; a sector without news has none."""
    with_news = ["economy-finance", "education", "agriculture-food", "energy"]
    with_news += ["environment-climate", "humanitarian-migration", "technology"]
    with_news += ["gender", "science", "sports"]  # ten sectors; health has none
    for n, sector in enumerate(with_news):  # the last of the menu is the newest
        for i in range(5):
            ago = (len(with_news) - n) * 10 + i
            make_article(f"{sector} story {i}", minutes_ago=ago, sector_id=sector)
    page = html(client, "/")
    blocks = page.split('class="sector-block"')[1:]
    shown = [b.split('"', 1)[0] for b in page.split('aria-labelledby="sector-')[1:]]
    assert shown == with_news[:8]
    first = blocks[0].split("</section>")[0]
    assert [f"economy-finance story {i}" in first for i in range(5)] == [
        True,
        True,
        True,
        True,
        False,
    ]


def test_edition_home_uses_its_own_pins_and_the_site_time_zone(client, db):
    """An edition's home shows its pins and its articles, times in the site's zone
    as on the article page (its own zone is its digest's; test_edition_times)."""
    article = make_article("Accra market reopens")
    make_article("Paris talks", edition_id="europe", country_id="FR")
    HomePin.objects.create(article=article, edition_id="africa", position=0)
    Edition.objects.filter(slug="africa").update(time_zone="Africa/Nairobi")
    page = html(client, "/edition/africa/")
    assert "Accra market reopens" in page and "Paris talks" not in page
    assert " UTC</time>" in page and " EAT</time>" not in page


def test_briefs_page(client, db):
    """Published briefs are listed, newest first."""
    Brief.objects.create(
        text="First brief.", status="published", published_at=timezone.now()
    )
    assert "First brief." in html(client, "/briefs/")


def test_footer_pages_are_linked_and_editable(client, db):
    """The four footer pages exist, are linked from every page, and show what
    staff wrote."""
    home = html(client, "/")
    for slug in ("about", "contact", "terms", "privacy"):
        assert f'href="/{slug}/"' in home
    Page.objects.filter(slug="about").update(body_html="<p>We are a small desk.</p>")
    assert "We are a small desk." in html(client, "/about/")


def test_header_menus_list_sectors_and_editions(client, db):
    """Every page's header links to each sector and each edition."""
    page = html(client, "/")
    assert 'href="/sector/health/"' in page and 'href="/sector/arts-culture/"' in page
    assert 'href="/edition/africa/"' in page and 'href="/edition/europe/"' in page


def test_404_and_500_pages_are_in_the_sites_design(client, db, rf):
    """Unknown addresses get the site's own 404 page; the 500 page needs nothing
    from the database and uses the site's stylesheet."""
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and 'class="masthead"' in body
    from django.views.defaults import server_error

    error = server_error(rf.get("/"))
    assert error.status_code == 500
    assert b"Something went wrong" in error.content and b"site.css" in error.content


def test_preview_is_for_staff_only_and_shows_any_status(client, db):
    """Staff preview a draft exactly as readers would see it; others are sent to
    sign in, and the preview is never cached or indexed."""
    draft = make_article("Not yet out", published=False)
    url = reverse("reader:article-preview", kwargs={"pk": draft.pk})
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    staff = User.objects.create_user("ed", password="pw", is_staff=True)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Not yet out</h1>" in body and "Preview for the desk" in body
    assert response["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex">' in body


def test_desk_writers_preview_without_the_staff_flag_and_readers_cannot(client, db):
    """A writer (desk group, no admin 'staff' flag) previews a draft; a signed-in
    account outside the desk is sent to the desk's sign-in page."""
    from django.contrib.auth.models import Group

    from wiredesk.desk import roles

    roles.ensure_roles()
    draft = make_article("Still in review", published=False)
    url = reverse("reader:article-preview", kwargs={"pk": draft.pk})
    outsider = User.objects.create_user("reader1", password="pw")
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:login"))
    writer = User.objects.create_user("wanda", password="pw")
    writer.groups.add(Group.objects.get(name=roles.WRITER))
    client.force_login(writer)
    response = client.get(url)
    assert response.status_code == 200
    assert "<h1>Still in review</h1>" in response.content.decode()
