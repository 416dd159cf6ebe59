"""Sanitising of every piece of ingested HTML, and its plain-text form.

Agency and feed HTML is untrusted: nh3 (an allow-list sanitiser) keeps the structure
a news article needs and drops scripts, styles, event handlers and foreign markup.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "strong", "b", "em", "i", "u", "sub", "sup", "a", "figure", "figcaption",
    "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "pre", "code",
    "hr", "abbr", "cite", "q", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_BLOCK_END = re.compile(
    r"</(p|h[1-6]|li|blockquote|tr|figcaption|pre)>|(?:<br\s*/?>(?:\s|&nbsp;|&#160;)*){2,}",
    re.I,
)
_BR = re.compile(r"<br\s*/?>", re.I)
# A single <br> in the plain text: kept as a line break inside its paragraph. A
# private-use character stands for it while spaces are collapsed.
_LINE_MARK = "\ue000"
_LINE_BREAK = re.compile(rf"[ ]*{_LINE_MARK}[ {_LINE_MARK}]*")
# Two or more <br> in a row (white space or &nbsp; between): a paragraph break.
_BR_RUN = re.compile(r"<br>(?:\s|&nbsp;)*<br>")
# nh3's output: lower-case tags, ">" escaped inside attribute values.
_MARKUP = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
_INLINE = frozenset(
    "strong b em i u sub sup a abbr cite q span code".split()  # noqa: SIM905
)
_VOID = frozenset({"br", "img", "hr"})
_Token = tuple[str, str, str]  # (kind: text, open, close or void; tag; raw markup)
_BLANK_TEXT = re.compile(r"(?:\s|&nbsp;)*")
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINE = re.compile(r"\n[ \t\r\u00a0]*\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# Every whitespace character but space and newline (U+3000 is the last in Unicode).
_OTHER_SPACES = tuple(
    c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n"
)
# What shows nothing and means nothing in stored text: the zero-width space, the
# word joiner, the byte-order mark and the soft hyphen. Copy pasted from web pages
# and word processors carries them, and they split words for search and drafting.
# The zero-width joiner and non-joiner are meaningful between letters of Indic and
# Arabic-script words (Persian "می‌خواهم") and inside emoji sequences: kept there.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_JOINER = re.compile("[\u200c\u200d]")
# Looked for one by one: ``in`` is some forty times faster than a character class.
_INVISIBLE_CHARACTERS = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
# One Cleaner for every call: nh3.clean() builds the allow-list again each time,
# which costs more than cleaning a 4 KB article.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
)


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character (tab, LF and CR are not).

    Deleting the control bytes from the UTF-8 form is four times faster than a
    regular-expression search; in UTF-8 these bytes only ever stand for themselves.
    """
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw.translate(None, _CONTROL_BYTES)) != len(raw)


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (a byte a decoder could not read, kept by
    "surrogateescape") made U+FFFD, and a surrogate pair the character it stands for.

    Neither UTF-8, nh3 nor the database takes a lone surrogate: left in, it fails
    the item's storing.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def visible(text: str) -> str:
    """``text`` without lone surrogates (see ``without_surrogates``) and without
    invisible characters (see ``_without_invisible``)."""
    if text.isascii():
        return text
    return _without_invisible(without_surrogates(text))


def _without_invisible(text: str) -> str:
    """``text`` without the invisible characters that only split words: zero-width
    spaces, word joiners, byte-order marks and soft hyphens, and zero-width
    (non-)joiners outside the scripts and emoji sequences that need them."""
    if text.isascii() or not any(c in text for c in _INVISIBLE_CHARACTERS):
        return text
    text = _INVISIBLE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINER.sub(_needed_joiner, text)
    return text


def _needed_joiner(match: re.Match[str]) -> str:
    """The joiner of ``match`` where it joins two letters of a script that shapes
    them (Devanagari, Arabic ...) or two parts of an emoji; else nothing."""
    text, at = match.string, match.start()
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    return match[0] if _joins(before) and _joins(after) else ""


