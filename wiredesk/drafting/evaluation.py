"""`wiredesk eval countries`: how well the production tagger finds story countries.

Reads Reuters-21578-format JSON lines (``title``, ``dateline``, ``body`` and
``places``, a list of Reuters place codes) and runs ``countries.tag`` -- the code
drafting uses -- on headline, dateline and body; the gold places are never shown
to it. Gold codes become ISO countries through ``data/reuters_places.tsv``
(historical states included); a code that names no country is left out.

Scores are micro-averaged over (article, country) pairs. Articles without places
count too: they have no gold countries, so whatever the tagger finds there is a
false positive. Many such Reuters articles were simply never indexed, which makes
this strict, but skipping them would hide every tag the tagger invents for copy
that is about nowhere in particular. Primary accuracy compares the tagger's
primary country with the first listed place, over articles that have one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from wiredesk.datasets import DatasetError, json_lines
from wiredesk.drafting import countries, places

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Article:
    headline: str
    dateline: str
    body: str
    gold: list[str]  # ISO codes, first listed place first


def _text(row: dict, name: str, where: str) -> str:
    value = row.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DatasetError(f"{where}: field {name!r} must be a string")
    return value


def read_articles(path: Path) -> list[Article]:
    """Articles of a Reuters-21578-format JSON-lines file."""
    articles: list[Article] = []
    for where, row in json_lines(path):
        codes = row.get("places", [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise DatasetError(f"{where}: field 'places' must be a list of strings")
        gold: list[str] = []
        for value in codes:
            code = places.country_code(value)
            if code and code not in gold:
                gold.append(code)
        articles.append(
            Article(
                headline=_text(row, "title", where),
                dateline=_text(row, "dateline", where),
                body=_text(row, "body", where),
                gold=gold,
            )
        )
    if not articles:
        raise DatasetError(f"{path}: no articles")
    return articles


def score(
    articles: list[Article], progress: Progress | None = None
) -> dict[str, float | int]:
    """Micro precision, recall, F1 over (article, country) and primary accuracy."""
    tp = fp = fn = 0
    primary_right = primary_total = 0
    for index, article in enumerate(articles, 1):
        found = countries.tag(article.headline, article.body, dateline=article.dateline)
        predicted, gold = set(found.countries), set(article.gold)
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        if article.gold:
            primary_total += 1
            primary_right += found.primary == article.gold[0]
        if progress and (index % 500 == 0 or index == len(articles)):
            progress(index, len(articles))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(articles),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "primary_accuracy": round(
            primary_right / primary_total if primary_total else 0.0, 4
        ),
    }


class CountriesEvaluation:
    """Evaluator registered as ``countries`` for `wiredesk eval`."""

    help = (
        "Tag the countries of Reuters-21578-format articles with the production "
        "tagger and score them against their places."
    )

    @staticmethod
    def add_arguments(parser) -> None:
        parser.add_argument(
            "--reuters",
            required=True,
            type=Path,
            metavar="FILE.jsonl",
            help="one JSON object a line: title, dateline, body, places "
            "(Reuters place codes such as usa, west-germany)",
        )

    def __init__(self, options: dict) -> None:
        self.path = Path(options["reuters"])

    def run(self, progress: Progress | None = None) -> dict[str, float | int]:
        return score(read_articles(self.path), progress)

    @staticmethod
    def table(figures: dict) -> Table:
        """The figures as a rich table."""
        table = Table(
            title="wiredesk eval countries",
            caption=f"{figures['articles']} articles; micro-averaged over "
            "(article, country); primary against the first listed place",
        )
        table.add_column("measure")
        table.add_column("value", justify="right")
        for key in ("precision", "recall", "f1", "primary_accuracy"):
            table.add_row(key.replace("_", " "), f"{figures[key]:.4f}")
        return table
