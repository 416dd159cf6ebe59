"""`wiredesk eval stories`: the production matcher scored on an ECB+-format set.

The small set below is invented for these tests: two earthquakes (one told in a way
that shares nothing with its own story), and a budget item without a title.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.stories.evaluation import Pair, bcubed_scores, pairwise_scores

KELSBROOK = (
    "Earthquake of magnitude 6.4 shakes Kelsbrook",
    "An earthquake of magnitude 6.4 struck Kelsbrook in Varnia on March 12, 2024, "
    "the Varnia Seismic Office said. Mayor Odile Parrin said 140 homes collapsed "
    "in Kelsbrook and rescuers from Tovan joined the search.",
)
KELSBROOK_2 = (
    "Kelsbrook quake leaves 140 homes in ruins",
    "Rescuers from Tovan searched collapsed homes in Kelsbrook after a magnitude "
    "6.4 earthquake hit Varnia in March 2024. Mayor Odile Parrin asked for tents, "
    "according to the Varnia Seismic Office.",
)
KELSBROOK_ASIDE = (
    "Volunteers hand out blankets",
    "Volunteers handed out blankets and soup to families sleeping outdoors.",
)
DUNMORE = (
    "Strong tremor rattles Dunmore Valley",
    "A magnitude 5.2 earthquake rattled Dunmore Valley in Eskland in October 2019, "
    "the Eskland Geological Survey reported. Governor Bram Tiller said 35 houses "
    "were damaged near Loch Ardry.",
)
DUNMORE_2 = (
    "Dunmore Valley counts damage after earthquake",
    "Governor Bram Tiller toured Loch Ardry, where 35 houses were damaged when a "
    "5.2 magnitude earthquake struck Dunmore Valley in Eskland in October 2019.",
)
BUDGET = (
    "",
    "Parliament of Oskaria passes 2025 budget\n"
    "Finance Minister Lena Hovik won approval for a budget of 48 billion crowns.",
)
ARTICLES = {
    "k1": ("quake_k", KELSBROOK),
    "k2": ("quake_k", KELSBROOK_2),
    "k3": ("quake_k", KELSBROOK_ASIDE),
    "d1": ("quake_d", DUNMORE),
    "d2": ("quake_d", DUNMORE_2),
    "b1": ("budget", BUDGET),
}
QUAKES = ["k1", "k2", "k3", "d1", "d2"]


def _write_set(folder, pairs_lines: list[str] | None = None):
    articles = folder / "articles.jsonl"
    articles.write_text(
        "\n".join(
            json.dumps(
                {
                    "doc_id": doc_id,
                    "topic": 1,
                    "subcorpus": "test",
                    "story_id": story_id,
                    "url": "",
                    "title": title,
                    "text": text,
                }
            )
            for doc_id, (story_id, (title, text)) in ARTICLES.items()
        )
        + "\n",
        encoding="utf-8",
    )
    if pairs_lines is None:
        pairs_lines = [
            f"{a}\t{b}\t1\t{int(ARTICLES[a][0] == ARTICLES[b][0])}"
            for i, a in enumerate(QUAKES)
            for b in QUAKES[i + 1 :]
        ]
    pairs = folder / "pairs.tsv"
    pairs.write_text(
        "doc_id_a\tdoc_id_b\ttopic\tsame_story\n" + "\n".join(pairs_lines) + "\n",
        encoding="utf-8",
    )
    return articles, pairs


def _eval(django_db_blocker, articles, pairs, *extra: str) -> str:
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command(
            "eval",
            "stories",
            "--articles",
            str(articles),
            "--pairs",
            str(pairs),
            *extra,
            stdout=out,
        )
    return out.getvalue()


@pytest.mark.parametrize("seed", ["0", "3"])
def test_small_set_gives_the_expected_figures(tmp_path, django_db_blocker, seed):
    """Two quakes stay apart, the aside starts its own story: exact figures.

    Predicted {k1 k2} {k3} {d1 d2} {b1}: both predicted pairs are right (precision
    1), two of the four same-story pairs are found (recall 0.5); B-cubed recall is
    (2/3 + 2/3 + 1/3 + 1 + 1 + 1) / 6.
    """
    articles, pairs = _write_set(tmp_path)
    figures = json.loads(
        _eval(django_db_blocker, articles, pairs, "--json", "--seed", seed)
    )
    assert figures == {
        "articles": 6,
        "pairs": 10,
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "bcubed_precision": 1.0,
        "bcubed_recall": 0.7778,
        "bcubed_f1": 0.875,
    }


def test_json_prints_exactly_the_contract_keys(tmp_path, django_db_blocker):
    """--json prints one JSON object with the documented keys and nothing else."""
    articles, pairs = _write_set(tmp_path)
    output = _eval(django_db_blocker, articles, pairs, "--json")
    assert len(output.strip().splitlines()) == 1
    assert list(json.loads(output)) == [
        "articles",
        "pairs",
        "precision",
        "recall",
        "f1",
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
    ]


def test_table_shows_pairwise_and_bcubed(tmp_path, django_db_blocker):
    """Without --json the figures are printed as a table."""
    articles, pairs = _write_set(tmp_path)
    output = _eval(django_db_blocker, articles, pairs)
    assert "pairwise" in output and "B-cubed" in output and "0.6667" in output


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("k1\tk2\t1", "expected 4 tab-separated fields"),
        ("k1\tk2\t1\tyes", "same_story must be 0 or 1"),
        ("k1\tnobody\t1\t0", "'nobody' is not in the articles"),
    ],
)
def test_malformed_pairs_line_names_file_and_line(
    tmp_path, django_db_blocker, line, message
):
    """A bad pairs line is a clear error naming the file and the line number."""
    articles, pairs = _write_set(tmp_path, ["k1\tk2\t1\t1", line])
    with pytest.raises(CommandError) as error:
        _eval(django_db_blocker, articles, pairs, "--json")
    assert f"{pairs}:3:" in str(error.value)
    assert message in str(error.value)


def test_malformed_article_line_names_file_and_line(tmp_path, django_db_blocker):
    """An article line that is not JSON, or lacks its story_id, names its line."""
    articles, pairs = _write_set(tmp_path)
    with articles.open("a", encoding="utf-8") as f:
        f.write('{"doc_id": "x9", "text": "No label here."}\n')
    with pytest.raises(CommandError, match=rf"{articles}:7: missing field 'story_id'"):
        _eval(django_db_blocker, articles, pairs, "--json")


def test_scores_on_a_known_example():
    """Pairwise and B-cubed scores of a hand-computed example."""
    predicted = {"a": 1, "b": 1, "c": 1, "d": 2}
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    pairs = [Pair("a", "b", True), Pair("a", "c", False), Pair("c", "d", True)]
    assert pairwise_scores(pairs, predicted) == (0.5, 0.5, 0.5)
    precision, recall, _ = bcubed_scores(gold, predicted)
    assert precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert recall == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)


def test_development_set_stays_above_its_floor(corpus, django_db_blocker):
    """Regression guard on the ECB+ development set (seed 0), a little under today."""
    folder = corpus / "ecbplus-stories"
    figures = json.loads(
        _eval(
            django_db_blocker,
            folder / "ecbplus-stories.jsonl",
            folder / "ecbplus-pairs.tsv",
            "--json",
        )
    )
    assert figures["articles"] == 509 and figures["pairs"] == 5972
    assert figures["f1"] >= 0.83
    assert figures["bcubed_f1"] >= 0.86


@pytest.mark.parametrize("scorer", ["centroid", "who-where-when"])
def test_another_registered_scorer_can_be_measured(tmp_path, django_db_blocker, scorer):
    """--scorer runs the production path with that scorer: the quakes stay apart."""
    articles, pairs = _write_set(tmp_path)
    figures = json.loads(
        _eval(django_db_blocker, articles, pairs, "--json", "--scorer", scorer)
    )
    assert figures["articles"] == 6 and figures["precision"] == 1.0


def test_an_unknown_scorer_is_refused(tmp_path, django_db_blocker):
    """A scorer name that is not registered is an error naming the choices."""
    articles, pairs = _write_set(tmp_path)
    with pytest.raises(CommandError, match="entity-agreement"):
        _eval(django_db_blocker, articles, pairs, "--json", "--scorer", "embedding")
