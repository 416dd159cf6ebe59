"""Rate limits count every web process's requests, with or without Redis.

`wiredesk run` serves with several worker processes: a limit counted in each
process's own memory would let a client through once per worker.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import RequestFactory

from tests.conftest import ROOT
from wiredesk.audience.ratelimits import FEEDBACK_PER_IP, over_ip_limit
from wiredesk.desk import ratelimit

# Another web process: counts feedback posts from one address, as the view does.
OTHER_PROCESS = """
import django
django.setup()
from django.test import RequestFactory
from wiredesk.audience.ratelimits import FEEDBACK_PER_IP, over_ip_limit
request = RequestFactory().post("/feedback/", REMOTE_ADDR="198.51.100.7")
print(sum(over_ip_limit(request, "feedback", FEEDBACK_PER_IP) for _ in range({n})))
"""


def _other_process_posts(n: int) -> int:
    """Post ``n`` times from another process; how many it found over the limit."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    done = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS.format(n=n)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_limits_live_in_a_cache_every_process_shares():
    backend = type(caches[settings.RATELIMIT_USE_CACHE]).__name__
    assert backend in {"FileBasedCache", "RedisCache"}


@pytest.mark.django_db
def test_posts_to_another_worker_count_against_the_same_limit(fresh_rate_limits):
    allowed = int(FEEDBACK_PER_IP.split("/")[0])
    assert _other_process_posts(allowed) == 0  # all within the limit there
    request = RequestFactory().post("/feedback/", REMOTE_ADDR="198.51.100.7")
    assert over_ip_limit(request, "feedback", FEEDBACK_PER_IP)  # refused here
    other = RequestFactory().post("/feedback/", REMOTE_ADDR="198.51.100.8")
    assert not over_ip_limit(other, "feedback", FEEDBACK_PER_IP)


def test_login_lockout_is_counted_in_the_shared_cache(fresh_rate_limits):
    request = RequestFactory().post("/desk/login/", REMOTE_ADDR="203.0.113.9")
    for _ in range(ratelimit.MAX_FAILURES):
        ratelimit.record_failure(request, "editor")
    assert ratelimit.locked_out(request, "editor")
    assert caches[settings.RATELIMIT_USE_CACHE].get(
        ratelimit._key(request, "editor")
    ) == (ratelimit.MAX_FAILURES)
    assert not ratelimit.locked_out(request, "someone-else")
