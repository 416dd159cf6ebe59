"""Sanitising of untrusted agency HTML (nh3 allow-list) and its plain-text form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.sanitise import clean_html, clean_text, html_to_text, text_to_html

REL = 'rel="noopener noreferrer nofollow"'


def test_script_element_and_its_content_are_dropped():
    """A <script> disappears with its code; the surrounding text stays."""
    out = clean_html("<p>Rates held<script>alert('x')</script> steady.</p>")
    assert out == "<p>Rates held steady.</p>"


@pytest.mark.parametrize(
    "raw",
    [
        '<p onclick="steal()">Text</p>',
        '<p onmouseover="steal()" onfocus="x()">Text</p>',
        '<a href="https://example.org/" onclick="steal()">Text</a>',
        '<img src="https://example.org/a.jpg" onerror="steal()" alt="Text">',
    ],
)
def test_event_handler_attributes_are_dropped(raw):
    """No on* attribute (onclick, onerror...) survives sanitising."""
    out = clean_html(raw)
    assert " on" not in out
    assert "steal" not in out
    assert "Text" in out


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_script_urls_lose_their_href(href):
    """Links to javascript:, data: and other non-web schemes keep text but no href."""
    out = clean_html(f'<a href="{href}">click</a>')
    assert "href" not in out
    assert "script" not in out.lower()
    assert ">click</a>" in out


def test_image_with_javascript_src_keeps_no_src():
    """An <img src="javascript:..."> is stripped of its source."""
    assert "src" not in clean_html('<img src="javascript:alert(1)" alt="x">')


def test_style_element_and_style_attribute_are_dropped():
    """Neither a <style> block nor a style="" attribute survives; the text does."""
    out = clean_html(
        '<style>body{display:none}</style><p style="color:red">Visible</p>'
    )
    assert out == "<p>Visible</p>"


@pytest.mark.parametrize(
    "raw",
    [
        '<iframe src="https://evil.example/"></iframe>',
        "<object data='x.swf'></object>",
        "<svg><script>alert(1)</script></svg>",
        "<form action='/x'><input name='q'></form>",
    ],
)
def test_foreign_embedding_markup_is_removed(raw):
    """Iframes, objects, SVG and forms are not part of a news article."""
    out = clean_html(raw + "<p>ok</p>")
    assert out == "<p>ok</p>"


def test_article_structure_is_kept():
    """Paragraphs, strong/em and plain links come through unchanged in structure."""
    out = clean_html(
        "<p>The <strong>central bank</strong> said <em>on Monday</em>: "
        '<a href="https://example.org/report">read the report</a>.</p>'
    )
    assert out == (
        "<p>The <strong>central bank</strong> said <em>on Monday</em>: "
        f'<a href="https://example.org/report" {REL}>read the report</a>.</p>'
    )


def test_links_get_rel_noopener_and_lose_target_and_own_rel():
    """Every link ends up with rel=noopener noreferrer nofollow and no target."""
    out = clean_html(
        '<a href="https://example.org/" target="_blank" rel="opener">x</a>'
    )
    assert out == f'<a href="https://example.org/" {REL}>x</a>'


def test_mailto_links_are_kept():
    """mailto: is an allowed scheme for contact links."""
    out = clean_html('<a href="mailto:desk@example.org">desk</a>')
    assert 'href="mailto:desk@example.org"' in out


def test_wrapping_div_is_unwrapped_not_dropped_with_its_text():
    """A disallowed container (<div>) goes but its allowed children remain."""
    assert clean_html("<div><p>kept</p></div>") == "<p>kept</p>"


@pytest.mark.parametrize("raw", ["", None])
def test_empty_input_gives_empty_string(raw):
    """Nothing in, empty string out (no None, no crash)."""
    assert clean_html(raw) == ""


def test_control_characters_are_removed_but_tab_and_newline_kept():
    """Wire control bytes (NUL, BEL, ESC, DEL...) vanish; \\t and \\n stay."""
    out = clean_html("<p>a\x00b\x07c\x1bd\x7fe\tf\ng</p>")
    assert out == "<p>abcde\tf\ng</p>"


def test_html_to_text_separates_paragraphs_with_one_blank_line():
    """Each block (p, li, a <br> run) is its own paragraph; exactly one blank line."""
    text = html_to_text(
        "<p>First   paragraph.</p>\n\n\n<p>Second\tone.</p>"
        "<ul><li>Item one</li><li>Item two</li></ul>Last<br><br>line"
    )
    assert text == (
        "First paragraph.\n\nSecond one.\n\nItem one\n\nItem two\n\nLast\n\nline"
    )


def test_double_br_in_a_paragraph_makes_two_paragraphs():
    """Copy an agency breaks with <br><br> is stored as the paragraphs it shows."""
    out = clean_html(
        "<p>ACCRA (Northwind) - Ghana's cocoa regulator raised the farm-gate price "
        "by 12 percent on Tuesday.<br><br>The increase takes effect from the "
        "start of the main crop season.<br />\n<br /><br>Farmers had asked for "
        "more.</p>"
    )
    assert out == (
        "<p>ACCRA (Northwind) - Ghana's cocoa regulator raised the farm-gate price "
        "by 12 percent on Tuesday.</p><p>The increase takes effect from the start "
        "of the main crop season.</p><p>Farmers had asked for more.</p>"
    )
    assert html_to_text(out).split("\n\n") == [
        "ACCRA (Northwind) - Ghana's cocoa regulator raised the farm-gate price "
        "by 12 percent on Tuesday.",
        "The increase takes effect from the start of the main crop season.",
        "Farmers had asked for more.",
    ]


def test_double_br_in_bare_text_wraps_it_in_paragraphs():
    """A body of text and <br><br> with no <p> at all gets its paragraphs."""
    out = clean_html(
        "Port workers in Mombasa ended a two-day strike.<br>&nbsp;<br>"
        "Shipping lines said backlogs would clear by Friday.<h2>Background</h2>"
        "The port handles most of the region's imports."
    )
    assert out == (
        "<p>Port workers in Mombasa ended a two-day strike.</p>"
        "<p>Shipping lines said backlogs would clear by Friday.</p>"
        "<h2>Background</h2>The port handles most of the region's imports."
    )


def test_single_br_stays_a_line_break_inside_its_paragraph():
    """A poem's or an address's lines stay lines of one paragraph, in both forms."""
    raw = (
        "<p>The river keeps its counsel,<br>the reeds bend to the east.</p>"
        "<p>Harbour Office<br>12 Quay Street<br>Port Elms</p>"
    )
    assert clean_html(raw) == raw
    assert html_to_text(raw) == (
        "The river keeps its counsel,\nthe reeds bend to the east.\n\n"
        "Harbour Office\n12 Quay Street\nPort Elms"
    )


def test_inline_markup_across_a_br_run_is_closed_and_reopened():
    """Bold or a link spanning the break stays balanced in both paragraphs."""
    out = clean_html(
        '<p>Read <a href="https://example.org/r">the report<br><br>in full</a>'
        " <b>now</b>.</p>"
    )
    link = f'<a href="https://example.org/r" {REL}>'
    assert out == (
        f"<p>Read {link}the report</a></p><p>{link}in full</a> <b>now</b>.</p>"
    )


def test_br_runs_at_a_paragraph_edge_leave_no_empty_paragraph():
    """Leading and trailing <br><br> are spacing: no empty <p> is made."""
    out = clean_html("<p><br><br>Markets closed higher.<br><br><br></p>")
    assert out == "<p>Markets closed higher.</p>"


@pytest.mark.parametrize(
    "raw",
    [
        "<ul><li>Maize<br><br>Wheat</li></ul>",
        "<pre>line one<br><br>line two</pre>",
        "<table><tbody><tr><td>North<br><br>South</td></tr></tbody></table>",
        "<p>Harvest figures</p> <br> <p>Export figures</p>",
    ],
)
def test_br_runs_outside_paragraphs_keep_their_markup(raw):
    """Lists, tables and preformatted text are not turned into paragraphs."""
    assert clean_html(raw) == raw


def test_splitting_br_runs_is_idempotent():
    """Drafting cleans a stored body again: the second pass changes nothing."""
    once = clean_html("Rates held.<br><br><i>Analysts<br><br>agreed.</i><br>End")
    assert clean_html(once) == once


def test_stored_item_has_the_paragraphs_of_a_br_separated_body():
    """What ingest stores (the site's HTML and drafting's text) has the paragraphs."""
    from wiredesk.ingest.store import item_fields
    from wiredesk.ingest.wire import ParsedItem

    parsed = ParsedItem(
        guid="br-1",
        headline="Cocoa price rises",
        body_html="Ghana raised the cocoa price.<br><br>Farmers welcomed it.",
    )
    fields = item_fields(parsed, now=datetime(2026, 2, 5, tzinfo=UTC))
    assert fields["body_html"] == (
        "<p>Ghana raised the cocoa price.</p><p>Farmers welcomed it.</p>"
    )
    assert (
        fields["body_text"] == "Ghana raised the cocoa price.\n\nFarmers welcomed it."
    )


def test_html_to_text_unescapes_entities_and_drops_tags():
    """&amp; and friends become characters; inline tags disappear."""
    text = html_to_text(
        "<p>Profits &amp; losses at <b>AT&amp;T</b> &ndash; 5&nbsp;%</p>"
    )
    assert text == "Profits & losses at AT&T – 5 %"


def test_html_to_text_removes_control_characters():
    """Control characters from raw wire bytes don't reach the plain text."""
    text = html_to_text("<p>ab\x01c\x0b</p><p>\x1f</p><p>z\x7f</p>")
    assert text == "abc\n\nz"


def test_html_to_text_has_no_leading_or_trailing_blank_lines():
    """The plain text starts and ends with content, not whitespace."""
    assert html_to_text("\n\n<p> one </p>\n\n") == "one"


def test_clean_text_is_one_line_without_markup():
    """Headlines and bylines come out as one line of plain text."""
    assert clean_text("<b>Rates\x07 held</b>\n<p>for now</p>") == "Rates held for now"


def test_text_to_html_escapes_and_splits_paragraphs():
    """Plain text becomes escaped <p> paragraphs split on blank lines."""
    html = text_to_html("Profits < losses\n\n\nAT&T <script>\n")
    assert html == "<p>Profits &lt; losses</p><p>AT&amp;T &lt;script&gt;</p>"
