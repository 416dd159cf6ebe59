"""ROUGE-1, ROUGE-2 and ROUGE-L F1 with Porter stemming, as in ROUGE-1.5.5.

Tokens follow Google's ``rouge-score`` (the usual reference implementation):
lower case, runs of ``[a-z0-9]``, words longer than three letters stemmed with the
original Porter algorithm (Snowball's ``porter``). ROUGE-L is the longest common
subsequence over the whole text, not per sentence. Kept here rather than depending
on ``rouge-score``, which pulls in nltk, numpy and absl for about 60 lines of work.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_TOKEN = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("porter")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word) if len(word) > 3 else word


def tokens(text: str, stem: bool = True) -> list[str]:
    """The ROUGE tokens of ``text``: lower-cased alphanumeric runs, stemmed."""
    words = _TOKEN.findall(text.lower())
    return [_stem(w) for w in words] if stem else words


@dataclass(frozen=True)
class Scores:
    """F1 of ROUGE-1, ROUGE-2 and ROUGE-L for one candidate against one reference."""

    rouge1: float
    rouge2: float
    rougeL: float


def _f1(overlap: int, candidate: int, reference: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


def _ngram_f1(candidate: list[str], reference: list[str], n: int) -> float:
    cand = Counter(zip(*(candidate[i:] for i in range(n)), strict=False))
    ref = Counter(zip(*(reference[i:] for i in range(n)), strict=False))
    overlap = sum((cand & ref).values())
    return _f1(overlap, sum(cand.values()), sum(ref.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of ``a`` and ``b``.

    Bit-parallel (Hyyrö 2004): one big-integer step per token of ``b`` instead of
    a len(a) x len(b) table, which keeps a whole data set's ROUGE-L to seconds.
    """
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for position, token in enumerate(a):
        masks[token] = masks.get(token, 0) | (1 << position)
    full = (1 << len(a)) - 1
    row = full
    for token in b:
        match = masks.get(token)
        if match is None:
            continue
        kept = row & match
        row = ((row + kept) | (row - kept)) & full
    return len(a) - row.bit_count()


def score(candidate: str, reference: str) -> Scores:
    """ROUGE-1/2/L F1 of ``candidate`` against ``reference`` (stemmed tokens)."""
    cand, ref = tokens(candidate), tokens(reference)
    return Scores(
        rouge1=_ngram_f1(cand, ref, 1),
        rouge2=_ngram_f1(cand, ref, 2),
        rougeL=_f1(lcs_length(cand, ref), len(cand), len(ref)),
    )
