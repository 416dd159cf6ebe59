"""ANPA 1312 wire text: the transmission format of AP and other US/Australian wires.

A message is framed by control characters as transmitted::

    SYN SYN SOH  <service level><number> US <selector codes>
    <priority> <category><format ids> <keyword> <version>  <MM-DD> <word count>
    STX  ^<keyword line>,<words><  ^<headline><  ^Eds: ...<  ^By ...=  ^<title>=
         TAB <paragraph>  ...
    ETX  <trailer, e.g. "AP-WF-11-13-13 1509GMT">  FF EOT

Header lines inside the text start with "^" and end with a "<" (quad left) or "="
(quad centre) typesetting code; body paragraphs start with a tab. Tables (format id
DC4) carry more typesetting codes (BS, DLE, RS, US) that are turned into spaces.
There is no global id in the format: see :func:`_guid` for how one is derived.

The helpers it shares with IPTC 7901 (framing, decoding, time zones, year inference)
are in :mod:`textwire`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from wiredesk.ingest.parsers.base import Head, ParserSpec
from wiredesk.ingest.parsers.textwire import (
    EOT,
    ETX,
    STX,
    clean_line,
    full_year,
    infer_year,
    parse_stream,
    short_hash,
    to_utc,
)
from wiredesk.ingest.wire import ParsedFeed, ParsedItem, ParseError, Signal

# -- ANPA 1312 ----------------------------------------------------------------------

# Priority codes of ANPA 1312 onto urgency 1 (most urgent) … 9: flash 1, bulletin 2,
# urgent 3, regular 5, deferred 7 (deferred copy is held for later use).
URGENCY = {"f": 1, "b": 2, "u": 3, "r": 5, "d": 7}

# AP sports keywords start with a sport code; these map onto IPTC subject codes.
SPORT_SUBJECTS = {
    "BBA": "15007000", "BBC": "15007000", "BBM": "15007000", "BBN": "15007000",
    "BBO": "15007000", "BBY": "15007000", "BKC": "15008000", "BKL": "15008000",
    "BKN": "15008000", "BKO": "15008000", "BKW": "15008000", "BOX": "15014000",
    "CAR": "15039000", "CRI": "15017000", "CYC": "15019000", "FBC": "15003000",
    "FBH": "15003000", "FBN": "15003000", "FBO": "15003000", "FIG": "15025000",
    "GLF": "15027000", "HKC": "15031000", "HKN": "15031000", "HKO": "15031000",
    "RAC": "15030000", "RGL": "15048000", "RGU": "15049000", "SOC": "15054000",
    "TEN": "15065000",
}  # fmt: skip

# "r a DC3 DC1 BC-US--Ethanol-LosingGra 1stLd-Writethru   11-13 1693"
_HEADER = re.compile(
    r"(?m)^(?P<priority>[A-Za-z]) (?P<category>[A-Za-z])(?P<format>[\x11-\x14]{1,2})"
    r" ?(?P<rest>[^\r\n]*)"
)
_HEADER_REST = re.compile(
    r"^(?P<keyword>\S+)(?P<version>.*?)\s+(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:\s+(?P<words>\d{1,5}))?\s*$"
)
# The cycle designator before the keyword: AM-/PM- cycle, BC- both cycles, AP- for
# online services. AP repeats the keyword "in exactly the same form" on every lead
# so that receiving systems can link them up; only this prefix may change.
_CYCLE = re.compile(r"^(?:AM|PM|BC|AP)-")
# "AP-WF-11-13-13 1509GMT", "AP-NY-02-20-15 1230EST", "0902 GMT"
_TRAILER = re.compile(
    r"(?:(?P<agency>[A-Z]{2,5})-(?P<desk>[A-Z]{1,4})-)?"
    r"(?:(?P<month>\d{1,2})-(?P<day>\d{1,2})-(?P<year>\d{4}|\d{2})\s+)?"
    r"(?P<hour>[0-2]?\d):?(?P<minute>[0-5]\d)\s*(?P<zone>[A-Z]{1,4}T|UTC|Z|MEZ|MESZ)?\b"
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][^()\n]{1,80}?) \((?P<agency>[^()]{1,30})\) (?:—|–|-|_) "
)
_NOTE = re.compile(r"^\(?(?:Eds?\b|Editors?'?s? note|EDITOR'?S NOTE)", re.I)
_MEDIA_NOTE = re.compile(r"^(?:AP|AAP) (?:Photos?|Video|Audio|Graphics?)\b")
_BYLINE = re.compile(r"^By\s+\S")
_KILL = re.compile(r"\b(?:KILL|ELIMINATION|WITHHOLD)\b")
_CORRECTION = re.compile(r"\bcorrect(?:s|ed|ion|ive)?\b", re.I)
_CORRECTION_CAPS = re.compile(r"\bCORRECT(?:S|ED|ION|IVE)?\b")
_UPDATE = re.compile(r"\b\d+(?:st|nd|rd|th)\s*Ld\b|writethru|\bupdate", re.I)


@dataclass
class _Segment:
    text: str
    end: str  # the typesetting code that closed the line: "<", "=" or ""


@dataclass
class _Header:
    """The fields of the message's transmission header (before STX)."""

    priority: str = ""
    category: str = ""
    tabular: bool = False
    keyword: str = ""
    version: str = ""
    month: int | None = None
    day: int | None = None


