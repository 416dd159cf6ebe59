"""Rate limits and lockouts count every web process's hits, exactly, in their window.

`wiredesk run` serves with several worker processes: a limit counted in each
process's own memory would let a client through once per worker, and a counter
that is read, increased and written back loses hits that arrive together.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from wiredesk import limits
from wiredesk.audience.ratelimits import (
    FEEDBACK_PER_IP,
    MAILS_PER_ADDRESS,
    over_address_limit,
    over_ip_limit,
)
from wiredesk.desk import ratelimit
from wiredesk.models import RateCount


def post_from(address: str):
    return RequestFactory().post("/feedback/", REMOTE_ADDR=address)


def test_a_rate_names_its_mistake():
    assert limits.parse_rate("5/h") == (5, 3600)
    assert limits.parse_rate("10/15m") == (10, 900)
    with pytest.raises(ValueError, match="'five a day' is not like"):
        limits.parse_rate("five a day")


@pytest.mark.django_db
def test_the_sixth_feedback_in_an_hour_is_refused_and_others_still_pass():
    allowed, _ = limits.parse_rate(FEEDBACK_PER_IP)
    results = [
        over_ip_limit(post_from("198.51.100.7"), "feedback", FEEDBACK_PER_IP)
        for _ in range(allowed + 1)
    ]
    assert results == [False] * allowed + [True]
    assert not over_ip_limit(post_from("198.51.100.8"), "feedback", FEEDBACK_PER_IP)


@pytest.mark.django_db
def test_a_window_keeps_its_end_however_often_it_is_hit():
    """Three mails a day to one address stay three a day: hits late in the window
    do not push its end (a cache's read-and-write-back did, to five minutes)."""
    start = timezone.now()
    name = limits.private_key("test", "reader@example.org")
    for minutes in (0, 600, 1400):
        limits.hit(name, 86400, now=start + timedelta(minutes=minutes))
    row = RateCount.objects.get(name=name)
    assert row.hits == 3
    assert row.expires_at == start + timedelta(days=1)
    # The day is over: a new window starts at one.
    assert limits.hit(name, 86400, now=start + timedelta(days=1, seconds=1)) == 1


@pytest.mark.django_db
def test_a_fourth_mail_to_one_address_the_same_day_is_refused():
    request = post_from("203.0.113.5")
    allowed, _ = limits.parse_rate(MAILS_PER_ADDRESS)
    sent = [
        over_address_limit(request, "subscribe", " Reader@Example.org")
        for _ in range(allowed + 1)
    ]
    assert sent == [False] * allowed + [True]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hits_from_workers_at_the_same_moment_are_all_counted():
    """Four workers (threads, each its own database connection) hitting one
    counter together: every hit is counted, none lost."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database locks whole tables between "
            "connections; a SQLite file serves one writer at a time anyway"
        )
    name = limits.private_key("test", "198.51.100.9")
    workers, each = 4, 25
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                limits.hit(name, 3600)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert limits.count(name) == workers * each


@pytest.mark.django_db
def test_login_lockout_lasts_its_window_and_ends_with_a_success():
    request = RequestFactory().post("/desk/login/", REMOTE_ADDR="203.0.113.9")
    for _ in range(ratelimit.MAX_FAILURES):
        ratelimit.record_failure(request, "editor")
    assert ratelimit.locked_out(request, "Editor ")
    assert not ratelimit.locked_out(request, "someone-else")
    ratelimit.clear(request, "editor")
    assert not ratelimit.locked_out(request, "editor")


@pytest.mark.django_db
def test_counters_hold_no_address_and_ended_windows_are_swept():
    now = timezone.now()
    over_ip_limit(post_from("198.51.100.77"), "feedback", FEEDBACK_PER_IP)
    ended = limits.private_key("test", "old")
    limits.hit(ended, 60, now=now - timedelta(hours=2))
    assert not RateCount.objects.filter(name__contains="198.51.100.77").exists()
    assert limits.sweep() == 1
    assert RateCount.objects.count() == 1
