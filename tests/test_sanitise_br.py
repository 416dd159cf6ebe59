"""clean_html's paragraph breaks at <br> runs: linear time on huge runs, markup a
browser reads as written, and a second cleaning that changes nothing."""

from __future__ import annotations

import random
from html.parser import HTMLParser

import pytest

from wiredesk.ingest.sanitise import clean_html

REL = 'rel="noopener noreferrer nofollow"'
N = 100_000  # <br> in a run: a quadratic pass would take many minutes on these


def test_long_br_run_in_a_table_cell_is_kept_in_linear_time():
    """A cell of a scraped page with 100,000 <br> is stored as it is, quickly."""
    raw = "<table><tr><td>a" + "<br>" * N + "b</td></tr></table>"
    assert clean_html(raw) == (
        "<table><tbody><tr><td>a" + "<br>" * N + "b</td></tr></tbody></table>"
    )


def test_long_br_run_in_a_quote_is_kept_in_linear_time():
    """Quotes keep their runs of <br>, however long."""
    raw = "<blockquote>a" + "<br>\n" * N + "b</blockquote>"
    assert clean_html(raw) == raw


def test_many_br_runs_in_a_paragraph_make_as_many_paragraphs():
    """100,000 "<br><br>" in one <p> make 100,001 paragraphs, quickly."""
    raw = "<p>a" + "<br><br>x" * N + "b</p>"
    assert clean_html(raw) == "<p>a</p>" + "<p>x</p>" * (N - 1) + "<p>xb</p>"


def test_many_br_runs_in_bare_text_make_as_many_paragraphs():
    """Loose text with 100,000 "<br><br>" is wrapped and split, quickly."""
    raw = "a" + "<br><br>x" * N
    assert clean_html(raw) == "<p>a</p>" + "<p>x</p>" * N


def test_many_leading_br_runs_are_dropped_in_linear_time():
    """Runs before anything is shown are spacing: dropped, with no empty <p>."""
    raw = "<p>" + "<br><br><span></span>" * N + "Text.</p>"
    assert clean_html(raw) == "<p>" + "<span></span>" * N + "Text.</p>"


def test_deeply_nested_inline_markup_is_not_reopened_at_every_run():
    """Closing and reopening 40 elements at each of 2,000 runs would store
    megabytes from a few kilobytes: such runs stay line breaks."""
    raw = "<p>" + "<b>" * 40 + "x<br><br>" * 2000 + "y" + "</b>" * 40 + "</p>"
    assert clean_html(raw) == raw


def test_a_long_link_is_not_copied_at_every_run():
    """A 2 KB link around 5,000 runs would be copied 5,000 times (10 MB from
    50 KB): the runs stay, and cleaning again keeps them. A link across a few
    runs is still reopened in each paragraph."""
    link = '<a href="https://example.org/' + "x" * 2000 + '" ' + REL + ">"
    raw = "<p>" + link + "w<br><br>" * 5000 + "</a></p>"
    out = clean_html(raw)
    assert out == raw
    assert clean_html(out) == out
    link = f'<a href="https://example.org/report" {REL}>'
    out = clean_html(f"<p>{link}One.<br><br>Two.<br><br>Three.</a></p>")
    assert out == (f"<p>{link}One.</a></p><p>{link}Two.</a></p><p>{link}Three.</a></p>")


def test_inline_element_holding_a_block_is_not_wrapped_in_a_paragraph():
    """A <p> around a <span> holding a <blockquote> is cut by the quote: the
    browser closes the span early and leaves a stray empty paragraph."""
    raw = (
        '<span>The minister spoke.<br><br>"We will act," she said.'
        "<blockquote>Full statement.</blockquote>Officials declined to comment."
        "</span>"
    )
    out = clean_html(raw)
    assert out == raw
    assert clean_html(out) == out
    assert _parsed_as_written(out)


def test_loose_text_before_an_inline_element_holding_a_block_is_wrapped():
    """The loose text before such an element still gets its paragraphs."""
    out = clean_html(
        "Rates held.<br><br>Markets rose.<i>Table:<table><tr><td>1%</td></tr>"
        "</table></i>"
    )
    assert out == (
        "<p>Rates held.</p><p>Markets rose.</p><i>Table:<table><tbody><tr>"
        "<td>1%</td></tr></tbody></table></i>"
    )
    assert clean_html(out) == out


