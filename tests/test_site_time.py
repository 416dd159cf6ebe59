"""Times are stored in UTC and shown in SITE_TIME_ZONE with the zone's abbreviation."""

from datetime import UTC, datetime

import pytest

from wiredesk.reader.jinja import site_time


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Kolkata", "05-02-2026 06:25 IST"),
        ("UTC", "05-02-2026 00:55 UTC"),
        ("America/New_York", "04-02-2026 19:55 EST"),
        ("Europe/Berlin", "05-02-2026 01:55 CET"),
    ],
)
def test_site_time_format(settings, zone, shown):
    """A UTC time reads as dd-mm-yyyy hh:mm ZONE in the configured zone."""
    settings.SITE_TIME_ZONE = zone
    assert site_time(datetime(2026, 2, 5, 0, 55, tzinfo=UTC)) == shown