def _joins(character: str) -> bool:
    """Whether a joiner next to ``character`` may mean something: a letter, mark or
    symbol (emoji, skin tone) outside Latin script."""
    if not character or ord(character) < 0x250 or 0x1E00 <= ord(character) <= 0x1EFF:
        return False
    category = unicodedata.category(character)
    return category[0] in "LM" or category in {"So", "Sk"}


def clean_html(raw: str) -> str:
    """Allow-listed HTML; links get rel=noopener noreferrer nofollow.

    Cleaning its own output changes nothing: the desk cleans a body again on every
    save, and a stored body that changed each time would look edited.
    """
    if not raw:
        return ""
    if has_control(raw):
        raw = _CONTROL.sub("", raw)
    try:
        cleaned = _CLEANER.clean(raw)
    except UnicodeEncodeError:  # a lone surrogate: nh3 takes UTF-8 only
        cleaned = _CLEANER.clean(without_surrogates(raw))
    if cleaned != raw and "<" in cleaned:  # nh3 leaves its own output unchanged
        cleaned = _settled(cleaned)
    # After nh3, which makes "&#8203;" or "&shy;" the characters themselves.
    cleaned = _without_invisible(cleaned).strip()
    if "<br><br>" in cleaned or (
        "<br>" in cleaned and _BR_RUN.search(cleaned) is not None
    ):
        cleaned = _split_at_br_runs(cleaned)
    return _with_pre_newline(cleaned)


def _with_pre_newline(cleaned: str) -> str:
    """``cleaned`` with the newline a parser drops after ``<pre>`` written back.

    html5ever does not write it, so each cleaning would lose one of the text's
    leading newlines.
    """
    if "<pre>\n" not in cleaned:
        return cleaned
    return cleaned.replace("<pre>\n", "<pre>\n\n")


def _settled(cleaned: str) -> str:
    """nh3's output ``cleaned`` cleaned again until the markup stays as it is.

    nh3 writes out the tree it built, and not every tree is one a parser builds
    from its own markup: misnested formatting ("<h2><i><h2>...</i>") leaves an
    <h2> directly inside an <h2>, and a dropped element keeps its content in place
    ("<p><object><ul>" a list inside a <p>). Parsed again, such markup changes.
    One more cleaning costs about as much as the first; nearly always it is the
    last.
    """
    for _ in range(3):
        again = _CLEANER.clean(_with_pre_newline(cleaned))
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _split_at_br_runs(cleaned: str) -> str:
    """``cleaned`` with each run of two or more ``<br>`` made a paragraph break.

    Agencies and blogs mark paragraphs with "<br><br>"; left as they are, the
    paragraphs are one ``<p>`` to the reader's markup and one block to drafting.
    A run inside a ``<p>`` ends it and opens the next (inline elements around the
    run closed and opened again); a run in inline content at the top level wraps
    that content in paragraphs. Elsewhere (lists, tables, quotes, ``<pre>``) the
    runs stay, as do single ``<br>``: a line break inside a paragraph (a poem, an
    address).

    Every step is one pass over the tokens: bodies of up to 20 MB come through
    here, and a run of thousands of ``<br>`` must not cost a scan per ``<br>``.
    """
    tokens: list[_Token] = []
    pos = 0
    for match in _MARKUP.finditer(cleaned):
        if match.start() > pos:
            tokens.append(("text", "", cleaned[pos : match.start()]))
        closing, tag = match.group(1), match.group(2)
        kind = "close" if closing else "void" if tag in _VOID else "open"
        tokens.append((kind, tag, match.group(0)))
        pos = match.end()
    if pos < len(cleaned):
        tokens.append(("text", "", cleaned[pos:]))
    # The markup added may double the body, and a short one grow by 10,000.
    budget = len(cleaned) + 10_000
    split = _split_paragraphs(_wrap_loose_text(tokens), budget)
    return cleaned if split is None else "".join(split)


def _br_run_end(tokens: list[_Token], i: int) -> int:
    """The index after the ``<br>`` run starting at ``i`` (two or more ``<br>``,
    only white space between); ``i`` when a single ``<br>`` starts there."""
    end, count, j = i, 0, i
    while j < len(tokens):
        kind, tag, raw = tokens[j]
        if tag == "br":
            count += 1
            end = j + 1
        elif kind != "text" or not _BLANK_TEXT.fullmatch(raw):
            break
        j += 1
    return end if count >= 2 else i