@pytest.mark.parametrize(
    "raw",
    [
        "<h2><div><h2>Results</h2></div></h2>",  # nh3 keeps an <h2> in an <h2>
        "<p><object><ul><li>Maize</li></ul></object></p>",  # a list in a <p>
        "<ul><li>One<section><li>Two</li></section></li></ul>",
        "<pre>\n\n  indented line</pre>",  # html5ever drops a leading newline
    ],
)
def test_cleaning_twice_changes_nothing_where_nh3_alone_would(raw):
    """The desk cleans the body on every save: stored markup must not drift."""
    once = clean_html(raw)
    assert clean_html(once) == once
    assert _parsed_as_written(once)


def test_leading_newline_of_preformatted_text_is_kept():
    """A blank first line of a <pre> survives cleaning, and cleaning again."""
    out = clean_html("<pre>\n\n  x = 1</pre>")
    assert out == "<pre>\n\n  x = 1</pre>"
    assert clean_html(out) == out


_INLINE = ["b", "i", "em", "strong", "span", "q", "code", "a"]
_BLOCK = ["p", "blockquote", "ul", "li", "h2", "h3", "pre", "figure", "td"]
_DROPPED = ["div", "section", "font"]  # nh3 keeps their content
_LEAVES = [
    "word", "two words", " ", "\n", "&nbsp;", "<br>", "<br/>", "<br><br>",
    "<br> <br>", "<br>&nbsp;<br>", "<br><br><br>", '<img src="http://x/i.png">',
    "<hr>",
]  # fmt: skip


def _generated(rng: random.Random) -> str:
    """A fragment of text, <br> runs and nested inline and block elements, with
    now and then a stray closing tag or one left open."""
    parts: list[str] = []
    stack: list[str] = []
    for _ in range(rng.randint(2, 30)):
        roll = rng.random()
        if roll < 0.45:
            parts.append(rng.choice(_LEAVES))
        elif roll < 0.8:
            tag = rng.choice(_INLINE if roll < 0.62 else _BLOCK + _DROPPED)
            if tag == "td":
                parts.append("<table><tr><td>")
                stack.append("td></tr></table")
            else:
                parts.append('<a href="http://x/">' if tag == "a" else f"<{tag}>")
                stack.append(tag)
        elif stack and roll < 0.97:
            parts.append(f"</{stack.pop()}>")
        else:
            parts.append(f"</{rng.choice(_INLINE + _BLOCK)}>")
    if rng.random() < 0.7:
        parts.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(parts)


class _Tags(HTMLParser):
    """The start and end tags of markup as written; whether they are balanced."""

    VOID = frozenset({"br", "img", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str]] = []
        self.open: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        if not self.open or self.open.pop() != tag:
            self.balanced = False


def _parsed_as_written(markup: str) -> bool:
    """Whether ``markup`` has balanced tags and an HTML parser builds the elements
    as written (no element closed early, moved or added)."""
    written = _Tags()
    written.feed(markup)
    written.close()
    if not written.balanced or written.open:
        return False
    try:
        import html5lib
    except ImportError:  # html.parser alone: balanced is all it can tell
        return True
    tree = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    events: list[tuple[str, str]] = []
    todo: list = [(child, False) for child in reversed(list(tree))]
    while todo:
        element, closing = todo.pop()
        if closing:
            events.append(("end", element.tag))
            continue
        events.append(("start", element.tag))
        if element.tag not in _Tags.VOID:
            todo.append((element, True))
            todo.extend((child, False) for child in reversed(list(element)))
    return events == written.events


def test_cleaning_generated_markup_twice_changes_nothing():
    """For 3,000 generated fragments the cleaned markup is what a browser builds
    from it, and cleaning it again gives it back unchanged."""
    rng = random.Random(82)
    failures = []
    for _ in range(3000):
        raw = _generated(rng)
        once = clean_html(raw)
        if clean_html(once) != once or not _parsed_as_written(once):
            failures.append((raw, once, clean_html(once)))
    assert failures[:3] == []
    assert not failures