@dataclass
class _Text:
    """What the header lines and paragraphs between STX and ETX say."""

    slug: str = ""
    slug_version: str = ""
    headline: str = ""
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)


def _read_header(head: str) -> _Header:
    # The first line (service level, message number, selector codes) names the
    # transmission, not the story: see _guid. The next one is the header proper.
    header = _Header()
    match = _HEADER.search(head)
    if not match:
        raise ParseError(
            "not an ANPA 1312 message: no header line with priority, category and "
            "format identifier before STX"
        )
    header.priority = match["priority"].lower()
    header.category = match["category"].lower()
    header.tabular = "\x14" in match["format"]
    rest = clean_line(match["rest"])
    fields = _HEADER_REST.match(rest)
    if fields:
        header.keyword = fields["keyword"]
        header.version = fields["version"].strip()
        header.month, header.day = int(fields["month"]), int(fields["day"])
        if not (1 <= header.month <= 12 and 1 <= header.day <= 31):
            header.month = header.day = None
    elif rest:
        header.keyword, _, version = rest.partition(" ")
        header.version = version.strip()
    return header


def _typography(text: str) -> str:
    """TTS conventions as Unicode: `` '' quotes and the " _ " dash."""
    text = text.replace("``", "“").replace("''", "”").replace("`", "‘")
    return text.replace(" _ ", " — ")


def _segments(line: str) -> list[_Segment]:
    """The "^...<" pieces of a header line (one line may hold several)."""
    pieces = re.split(r"(?<=[<=])\s*(?=\^)", line.strip())
    found = []
    for piece in pieces:
        piece = piece.strip()
        end = piece[-1] if piece[-1:] in ("<", "=") else ""
        text = piece.removeprefix("^").removesuffix(end)
        found.append(_Segment(clean_line(text), end))
    return found


def _is_slug_line(text: str, keyword: str) -> bool:
    # The header keyword is the keyword line without spaces, cut to 24 characters:
    # "BC-US--Ethanol-LosingGra" for "BC-US--Ethanol-Losing Grassland, 1st Ld...".
    compact = text.split(",")[0].replace(" ", "")
    if keyword and compact and (compact.startswith(keyword) or keyword == compact):
        return True
    return bool(_CYCLE.match(text))


def _is_byline_title(text: str) -> bool:
    # "Associated Press", "AP Sports Writer"; not a table title like "AMERICAN LEAGUE".
    return any(c.islower() for c in text) and len(text.split()) <= 8


