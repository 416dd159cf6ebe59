"""The one-paragraph summary on top of an article: whole sentences, in order."""

from __future__ import annotations

import re

from wiredesk.drafting import dateline

MAX_WORDS = 60
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|No|U\.S|U\.N"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|[A-Z])\.$"
)


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations like "Dr." inside them."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        pending = ""
        for piece in _SENTENCE_END.split(" ".join(paragraph.split())):
            pending = f"{pending} {piece}".strip() if pending else piece
            if not _ABBREVIATION.search(pending):
                out.append(pending)
                pending = ""
        if pending:
            out.append(pending)
    return [s for s in out if s]


def summarise(text: str, max_words: int = MAX_WORDS) -> str:
    """The lead sentences of ``text`` that fit in ``max_words``, dateline removed.

    Wire copy puts the news first, so the opening sentences are the summary a
    desk editor would write; later sentences are added only while they fit.
    """
    chosen: list[str] = []
    count = 0
    for sentence in sentences(dateline.strip(text)):
        words = len(sentence.split())
        if count + words > max_words:
            if not chosen:
                # A single overlong sentence: cut it at a word boundary.
                chosen.append(
                    " ".join(sentence.split()[:max_words]).rstrip(",;:") + "…"
                )
            break
        chosen.append(sentence)
        count += words
    summary = " ".join(chosen)
    return summary[:1].upper() + summary[1:]
