"""Pluggable drafting backends: who writes the headline and the standfirst.

The deterministic drafting code always runs first and its text is the default. A
backend named by ``settings.DRAFTING_BACKEND`` (looked up in
``wiredesk.registry.drafting_backends``, filled in ``DraftingConfig.ready()``) may
then propose its own headline and standfirst. Anything but the default backend is
untrusted: its text must pass ``source_check`` (every number, name and place in it
occurs in the source items), or the default is kept and the reason recorded, so a
failing or inventive model can never stop a story or put a made-up fact on the desk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from wiredesk import registry

logger = logging.getLogger("wiredesk.drafting")

DEFAULT = "default"
# Longest fallback reason kept (the Draft field's size).
REASON_LENGTH = 500


@dataclass(frozen=True)
class DraftText:
    """A headline and a standfirst, whoever wrote them."""

    headline: str
    standfirst: str


@dataclass(frozen=True)
class DraftRequest:
    """What a backend rewrites from.

    ``sources`` are the story's source items as text (headline and body), the
    primary item first; ``default`` is the deterministic draft; ``max_words`` is the
    longest standfirst allowed.
    """

    sources: tuple[str, ...]
    default: DraftText
    max_words: int


class BackendFailure(Exception):
    """A backend could not give a usable rewrite; the message says why."""


class DraftingBackend(Protocol):
    """Rewrites a draft's headline and standfirst, or raises ``BackendFailure``.

    ``trusted`` backends (only the default) are neither given the sources nor
    checked against them.
    """

    name: str
    trusted: bool

    def rewrite(self, request: DraftRequest) -> DraftText: ...


@dataclass(frozen=True)
class Outcome:
    """The text to use, the backend that wrote it, and why another one was not used."""

    text: DraftText
    backend: str
    fallback_reason: str = ""


def max_words() -> int:
    """The standfirst budget, read at call time (``STANDFIRST_WORDS``)."""
    from wiredesk.drafting import standfirst

    return standfirst.configured_words()


def rewrite(
    default: DraftText,
    sources: Callable[[], Sequence[str]],
    *,
    label: str = "",
) -> Outcome:
    """The headline and standfirst of the configured backend, or the default and why.

    ``sources`` is called only when an untrusted backend runs, so the default path
    reads nothing more from the database. ``label`` names the story in log lines.
    """
    from wiredesk.drafting.backends import source_check

    name = settings.DRAFTING_BACKEND or DEFAULT
    try:
        backend: DraftingBackend = registry.drafting_backends.get(name)()
    except LookupError as exc:
        return _fall_back(default, name, str(exc), label)
    if backend.trusted:
        return Outcome(default, backend.name)
    budget = max_words()
    request = DraftRequest(tuple(sources()), default, budget)
    try:
        text = backend.rewrite(request)
    except BackendFailure as exc:
        return _fall_back(default, name, str(exc), label)
    except Exception as exc:  # a bug in a backend must not stop drafting
        logger.exception("drafting backend %r crashed%s", name, label)
        return _fall_back(default, name, f"{type(exc).__name__}: {exc}", label)
    problems = source_check.problems(text, request.sources, max_words=budget)
    if problems:
        return _fall_back(default, name, "failed check: " + "; ".join(problems), label)
    return Outcome(text, backend.name)


def _fall_back(default: DraftText, name: str, reason: str, label: str) -> Outcome:
    reason = f"{name}: {reason}"
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    logger.warning("drafting backend fell back to the default%s: %s", label, reason)
    return Outcome(default, DEFAULT, reason)
