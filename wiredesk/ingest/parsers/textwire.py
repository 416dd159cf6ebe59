"""What the text wire formats (ANPA 1312, IPTC 7901) share: framing, decoding, time.

Both are streams of messages framed by control characters, in legacy 8-bit
charsets, with trailers that give times in local zones and sometimes no year.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from wiredesk.ingest.wire import ParsedFeed, ParsedItem, ParseError

SYN, SOH, STX, ETX, EOT = "\x16", "\x01", "\x02", "\x03", "\x04"


def decode_wire_bytes(data: bytes) -> str:
    """The bytes as text: UTF-8 if they are valid UTF-8, else Windows-1252.

    Text wires declare no charset. Modern feeds send UTF-8, which a strict decode
    recognises reliably; the older 8-bit feeds send ISO-8859-1 (AP's "L\\xf3pez",
    dpa's "M\\xfcller"), and Windows-1252 reads every ISO-8859-1 letter the same
    while also giving the curly quotes and dashes that editing systems put in
    0x80-0x9F. Latin-1 is the last resort: it reads any byte, so nothing crashes.
    """
    for charset in ("utf-8", "cp1252"):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# Transmission codes, typesetting codes and C1 controls: never part of a field.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_line(text: str) -> str:
    """One line of text with control characters turned into single spaces."""
    return _SPACES.sub(" ", _CONTROLS.sub(" ", text)).strip()


# Zone abbreviations the wires print in trailers, as fixed offsets from UTC (an
# "EST" stamp means UTC-5 even in summer: AP switches to "EDT" itself).
TIME_ZONES: dict[str, float] = {
    "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "BST": 1, "IST": 1,
    "CET": 1, "MEZ": 1, "CEST": 2, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
    "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5, "AWST": 8,
    "NZST": 12, "NZDT": 13, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8,
}  # fmt: skip


def to_utc(
    year: int, month: int, day: int, hour: int, minute: int, zone: str
) -> datetime | None:
    """An aware UTC datetime from wall-clock parts; None for impossible values.

    A time with no zone at all is read as UTC (the house rule for naive times);
    a zone we do not know is not guessed: the time is dropped instead.
    """
    offset = TIME_ZONES.get(zone.upper()) if zone else 0
    if offset is None:
        return None
    try:
        local = datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None
    return local - timedelta(hours=offset)


def full_year(two_or_four_digits: str) -> int:
    year = int(two_or_four_digits)
    if len(two_or_four_digits) <= 2:
        year += 2000 if year < 70 else 1900
    return year


def infer_year(month: int, day: int, now: datetime | None) -> int | None:
    """The year that puts month-day nearest to ``now`` (wires carry no year).

    A live wire is read within hours of transmission, so the nearest date is the
    right one, also across New Year. Without ``now`` there is no year to give.
    """
    if now is None:
        return None
    best = None
    for year in (now.year - 1, now.year, now.year + 1):
        try:
            candidate = datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            continue
        if best is None or abs(candidate - now) < abs(best - now):
            best = candidate
    return best.year if best else None


def short_hash(text: str) -> str:
    """A short stable hash of text, insensitive to case and spacing."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:12]


def split_messages(text: str, fmt: str) -> list[str]:
    """The messages of a stream, each from just after its SOH (SYNs dropped)."""
    if SOH not in text:
        raise ParseError(f"not {fmt}: no SOH (start of heading) control character")
    return [part for part in re.split(f"{SYN}*{SOH}", text)[1:] if part.strip()]


def parse_stream(
    data: bytes,
    fmt: str,
    label: str,
    parse_message: Callable[[str, datetime | None], ParsedItem],
    now: datetime | None,
) -> ParsedFeed:
    """Every message of a text wire stream; a broken message is a stated skip."""
    feed = ParsedFeed(format=fmt)
    errors = []
    for number, message in enumerate(
        split_messages(decode_wire_bytes(data), label), start=1
    ):
        try:
            feed.items.append(parse_message(message, now))
        except ParseError as exc:
            errors.append((f"message {number}", str(exc)))
    if not feed.items:
        if errors:
            raise ParseError(errors[0][1])
        raise ParseError(f"{label} stream with no message after SOH")
    feed.skipped.extend(errors)
    return feed
