"""Revisions: every save of an article kept as a snapshot, diffed word by word.

A snapshot holds the editable content (not the workflow state, which the audit log
keeps), so restoring an old revision brings back what readers read, not a status.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiredesk.desk.models import Article, Revision

SIMPLE_FIELDS = (
    "kind",
    "headline",
    "standfirst",
    "body_html",
    "dateline",
    "byline",
    "credit_text",
    "lead_image",
    "lead_image_url",
    "lead_image_caption",
    "lead_image_credit",
    "correction_note",
)
KEY_FIELDS = ("country", "sector", "edition", "author")
MANY_FIELDS = ("countries", "secondary_sectors", "editions")
TIME_FIELDS = ("go_live_at", "expire_at")

LABELS = {
    "body_html": "Body",
    "credit_text": "Credit line",
    "lead_image_url": "Lead image URL",
    "secondary_sectors": "Other sectors",
    "editions": "Also in editions",
    "go_live_at": "Go live at",
    "expire_at": "Expire at",
}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def snapshot(article: Article) -> dict[str, Any]:
    """The article's content as JSON-ready values."""
    data: dict[str, Any] = {}
    for name in SIMPLE_FIELDS:
        value = getattr(article, name)
        data[name] = (value.name if isinstance(value, FieldFile) else value) or ""
    for name in KEY_FIELDS:
        data[name] = getattr(article, f"{name}_id")
    for name in TIME_FIELDS:
        value = getattr(article, name)
        data[name] = value.isoformat() if value else None
    for name in MANY_FIELDS:
        data[name] = (
            sorted(getattr(article, name).values_list("pk", flat=True))
            if article.pk
            else []
        )
    return data


def record(
    article: Article, user=None, note: str = "", *, only_if_changed: bool = False
) -> Revision | None:
    """Keep the article's current content as its next revision.

    With ``only_if_changed`` nothing is written when the content equals the latest
    revision (an agency update that changed nothing the desk shows).
    """
    data = snapshot(article)
    with transaction.atomic():
        latest = article.revisions.order_by("-number").first()
        if only_if_changed and latest is not None and latest.snapshot == data:
            return None
        number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        return Revision.objects.create(
            article=article, number=number, user=user, note=note[:200], snapshot=data
        )


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    html: SafeString


_TOKENS = re.compile(r"<[^>]+>|[^\s<]+")


def _word_diff(old: str, new: str) -> SafeString:
    """Old and new text as one run: removed words in <del>, added words in <ins>.

    Words and tags are compared, spaces are not, so a changed phrase reads as
    "<del>old phrase</del> <ins>new phrase</ins>" rather than interleaved words.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # every piece was escaped above


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """The fields that differ between two snapshots, each as a readable diff."""
    changes = []
    for name in dict.fromkeys([*new, *old]):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if isinstance(before, list) or isinstance(after, list):
            before = ", ".join(map(str, before or []))
            after = ", ".join(map(str, after or []))
        changes.append(
            FieldDiff(
                name, label(name), _word_diff(str(before or ""), str(after or ""))
            )
        )
    return changes


def previous_of(revision: Revision) -> Revision | None:
    return (
        revision.article.revisions.filter(number__lt=revision.number)
        .order_by("-number")
        .first()
    )


def apply_snapshot(article: Article, data: dict[str, Any]) -> list[str]:
    """Set the article's content from a snapshot (unsaved, m2m excepted).

    Returns the names of the fields that change, so the caller records overrides
    and the many-to-many values it must set after saving.
    """
    from django.utils.dateparse import parse_datetime

    current = snapshot(article)
    changed = [n for n in data if data.get(n) != current.get(n)]
    for name in changed:
        value = data[name]
        if name in KEY_FIELDS:
            setattr(article, f"{name}_id", value)
        elif name in TIME_FIELDS:
            setattr(article, name, parse_datetime(value) if value else None)
        elif name in SIMPLE_FIELDS:
            setattr(article, name, value)
    return changed
