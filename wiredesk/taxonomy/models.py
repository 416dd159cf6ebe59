"""The controlled vocabularies: countries, sectors and regional editions."""

from __future__ import annotations

from django.db import models


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, primary_key=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    slug = models.SlugField(primary_key=True)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Edition(models.Model):
    """A regional edition of the site, with the time zone its pages are shown in."""

    slug = models.SlugField(primary_key=True)
    name = models.CharField(max_length=100)
    time_zone = models.CharField(max_length=64, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
