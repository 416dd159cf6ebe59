"""Articles: what the desk publishes, agency-based or written in house."""

from __future__ import annotations

import math
import re
import time
import unicodedata
from datetime import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast, Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wiredesk.desk.uploads import image_validators
from wiredesk.drafting.system_checks import CREDIT_AUTO, CREDIT_NAMED
from wiredesk.paths import remembered_reverse
from wiredesk.stories.models import Story
from wiredesk.taxonomy.models import Country, Edition, Sector

# Punctuation inside a figure: "1.3", "3:30", "24/7", a decimal comma ("1,5"); a
# comma before three digits is a thousands separator ("1,000"), dropped by slugify.
_IN_FIGURE = re.compile(r"(?<=\d)(?:[.:/\u066b]|,(?!\d{3}(?!\d)))(?=\d)")
# A number grouped in thousands by dots, as much of Europe writes it ("1.000",
# "12.500", "1.234.567", "1.234,5"): its dots are dropped as a thousands comma is.
# One group of three not ending in 0 ("1.125", "2.375%") stays a decimal, which
# is how English copy writes such a figure; a decimal ending in 0 ("1.000") is
# never written.
_DOT_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?!\d|\.\d)(?=(,\d)?)")
# Hyphens, dashes and the minus sign, which slugify drops ("Biden–Xi" → "bidenxi").
_DASHES = re.compile("[\u2010-\u2015\u2212]")


def _slug_char(char: str) -> bool:
    return (
        char.isalnum()
        or char in "_-"
        or char.isspace()
        or unicodedata.category(char)[0] == "M"
    )


_RATE_AFTER = re.compile(r"\s?(?:%|per ?cent\b)", re.I)


def _without_dots(match: re.Match[str]) -> str:
    """A dot-grouped number's figures run together when the dots group thousands:
    more than one group, a decimal comma after it, or a group ending in 0 -- but
    not a rate ("a 4.250% coupon" is four and a quarter per cent)."""
    number = match.group()
    if number.count(".") > 1 or match.group(1):
        return number.replace(".", "")
    if number.endswith("0") and not _RATE_AFTER.match(match.string, match.end()):
        return number.replace(".", "")
    return number


def slug_of(text: str, max_length: int) -> str:
    """``text`` as the words of an address, figures keeping their meaning.

    Django's slugify drops a decimal point, so "$1.3 million" read "13-million";
    here it is "1-3-million", as news sites write it ("1,000" stays "1000", and so
    does "1.000", a thousands separator of European copy). It
    also drops combining marks, the vowel signs of Devanagari or Thai ("नेपाल" read
    "नपल"), which are kept here. A slug longer than ``max_length`` is cut between
    words.
    """
    text = unicodedata.normalize("NFKC", text)  # full-width "１．３" is "1.3"
    text = _DOT_GROUPED.sub(_without_dots, text)
    text = _DASHES.sub("-", _IN_FIGURE.sub("-", text))
    # A dotted capital I lower-cases to "i" and a combining dot: "istanbul".
    text = text.replace("İ", "I").lower()
    slug = re.sub(r"[-\s]+", "-", "".join(filter(_slug_char, text))).strip("-_")
    if len(slug) > max_length:  # between words; in the word when there is one
        slug = slug[: max_length + 1].rsplit("-", 1)[0][:max_length]
    return slug.strip("-")


def _legacy_slug(headline: str) -> str:
    """The slug an article was given before ``slug_of`` (figures run together)."""
    return slugify(headline, allow_unicode=True)[:100] or "article"


def _earlier_slugs(headline: str) -> set[str]:
    """The slugs earlier rules gave ``headline``: before ``slug_of``, and before
    it ran a dot-grouped thousand together ("1.000" was "1-000")."""
    slugs = {_legacy_slug(headline)}
    if _DOT_GROUPED.search(headline):
        dashed = _DOT_GROUPED.sub(lambda m: m.group().replace(".", "-"), headline)
        slugs.add(slug_of(dashed, 100) or "article")
    return slugs


class Author(models.Model):
    """A named writer of opinion, blog posts and interviews, shown in an author box."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Columnist")
    bio = models.TextField(blank=True, help_text="A short biography, plain text.")
    photo = models.FileField(
        upload_to="authors/", blank=True, validators=image_validators
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.slug = self.slug or slug_of(self.name, 120)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reader:author", kwargs={"slug": self.slug})


class _Unindexed(models.Func):
    """A column as it is; on SQLite ``+column``, SQLite's documented way to keep a
    term from using the column's index."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


