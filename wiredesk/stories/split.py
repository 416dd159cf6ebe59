"""Two events in one story: cut a story in two and say whether the halves disagree.

Online matching places an item once. The first item of an event's second story
(a second earthquake) finds only the first, a look-alike of the same kind, and may
join it; later items of the second event then join the items already there, and
the story tells two events. Moving items one at a time cannot undo that: each of
the second event's items fits its own story (which holds the rest of its event)
well enough. This module looks at the story as a whole instead, for ``refine``.

The cut is a spherical 2-means over the items' vectors, started from their
principal direction and from each item's least-alike partner, the best cut kept.
Whether the halves tell two events is not read from how well they score against
each other: two earthquakes share the vocabulary and often a country,
and their halves score about 0.45 against each other with the entity-agreement
scorer, far above its join threshold (0.25), as do two halves of one event. What
tells them apart is who, where and when: the halves of one event name the same
places, people, figures and dates, those of two events state other ones
(``similarity.conflicts``). Pure: no database.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wiredesk.stories import similarity

ROUNDS = 20  # reassignment rounds of the cut; it settles in a few
# Starts of the cut from pairs of items (besides the principal direction): one per
# item up to this many, then the least alike pairs. Each start is a 2-means run,
# so a story of n items cost n runs (8.8 s of CPU at 240 items, under the match
# lock); ECB+'s stories (at most 39 items) keep every start.
PAIR_STARTS = 40
# Stories of shuffled terms the cut's separation is compared with (``surprise``):
# each costs one more cut. Drawn from a fixed seed, so a run is repeatable.
NULL_DRAWS = 6
# ``surprise`` looks at this many of a larger story's items: its draws cost six
# cuts, about 1.6 s of CPU at 60 items, 6 s at 120 and 50 s at 240 (all under
# the match lock); ECB+'s stories stay below it.
SURPRISE_ITEMS = 60
Vector = Mapping[str, float]
Vectors = Sequence[tuple[Vector, bool]]  # (vector, new_item) of each version


def profile_of(members: Sequence[Vectors]) -> similarity.StoryProfile:
    """The profile a story of ``members`` would have: summed vectors, term counts.

    Kept as a profile folded online is (``StoryProfile.from_sums``).
    """
    total: Counter = Counter()
    counts: Counter = Counter()
    items = 0
    for vectors in members:
        for vector, new_item in vectors:
            total.update(vector)
            if new_item:
                counts.update(vector.keys())
                items += 1
    return similarity.StoryProfile.from_sums(max(items, 1), total, counts)


def _spread(vectors: Sequence[Vector], side: list[int]) -> float:
    """The spherical 2-means objective: the lengths of each half's summed vectors
    added up (the larger, the closer the items sit to their half's centroid)."""
    sums: tuple[Counter, Counter] = (Counter(), Counter())
    for vector, s in zip(vectors, side, strict=True):
        sums[s].update(vector)
    return sum(math.sqrt(sum(w * w for w in t.values())) for t in sums)


def _two_means(vectors: Sequence[Vector], side: list[int]) -> list[int] | None:
    """Each item's half (0 or 1) after 2-means from a first assignment ``side``;
    None when all items end on one side."""
    n = len(vectors)
    for _ in range(ROUNDS):
        if len(set(side)) < 2:
            return None
        centres = [
            profile_of([[(vectors[i], True)] for i in range(n) if side[i] == s])
            .centroid()
            for s in (0, 1)
        ]  # fmt: skip
        new = [
            0
            if similarity.similarity(v, centres[0])
            >= similarity.similarity(v, centres[1])
            else 1
            for v in vectors
        ]
        if new == side:
            break
        side = new
    return side if len(set(side)) == 2 else None


def _principal_side(gram: list[list[float]]) -> list[int]:
    """The items' sides of their principal direction (PDDP: the sign of each item
    on the first principal component, found by power iteration on the centred
    matrix of the items' cosines): the split along which the items differ most."""
    n = len(gram)
    row = [sum(r) / n for r in gram]
    mean = sum(row) / n
    centred = [
        [gram[i][j] - row[i] - row[j] + mean for j in range(n)] for i in range(n)
    ]
    v = [1.0 + i / n for i in range(n)]  # any start not orthogonal to the answer
    for _ in range(100):
        w = [sum(c * x for c, x in zip(r, v, strict=True)) for r in centred]
        norm = math.sqrt(sum(x * x for x in w)) or 1.0
        w = [x / norm for x in w]
        done = max(abs(x - y) for x, y in zip(w, v, strict=True)) < 1e-9
        v = w
        if done:
            break
    return [0 if x >= 0 else 1 for x in v]


def cut(vectors: Sequence[Vector]) -> tuple[list[int], list[int]] | None:
    """Indexes of the items in two halves, or None when they cannot be cut.

    Spherical 2-means: each item goes to the half whose centroid its vector is
    closer to (cosine), the centroids follow, until nothing moves. 2-means finds
    only a local optimum, and its one start, the two items least alike, is
    often an odd telling and its opposite: the cut then kept part of one event
    on the wrong side (ECB+ topics 9, 20, 23, 24). So it starts from the items'
    principal direction (``_principal_side``) and from every item paired with the
    item least like it (at most ``PAIR_STARTS`` pairs), and keeps the cut with the
    best 2-means objective (``_spread``), as k-means restarts do.
    """
    n = len(vectors)
    if n < 2:
        return None
    gram = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            gram[i][j] = gram[j][i] = similarity.similarity(vectors[i], vectors[j])
    starts = [_principal_side(gram)]
    pairs: set[tuple[int, int]] = set()
    for i in range(n):
        j = min((k for k in range(n) if k != i), key=lambda k: (gram[i][k], k))
        pairs.add((min(i, j), max(i, j)))
    if len(pairs) > PAIR_STARTS:  # the least alike pairs seed two events best
        pairs = set(sorted(pairs, key=lambda p: (gram[p[0]][p[1]], p))[:PAIR_STARTS])
    for i, j in sorted(pairs):
        # Each item to the nearer of the two seeds, as the first 2-means round.
        starts.append([0 if gram[k][i] >= gram[k][j] else 1 for k in range(n)])
    best: list[int] | None = None
    best_spread = -1.0
    seen: set[tuple[int, ...]] = set()
    tried: set[tuple[int, ...]] = set()
    for start in starts:
        first = tuple(start) if start[0] == 0 else tuple(1 - s for s in start)
        if first in tried:
            continue  # the same first round: the same cut
        tried.add(first)
        side = _two_means(vectors, start)
        if side is None:
            continue
        key = tuple(side) if side[0] == 0 else tuple(1 - s for s in side)
        if key in seen:
            continue
        seen.add(key)
        spread = _spread(vectors, side)
        if spread > best_spread + 1e-12:
            best, best_spread = side, spread
    if best is None:
        return None
    return (
        [i for i in range(n) if best[i] == 0],
        [i for i in range(n) if best[i] == 1],
    )


def disagreement(a: similarity.StoryProfile, b: similarity.StoryProfile) -> float:
    """How far two stories' specifics disagree, 0 (none) to 3 (names, figures and
    dates all differ): the conflicts of each one's centroid with the other's core,
    summed over the kinds, averaged both ways."""
    one = sum(similarity.conflicts(a.centroid(), b).values())
    other = sum(similarity.conflicts(b.centroid(), a).values())
    return (one + other) / 2


def separation(vectors: Sequence[Vector], side: Sequence[int]) -> float:
    """How much the cut gains over keeping the items whole: the halves' summed
    lengths (the 2-means objective) over the length of all items' sum, minus one."""
    total: Counter = Counter()
    for vector in vectors:
        total.update(vector)
    whole = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return _spread(vectors, list(side)) / whole - 1


def shuffled(vectors: Sequence[Vector], rng: random.Random) -> list[dict[str, float]]:
    """The items with each term's weights dealt out again at random among them,
    each item made unit length: the same terms, used as often, with no blocks of
    terms that go together (a story's items with nothing that groups them)."""
    columns: dict[str, list[float]] = {}
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            columns.setdefault(term, [0.0] * len(vectors))[index] = weight
    dealt: list[dict[str, float]] = [{} for _ in vectors]
    for term in sorted(columns):
        column = columns[term]
        rng.shuffle(column)
        for index, weight in enumerate(column):
            if weight:
                dealt[index][term] = weight
    unit = []
    for vector in dealt:
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        unit.append({term: w / norm for term, w in vector.items()})
    return unit


def surprise(
    vectors: Sequence[Vector],
    parts: tuple[list[int], list[int]],
    draws: int = NULL_DRAWS,
) -> float:
    """How far the cut's separation stands above chance, in standard deviations.

    The cut is chosen to separate, so any separation measured on it is biased
    upwards; what counts is how it compares with the best cut of the same items
    with their terms shuffled (``shuffled``): as many terms, as often used, but
    none going together. Two events bring blocks of terms used together (one
    event's names, places and words, the other's); the halves of one event
    separate little more than a shuffled story does.
    """
    side = [0] * len(vectors)
    for index in parts[1]:
        side[index] = 1
    if len(vectors) > SURPRISE_ITEMS:
        # Evenly spaced items: both halves keep their share, and the cost stays
        # bounded under the match lock (cuts grow with the square of the items).
        step = len(vectors) / SURPRISE_ITEMS
        kept = [int(i * step) for i in range(SURPRISE_ITEMS)]
        vectors, side = [vectors[i] for i in kept], [side[i] for i in kept]
    observed = separation(vectors, side)
    rng = random.Random(0)
    chance = []
    for _ in range(draws):
        items = shuffled(vectors, rng)
        found = cut(items)
        if found is not None:
            moved = set(found[1])
            chance.append(
                separation(items, [int(i in moved) for i in range(len(items))])
            )
    if len(chance) < 2:
        return 0.0
    mean = sum(chance) / len(chance)
    spread = math.sqrt(sum((x - mean) ** 2 for x in chance) / len(chance))
    return (observed - mean) / max(spread, 1e-6)


@dataclass
class Halves:
    parts: tuple[list[int], list[int]]
    disagreement: float


def halves(members: Sequence[Vectors], vectors: Sequence[Vector]) -> Halves | None:
    """The story's items (``members``: each item's versions, ``vectors``: what each
    says now) cut in two, and how far the halves' specifics disagree."""
    parts = cut(vectors)
    if parts is None:
        return None
    a, b = (profile_of([members[i] for i in part]) for part in parts)
    return Halves(parts, disagreement(a, b))
