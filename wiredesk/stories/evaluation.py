"""`wiredesk eval stories`: how well the production matcher groups articles.

The articles of an ECB+-format set are stored one by one, in an order shuffled by a
seed, as wire items of distinct sources, and placed by ``clustering.assign`` -- the
code that runs in production -- into a temporary SQLite database. The resulting
stories are scored against the set's ``story_id`` labels: pairwise over the listed
pairs and B-cubed over all articles. ``--scorer`` matches with another registered
scorer (``similarity.SCORERS``) through the same code, as the STORY_SCORER setting
would in production.

ECB+ articles carry no dates. Every article gets a time a few minutes after the one
before it, starting from a fixed base time, in the shuffled order: the whole set spans
about six hours, well inside the 72-hour matching window, so time neither splits nor
joins stories and only the text decides.
"""

from __future__ import annotations

import argparse
import logging
import random
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.utils import load_backend
from django.test.utils import override_settings
from django.utils import timezone
from rich.table import Table

from wiredesk.datasets import DatasetError, json_lines, text_field
from wiredesk.stories.similarity import DEFAULT_SCORER, SCORERS

BASE_TIME = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
SPAN = timedelta(hours=6)
# Whether the eval runs the refinement job follows production: the STORY_REFINE
# setting (on by default: over seeds 0-5 it raises pairwise F1 from 0.840 to 0.893
# and B-cubed F1 from 0.862 to 0.915, for about five times the CPU time of online
# matching alone; docs/architecture.md has the figures).
PAIRS_HEADER = ("doc_id_a", "doc_id_b", "topic", "same_story")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Article:
    doc_id: str
    story_id: str
    headline: str
    body: str


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool


# -- reading the data set ------------------------------------------------------------


def read_articles(path: Path) -> list[Article]:
    """Articles of a JSON-lines file; without a title the first text line heads it."""
    articles: list[Article] = []
    seen: set[str] = set()
    for where, row in json_lines(path):
        doc_id = text_field(row, "doc_id", where, required=True)
        story_id = text_field(row, "story_id", where, required=True)
        title = text_field(row, "title", where).strip()
        text = text_field(row, "text", where).strip()
        if doc_id in seen:
            raise DatasetError(f"{where}: doc_id {doc_id!r} appears twice")
        seen.add(doc_id)
        lines_of_text = text.splitlines()
        headline = title or (lines_of_text[0].strip() if lines_of_text else "")
        if not headline:
            raise DatasetError(f"{where}: article {doc_id!r} has no title and no text")
        # ECB+ repeats the title as the first text line: keep it once, as headline.
        if lines_of_text and lines_of_text[0].strip() == headline:
            lines_of_text = lines_of_text[1:]
        body = "\n".join(lines_of_text).strip()
        articles.append(Article(doc_id, story_id, headline[:1000], body))
    if not articles:
        raise DatasetError(f"{path}: no articles")
    return articles


def read_pairs(path: Path, known: set[str]) -> list[Pair]:
    """Tab-separated pairs ``doc_id_a doc_id_b topic same_story``; header optional."""
    pairs: list[Pair] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read pairs: {exc}") from exc
    first = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        fields = [f.strip() for f in line.rstrip("\r\n").split("\t")]
        if first and tuple(fields[:2]) == PAIRS_HEADER[:2]:
            first = False
            continue
        first = False
        if len(fields) != len(PAIRS_HEADER):
            raise DatasetError(
                f"{where}: expected 4 tab-separated fields "
                f"({' '.join(PAIRS_HEADER)}), found {len(fields)}"
            )
        a, b, _topic, same = fields
        if same not in ("0", "1"):
            raise DatasetError(f"{where}: same_story must be 0 or 1, not {same!r}")
        for doc_id in (a, b):
            if doc_id not in known:
                raise DatasetError(f"{where}: doc_id {doc_id!r} is not in the articles")
        if a == b:
            raise DatasetError(f"{where}: a pair of {a!r} with itself")
        pairs.append(Pair(a, b, same == "1"))
    if not pairs:
        raise DatasetError(f"{path}: no pairs")
    return pairs


