"""REDIS_URL switches the cache to a real Redis server."""

import os

import pytest
from django.core.cache import cache, caches


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_cache_is_redis_when_redis_url_is_set():
    """With REDIS_URL the site's cache lives in Redis and round-trips values."""
    import redis

    assert type(caches["default"]).__name__ == "RedisCache"
    cache.set("wiredesk-test-key", {"n": 1}, 30)
    assert cache.get("wiredesk-test-key") == {"n": 1}
    keys = redis.Redis.from_url(os.environ["REDIS_URL"]).keys("wiredesk*test-key")
    assert keys, "the value should be stored in the Redis server itself"
    cache.delete("wiredesk-test-key")
