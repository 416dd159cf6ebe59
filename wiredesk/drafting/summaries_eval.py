"""`wiredesk eval summaries`: how close the production standfirst is to a reference.

Every article of a BBC-News-Summary-format set (JSON lines with ``body`` and
``summary``; ``id``, ``category`` and ``title`` are optional) gets a standfirst of at
most N words from ``standfirst.summarise`` -- the function that runs in production --
scored against the reference summary by ROUGE-1, ROUGE-2 and ROUGE-L F1 with Porter
stemming, averaged over articles. Beside it, in the same run, the lead baseline:
the first N words of the body, the usual yardstick for news.

The released references glue some sentences together ("...$10.9bn.For the
full-year..."); a space is put back after a full stop, question or exclamation mark
followed by a capital or an opening quote before scoring.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from rich.table import Table

from wiredesk.datasets import DatasetError, json_lines
from wiredesk.drafting import rouge, standfirst

Progress = Callable[[int, int], None]
MEASURES = ("rouge1", "rouge2", "rougeL")
_GLUED_STOP = re.compile(r"([.!?])(?=[\"'“‘]?[A-Z])")


def normalise_reference(text: str) -> str:
    """``text`` with a space after every sentence stop glued to the next sentence."""
    return _GLUED_STOP.sub(r"\1 ", text)


def lead(text: str, words: int) -> str:
    """The first ``words`` words of ``text``: the lead baseline."""
    return " ".join(text.split()[:words])


def _text(row: dict, name: str, where: str) -> str:
    value = row.get(name)
    if not isinstance(value, str) or not value.strip():
        raise DatasetError(f"{where}: field {name!r} must be a non-empty string")
    return value


def read_articles(path: Path) -> list[tuple[str, str]]:
    """(body, reference summary) of each article of a JSON-lines file."""
    articles = [
        (_text(row, "body", where), _text(row, "summary", where))
        for where, row in json_lines(path)
    ]
    if not articles:
        raise DatasetError(f"{path}: no articles")
    return articles


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


class SummariesEvaluation:
    """Evaluator registered as ``summaries`` for `wiredesk eval`."""

    help = (
        "Write a standfirst for every article of a BBC-News-Summary-format set with "
        "the production summariser and score it against the reference summaries "
        "(ROUGE-1/2/L F1, stemmed), beside the lead baseline of the same length."
    )

    @staticmethod
    def add_arguments(parser) -> None:
        parser.add_argument(
            "--bbc",
            required=True,
            type=Path,
            metavar="FILE.jsonl",
            help="one JSON object a line with body and summary (BBC News Summary)",
        )
        parser.add_argument(
            "--words",
            type=_positive,
            default=standfirst.MAX_WORDS,
            metavar="N",
            help=f"most words of a standfirst (default {standfirst.MAX_WORDS})",
        )

    def __init__(self, options: dict) -> None:
        self.path = Path(options["bbc"])
        self.words = int(options.get("words") or standfirst.MAX_WORDS)

    def run(self, progress: Progress | None = None) -> dict[str, float | int]:
        articles = read_articles(self.path)
        totals = dict.fromkeys(MEASURES, 0.0)
        lead_totals = dict.fromkeys(MEASURES, 0.0)
        for index, (body, summary) in enumerate(articles, 1):
            reference = normalise_reference(summary)
            ours = rouge.score(standfirst.summarise(body, self.words), reference)
            baseline = rouge.score(lead(body, self.words), reference)
            for measure in MEASURES:
                totals[measure] += getattr(ours, measure)
                lead_totals[measure] += getattr(baseline, measure)
            if progress:
                progress(index, len(articles))
        n = len(articles)
        figures: dict[str, float | int] = {"articles": n}
        figures.update({m: round(totals[m] / n, 4) for m in MEASURES})
        figures.update({f"lead_{m}": round(lead_totals[m] / n, 4) for m in MEASURES})
        return figures

    @staticmethod
    def table(figures: dict) -> Table:
        """ROUGE F1 of the standfirst and of the lead baseline, side by side."""
        table = Table(
            title="wiredesk eval summaries",
            caption=f"{figures['articles']} articles; F1, Porter-stemmed",
        )
        for column in ("method", "ROUGE-1", "ROUGE-2", "ROUGE-L"):
            table.add_column(column, justify="left" if column == "method" else "right")
        for label, prefix in (("standfirst", ""), ("lead baseline", "lead_")):
            table.add_row(label, *(f"{figures[prefix + m]:.4f}" for m in MEASURES))
        return table