def _read_text(body: str, header: _Header) -> _Text:
    lines = re.split(r"\r\n|\r|\n", body)
    segments: list[_Segment] = []
    index = 0
    # Header lines: "^" lines closed by a typesetting code, until the first paragraph.
    while index < len(lines) and lines[index].startswith("^"):
        if not lines[index].rstrip().endswith(("<", "=")):
            break
        segments.extend(_segments(lines[index]))
        index += 1

    text = _Text()
    leading: list[str] = []
    after_byline = False
    for position, segment in enumerate(segments):
        value = segment.text
        if not value or value.startswith("*"):  # "*9006": a transmission reference
            continue
        if not text.slug and not text.headline and _is_slug_line(value, header.keyword):
            parts = [part.strip() for part in value.split(",")]
            if len(parts) > 1 and parts[-1].isdigit():
                parts.pop()  # the word count
            text.slug, text.slug_version = parts[0], ", ".join(parts[1:])
        elif _NOTE.match(value) or _MEDIA_NOTE.match(value):
            text.notes.append(value)
        elif not text.byline and _BYLINE.match(value):
            text.byline = value
            title = segments[position + 1] if position + 1 < len(segments) else None
            if title and title.end == "=" and _is_byline_title(title.text):
                text.byline = f"{value}, {title.text}"
                title.text = ""
            after_byline = True
        elif not text.headline:
            text.headline = _typography(value)
        elif after_byline or segment.end == "=":
            leading.append(value)  # display lines of the text, e.g. table titles
        else:
            text.summary.append(_typography(value))

    if not text.headline:
        # Text without "^" header lines: an unindented first line is the headline.
        while index < len(lines) and not clean_line(lines[index]):
            index += 1
        if index < len(lines) and lines[index][:1] not in ("\t", " ", "\x08"):
            first = clean_line(lines[index]).lstrip("^").rstrip("<=").strip()
            text.headline = _typography(first)
            index += 1

    paragraphs: list[str] = list(leading)
    current: list[str] | None = None
    for raw in lines[index:]:
        line = clean_line(raw)
        if raw.startswith(("^", "\x08")):
            line = line.lstrip("^").strip()
        if raw.startswith("^") or header.tabular:
            line = line.removesuffix("<").removesuffix("=").strip()
        if not line:
            current = None
            continue
        if header.tabular or raw[:1] in ("\t", "^", "\x08") or current is None:
            current = [line]
            paragraphs.append("")  # filled below
        else:
            current.append(line)
        paragraphs[-1] = " ".join(current)
    if not header.tabular:
        paragraphs = [_typography(p) for p in paragraphs]
    text.paragraphs = [p for p in paragraphs if p]
    return text


def _trailer_time(
    trailer: str, header: _Header, now: datetime | None
) -> tuple[datetime | None, str, int | None]:
    """Publication time, agency and year from the trailer after ETX."""
    match = _TRAILER.search(clean_line(trailer))
    if not match:
        return None, "", None
    agency = match["agency"] or ""
    if match["year"]:
        year = full_year(match["year"])
        month, day = int(match["month"]), int(match["day"])
    elif header.month and header.day:
        # Only a time: it belongs to the date of the header, whose year is inferred.
        month, day = header.month, header.day
        year = infer_year(month, day, now)
        if year is None:
            return None, agency, None
    else:
        return None, agency, None
    hour, minute, zone = int(match["hour"]), int(match["minute"]), match["zone"]
    when = to_utc(year, month, day, hour, minute, zone or "")
    return when, agency, (year if match["year"] else None)


def _guid(header: _Header, text: _Text, year: int | None) -> str:
    """A stable id for the story, the same for every transmission of it.

    ANPA 1312 has no global id: the message number counts transmissions and the
    selector codes name the circuit, so both differ when one story is sent again.
    The keyword is the agency's key for a story on its day: every take, writethru
    and correction repeats it ("1stLd-Writethru" sits in the version field beside
    it). So keyword + date gives the same guid to a re-transmission (stored once,
    the content hash is equal) and to a corrected or rewritten re-send (stored as a
    new version of the item). The headline is left out on purpose: writethrus
    change it (ap_anpa-3: "Changes short headline"), which would make a new item of
    a new version. The cycle prefix (AM-/PM-/BC-/AP-) is dropped as it changes with
    the cycle and the service. Only a message with no keyword at all falls back to
    a hash of its headline, with the category, so that two such do not collide.
    """
    if header.month and header.day:
        day = f"{header.month:02d}-{header.day:02d}"
        date = f"{year}-{day}" if year else day
    else:
        date = "nodate"
    keyword = header.keyword or text.slug.replace(" ", "")
    if keyword:
        return f"anpa1312:{_CYCLE.sub('', keyword)}:{date}"
    return f"anpa1312:{header.category}:{date}:{short_hash(text.headline)}"


