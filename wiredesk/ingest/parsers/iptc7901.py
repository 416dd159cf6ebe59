"""IPTC 7901 wire text, the IPTC recommended message format (dpa and others).

A message as transmitted::

    SOH <service id><message number> <priority> <category> <word count> <optional>
    <keyword line(s)>, e.g. "Germany-football/Munich/Mueller/"
    STX <markers such as "REFILE", "1ST LEAD">
        <headline>
        <byline> =                      (the "=" closes the heading)
        <body paragraphs, separated by blank lines>
        # Notebook ... * * * * <not for publication: contacts>
        <sign-off: agency and editors' initials>
    ETX <date/time "DDHHMM GMT Mon YY"> DEL EOT
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

# "eca062 4 i 211 ccccb   dpa 061": service "eca", message 062, priority 4,
# category "i", 211 words, then optional routing codes and the agency.
_HEADER = re.compile(
    r"^(?P<service>[A-Za-z]{1,6})(?P<number>\d{1,6}) (?P<priority>\d) "
    r"(?P<category>[A-Za-z]{1,3}) (?P<words>\d{1,5})(?P<optional>[^\r\n]*)"
)
_AGENCY = re.compile(r"(?P<agency>[A-Za-z][\w-]*)\s+\d+\s*$")
# "131137 GMT Nov 13", "071341 GMT Okt 15", "211259 Nov 18": day, hour, minute,
# zone (optional), month, year (two digits).
_TRAILER = re.compile(
    r"(?P<day>[0-3]\d)(?P<hour>[0-2]\d)(?P<minute>[0-5]\d)\s+"
    r"(?:(?P<zone>[A-Z]{1,5})\s+)?(?P<month>[^\W\d_]{3,4})\.?(?:\s+(?P<year>\d{2,4}))?"
)
# Month abbreviations of English and German services.
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "mär": 3, "mrz": 3, "apr": 4, "may": 5,
    "mai": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}  # fmt: skip
# Lines in capitals above the headline that say what kind of transmission it is.
_MARKER = re.compile(
    r"^(?:\d+(?:ST|ND|RD|TH) LEAD|LEAD|REFILE|REPEAT|UPDATE|URGENT|FLASH|BULLETIN|"
    r"ADVISORY|CORRECTION|CORRECTED|CORRECTS|KILL|WITHDRAWAL|WITHDRAWN|ELIMINATION|"
    r"WITHHOLD|EMBARGOED\b.*|BERICHTIGUNG|KORREKTUR|STORNO|EILMELDUNG|WDH|"
    r"WIEDERHOLUNG|ZUSAMMENFASSUNG|NEUFASSUNG)\b"
)
_KILL = re.compile(r"\b(?:KILL|WITHDRAWAL|WITHDRAWN|ELIMINATION|WITHHOLD|STORNO)\b")
_CORRECTION = re.compile(r"\b(?:CORRECT(?:ION|ED|S)|BERICHTIGUNG|KORREKTUR)\b")
_CORRECTION_NOTE = re.compile(r"\bcorrect(?:s|ed|ion)?\b", re.I)
_UPDATE = re.compile(
    r"\b(?:\d+(?:ST|ND|RD|TH) LEAD|LEAD|REFILE|UPDATE|WDH|WIEDERHOLUNG|NEUFASSUNG)\b"
)
_LEAD = re.compile(r"^\d+(?:ST|ND|RD|TH) LEAD$|^LEAD$")
# Where the text for publication ends: the notebook, the "* * * *" rule before the
# contacts that are "not for publication", or the sign-off with editors' initials.
_NOTEBOOK = re.compile(r"^#+\s*(?:[\w-]+\s+)?notebook\b", re.I)
_RULE = re.compile(r"^\*(?:\s*\*){3,}\s*$")
_NOT_FOR_PUBLICATION = re.compile(
    r"^the following .{0,40}\bnot (?:intended )?for publication", re.I
)
_INITIALS = re.compile(r"^(?: [a-z]{2,4})+$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][^()\n]{0,60}?) \((?P<agency>[^()]{1,30})\) (?:-|–|—) "
)
_BYLINE = re.compile(r"^By\s+\S")


@dataclass
class _Text:
    markers: list[str] = field(default_factory=list)
    headline: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _is_sign_off(line: str, agency: str) -> bool:
    """The sign-off: the agency, then the initials of its editors ("dpa wsz jln")."""
    name, _, initials = line.partition(" ")
    short = agency.split("-")[0].casefold()
    if not short or name.casefold() != short:
        return False
    return bool(_INITIALS.match(f" {initials}"))


def _read_text(body: str, agency: str) -> _Text:
    lines = [line.rstrip() for line in _lines(body)]
    text = _Text()
    # The heading ends at the first line closed by "="; without one, it is the
    # first line (a headline with no byline or markers).
    end = next(
        (i for i, line in enumerate(lines[:10]) if line.endswith("=")),
        next((i for i, line in enumerate(lines) if line.strip()), len(lines)),
    )
    headline: list[str] = []
    for line in lines[: end + 1]:
        line = clean_line(line.removesuffix("="))
        if not line:
            continue
        if line == line.upper() and len(line) <= 40 and _MARKER.match(line):
            text.markers.append(line)
        elif _BYLINE.match(line) and not text.byline:
            text.byline = line
        else:
            headline.append(line)
    text.headline = " ".join(headline)

    paragraph: list[str] = []
    in_notebook = False
    for raw in lines[end + 1 :]:
        line = clean_line(raw)
        if _NOTEBOOK.match(line) or _RULE.match(line):
            in_notebook = True
        if _RULE.match(line) or _NOT_FOR_PUBLICATION.search(line):
            break  # contacts and internal notes follow
        if in_notebook:
            text.notes.append(line)
            continue
        if _is_sign_off(line, agency):
            break
        if line:
            paragraph.append(line)
        elif paragraph:
            text.paragraphs.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        text.paragraphs.append(" ".join(paragraph))
    return text


def _published(trailer: str, now: datetime | None) -> datetime | None:
    match = _TRAILER.search(clean_line(trailer))
    if not match:
        return None
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return None
    day = int(match["day"])
    year = full_year(match["year"]) if match["year"] else infer_year(month, day, now)
    if year is None:
        return None
    # dpa stamps its international services in GMT and says so; a stamp with no
    # zone ("211259 Nov 18") is read as UTC, the house rule for naive times.
    hour, minute = int(match["hour"]), int(match["minute"])
    return to_utc(year, month, day, hour, minute, match["zone"] or "")


def _guid(agency: str, slug: str, published: datetime | None, headline: str) -> str:
    """A stable id for the story: agency, keyword line, day and headline hash.

    IPTC 7901 has no global id: the message number counts transmissions, so every
    re-send gets a new one. The keyword line ("Germany-politics") is often shared
    by several stories of a day, so on its own it would merge different stories
    into one; with a hash of the headline, a re-transmission (REFILE) or a
    corrected re-send under the same headline gets the same guid and is stored as
    a new version, while a rewritten lead with a new headline becomes an item of
    its own (the stories stage groups it with the earlier one). The day of the
    trailer (UTC) keeps next year's story under the same keyword apart.
    """
    day = published.date().isoformat() if published else "nodate"
    return f"iptc7901:{agency}:{slug}:{day}:{short_hash(headline)}"


def _signal(text: _Text, slug: str) -> Signal:
    markers = " ".join([*text.markers, slug])
    notes = "\n".join(text.notes)
    if _KILL.search(markers):
        return Signal.KILL
    if _CORRECTION.search(markers) or _CORRECTION_NOTE.search(notes):
        return Signal.CORRECTION
    if _UPDATE.search(markers) or re.search(r"^#+\s*refile\b", notes, re.I | re.M):
        return Signal.UPDATE
    return Signal.NEW


def _parse_message(message: str, now: datetime | None) -> ParsedItem:
    message = message.split(EOT, 1)[0]
    head, stx, rest = message.partition(STX)
    header = _HEADER.match(head)
    if not header:
        raise ParseError(
            "not an IPTC 7901 message: the line after SOH is not "
            "'<service><number> <priority> <category> <word count>'"
        )
    if not stx:
        raise ParseError("IPTC 7901 message without STX (start of text)")
    agency_match = _AGENCY.search(clean_line(header["optional"]))
    agency = agency_match["agency"] if agency_match else ""
    body, _, trailer = rest.partition(ETX)
    text = _read_text(body, agency)
    if not text.headline:
        raise ParseError("IPTC 7901 message with no headline after STX")

    keyword_lines = [clean_line(line) for line in _lines(head)[1:]]
    slug = " ".join(line for line in keyword_lines if line).strip("/ ")
    dateline = ""
    if text.paragraphs:
        found = _DATELINE.match(text.paragraphs[0])
        if found:
            dateline = found["place"].strip()
            agency = agency or found["agency"].strip()
    published = _published(trailer, now)
    priority = int(header["priority"])
    return ParsedItem(
        guid=_guid(agency or header["service"], slug, published, text.headline),
        version=" ".join(m for m in text.markers if _LEAD.match(m)),
        headline=text.headline,
        body_text="\n\n".join(text.paragraphs),
        byline=text.byline,
        dateline=dateline,
        # IPTC 7901 priorities run from 1 (flash) down, the scale of our urgency.
        urgency=priority if 1 <= priority <= 9 else None,
        published=published,
        subjects=[f"iptc7901-category:{header['category'].lower()}"],
        keywords=[part.strip() for part in slug.split("/") if part.strip()],
        signal=_signal(text, slug),
        provider=agency,
        slug=slug,
    )


def parse(data: bytes, now: datetime | None = None) -> ParsedFeed:
    """Every message of an IPTC 7901 stream; ``now`` dates trailers with no year."""
    # dpa's files are ISO-8859-1 ("Thomas M\xfcller" in IPTC7901_odd_charset.txt):
    # decode_wire_bytes tries UTF-8, then reads them as Windows-1252, which gives
    # the same letters and valid German text.
    return parse_stream(data, "iptc7901", "IPTC 7901", _parse_message, now)


_SNIFF_HEADER = re.compile(
    rb"\x01[A-Za-z]{1,6}\d{1,6} \d [A-Za-z]{1,3} \d{1,5}(?:[ \r\n]|$)"
)


def sniff(head: Head) -> int:
    if head.is_xml or head.json is not None:
        return 0
    data = head.stripped
    # ANPA 1312 starts with SYN (\x16) and has its own parser.
    if not data.startswith(b"\x01"):
        return 0
    if _SNIFF_HEADER.match(data):
        return 80
    return 40 if b"\x02" in data and b"\x03" in data else 0


PARSERS = [
    ParserSpec("iptc7901", parse, sniff, "IPTC 7901 wire text (dpa), SOH/STX framed"),
]
