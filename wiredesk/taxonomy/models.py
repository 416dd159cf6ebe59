"""The controlled vocabularies: regions, countries, sectors and regional editions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import models

from wiredesk.taxonomy import zones

T = TypeVar("T")

GLOBAL = "global"  # the edition of stories with no country, and of the whole site


class Snapshot(Generic[T]):
    """A small table read from the database and kept in this process.

    Drafting reads the editions and sectors for every story; reading them once a
    minute instead keeps drafting fast. A change saved in this process drops the copy
    at once (see TaxonomyConfig.ready); other processes see it within ``ttl`` seconds.
    """

    instances: list[Snapshot] = []

    def __init__(self, load: Callable[[], T], ttl: float = 60.0) -> None:
        Snapshot.instances.append(self)
        self._load = load
        self._ttl = ttl
        self._value: T | None = None
        self._expires = 0.0
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._value is None or time.monotonic() >= self._expires:
                self._value = self._load()
                self._expires = time.monotonic() + self._ttl
            return self._value

    @classmethod
    def forget_all(cls) -> None:
        """Drop every snapshot (a test's rolled-back data must not outlive it)."""
        for snapshot in cls.instances:
            snapshot.forget()

    def forget(self, *args, **kwargs) -> None:
        """Drop the copy; has a signal receiver's signature so it can be connected."""
        with self._lock:
            self._value = None


class Region(models.Model):
    """A UN M49 geographic region, sub-region or intermediate region."""

    code = models.CharField("UN M49 code", max_length=3, primary_key=True)
    name = models.CharField(max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, primary_key=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="UN M49 region (Africa, Americas, Asia, Europe, Oceania).",
    )
    sub_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="UN M49 sub-region, e.g. Sub-Saharan Africa.",
    )
    intermediate_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="UN M49 intermediate region, e.g. Western Africa (not all have one).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def region_codes(self) -> list[str]:
        """M49 codes of the country's areas, most specific first."""
        return [
            code
            for code in (
                self.intermediate_region_id,
                self.sub_region_id,
                self.region_id,
            )
            if code
        ]


def _sector_slugs() -> frozenset[str]:
    return frozenset(Sector.objects.values_list("slug", flat=True))


def _edition_areas() -> tuple[dict[str, str], dict[str, str], bool]:
    """(country code → edition, M49 code → edition, whether "global" exists)."""
    by_country: dict[str, str] = {}
    by_region: dict[str, str] = {}
    for slug, code in Edition.countries.through.objects.order_by(
        "edition_id"
    ).values_list("edition_id", "country_id"):
        by_country.setdefault(code, slug)
    for slug, code in Edition.regions.through.objects.order_by(
        "edition_id"
    ).values_list("edition_id", "region_id"):
        by_region.setdefault(code, slug)
    return by_country, by_region, Edition.objects.filter(slug=GLOBAL).exists()


class Sector(models.Model):
    slug = models.SlugField(primary_key=True)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Edition(models.Model):
    """A regional edition of the site, with the time zone its digest is sent in.

    A story goes to the edition of its primary country: the edition that lists the
    country itself, else the one holding its most specific M49 region; a story with
    no country goes to the global edition (GLOBAL). The global edition's page,
    though, is the whole site's: it lists every story (``whole_site``).

    Edition pages show times as every page does (SITE_TIME_ZONE, like the article
    page), so a story reads the same time wherever it is listed.
    """

    slug = models.SlugField(primary_key=True)
    name = models.CharField(max_length=100)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[zones.check],
        help_text="IANA zone of the daily digest's send time, e.g. Africa/Nairobi. "
        "Pages show times in the site's time zone.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    regions = models.ManyToManyField(Region, blank=True, related_name="editions")
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="editions",
        help_text="Countries covered here whatever their M49 region.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def whole_site(self) -> bool:
        """Whether this edition's page lists the whole site (the global edition)."""
        return self.slug == GLOBAL


def _country_areas() -> dict[str, tuple[str, ...]]:
    """Country code → its M49 area codes, most specific first."""
    return {
        code: tuple(a for a in (intermediate, sub, region) if a)
        for code, intermediate, sub, region in Country.objects.values_list(
            "code", "intermediate_region_id", "sub_region_id", "region_id"
        )
    }


# The sectors drafting may choose from, and where each country's stories go.
country_areas: Snapshot[dict[str, tuple[str, ...]]] = Snapshot(_country_areas)
sector_slugs: Snapshot[frozenset[str]] = Snapshot(_sector_slugs)
edition_areas: Snapshot[tuple[dict[str, str], dict[str, str], bool]] = Snapshot(
    _edition_areas
)