def _shows(token: _Token) -> bool:
    """Whether ``token`` shows something: text other than white space, an image."""
    kind, tag, raw = token
    if kind == "text":
        return _BLANK_TEXT.fullmatch(raw) is None
    return tag == "img"


def _is_block(token: _Token) -> bool:
    """Whether ``token`` opens a block (non-inline) element or is an ``<hr>``."""
    kind, tag, _ = token
    return (kind == "open" and tag not in _INLINE) or tag == "hr"


def _closing_indexes(tokens: list[_Token]) -> list[int]:
    """For each opening tag, the index of the tag that closes it (``len(tokens)``
    when none does); for every other token its own index."""
    closes = list(range(len(tokens)))
    stack: list[int] = []
    for index, (kind, tag, _) in enumerate(tokens):
        if kind == "open":
            closes[index] = len(tokens)
            stack.append(index)
        elif kind == "close" and stack and tokens[stack[-1]][1] == tag:
            closes[stack.pop()] = index
    return closes


def _wrap_loose_text(tokens: list[_Token]) -> list[_Token]:
    """``tokens`` with each top-level run of inline content that shows something
    and holds a ``<br>`` run put inside a ``<p>`` of its own, for
    ``_split_paragraphs`` to split.

    An inline element holding a block at any depth (nh3 keeps ``<span>`` around a
    ``<blockquote>``) ends the run like a block: a ``<p>`` around it would be
    closed by the block, leaving the ``<span>`` cut in two and a stray ``<p>``.
    """
    closes = _closing_indexes(tokens)
    holds_block = [False] * len(tokens)
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token[0] == "open":
            stack.append(index)
        elif token[0] == "close" and stack and closes[stack[-1]] == index:
            opened = stack.pop()
            if stack and (holds_block[opened] or _is_block(tokens[opened])):
                holds_block[stack[-1]] = True
        elif token[1] == "hr" and stack:
            holds_block[stack[-1]] = True
    out: list[_Token] = []
    start = i = 0  # the loose run is tokens[start:i]
    while True:
        end = i
        if i < len(tokens):
            kind, tag, _ = tokens[i]
            if kind == "text" or tag in {"br", "img"}:
                end = i + 1
            elif kind == "open" and tag in _INLINE and not holds_block[i]:
                end = min(closes[i] + 1, len(tokens))
        if end > i:
            i = end
            continue
        _wrap_run(tokens, start, i, out)
        if i >= len(tokens):
            return out
        end = min(closes[i] + 1, len(tokens)) if tokens[i][0] == "open" else i + 1
        out.extend(tokens[i:end])
        start = i = end


def _wrap_run(tokens: list[_Token], start: int, end: int, out: list[_Token]) -> None:
    """Append ``tokens[start:end]``, inline content, to ``out``: inside a ``<p>``
    (white space at either end left outside) when it holds a ``<br>`` run and
    shows something."""
    shows = has_run = False
    j = start
    while j < end and not (shows and has_run):
        shows = shows or _shows(tokens[j])
        if tokens[j][1] == "br":
            after = _br_run_end(tokens, j)
            has_run = has_run or after != j
            j = max(after, j + 1)
        else:
            j += 1
    if not (shows and has_run):
        out.extend(tokens[start:end])
        return
    while tokens[start][0] == "text" and not _shows(tokens[start]):
        out.append(tokens[start])
        start += 1
    last = end
    while tokens[last - 1][0] == "text" and not _shows(tokens[last - 1]):
        last -= 1
    out.append(("open", "p", "<p>"))
    out.extend(tokens[start:last])
    out.append(("close", "p", "</p>"))
    out.extend(tokens[last:end])