def _signal(header: _Header, text: _Text) -> Signal:
    """Kill, correction or update, from the markers the agency puts in its codes.

    Kill words count when written in capitals, as agencies send them ("KILL",
    "ELIMINATION"): a lower-case "killed" in a keyword or note is news. The version
    fields are codes and are read in any case ("Correction", "Kill"). A headline
    counts only when it starts with the marker ("KILL: ..."): an all-capitals
    headline may well say "KILL" as news.
    """
    versions = f"{header.version} {text.slug_version}"
    codes = f"{header.keyword} {text.slug} {versions}"
    notes = " ".join(text.notes)
    first_word = text.headline.split(" ", 1)[0].strip(":.,-")
    if any(_KILL.search(s) for s in (codes, notes, first_word, versions.upper())):
        return Signal.KILL
    if _CORRECTION.search(f"{codes} {notes}") or _CORRECTION_CAPS.match(first_word):
        return Signal.CORRECTION
    if _UPDATE.search(versions):
        return Signal.UPDATE
    return Signal.NEW


def _subjects(header: _Header, text: _Text) -> list[str]:
    subjects = [f"anpa-category:{header.category}"] if header.category else []
    keyword = _CYCLE.sub("", header.keyword or text.slug)
    sport = SPORT_SUBJECTS.get(keyword.split("-")[0].upper())
    if sport and keyword[3:4] == "-":
        subjects.append(f"subj:{sport}")
    return subjects


def _parse_message(message: str, now: datetime | None) -> ParsedItem:
    message = message.split(EOT, 1)[0]
    head, stx, rest = message.partition(STX)
    if not stx:
        raise ParseError("ANPA 1312 message without STX (start of text)")
    header = _read_header(head)
    body, _, trailer = rest.partition(ETX)
    text = _read_text(body, header)
    published, agency, year = _trailer_time(trailer, header, now)

    dateline, provider = "", agency
    if text.paragraphs:
        found = _DATELINE.match(text.paragraphs[0])
        if found:
            dateline = found["place"].strip()
            provider = provider or found["agency"].strip()
    headline = text.headline
    if not headline and text.paragraphs:
        first = text.paragraphs[0]
        headline = first[len(dateline) :].split(" — ", 1)[-1] if dateline else first
    if not headline:
        headline = text.slug or header.keyword
    if not headline:
        raise ParseError("ANPA 1312 message with neither headline, keyword nor text")
    return ParsedItem(
        guid=_guid(header, text, year),
        version=header.version or text.slug_version,
        headline=headline,
        summary=" ".join(text.summary),
        body_text="\n\n".join(text.paragraphs),
        byline=text.byline,
        dateline=dateline,
        urgency=URGENCY.get(header.priority),
        published=published,
        subjects=_subjects(header, text),
        signal=_signal(header, text),
        provider=provider,
        slug=text.slug or header.keyword,
    )


def parse(data: bytes, now: datetime | None = None) -> ParsedFeed:
    """Every message of an ANPA 1312 stream; ``now`` dates trailers with no year."""
    return parse_stream(data, "anpa1312", "ANPA 1312", _parse_message, now)


_SNIFF_HEADER = re.compile(rb"[A-Za-z] [A-Za-z][\x11-\x14]{1,2}")


def sniff(head: Head) -> int:
    if head.is_xml or head.json is not None:
        return 0
    data = head.stripped[:512]
    if not data.startswith((b"\x16\x01", b"\x16\x16\x01", b"\x01")):
        return 0
    first_lines = data.split(b"\n", 2)[:2]
    if any(_SNIFF_HEADER.match(line) for line in first_lines[1:]) or (
        _SNIFF_HEADER.search(first_lines[0])
    ):
        return 80  # SOH, then the priority/category/format-id header line
    return 60 if data.startswith(b"\x16") else 0


PARSERS = [
    ParserSpec(
        "anpa1312", parse, sniff, "ANPA 1312 wire text (AP, AAP), control-framed"
    ),
]
