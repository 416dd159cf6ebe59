"""The audit log: one row per workflow action, with the state before and after.

An article's entry keeps its workflow state, and of what an edit can change (the
edit form's fields) those that changed, shortened: a long text as its word count
and the words where it first differs. The full text is in the revisions.
"""

from __future__ import annotations

import html
import re
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from wiredesk.desk import revisions
from wiredesk.desk.models import Article, AuditLog

# What every article entry records, changed or not: the workflow state.
ARTICLE_STATE = (
    "status",
    "live",
    "headline",
    "go_live_at",
    "expire_at",
    "attention",
    "correction_note",
    "lock_version",
)


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it: a file by its name (an author's photo), a
    time in ISO form, a row by its id, anything else unknown as text."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


# What an edit can change (a revision's snapshot: the edit form's fields); kept
# in an entry only where before and after differ (``_changed_content``).
CONTENT = tuple(
    name
    for name in (
        *revisions.SIMPLE_FIELDS,
        *revisions.KEY_FIELDS,
        *revisions.MANY_FIELDS,
        *revisions.TIME_FIELDS,
    )
    if name not in ARTICLE_STATE
)
SHORT_TEXT = 120  # characters: a text this long is kept whole
EXCERPT_WORDS = 10
_MISSING = object()
_TAG = re.compile(r"<[^>]*>")


def _words(name: str, value: str) -> list[str]:
    if name == "body_html":  # tags end words: "</p><p>" parts two sentences
        value = html.unescape(_TAG.sub(" ", value))
    return value.split()


def _excerpt(words: list[str], start: int) -> str:
    part = words[start : start + EXCERPT_WORDS]
    if not part:
        return "(ends here)"
    more = "…" if start + EXCERPT_WORDS < len(words) else ""
    return f"{'…' if start else ''}{' '.join(part)}{more}"


def _shorten(name: str, old: Any, new: Any) -> tuple[Any, Any]:
    """Before and after of a changed field, short enough to read in the log.

    Lists (countries, sectors) are joined; a body, or any text too long to keep,
    becomes its word count and ten words from the first that differs: "412
    words; from word 37: «…»" → "418 words (+6); from word 37: «…»".
    """
    if isinstance(old, list) or isinstance(new, list):
        return ", ".join(map(str, old or [])), ", ".join(map(str, new or []))
    if not isinstance(old, str) or not isinstance(new, str):
        return old, new
    if name != "body_html" and max(len(old), len(new)) <= SHORT_TEXT:
        return old, new
    a, b = _words(name, old), _words(name, new)
    count = f"{len(b)} words ({len(b) - len(a):+d})"
    if a == b:
        return f"{len(a)} words", f"{count}; the same words, markup or spacing changed"
    # The first word that differs (one text may be the other's start).
    pairs = zip(a, b, strict=False)
    start = next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))
    where = f"from word {start + 1}"
    return (
        f"{len(a)} words; {where}: «{_excerpt(a, start)}»",
        f"{count}; {where}: «{_excerpt(b, start)}»",
    )


def _changed_content(before: dict, after: dict) -> tuple[dict, dict]:
    """``before`` and ``after`` with only the content fields that differ, each
    shortened; a side without them (a creation, an explicit dict) keeps none."""
    before, after = dict(before), dict(after)
    for name in CONTENT:
        old, new = before.pop(name, _MISSING), after.pop(name, _MISSING)
        if old is not _MISSING and new is not _MISSING and old != new:
            before[name], after[name] = _shorten(name, old, new)
    return before, after


def state(obj: models.Model) -> dict[str, Any]:
    """The fields of ``obj`` worth keeping in the log, as JSON-ready values.

    An article's include its content in full, for ``record`` to compare and
    shorten: what is stored is only what changed.
    """
    if isinstance(obj, Article):
        return {
            **revisions.snapshot(obj),
            **{name: _plain(getattr(obj, name)) for name in ARTICLE_STATE},
        }
    names = [
        f.attname
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in {"body_html", "snapshot"}
    ]
    return {name: _plain(getattr(obj, name)) for name in names}


def record(
    user,
    action: str,
    target: models.Model,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditLog:
    """Write one entry; ``user`` None means the system (scheduler, agency update)."""
    user = user if user is not None and user.is_authenticated else None
    after = after if after is not None else state(target)
    if isinstance(target, Article):
        before, after = _changed_content(before or {}, after)
    return AuditLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        target_repr=str(target)[:200],
        before=before or {},
        after=after,
        note=note,
    )
