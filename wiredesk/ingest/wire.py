"""Plain dataclasses that parsers return: the one shape of an agency item.

Parsers map their format onto these and touch no database; the pipeline stores them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Signal(enum.StrEnum):
    """What an item says about the ones before it with the same guid."""

    NEW = "new"
    UPDATE = "update"
    CORRECTION = "correction"
    KILL = "kill"


@dataclass
class MediaRef:
    url: str
    kind: str = "image"
    caption: str = ""
    credit: str = ""


@dataclass
class ParsedItem:
    """One text item as its format delivers it; the pipeline sanitises every field.

    ``body_html`` is the body as markup; formats that carry plain text only fill
    ``body_text`` and the pipeline makes paragraphs of it. ``version`` is the
    agency's own version key where the format has one. Times are aware (UTC).
    """

    guid: str
    headline: str
    body_html: str = ""
    body_text: str = ""
    summary: str = ""
    url: str = ""
    byline: str = ""
    dateline: str = ""
    language: str = ""
    version: str = ""
    urgency: int | None = None
    first_created: datetime | None = None
    published: datetime | None = None
    updated: datetime | None = None
    subjects: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    media: list[MediaRef] = field(default_factory=list)
    signal: Signal = Signal.NEW
    provider: str = ""  # the agency named inside the item ("AFP", "dpa"), if any
    slug: str = ""  # the agency's slugline / keyword line
    copyright: str = ""
    embargoed_until: datetime | None = None
    related: list[str] = field(default_factory=list)  # guids of package members


@dataclass
class ParsedFeed:
    """A parsed document: its items, and what was skipped with the reason why."""

    format: str
    title: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class ParseError(ValueError):
    """The bytes are not a document of the expected format; the message says why."""
