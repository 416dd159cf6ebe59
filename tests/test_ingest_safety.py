"""Hostile documents: XML entity tricks and dangerous HTML never get through."""

from __future__ import annotations

import pytest

from tests.conftest import rss
from wiredesk.ingest import xmlsafe
from wiredesk.ingest.pipeline import parse_document
from wiredesk.ingest.sanitise import clean_html

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><guid>x1</guid>
<title>Leak &secret;</title><description>body &secret;</description></item>
</channel></rss>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title><item><guid>x1</guid>
<title>&lol9;</title><description>b</description></item></channel></rss>"""


def all_text(data: bytes) -> str:
    try:
        feed = parse_document(data, name="hostile.xml")
    except Exception as exc:  # a refusal is fine; leaking is not
        return str(exc)
    return " ".join(f"{i.headline} {i.body_html} {i.body_text}" for i in feed.items)


def test_external_entities_are_not_resolved():
    """An XXE document never pulls a local file into an item."""
    assert "root:" not in all_text(XXE)


def test_entity_expansion_bomb_is_not_expanded():
    """A billion-laughs document does not blow up into gigabytes of text."""
    text = all_text(LAUGHS)
    assert len(text) < 100_000
    assert "lollollollollollollollollollol" not in text


def test_hardened_parser_loads_no_dtd_and_no_network():
    """The shared XML parser resolves no entities and loads no DTD."""
    root = xmlsafe.parse(
        b'<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a>&ext;</a>'.replace(
            b"&ext;", b"x"
        )
    )
    assert root.text == "x"
    root = xmlsafe.parse(XXE)
    assert "root:" not in "".join(root.itertext())


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://evil.example/"></iframe>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<img src="x" onerror="alert(1)">',
        "<object data='x.swf'></object><embed src='x.swf'>",
        '<form action="https://evil.example/"><input name="pw"></form>',
        "<style>body{display:none}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_dangerous_html_is_removed(html):
    """Frames, scripts in URLs, handlers, plug-ins, forms and styles are stripped."""
    cleaned = clean_html(html).lower()
    for marker in ("iframe", "vbscript", "data:", "onerror", "object", "embed",
                   "form", "<input", "style", "javascript"):  # fmt: skip
        assert marker not in cleaned


def test_sanitised_on_the_way_in(db):
    """Markup in a stored item is already safe: the page never sees a script."""
    from wiredesk.ingest.models import Source, WireItem
    from wiredesk.ingest.store import store_items

    feed = parse_document(
        rss(("s1", "Plain <b>headline</b>", "<p>Body</p><script>steal()</script>"))
    )
    source = Source.objects.create(name="S", slug="s", agency="S")
    store_items(source, feed.items)
    item = WireItem.objects.get()
    assert item.headline == "Plain headline"
    assert "script" not in item.body_html and "steal" not in item.body_text