# -- scores ----------------------------------------------------------------------------


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pairwise_scores(
    pairs: list[Pair], predicted: dict[str, object]
) -> tuple[float, float, float]:
    """Precision, recall and F1 of "same story" over the listed pairs."""
    counts: Counter = Counter()
    for pair in pairs:
        guess = predicted[pair.a] == predicted[pair.b]
        counts[(pair.same, guess)] += 1
    tp, fp, fn = counts[(True, True)], counts[(False, True)], counts[(True, False)]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, _f1(precision, recall)


def bcubed_scores(
    gold: dict[str, str], predicted: dict[str, object]
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of predicted clusters against gold labels."""
    joint = Counter((predicted[d], gold[d]) for d in gold)
    cluster_size = Counter(predicted[d] for d in gold)
    gold_size = Counter(gold.values())
    precision = recall = 0.0
    for (cluster, label), n in joint.items():
        # n articles share this cluster and label; each sees n correct neighbours.
        precision += n * n / cluster_size[cluster]
        recall += n * n / gold_size[label]
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, _f1(precision, recall)


# -- the run ---------------------------------------------------------------------------


@contextmanager
def temporary_database() -> Iterator[Path]:
    """Point the default connection at a fresh, migrated SQLite file, then restore.

    A new SQLite file is used whatever the configured database is: it needs no rights
    on a database server, cannot touch the user's data, and disappears afterwards.
    Only this thread's connection is swapped, so nothing else is affected.
    """
    with tempfile.TemporaryDirectory(prefix="wiredesk-eval-") as folder:
        path = Path(folder) / "eval.sqlite3"
        databases = connections.configure_settings(
            {
                "default": {
                    "ENGINE": "django.db.backends.sqlite3",
                    "NAME": str(path),
                    # A throw-away file: no need to wait for the disk.
                    "OPTIONS": {"init_command": "PRAGMA synchronous=OFF;"},
                }
            }
        )
        backend = load_backend(databases["default"]["ENGINE"])
        original = connections["default"]
        connections["default"] = backend.DatabaseWrapper(databases["default"])
        try:
            call_command("migrate", verbosity=0, interactive=False)
            yield path
        finally:
            connections["default"].close()
            connections["default"] = original


def refine_every(count: int) -> int:
    """Articles between two runs of the refinement job: its period in article time."""
    from wiredesk.stories.refine import EVERY

    step = SPAN / max(count, 1)
    return max(1, round(timedelta(seconds=EVERY) / step))


def cluster_articles(
    articles: list[Article],
    seed: int,
    progress: Progress | None = None,
    refine: bool = False,
) -> dict[str, int]:
    """Story id of each article, matched in a seeded order by production code.

    With ``refine`` the refinement job runs as the scheduler would run it: every
    ``refinement.EVERY`` seconds of article time, over what changed in the last two
    periods, and once more after the last article.
    """
    from wiredesk.ingest.models import Source, WireItem
    from wiredesk.ingest.store import store_items
    from wiredesk.ingest.wire import ParsedItem
    from wiredesk.stories import refine as refinement
    from wiredesk.stories.clustering import assign
    from wiredesk.stories.models import StoryItem

    order = list(articles)
    random.Random(seed).shuffle(order)
    step = SPAN / max(len(order), 1)
    every = refine_every(len(order))
    # Items are stamped with the real clock as they join; a run looks back over
    # the items joined since the run before the last, as two scheduler periods.
    runs: list[datetime] = [datetime.min.replace(tzinfo=UTC)] * 2

    def refine_now() -> None:
        runs.append(timezone.now())
        refinement.refine(since=runs[-3])

    for index, article in enumerate(order):
        when = BASE_TIME + index * step
        source = Source.objects.create(
            name=f"eval source {index + 1}",
            slug=f"eval-{index + 1}",
            agency=f"Agency {index + 1}",
            kind=Source.Kind.FILES,
            enabled=False,
        )
        parsed = ParsedItem(
            guid=article.doc_id,
            headline=article.headline,
            body_text=article.body,
            first_created=when,
            published=when,
        )
        report = store_items(source, [parsed])
        if report.errors:
            raise DatasetError(f"article {article.doc_id!r}: {report.errors[0][1]}")
        item = WireItem.objects.select_related("source").get(source=source)
        assign(item)
        if refine and (index + 1) % every == 0:
            refine_now()
        if progress:
            progress(index + 1, len(order))
    if refine:
        refine_now()
    # Read at the end: refinement may have moved an article since it was placed.
    story_of = dict(StoryItem.objects.values_list("item__guid", "story_id"))
    return {article.doc_id: story_of[article.doc_id] for article in order}


class StoriesEvaluation:
    """Evaluator registered as ``stories`` for `wiredesk eval`."""

    help = (
        "Group the articles of an ECB+-format set into stories with the production "
        "matcher and score them against their story_id labels."
    )

    @staticmethod
    def add_arguments(parser) -> None:
        parser.add_argument(
            "--articles",
            required=True,
            type=Path,
            metavar="FILE.jsonl",
            help="one JSON object a line: doc_id, story_id, title, text (ECB+ format)",
        )
        parser.add_argument(
            "--pairs",
            required=True,
            type=Path,
            metavar="FILE.tsv",
            help="tab-separated doc_id_a, doc_id_b, topic, same_story (0/1)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=0,
            help="seed of the order in which articles arrive (default 0)",
        )
        parser.add_argument(
            "--refine",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="run the periodic refinement job (stories.refine) between and "
            "after the articles, as the scheduler would; --no-refine: online "
            "matching only (default: as production, the STORY_REFINE setting)",
        )
        parser.add_argument(
            "--scorer",
            choices=sorted(SCORERS),
            default=None,
            help="story scorer to match with (default: the STORY_SCORER setting, "
            f"else {DEFAULT_SCORER})",
        )

    def __init__(self, options: dict) -> None:
        self.articles_path = Path(options["articles"])
        self.pairs_path = Path(options["pairs"])
        self.seed = int(options.get("seed") or 0)
        self.scorer = options.get("scorer") or None
        chosen = options.get("refine")
        self.refine = settings.STORY_REFINE if chosen is None else bool(chosen)

    def run(self, progress: Progress | None = None) -> dict[str, float | int]:
        articles = read_articles(self.articles_path)
        pairs = read_pairs(self.pairs_path, {a.doc_id for a in articles})
        # Later stages (drafting, desk) are not measured here: their tasks go to a
        # dummy backend instead of running or being stored.
        dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        chosen = {"STORY_SCORER": self.scorer} if self.scorer else {}
        log = logging.getLogger("wiredesk.stories")
        level = log.level
        log.setLevel(logging.WARNING)  # one line per article would drown the figures
        try:
            with temporary_database(), override_settings(TASKS=dummy, **chosen):
                predicted = cluster_articles(
                    articles, self.seed, progress, refine=self.refine
                )
        finally:
            log.setLevel(level)
        gold = {a.doc_id: a.story_id for a in articles}
        p, r, f = pairwise_scores(pairs, predicted)
        bp, br, bf = bcubed_scores(gold, predicted)
        return {
            "articles": len(articles),
            "pairs": len(pairs),
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "bcubed_precision": round(bp, 4),
            "bcubed_recall": round(br, 4),
            "bcubed_f1": round(bf, 4),
        }

    @staticmethod
    def table(figures: dict) -> Table:
        """The figures as a rich table: pairwise and B-cubed precision, recall, F1."""
        table = Table(
            title="wiredesk eval stories",
            caption=f"{figures['articles']} articles, {figures['pairs']} pairs",
        )
        for column in ("measure", "precision", "recall", "F1"):
            table.add_column(column, justify="left" if column == "measure" else "right")
        for label, prefix in (("pairwise", ""), ("B-cubed", "bcubed_")):
            table.add_row(
                label,
                *(f"{figures[prefix + k]:.4f}" for k in ("precision", "recall", "f1")),
            )
        return table
