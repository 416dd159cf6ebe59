"""Build ``data/common_words.txt``: the words news copy writes in lower case.

    python -m wiredesk.drafting.backends.common_words_build --corpus DIR

The source check must tell a common word opening a sentence ("Officials said",
"Sluggish sales") from a name there ("Putin said"); both are capitalised. A word
is common when running news copy writes it in lower case at least ``MIN_LOWER``
times and ``RATIO`` times as often as capitalised inside a sentence, so names that
are also words ("Trump", "Musk", "Brown", "King") stay names. Counted over
Reuters-21578 train, ECB+ and the open-news set of ``DIR`` (the BBC set is held
out to measure the check on its headlines). Only the word list is written, never
copy: words of letters only, one a line, sorted.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from wiredesk.drafting.backends.source_check import COMMON_WORDS_FILE

MIN_LOWER = 3
RATIO = 2.0
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’][sS]?$")
_SENTENCE_END = ".!?:;—–\"'“‘([«"


def _texts(corpus: Path) -> Iterator[str]:
    with (corpus / "reuters21578" / "reuters21578-train.jsonl").open() as lines:
        yield from (json.loads(line)["body"] for line in lines)
    with (corpus / "ecbplus-stories" / "ecbplus-stories.jsonl").open() as lines:
        for line in lines:
            yield from json.loads(line)["text"].split("\n")
    for name in ("wcep-briefs-2025q1.jsonl", "wikinews-gum.jsonl"):
        with (corpus / "open-news" / name).open() as lines:
            yield from (json.loads(line)["text"] for line in lines)


def common_words(texts: Iterator[str]) -> list[str]:
    """Words written lower case often, and seldom capitalised mid-sentence."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for text in texts:
        for match in _WORD.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()].rstrip()
            if not before or before[-1] in _SENTENCE_END:
                continue  # a sentence's first word is capitalised whatever it is
            for part in match.group().split("-"):
                part = _POSSESSIVE.sub("", part)
                if len(part) < 2:
                    continue
                if part.islower():
                    lower[part] += 1
                elif part[0].isupper():
                    capital[part.lower()] += 1
    return sorted(
        word
        for word, count in lower.items()
        if count >= MIN_LOWER
        and count >= RATIO * capital[word]
        and word.isascii()
        and word.isalpha()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    args = parser.parse_args()
    words = common_words(_texts(args.corpus))
    header = (
        "# Words news copy writes in lower case (common_words_build.py): "
        f"{len(words)} words\n"
    )
    COMMON_WORDS_FILE.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {COMMON_WORDS_FILE}")


if __name__ == "__main__":
    main()
