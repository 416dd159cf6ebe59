"""The demo's copy agrees with its own dates: its items are dated hours before the
demo's start, so a weekday in the text is the one of the item's time in the site's
time zone (the copy said "on Thursday" on every day of the week), and no text
names a fixed month or date that pages dated now contradict."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import httpx
import pytest

from wiredesk.demo import content, editorial
from wiredesk.demo.setup import register_sources
from wiredesk.demo.wire_server import WireService
from wiredesk.desk.models import Brief

WEEKDAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
FIXED_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
    r"|\b20\d\d\b"
)
ZONES = ["UTC", "Asia/Kolkata", "America/Lima", "Pacific/Auckland"]


def starts() -> list[datetime]:
    """A week of demo starts from a Monday, at four times of each day (UTC)."""
    monday = datetime(2026, 11, 23, tzinfo=UTC)
    return [
        monday + timedelta(days=d, hours=h)
        for d in range(7)
        for h in (0.5, 6, 13, 23.5)
    ]


def weekdays_in(text: str) -> set[str]:
    return {m.group(0) for m in WEEKDAY.finditer(text)}


def day_of(when: datetime, zone: str) -> str:
    return f"{when.astimezone(ZoneInfo(zone)):%A}"


@pytest.mark.parametrize("zone", ZONES)
def test_every_weekday_in_the_copy_is_its_items_own(settings, zone):
    """Started on any day at any hour, each version's weekday words name the day
    of its own time in the site's zone, and some copy does name one."""
    settings.SITE_TIME_ZONE = zone
    named = 0
    for now in starts():
        for item in content.ITEMS:
            for version in item.versions:
                text = " ".join([version.headline, *version.paragraphs_at(now)])
                found = weekdays_in(text)
                assert found <= {day_of(version.at(now), zone)}, (now, item.guid)
                named += len(found)
    assert named  # the copy still says when things happened


def test_no_copy_names_a_fixed_month_or_year():
    """ "Confirmed on Feb 20" or "the first two months of the year" contradicted a
    demo run in November; the copy says how long ago instead."""
    texts = [
        text
        for item in content.ITEMS
        for version in item.versions
        for text in (version.headline, *version.copy)
    ]
    texts += [brief.text for brief in editorial.BRIEFS]
    for piece in [*editorial.PIECES, editorial.REVIEW_PIECE]:
        texts += [piece.headline, piece.standfirst, *piece.paragraphs]
    for text in texts:
        assert not FIXED_DATE.search(text), text


@pytest.mark.django_db
def test_the_demo_wire_sends_weekdays_of_its_items_times(settings):
    """Through the demo's own setup: the wire service, started on a Friday, sends
    each item with the weekday of the time its feed gives it."""
    settings.SITE_TIME_ZONE = "Asia/Kolkata"
    service = WireService()
    service.clock = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # Friday, 08:30 IST
    service.start()
    try:
        register_sources(service)
        checked = 0
        for agency in content.AGENCIES:
            feed = feedparser.parse(httpx.get(service.feed_url(agency)).content)
            for entry in feed.entries:
                when = datetime(*entry.updated_parsed[:6], tzinfo=UTC)
                found = weekdays_in(entry.summary)
                assert found <= {day_of(when, "Asia/Kolkata")}, entry.title
                checked += len(found)
    finally:
        service.stop()
    assert checked >= 3  # Thursday's items say Thursday, Friday's Friday


@pytest.mark.django_db
def test_briefs_name_the_weekday_of_their_own_time(settings):
    """A brief's weekday is that of its publication, and a restart refreshes the
    brief an earlier start made (also one that still says Monday) instead of
    adding another."""
    settings.SITE_TIME_ZONE = "America/Lima"
    old = Brief.objects.create(
        text="Three new rain gauges went online in the hill districts on Monday.",
        status="published",
    )
    editorial.seed()
    editorial.seed()
    assert Brief.objects.count() == len(editorial.BRIEFS)
    for brief in Brief.objects.all():
        assert weekdays_in(brief.text) <= {day_of(brief.published_at, "America/Lima")}
        assert not FIXED_DATE.search(brief.text), brief.text
    assert "went online" in Brief.objects.get(pk=old.pk).text
