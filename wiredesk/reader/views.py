"""Public pages. Views stay thin: visibility lives in Article.objects.published(),
front pages in front.py, search in search/, caching in cache.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import user_passes_test
from django.core.paginator import InvalidPage, Paginator
from django.core.paginator import Page as ListPage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject, cached_property

from wiredesk.desk.models import Article, Author, Page
from wiredesk.reader import front, menus, search
from wiredesk.reader.cache import public_page, request_generation
from wiredesk.reader.forms import SearchFilters
from wiredesk.reader.lede import body_after_standfirst
from wiredesk.reader.rows import published_article, published_teasers
from wiredesk.reader.share import share_links
from wiredesk.taxonomy.models import Country, Edition, Sector, Snapshot

PER_PAGE = 20
MAX_PAGES = 50  # listings page back 1,000 articles; search and the archive go further


class BoundedPaginator(Paginator):
    """Counts at most MAX_PAGES pages: COUNT(*) over a large archive costs more
    than rendering the page, and nobody pages back a thousand stories."""

    def __init__(self, object_list, per_page: int, counted: QuerySet | None = None):
        super().__init__(object_list, per_page)
        self.counted = object_list if counted is None else counted

    @cached_property
    def count(self) -> int:
        # Unordered: the count needs no sort, and with one the planner walked
        # the latest-first index through the whole archive for a country with
        # no articles (SQLite, 100,000 articles: the count query 173 ms,
        # unordered 0.04 ms). ``counted``: the same articles in a form better
        # counted than listed (``ArticleQuerySet.about``).
        return self.counted.order_by()[: self.per_page * MAX_PAGES].count()


def page_number(request: HttpRequest) -> int:
    """The page asked for in ``?page=``; 1 when there is none.

    As Django's ListView: a page that is not a whole number, or is below 1 or
    beyond MAX_PAGES, is not found (404), never quietly another page, so a
    crawler following a stale ``?page=9`` is told the page is gone."""
    asked = request.GET.get("page") or "1"  # ?page= is page 1, as ListView
    try:
        number = int(asked)
    except ValueError:
        raise Http404("The page asked for is not a number.") from None
    if not 1 <= number <= MAX_PAGES:
        raise Http404("No such page.")
    return number


def paginate(paginator: Paginator, number: int) -> ListPage:
    """Page ``number`` of ``paginator``; past the last page: 404 (as ListView)."""
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404("No such page.") from None


RELATED = 5
ARTICLE_FIELDS = ("country", "sector", "edition", "author")
TERMS = ("sector", "edition", "country")


@dataclass(frozen=True)
class Terms:
    sector: dict[str, Sector]
    edition: dict[str, Edition]
    country: dict[str, Country]


def _load_terms() -> Terms:
    return Terms(
        sector=Sector.objects.in_bulk(),
        edition=Edition.objects.in_bulk(),
        country=Country.objects.in_bulk(),
    )


# Sectors, editions and countries for article pages, per process: joining them
# cost a third of the article query. Read again at each new page-cache generation
# (apps.py), which every change to a sector or edition starts.
terms: Snapshot[Terms] = Snapshot(_load_terms)


def _with_terms(request: HttpRequest, obj: Article) -> Article:
    """``obj`` with its sector, edition and country from ``terms`` (an unknown
    one, made since the copy was read, is loaded on first use as usual)."""
    request_generation(request)  # a new generation drops the old copy first
    known = terms.get()
    for field in TERMS:
        value = getattr(known, field).get(getattr(obj, f"{field}_id"))
        if value is not None:
            setattr(obj, field, value)
    return obj


@public_page
def home(request: HttpRequest) -> HttpResponse:
    blocks = front.front(None, menus.snapshot.get().sectors)
    return render(request, "reader/home.html", {"front": blocks, "edition": None})


@public_page
def edition(request: HttpRequest, slug: str) -> HttpResponse:
    """An edition's own home: its pins and its articles (the global edition's:
    every article, see ``front.scope``); times as on every page."""
    shown = get_object_or_404(Edition, slug=slug)
    blocks = front.front(shown, menus.snapshot.get().sectors)
    return render(request, "reader/home.html", {"front": blocks, "edition": shown})


@public_page
def article(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    """An article page; an old slug, or none ("/news/12/", a link cut short),
    redirects to its address."""
    found = published_article.get(pk)
    if found is None:
        return _not_shown(request, pk)
    obj = _with_terms(request, found)
    if slug != obj.slug:
        return redirect(obj, permanent=True)
    return render(request, "reader/article.html", _article_context(obj))


# How many merges in a row an address follows (an article merged into one that
# was merged in turn); a loop is not followed round.
MERGE_HOPS = 5


def _not_shown(request: HttpRequest, pk: int) -> HttpResponse:
    """The address of an article not shown now, from one read of its row: 301 to
    the article it was merged into (an editor's merge, stories.editing.merge);
    410 Gone when it was published once (unpublished by the desk, expired or
    killed: gone, not unknown); else 404, so a draft's or an embargoed story's
    address gives nothing away."""
    row = (
        Article.objects.filter(pk=pk)
        .values_list("merged_into_id", "first_published_at")
        .first()
    )
    if row is None:
        raise Http404("No article with this id is published.")
    merged_into, published_once = row
    if merged_into is not None and (kept := _merged_into(pk, merged_into)):
        return redirect(kept, permanent=True)
    if published_once is not None:
        return gone(request)
    raise Http404("No article with this id is published.")


def _merged_into(pk: int, target: int | None) -> Article | None:
    """The published article at the end of the merges from ``pk`` (merged into
    ``target``), for a permanent redirect: links and search engines move to the
    article that tells the story now. At most MERGE_HOPS, never round a loop."""
    seen = {pk}
    for _ in range(MERGE_HOPS):
        if target is None or target in seen:
            return None
        found = Article.objects.published().filter(pk=target).only("pk", "slug")
        if found := found.first():
            return found
        seen.add(pk := target)
        target = (
            Article.objects.filter(pk=pk)
            .values_list("merged_into_id", flat=True)
            .first()
        )
    return None


def gone(request: HttpRequest) -> HttpResponse:
    """410 Gone in the not-found page's design: links and search engines learn
    that the story was withdrawn, not mistyped, and drop it."""
    return render(request, "410.html", status=410)


def can_preview(user) -> bool:
    """Anyone on the desk: writers, editors and admins (and staff accounts)."""
    return user.is_active and (user.is_staff or user.has_perm("desk.view_article"))


@user_passes_test(can_preview, login_url="desk:login")
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any article, whatever its status, exactly as readers will see it."""
    obj = get_object_or_404(Article.objects.select_related(*ARTICLE_FIELDS), pk=pk)
    response = render(
        request, "reader/article.html", _article_context(obj, preview=True)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _article_context(obj: Article, preview: bool = False) -> dict:
    url = settings.SITE_URL + obj.get_absolute_url()
    return {
        "article": obj,
        # Built and read only when the related list is rendered, not when the
        # page reuses it ({% shared %} in article.html).
        "related": SimpleLazyObject(lambda: _related(obj)),
        "canonical_url": url,
        "share_links": share_links(url, obj.headline),
        "preview": preview,
        "lead_image": obj.lead_image.url if obj.lead_image else obj.lead_image_url,
        "shows_author": obj.kind != Article.Kind.NEWS and obj.author_id is not None,
        "other_countries": _other_countries(obj),
        "body_html": body_after_standfirst(obj.body_html, obj.standfirst),
    }


def _other_countries(obj: Article) -> list[Country]:
    """The other countries the story is about (``countries`` but the primary), by
    name, named from ``terms``: one query, for the codes."""
    codes = list(
        Article.countries.through.objects.filter(article_id=obj.pk)
        .exclude(country_id=obj.country_id)
        .values_list("country_id", flat=True)
    )
    if not codes:
        return []
    known = dict(terms.get().country)
    if missing := [code for code in codes if code not in known]:
        known |= Country.objects.in_bulk(missing)  # made since terms were read
    return sorted(
        (known[code] for code in codes if code in known), key=lambda c: c.name
    )


def _related(obj: Article) -> list[Article]:
    related = Article.objects.published().teasers().related_to(obj).latest_first()
    return list(related[:RELATED])


def _listing(
    request: HttpRequest,
    articles: QuerySet,
    title: str,
    counted: QuerySet | None = None,
    **context,
) -> HttpResponse:
    """A paginated list of published articles, newest first.

    The page's ids come first, then their teasers from the compiled query
    (``rows.published_teasers``): building the ORM's teaser query, with its
    four joins, cost more than running it."""
    ids = articles.latest_first().values_list("pk", flat=True)
    counted = None if counted is None else counted.values_list("pk", flat=True)
    page = paginate(BoundedPaginator(ids, PER_PAGE, counted), page_number(request))
    found = published_teasers.in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    context.update(title=title, page=page)
    return render(request, "reader/listing.html", context)


def _term_listing(
    request: HttpRequest, primary: str, secondary: str, shown, **context
) -> HttpResponse:
    """The listing of one term's articles (a sector's, a country's), the
    primary ones and those it is secondary in, read in the plan that suits the
    term and the page asked for (``ArticleQuerySet.about``)."""
    number = page_number(request)  # not a page: 404 before any query
    published = Article.objects.published()
    articles = published.about(primary, secondary, shown.pk, number * PER_PAGE)
    counted = published.about(primary, secondary, shown.pk, ordered=False)
    return _listing(request, articles, str(shown), counted, **context)


@public_page
def latest(request: HttpRequest) -> HttpResponse:
    return _listing(request, Article.objects.published(), "Latest News")


@public_page
def sector(request: HttpRequest, slug: str) -> HttpResponse:
    shown = get_object_or_404(Sector, slug=slug)
    return _term_listing(request, "sector", "secondary_sectors", shown, sector=shown)


@public_page
def section(request: HttpRequest, kind: str) -> HttpResponse:
    """Opinion, Blog or Interview."""
    articles = Article.objects.published().filter(kind=kind)
    return _listing(request, articles, Article.Kind(kind).label, kind=kind)


@public_page
def country(request: HttpRequest, code: str) -> HttpResponse:
    shown = get_object_or_404(Country, code=code.upper())
    return _term_listing(request, "country", "countries", shown, country=shown)


@public_page
def author(request: HttpRequest, slug: str) -> HttpResponse:
    shown = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().filter(author=shown)
    return _listing(request, articles, shown.name, author=shown)


@public_page
def briefs(request: HttpRequest) -> HttpResponse:
    page = paginate(
        BoundedPaginator(front.briefs(None, limit=None), PER_PAGE),
        page_number(request),
    )
    return render(request, "reader/briefs.html", {"page": page})


@public_page
def footer_page(request: HttpRequest, slug: str) -> HttpResponse:
    shown = get_object_or_404(Page, slug=slug)
    return render(request, "reader/page.html", {"shown": shown})


@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    """Full-text search; any text gives results or a message, never an error."""
    query = search.parse(request.GET.get("q", ""))
    form = SearchFilters(request.GET, menus.snapshot.get())
    filters = form.filters()
    number = page_number(request)
    asked = bool(query) or filters != search.Filters()
    results = (
        search.search(query, filters, form.chosen_sort(), number) if asked else None
    )
    if number > 1 and not (results and (results.hits or results.failed)):
        raise Http404("No such page of results.")  # past the last, as listings
    context = {"query": query, "form": form, "results": results, "asked": asked}
    return render(request, "reader/search.html", context)