class _Holds(models.Expression):
    """Whether a many-to-many table links the article to ``value``: an EXISTS
    probe of the link table's unique (article, term) index for each row a walk
    reads. The ORM's ``Exists`` of a subquery says the same but took 0.5 ms
    to build, more than running the walk; an IN list of the term's links was
    gathered whole first (10,000 rows for a common country)."""

    output_field = models.BooleanField()

    def __init__(self, table: str, article: str, term: str, value) -> None:
        super().__init__()
        self.table, self.article, self.term, self.value = table, article, term, value
        self.pk = models.F("pk")

    def get_source_expressions(self) -> list:
        return [self.pk]

    def set_source_expressions(self, exprs: list) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        q = connection.ops.quote_name
        link = q("wd_link")
        return (
            f"EXISTS (SELECT 1 FROM {q(self.table)} {link} WHERE "
            f"{link}.{q(self.article)} = {pk} AND {link}.{q(self.term)} = %s)",
            (*params, self.value),
        )


def link_table(field: str) -> tuple[type[models.Model], str, str]:
    """(through model, its article column, its term column) of one of Article's
    many-to-many fields, e.g. ``("desk_article_countries" model, "article_id",
    "country_id")`` for ``countries``."""
    relation = Article._meta.get_field(field)
    return (
        relation.remote_field.through,
        relation.m2m_column_name(),
        relation.m2m_reverse_name(),
    )


# The rows a listing usually reads at once: a page of teasers.
LISTED = 20
# A term found common is taken as common for this long without reading again
# (an edition's home asks four times), and the archive's size is kept as long:
# both change slowly, and a stale answer costs time, never a wrong list.
COMMON_SECONDS = 60.0
COMMON_KEPT = 4096
_common: dict[tuple, float] = {}  # (alias, column, value, rows) -> until when
_archive: dict[str, tuple[float, int]] = {}  # alias -> (until when, highest id)


def forget_term_sizes() -> None:
    """Forget which terms were found common and the archive's size: for tests,
    whose databases come and go faster than ``COMMON_SECONDS``."""
    _common.clear()
    _archive.clear()


def _few(
    alias: str, column: str, value, placed: models.QuerySet, rows: int
) -> set[int] | None:
    """The ids of a rare term's articles, or None for a common term (SQLite).

    To find a term's latest ``rows``, walking the latest-first index reads about
    ``rows * archive / n`` rows for a term of ``n`` articles, and reading the
    term's articles by id and sorting them about ``n``: the two cost the same at
    ``n = sqrt(rows * archive)`` (about 1,400 at 100,000 articles, 4,500 at a
    million). Reading stops there (one query), and a term found common is not
    read again for ``COMMON_SECONDS``."""
    now = time.monotonic()
    key = (alias, column, value, rows)
    if _common.get(key, 0.0) > now:
        return None
    articles = Article.objects.using(alias).order_by()
    archive = _archive.get(alias, (0.0, 0))
    if archive[0] <= now:
        last = articles.aggregate(last=models.Max("pk"))["last"] or 0
        archive = _archive[alias] = (now + COMMON_SECONDS, last)
    enough = max(1, math.isqrt(rows * archive[1]))
    own = articles.filter(**{column: value}).values_list("pk", flat=True)
    found = set(own.union(placed.using(alias).order_by())[:enough])
    if len(found) < enough:
        return found
    if len(_common) >= COMMON_KEPT:
        _common.clear()
    _common[key] = now + COMMON_SECONDS
    return None


class ArticleQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> ArticleQuerySet:
        """Articles readers may see ``now`` (default: now; the reader's compiled
        article query passes a marker time, see ``wiredesk.compiled``)."""
        now = now or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, live=True).filter(
            models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now)
        )

    def in_edition(self, edition, rows: int = LISTED) -> ArticleQuerySet:
        """Articles of ``edition``: their own, and those also placed in it
        (``None``: articles with no edition). See ``about``."""
        if edition is None:
            return self.filter(edition__isnull=True)
        return self.about("edition", "editions", getattr(edition, "pk", edition), rows)

    def about(
        self,
        primary: str,
        secondary: str,
        value,
        rows: int = LISTED,
        *,
        ordered: bool = True,
    ) -> ArticleQuerySet:
        """Articles whose ``primary`` term (a foreign key: country, sector,
        edition) is ``value``, or whose ``secondary`` terms (the many-to-many
        beside it) hold it, for reading the latest ``rows`` of them.

        SQLite's planner cannot tell a common term from a rare one, so the plan
        is chosen here, by how many articles the term has (``_few``). A common
        term's latest few are found soonest by walking the latest-first index and
        testing each row: its two tests are kept off their own indexes, or the
        planner gathered the whole term through both and sorted it (a large
        edition's home took 100 ms at 100,000 articles). A rare term's articles
        are read by their ids and sorted: the planner walked the whole archive
        for them (an edition's feed with no articles: 65 ms). PostgreSQL's
        planner knows each term's frequency from its statistics and chooses
        alone. Not ``ordered`` (to count them, say), the conditions are left to
        the planner, which then reads both terms' indexes: a walk would read the
        table. Conditions holding a rare term's ids must not be compiled once
        and kept: the ids are those of the moment (``volatile`` tells)."""
        through, article, term = link_table(secondary)
        placed = through.objects.filter(**{term: value}).values_list(article, flat=True)
        column = f"{primary}_id"
        if not ordered or connections[self.db].vendor != "sqlite":
            return self.filter(models.Q(**{column: value}) | models.Q(pk__in=placed))
        few = _few(self.db, column, value, placed, rows)
        if few is not None:
            found = self.filter(pk__in=few)
            found.query.volatile = True  # kept by clones: see ``volatile``
            return found
        held = _Holds(through._meta.db_table, article, term, value)
        return self.filter(models.Q(Exact(_Unindexed(column), value)) | models.Q(held))

    @property
    def volatile(self) -> bool:
        """Whether the SQL holds ids read when the queryset was built (a rare
        term's, ``about``): it must be built again, not compiled once and kept."""
        return getattr(self.query, "volatile", False)

    def latest_first(self) -> ArticleQuerySet:
        return self.order_by("-updated_at", "-pk")

    def teasers(self) -> ArticleQuerySet:
        """What a list of headlines shows (labels, author), in one query, no body."""
        return self.select_related("country", "sector", "edition", "author").defer(
            "body_html"
        )

    def related_to(self, article: Article) -> ArticleQuerySet:
        """Other articles sharing the sector or the main country of ``article``."""
        same = models.Q(sector_id=article.sector_id) if article.sector_id else None
        if article.country_id:
            country = models.Q(country_id=article.country_id)
            same = same | country if same else country
        if same is None:
            return self.none()
        return self.filter(same).exclude(pk=article.pk)


# What readers see of an article (text, credit, image, correction): a save that
# changes one of these moves ``Article.changed_at``. Tags and workflow state do not.
SHOWN_FIELDS = frozenset(
    {
        "kind",
        "headline",
        "standfirst",
        "body_html",
        "dateline",
        "byline",
        "author_id",
        "agencies",
        "credit_text",
        "lead_image",
        "lead_image_url",
        "lead_image_caption",
        "lead_image_credit",
        "correction_note",
    }
)


