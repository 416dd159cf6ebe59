"""``reverse()`` remembered per process, for the links on every public page.

The URL map does not change while a process runs, and reversing cost a fifth of an
article page's rendering (its own path alone was asked for three times). The key
holds the script prefix and URLconf of the request, and a changed setting (tests
swap URL maps and prefixes) forgets everything.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=8192)
def _reverse(prefix: str, urlconf: str | None, viewname: str, args: tuple) -> str:
    return reverse(viewname, args=args)


def scope() -> tuple[str, str | None]:
    """What a path depends on besides its view and arguments: the request's script
    prefix and URLconf (reading them costs about 4 µs: thread-and-task locals)."""
    return get_script_prefix(), get_urlconf()


def remembered_reverse(
    viewname: str, *args: object, within: tuple[str, str | None] | None = None
) -> str:
    """The path of ``viewname`` with ``args``, as ``reverse()`` gives it;
    ``within`` is ``scope()`` when the caller has read it already."""
    key = tuple(str(arg) for arg in args)
    prefix, urlconf = within or scope()
    return _reverse(prefix, urlconf, viewname, key)


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _reverse.cache_clear()
