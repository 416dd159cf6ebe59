"""Two events in one story: cut a story in two and say whether the halves disagree.

Online matching places an item once. The first item of an event's second story
(a second earthquake) finds only the first, a look-alike of the same kind, and may
join it; later items of the second event then join the items already there, and
the story tells two events. Moving items one at a time cannot undo that: each of
the second event's items fits its own story (which holds the rest of its event)
well enough. This module looks at the story as a whole instead, for ``refine``.

The cut is a spherical 2-means over the items' vectors, seeded by the two items
least alike. Whether the halves tell two events is not read from how well they
score against each other: two earthquakes share the vocabulary and often a country,
and their halves score about 0.45 against each other with the entity-agreement
scorer, far above its join threshold (0.25), as do two halves of one event. What
tells them apart is who, where and when: the halves of one event name the same
places, people, figures and dates, those of two events state other ones
(``similarity.conflicts``). Pure: no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wiredesk.stories import similarity

ROUNDS = 20  # reassignment rounds of the cut; it settles in a few
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


def cut(vectors: Sequence[Vector]) -> tuple[list[int], list[int]] | None:
    """Indexes of the items in two halves, or None when they cannot be cut.

    Spherical 2-means: each item goes to the half whose centroid its vector is
    closer to (cosine), the centroids follow, until nothing moves.
    """
    n = len(vectors)
    if n < 2:
        return None
    far, seeds = 2.0, (0, 1)
    for i in range(n):
        for j in range(i + 1, n):
            score = similarity.similarity(vectors[i], vectors[j])
            if score < far:
                far, seeds = score, (i, j)
    centres = [vectors[seeds[0]], vectors[seeds[1]]]
    side: list[int] = []
    for _ in range(ROUNDS):
        new = [
            0
            if similarity.similarity(v, centres[0])
            >= similarity.similarity(v, centres[1])
            else 1
            for v in vectors
        ]
        if new == side or len(set(new)) < 2:
            break
        side = new
        centres = [
            profile_of([[(vectors[i], True)] for i in range(n) if side[i] == s])
            .centroid()
            for s in (0, 1)
        ]  # fmt: skip
    if len(set(side)) < 2:
        return None
    return (
        [i for i in range(n) if side[i] == 0],
        [i for i in range(n) if side[i] == 1],
    )


def disagreement(a: similarity.StoryProfile, b: similarity.StoryProfile) -> float:
    """How far two stories' specifics disagree, 0 (none) to 3 (names, figures and
    dates all differ): the conflicts of each one's centroid with the other's core,
    summed over the kinds, averaged both ways."""
    one = sum(similarity.conflicts(a.centroid(), b).values())
    other = sum(similarity.conflicts(b.centroid(), a).values())
    return (one + other) / 2


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
