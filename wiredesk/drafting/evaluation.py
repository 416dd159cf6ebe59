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
primary country with the first listed place that names a country, over articles
that have one.

Any file of the format can be scored: missing fields are empty, a line with no
headline and no body is skipped, and place codes the table does not know (nor
pycountry, as an ISO code or name) are ignored and counted; an article whose
places are all unknown is skipped. With ``--json`` the counts appear as
``skipped`` and ``unknown_places`` only when not zero. Malformed lines (not JSON,
a non-string field, ``places`` not a list of strings) stop the run with an error
naming the file and line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class Articles:
    """The articles of a file to score, and what was left out and why."""

    articles: list[Article]
    skipped: int = 0  # no headline and no body, or only unknown place codes
    unknown_places: Counter[str] = field(default_factory=Counter)


def _text(row: dict, name: str, where: str) -> str:
    value = row.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DatasetError(f"{where}: field {name!r} must be a string")
    return value


def _places(row: dict, where: str) -> list[str]:
    value = row.get("places")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise DatasetError(f"{where}: field 'places' must be a list of strings")
    return [code.strip() for code in value if code.strip()]


def read(path: Path) -> Articles:
    """The articles of a Reuters-21578-format JSON-lines file.

    A missing ``title``, ``dateline`` or ``body`` is empty and missing ``places``
    are none; a line with neither headline nor body is skipped. A place code that
    is neither in the Reuters table nor a country's ISO code or name is counted
    as unknown; an article whose places are all unknown is skipped, since scoring
    its tags against no gold would count every one of them wrong.
    """
    read_ = Articles([])
    known = places.reuters_codes()
    for where, row in json_lines(path):
        headline, body = _text(row, "title", where), _text(row, "body", where)
        dateline = _text(row, "dateline", where)
        codes = _places(row, where)
        gold: list[str] = []
        unknown: list[str] = []
        for value in codes:
            code = places.country_code(value)
            if code and code not in gold:
                gold.append(code)
            elif code is None and value.lower() not in known:
                unknown.append(value)
        read_.unknown_places.update(unknown)
        if not (headline.strip() or body.strip()) or (unknown and not gold):
            read_.skipped += 1
            continue
        read_.articles.append(Article(headline, dateline, body, gold))
    if not read_.articles:
        left = f" ({read_.skipped} skipped)" if read_.skipped else ""
        raise DatasetError(f"{path}: no articles to score{left}")
    return read_


def read_articles(path: Path) -> list[Article]:
    """The articles of a Reuters-21578-format JSON-lines file (see ``read``)."""
    return read(path).articles


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
        """The figures; "skipped" and "unknown_places" (distinct codes) are added
        only when the file had such lines, so a clean file gives the five keys."""
        found = read(self.path)
        figures = score(found.articles, progress)
        if found.skipped:
            figures["skipped"] = found.skipped
        if found.unknown_places:
            figures["unknown_places"] = len(found.unknown_places)
        return figures

    @staticmethod
    def table(figures: dict) -> Table:
        """The figures as a rich table."""
        caption = f"{figures['articles']} articles"
        if figures.get("skipped"):
            caption += f", {figures['skipped']} skipped"
        if figures.get("unknown_places"):
            caption += f", {figures['unknown_places']} unknown place codes"
        table = Table(
            title="wiredesk eval countries",
            caption=caption + "; micro-averaged over (article, country); primary "
            "against the first listed country",
        )
        table.add_column("measure")
        table.add_column("value", justify="right")
        for key in ("precision", "recall", "f1", "primary_accuracy"):
            table.add_row(key.replace("_", " "), f"{figures[key]:.4f}")
        return table
