"""Regions and editions: UN M49 regions for every country, a story's edition from its
primary country."""

from __future__ import annotations

import zoneinfo

import pytest
from django.urls import reverse

from wiredesk.drafting import editions
from wiredesk.taxonomy import loading
from wiredesk.taxonomy.models import Country, Edition


def test_every_iso_country_has_an_m49_region():
    """All ISO 3166-1 countries but Antarctica sit in a region and a sub-region."""
    codes = {code for code, _, _ in loading.country_rows()}
    assert set(loading.country_areas()) == codes - {"AQ"}
    for code in codes - {"AQ"}:
        region, sub_region, _ = loading.country_regions(code)
        assert region and sub_region, code


@pytest.mark.parametrize(
    ("code", "regions"),
    [
        ("GH", ("002", "202", "011")),  # Africa, Sub-Saharan, Western Africa
        ("EG", ("002", "015", "")),  # Northern Africa has no intermediate region
        ("MX", ("019", "419", "013")),  # Central America
        ("US", ("019", "021", "")),
        ("JE", ("150", "154", "830")),  # Channel Islands
        ("AQ", ("", "", "")),
    ],
)
def test_m49_regions_of_countries(code, regions):
    """Countries map to the region, sub-region and intermediate region of M49."""
    assert loading.country_regions(code) == regions


@pytest.mark.parametrize(
    ("code", "edition"),
    [
        ("GH", "africa"),
        ("ZM", "africa"),
        ("SD", "africa"),  # M49 Northern Africa, covered with East Africa
        ("EG", "middle-east-north-africa"),
        ("JO", "middle-east-north-africa"),
        ("IR", "middle-east-north-africa"),
        ("BD", "asia-pacific"),
        ("VN", "asia-pacific"),
        ("FJ", "asia-pacific"),
        ("MD", "europe"),
        ("GE", "europe"),  # the country, not the US state
        ("MX", "latin-america-caribbean"),
        ("HT", "latin-america-caribbean"),
        ("US", "north-america"),
        ("CA", "north-america"),
        ("AQ", "global"),
    ],
)
def test_shipped_table_gives_each_country_its_edition(code, edition):
    """The shipped area table sends each country to the edition a desk expects."""
    assert loading.edition_of_country(code) == edition


def test_edition_data_is_consistent():
    """Editions have real time zones, and the area table names known editions."""
    rows = loading.edition_rows()
    slugs = {slug for slug, _, _ in rows}
    assert slugs >= {"global", "africa", "asia-pacific", "europe", "north-america"}
    for _, _, tz in rows:
        zoneinfo.ZoneInfo(tz)
    regions = {code for code, _, _ in loading.region_rows()}
    countries = {code for code, _, _ in loading.country_rows()}
    for area, slug in loading.edition_areas().items():
        assert slug in slugs
        assert area in regions or area in countries, area


def test_pick_prefers_the_country_then_the_smallest_region():
    """A country listed by an edition wins; else its most specific region does."""
    by_region = {"002": "africa", "015": "mena"}
    assert editions.pick("EG", ["015", "002"], {}, by_region) == "mena"
    assert editions.pick("EG", ["015", "002"], {"EG": "x"}, by_region) == "x"
    assert editions.pick("AQ", [], {}, by_region) == "global"
    assert editions.pick(None, [], {}, by_region) == "global"


@pytest.mark.django_db
def test_loaded_countries_and_editions_match_the_shipped_tables():
    """After migrating, every country's edition in the database is the shipped one."""
    ghana = Country.objects.get(code="GH")
    assert (ghana.region.name, ghana.sub_region.name) == (
        "Africa",
        "Sub-Saharan Africa",
    )
    assert ghana.intermediate_region.name == "Western Africa"
    assert Edition.objects.get(slug="africa").time_zone == "Africa/Nairobi"
    for country in Country.objects.all():
        assert editions.edition_slug_for(country) == loading.edition_of_country(
            country.code
        ), country.code
    assert editions.edition_slug_for(None) == "global"


@pytest.mark.django_db
def test_an_edition_edited_in_the_admin_takes_its_countries(client, django_user_model):
    """Adding a country to an edition in the admin sends its stories there."""
    user = django_user_model.objects.create_superuser("ed", "e@example.org", "pw")
    client.force_login(user)
    europe = Edition.objects.get(slug="europe")
    url = reverse("admin:taxonomy_edition_change", args=["europe"])
    response = client.post(
        url,
        {
            "slug": "europe",
            "name": europe.name,
            "time_zone": europe.time_zone,
            "position": europe.position,
            "regions": list(europe.regions.values_list("code", flat=True)),
            "countries": [*europe.countries.values_list("code", flat=True), "TR"],
        },
    )
    assert response.status_code == 302
    turkey = Country.objects.get(code="TR")
    assert editions.edition_slug_for(turkey) == "europe"  # at once, not in a minute
