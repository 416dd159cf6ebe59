"""Share links: each network gets the article's address and headline encoded as
urllib would encode them (reader/share.py encodes ASCII text itself, faster)."""

from __future__ import annotations

import random
from urllib.parse import quote, quote_plus, urlencode

from wiredesk.reader.share import quote_all, quote_all_plus, share_links


def test_encoding_matches_urllib_for_any_text():
    """Every ASCII character, and random text mixing ASCII with other scripts."""
    every = "".join(chr(c) for c in range(128))
    assert quote_all(every) == quote(every, "")
    assert quote_all_plus(every) == quote_plus(every, "")
    rng = random.Random(4)
    for _ in range(5000):
        text = "".join(
            chr(
                rng.randrange(128) if rng.random() < 0.7 else rng.randrange(128, 0x3000)
            )
            for _ in range(rng.randrange(30))
        )
        assert quote_all(text) == quote(text, "")
        assert quote_all_plus(text) == quote_plus(text, "")


def test_links_carry_the_encoded_address_and_headline():
    url = "https://news.example.org/news/7/rains-return/"
    title = "Rains return & farmers plant: «a relief»"
    links = dict(share_links(url, title))
    assert links["X"] == "https://x.com/intent/post?" + urlencode(
        {"url": url, "text": title}
    )
    assert links["Facebook"].endswith(
        "?u=https%3A%2F%2Fnews.example.org%2Fnews%2F7%2Frains-return%2F"
    )
    assert links["WhatsApp"] == (
        f"https://wa.me/?text={quote(title, '')}%20{quote(url, '')}"
    )
    assert links["Email"].startswith("mailto:?subject=Rains%20return%20%26%20farmers")