def _split_paragraphs(tokens: list[_Token], budget: int) -> list[str] | None:
    """The markup of ``tokens``, each ``<br>`` run inside a ``<p>`` ending it.

    A run at the start or the end of a paragraph is spacing, and is dropped rather
    than leaving an empty paragraph. None when the tags closed and opened again
    around the runs would add more than ``budget`` characters: a long link or deep
    inline markup repeated at each of many runs would grow a body many times over
    (the caller keeps the runs as they are, which a second cleaning does again).
    """
    closes = _closing_indexes(tokens)
    # next_shown[i]: index of the first token from i on that shows something or
    # opens a block; len(tokens) when none does.
    next_shown = [len(tokens)] * (len(tokens) + 1)
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        shown = _shows(token) or _is_block(token)
        next_shown[index] = index if shown else next_shown[index + 1]
    out: list[str] = []
    # Open elements: [tag, raw opening tag, index in the stack of the <p> reached
    # through inline elements only (-1 for none), index of the opening token].
    stack: list[list] = []
    shown: dict[int, bool] = {}  # by the opening index of a <p>: text since its start
    i = 0
    while i < len(tokens):
        kind, tag, raw = tokens[i]
        end = _br_run_end(tokens, i) if tag == "br" else i
        if end != i:
            at = stack[-1][2] if stack else -1
            if at < 0:
                for j in range(i, end):
                    out.append(tokens[j][2])
                i = end
                continue
            opened = stack[at][3]
            if shown[opened] and next_shown[end] < closes[opened]:
                for j in range(len(stack) - 1, at, -1):
                    out.append(f"</{stack[j][0]}>")
                    budget -= len(stack[j][0]) + len(stack[j][1]) + 3
                out.append("</p>")
                out.append(stack[at][1])
                for j in range(at + 1, len(stack)):
                    out.append(stack[j][1])
                shown[opened] = False
                if budget < 0:
                    return None
            i = end
            continue
        out.append(raw)
        at = stack[-1][2] if stack else -1
        if at >= 0 and (_shows(tokens[i]) or _is_block(tokens[i])):
            shown[stack[at][3]] = True
        if kind == "open":
            if tag == "p":
                at = len(stack)
                shown[i] = False
            elif tag not in _INLINE:
                at = -1
            stack.append([tag, raw, at, i])
        elif kind == "close" and stack and stack[-1][0] == tag:
            stack.pop()
        i += 1
    return out


def html_to_text(fragment: str) -> str:
    """Plain text with one blank line between paragraphs.

    A block's end or a run of ``<br>`` ends a paragraph; a single ``<br>`` is a line
    break inside one.
    """
    if not fragment:
        return ""
    text = _BLOCK_END.sub("\n\n", fragment)
    breaks = "<br" in text or "<BR" in text
    if breaks:
        text = _BR.sub(_LINE_MARK, text.replace(_LINE_MARK, ""))
    text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = visible(text)
    if has_control(text):
        text = _CONTROL.sub("", text)
    text = _paragraphs(text)
    if not breaks or _LINE_MARK not in text:
        return text
    paragraphs = (_LINE_BREAK.sub("\n", p).strip() for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _paragraphs(text: str) -> str:
    """Spaces collapsed within paragraphs, one blank line between them.

    A blank line (newlines with only spaces, tabs, CR or NBSP between) ends a
    paragraph. Text whose only white space is spaces and newlines, nearly all,
    is handled line by line; splitting every word out costs five times more.
    """
    if text.isascii():
        simple = "\t" not in text and "\r" not in text
    else:
        simple = not any(space in text for space in _OTHER_SPACES)
    if not simple:
        blocks = (" ".join(block.split()) for block in _BLANK_LINE.split(text))
        return "\n\n".join(p for p in blocks if p)
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split()) if "  " in line else line.strip(" ")
        if line:
            lines.append(line)
        elif lines:
            paragraphs.append(" ".join(lines))
            lines = []
    if lines:
        paragraphs.append(" ".join(lines))
    return "\n\n".join(paragraphs)


def clean_text(raw: str) -> str:
    """One line of plain text (headlines, bylines): no markup, no control characters,
    no invisible ones (see ``visible``)."""
    if not raw:
        return ""
    raw = visible(raw)
    if "<" not in raw and "&" not in raw and not has_control(raw):
        return " ".join(raw.split())
    return " ".join(html_to_text(raw).split())


def text_to_html(text: str) -> str:
    """Paragraphs of escaped text, for formats that deliver plain text only."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
