"""Articles: what the desk publishes, agency-based or written in house."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wiredesk.stories.models import Story
from wiredesk.taxonomy.models import Country, Edition, Sector


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
    photo = models.FileField(upload_to="authors/", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.slug = self.slug or slugify(self.name, allow_unicode=True)[:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reader:author", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """Articles readers may see now."""
        return self.filter(status=Article.Status.PUBLISHED, live=True).filter(
            models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=timezone.now())
        )

    def latest_first(self) -> ArticleQuerySet:
        return self.order_by("-updated_at", "-pk")


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
    agencies = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Opinion, blog and interview pieces: the writer shown in the box.",
    )
    lead_image = models.FileField(upload_to="lead/", blank=True)
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "live", "-updated_at"])]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.slug = slugify(self.headline, allow_unicode=True)[:100] or "article"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reader:article", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def shown_byline(self) -> str:
        return self.byline or settings.DESK_NAME

    @property
    def credit_line(self) -> str:
        """'(With inputs from agencies.)', or the agencies named, per CREDIT_LINE."""
        if not self.agencies:
            return ""
        mode = settings.CREDIT_LINE
        if mode == "named" or (mode == "auto" and len(self.agencies) > 1):
            names = self.agencies
            joined = (
                names[0]
                if len(names) == 1
                else ", ".join(names[:-1]) + f" and {names[-1]}"
            )
            return f"(With inputs from {joined}.)"
        return "(With inputs from agencies.)"

    def publish(self, when=None) -> None:
        when = when or timezone.now()
        self.status = self.Status.PUBLISHED
        self.live = True
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
