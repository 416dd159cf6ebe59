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
    guid: str
    headline: str
    body_html: str = ""
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


@dataclass
class ParsedFeed:
    """A parsed document: its items, and what was skipped with the reason why."""

    format: str
    title: str = ""
    items: list[ParsedItem] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class ParseError(ValueError):
    """The bytes are not a document of the expected format; the message says why."""