def _shown(value):
    """A field's value as compared for a change: a file by its name, None as ""."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list):  # a copy: the loaded list may be changed in place
        return list(value)
    return "" if value is None else value


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        OPINION = "opinion", "Opinion"
        BLOG = "blog", "Blog"
        INTERVIEW = "interview", "Interview"

    story = models.OneToOneField(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="article"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NEWS)
    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    standfirst = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    dateline = models.CharField(max_length=120, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    secondary_sectors = models.ManyToManyField(
        Sector, blank=True, related_name="secondary_articles"
    )
    edition = models.ForeignKey(
        Edition,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    editions = models.ManyToManyField(
        Edition,
        blank=True,
        related_name="also_articles",
        help_text="Other editions that also carry the article.",
    )
    agencies = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Opinion, blog and interview pieces: the writer shown in the box.",
    )
    lead_image = models.FileField(
        upload_to="lead/", blank=True, validators=image_validators
    )
    lead_image_url = models.URLField(
        blank=True, help_text="A lead image kept elsewhere, e.g. the agency's."
    )
    lead_image_caption = models.CharField(max_length=300, blank=True)
    lead_image_credit = models.CharField(max_length=120, blank=True)
    byline = models.CharField(
        max_length=120, blank=True, help_text="Empty: the desk name (DESK_NAME)."
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    live = models.BooleanField(default=False, db_index=True)
    desk_edited = models.BooleanField(
        default=False,
        help_text="An editor changed the text: agency updates then wait for review.",
    )
    overridden_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields an editor set: agency updates leave them as the editor did.",
    )
    created_at = models.DateTimeField(
        default=timezone.now, help_text="Shown as Created: when the story began."
    )
    updated_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="Shown as Updated:."
    )
    first_published_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    go_live_at = models.DateTimeField(
        null=True, blank=True, help_text="Scheduled: published by the scheduler then."
    )
    expire_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(
        default=0, help_text="Optimistic lock: bumped by every desk save."
    )
    modified_at = models.DateTimeField(auto_now=True)
    changed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a save last changed what readers see; empty: never.",
    )
    credit_text = models.CharField(
        "credit line",
        max_length=200,
        blank=True,
        help_text="Empty: written from the agencies per CREDIT_LINE.",
    )
    correction_note = models.TextField(
        blank=True, help_text="The latest correction, shown to readers."
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    attention = models.PositiveSmallIntegerField(
        choices=Story.Priority.choices,
        default=Story.Priority.NONE,
        db_index=True,
        help_text="How urgently the desk must look (agency correction or kill).",
    )
    attention_reason = models.CharField(max_length=200, blank=True)
    pending_update = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the agency's newer version proposes for fields an editor set.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text="Withdrawn when an editor merged its story: its address redirects "
        "to this article.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["status", "live", "-updated_at"]),
            # The few articles holding an agency's new version: "{}" is two
            # characters, a pending field more, so the desk queue and dashboard
            # (``queue.has_new_version``, the same expression) find them by a
            # range on this index instead of reading every article. Not a
            # partial index: SQLite keeps no statistics for an empty one, and
            # PRAGMA optimize (``reader.statistics``) then re-measured the
            # articles from a sample, which the listings' plans cannot bear.
            models.Index(
                Length(Cast("pending_update", models.TextField())),
                name="desk_article_new_version",
            ),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule, correct and unpublish"),
            ("curate_home", "Can pin and order top stories on the home pages"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        """Also moves ``changed_at`` to now when what readers see changed, so feeds
        and structured data say when the article last changed on the site (the
        agency's times in ``updated_at`` are often earlier than its publication)."""
        slug = slug_of(self.headline, 100) or "article"
        # A published article keeps the address it was published at while its
        # headline stands (unchanged since it was read): only new slugs are
        # written the new way. A corrected headline ("$13 million" to "$1.3
        # million") gets its own slug, even one the old way wrote alike.
        standing = (self._as_loaded() or {}).get("headline") == self.headline
        if not (
            self.first_published_at
            and standing
            and self.slug in _earlier_slugs(self.headline)
        ):
            self.slug = slug
        saved = kwargs.get("update_fields")
        if saved is not None:
            saved = {self._meta.get_field(f).attname for f in saved}
        if self._shown_changed(SHOWN_FIELDS if saved is None else saved):
            self.changed_at = timezone.now()
            if saved is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at"}
        super().save(*args, **kwargs)
        self._keep_shown(SHOWN_FIELDS if saved is None else saved)

    def get_absolute_url(self) -> str:
        # Asked three times by an article page (canonical, JSON-LD, Open Graph).
        return remembered_reverse("reader:article", self.pk, self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        # The values as loaded, kept (compared only at save(): every reader page
        # loads articles) to tell whether what readers see changed.
        # The agencies list (the one list shown) is copied now: changed in place,
        # as in ``article.agencies.append(...)``, it would change what was loaded.
        instance = super().from_db(db, field_names, values)
        if "agencies" in field_names:
            values = list(values)
            i = field_names.index("agencies")
            values[i] = _shown(values[i])
        instance._loaded = (field_names, values)
        return instance

    def _as_loaded(self) -> dict | None:
        loaded = getattr(self, "_loaded", None)
        if isinstance(loaded, tuple):  # (field names, values) as from_db kept them
            loaded = self._loaded = {
                name: _shown(value)
                for name, value in zip(*loaded, strict=True)
                if name in SHOWN_FIELDS
            }
        return loaded

    def _keep_shown(self, names) -> None:
        """Take the current values of ``names`` as loaded (saved, or read again)."""
        loaded = self._as_loaded()
        if loaded is None:
            loaded = self._loaded = {}
        for name in SHOWN_FIELDS.intersection(names):
            if name in self.__dict__:
                loaded[name] = _shown(getattr(self, name))

    def _shown_changed(self, names=SHOWN_FIELDS) -> bool:
        """Whether what readers see (of ``names``) differs from what was loaded or
        last saved.

        A new article's content is as it is first published: not a change. A field
        not loaded (deferred) is a change once it is set without being read."""
        loaded = self._as_loaded()
        if loaded is None:
            return False
        return any(
            name not in loaded or _shown(getattr(self, name)) != loaded[name]
            for name in SHOWN_FIELDS.intersection(names)
            if name in self.__dict__
        )

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        super().refresh_from_db(using, fields, from_queryset)
        if fields is None:
            self._keep_shown(SHOWN_FIELDS)
        else:  # a deferred field read, or the fields named
            self._keep_shown(self._meta.get_field(f).attname for f in fields)

    @property
    def shown_byline(self) -> str:
        return self.byline or settings.DESK_NAME

    @property
    def credit_line(self) -> str:
        """'(With inputs from agencies.)', or the agencies named, per CREDIT_LINE.

        An editor's own credit line (``credit_text``) wins.
        """
        if self.credit_text:
            return self.credit_text
        if not self.agencies:
            return ""
        mode = settings.CREDIT_LINE
        if mode == CREDIT_NAMED or (mode == CREDIT_AUTO and len(self.agencies) > 1):
            names = self.agencies
            joined = (
                names[0]
                if len(names) == 1
                else ", ".join(names[:-1]) + f" and {names[-1]}"
            )
            return f"(With inputs from {joined}.)"
        return "(With inputs from agencies.)"

    @property
    def in_house(self) -> bool:
        """Written on the desk (an opinion, blog post or interview), not drafted
        from an agency's story."""
        return self.story_id is None and not self.agencies

    def publish(self, when=None) -> None:
        """Make the article live at ``when`` (default now).

        An in-house piece's Created: and Updated: are the moment it first goes
        live, not when its draft was begun: a column written days ahead and
        scheduled would otherwise show its drafting time, sink in Latest News
        (latest first by ``updated_at``) and disagree with its feed's pubDate
        (``first_published_at``). Later substantive edits move Updated: as for
        any article. An agency article keeps its agency's times (Created: the
        story's first item).
        """
        when = when or timezone.now()
        self.status = self.Status.PUBLISHED
        self.live = True
        if self.first_published_at is None and self.in_house:
            self.created_at = self.updated_at = when
        self.first_published_at = self.first_published_at or when
        self.last_published_at = when


class Brief(models.Model):
    """A one-to-three-sentence item for the site's short-form strip."""

    text = models.TextField(help_text="One to three sentences.")
    link_url = models.URLField(blank=True)
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16,
        choices=Article.Status.choices,
        default=Article.Status.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class HomePin(models.Model):
    """An article an editor put on a home page, in the editor's order.

    ``edition`` empty is the main home page; otherwise that edition's home.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pins")
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "edition"], name="one_pin_per_home"
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(edition__isnull=True),
                name="one_pin_on_main_home",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id or 'home'} #{self.position}: {self.article_id}"


class Page(models.Model):
    """A footer page (about, contact, terms, privacy) that staff edit."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    body_html = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reader:page", kwargs={"slug": self.slug})


class SectorRule(models.Model):
    """Whether agency stories of a sector are published at once or wait for review.

    Without a rule for its sector, the story's primary source decides
    (``Source.auto_publish``).
    """

    sector = models.OneToOneField(
        Sector, on_delete=models.CASCADE, related_name="desk_rule"
    )
    auto_publish = models.BooleanField(
        default=False, help_text="Unticked: this sector's stories wait for review."
    )

    def __str__(self) -> str:
        verb = "auto-publish" if self.auto_publish else "review"
        return f"{self.sector}: {verb}"


class Revision(models.Model):
    """One saved state of an article: what every save looked like, for diff/restore."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=200, blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="one_revision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} rev {self.number}"

    @property
    def author_name(self) -> str:
        return self.user.get_username() if self.user else "agency update"

    @property
    def described(self) -> str:
        """Who made the revision and why, as the revisions page says it: "by eddie
        — published"; an agency's first, "drafted from agency copy", its later
        ones "updated from agency copy" (the note, "agency version", says no more).
        """
        if self.user_id is None and self.note in ("agency version", ""):
            first = self.number == 1
            return f"{'drafted' if first else 'updated'} from agency copy"
        return (
            f"by {self.author_name} — {self.note}"
            if self.note
            else (f"by {self.author_name}")
        )


class AuditLog(models.Model):
    """Who did what to which item, when, with the state before and after."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(
        max_length=150, blank=True, help_text="Kept when the account is deleted."
    )
    action = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=20)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        who = self.username or "system"
        return f"{who} {self.action} {self.target_type} {self.target_id}"
