"""Clean agency headlines: prefixes, slugs and tags off, shouting brought down."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

MAX_LENGTH = 110
# Version and story-type prefixes: "UPDATE 2-", "EXCLUSIVE:", "(LEAD)", Yonhap's
# "(2nd LD)". The headline after a prefix opens with a capital, a digit or a quote:
# "Flash-flood warnings" and "Insight-driven" are words of the headline.
_PREFIX = re.compile(
    r"^\s*(?:(?:UPDATE|WRAPUP|REFILE|CORRECTED|CORRECTION|EXCLUSIVE|FACTBOX|"
    r"ANALYSIS|BREAKINGVIEWS|URGENT|FLASH|BULLETIN|RPT|REPEAT|INSIGHT|"
    r"SPECIAL REPORT)(?:\s*\d+)?(?:\s*[:–—]+|\s*-+)\s*(?!\s|(?-i:[a-z]))"
    r"|\((?:LEAD|LD|URGENT|\d+(?:ST|ND|RD|TH) (?:LEAD|LD))\)\s*)",
    re.I,
)
# Reuters' topic slugs ("SOCCER-", "GLOBAL MARKETS-", "US STOCKS-", "BRIEF-"), in
# capitals before a headline in mixed case; sports in any case ("Soccer-Smiling").
_SPORTS = (
    r"SOCCER|TENNIS|GOLF|CRICKET|RUGBY(?: UNION| LEAGUE)?|ATHLETICS|CYCLING|BOXING"
    r"|SWIMMING|OLYMPICS|MOTOR RACING|MOTORCYCLING|FORMULA ONE|BASKETBALL|BASEBALL"
    r"|ICE HOCKEY|NFL|NBA|NHL|MLB|SKIING|SAILING|HORSE RACING|ESPORTS|ALPINE SKIING"
)
_SLUG = re.compile(
    rf"^\s*(?:(?i:{_SPORTS})"
    r"|FOREX|GLOBAL MARKETS|EMERGING MARKETS|MONEY MARKETS|PRECIOUS|METALS|GRAINS"
    r"|SOFTS|TREASURIES|(?:[A-Z]+ ){1,2}(?:STOCKS|MARKETS|SHARES|BONDS)(?: SNAPSHOT)?"
    r"|BRIEF|BUZZ|PRESS DIGEST|TABLE|HIGHLIGHTS|RESEARCH ALERT|DIARY|TIMELINE"
    r"|EXPLAINER|GRAPHIC|POLL|PREVIEW|COLUMN|FEATURE|INTERVIEW)-(?=[^\sa-z])"
)
# AP's keyword slugs: "BC-US--Earns-Acme, 1st Ld-Writethru" or "BC-BBO--Wild Card".
_AP_SLUG = re.compile(r"^\s*BC-[A-Za-z0-9]+--\s*")
_AP_WRITETHRU = re.compile(r",?\s*\d*(?:st|nd|rd|th)?\s*Ld-Writethru\b.*$", re.I)
_AGENCIES = (
    r"Reuters|AP|AFP|PTI|ANI|IANS|Xinhua|dpa|EFE|Kyodo|Yonhap|ANSA|UPI"
    r"|(?:The )?Associated Press|Agence France-Presse"
)
# A trailing agency tag: "- Reuters", "-- AFP", "| Reuters", "— The Associated
# Press", "(Reuters)".
_TAG = re.compile(
    rf"\s*(?:[-–—|]+\s*(?:{_AGENCIES})|\((?:{_AGENCIES})\))\s*$",
    re.I,
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Short words that are plain English, not acronyms, when a headline shouts.
_SHORT_WORDS = frozenset(
    """
    a about an and are as at be but by can cut did do due end few for get got had
    has her him his hit how if in is it its key let low may new no nor not now of
    off oil old on one or our out own pay per put say see set she six so tax ten the
    to too top two up via vow war was way why win won yet aid bid gas law job age
    all any big day ago add aim air arm art ask bad bag ban bar bay bed bet box boy
    bus buy car cop cow cry cup dam die dig dog dry ear eat egg era eye fan far fat
    fee fit fix fly fun gap gun guy hot ill jet joy kid lab lag lay leg lie lot mad
    man map men mix mob net nod odd pan pen pet pie pit pop pot pub raw red rid
    rig rob row run sad saw sea sex shy sin sit sky son spy sue sum sun tea tie tip
    toe ton toy try use van vet wet yen yes zoo mid qtr vs
    """.split()  # noqa: SIM905 - a word list reads best as prose
)
_CALENDAR = """
    January February March April May June July August September October November
    December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Jan Feb Apr
    Jun Jul Aug Sep Sept Oct Nov Dec
"""
_CONTINENTS = "Europe Asia Africa Americas Antarctica Oceania Arctic Antarctic"
# Gazetteer names that are as often plain words in a headline ("FAMILY REUNION").
_PLAIN_WORDS = frozenset({"Reunion", "Jersey"})
# Months that are also ordinary words: proper only beside a number ("MAY 14").
_MONTH_WORDS = frozenset({"may", "march"})
# The longest place name looked up whole ("BOSNIA AND HERZEGOVINA").
_LONGEST_NAME = 4
# A word of the body opens a sentence (or a line) after these.
_STOPS = ".!?:;—–_-\n"
# Pronouns that are also acronyms: the copy's "us" and "who" don't make the
# headline's "US" and "WHO" plain words.
_PRONOUNS = frozenset({"us", "who", "we", "he", "me", "my", "am"})
# Company-name suffixes, Capitalised after a name when the copy does not spell them
# ("ACME CORP SETS DIVIDEND" over a table of figures): not acronyms ("INC") nor
# plain words ("corp"). On Reuters-21578 train titles, the words cased as the other
# documents write them went from 92.4% to 95.2%; BBC and ECB+ headlines (put in
# capitals) do not change. "PLC" is left as it is: "plc" or "Plc" is house style.
# A wider rule, any word neither in the copy nor a common word Capitalised, was
# measured and not taken: +0.5 points more on Reuters, whose text built the common
# words, but 2 points fewer on BBC headlines, held out ("Minister rebuts critics").
_COMPANY_SUFFIXES = {
    "corp": "Corp", "inc": "Inc", "ltd": "Ltd", "co": "Co", "cos": "Cos",
    "bancorp": "Bancorp",
}  # fmt: skip
# Prefixes joined to a word by a hyphen ("EX-MINISTER", "NON-FARM", "PRO-RUSSIA"):
# short, but no acronyms there.
_HYPHEN_PREFIXES = frozenset("ex co re pre non pro sub".split())  # noqa: SIM905
# "1ST QTR", "4TH": ordinals in capitals.
_ORDINAL = re.compile(r"\b(\d+)(ST|ND|RD|TH)\b")


def clean(headline: str, body: str = "") -> str:
    """The agency headline without prefixes, slugs and tags, shouting brought down.

    ``body`` (the story's copy) gives the shouted words their usual spelling:
    "NATO CHIEF MEETS KISHIDA" is "NATO chief meets Kishida" when the copy writes
    them so. A headline that is nothing but a prefix is kept as sent.
    """
    raw = " ".join(headline.split())
    text = (
        _AP_WRITETHRU.sub("", _AP_SLUG.sub("", raw)) if raw.startswith("BC-") else raw
    )
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        slug = _SLUG.match(stripped)
        if slug and not _is_shouting(stripped[slug.end() :]):
            stripped = stripped[slug.end() :]
        if stripped == text:
            break
        text = stripped
    text = _TAG.sub("", text).strip()
    if _is_shouting(text):
        text = _sentence_case(text, body)
    return shorten(text or raw)


def _is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _key(word: str) -> str:
    """``word`` in lower case without a possessive: what its spellings share."""
    lowered = word.lower().replace("’", "'")
    return lowered[:-2] if lowered.endswith("'s") else lowered


def _opens_sentence(body: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence or a line of ``body``."""
    before = body[max(0, start - 40) : start]
    head = before.rstrip(" \t\"'“‘([")
    if not head:
        return start <= 40
    return head[-1] in _STOPS


def _body_spellings(body: str, keys: set[str]) -> dict[str, str]:
    """How the copy writes each word of ``keys`` inside a sentence ("Kishida",
    "yen", "NATO", "iPhone"): in capitals if it ever does (an acronym: "WHO" as
    well as "who"), else its commonest spelling there.

    A word seen only opening sentences counts when its capitals say more than its
    position does ("McDonald's"). Words in capitals before the copy's first word
    in lower case are left out: a dateline or a repeated headline.
    """
    inside: dict[str, Counter[str]] = {}
    opening: dict[str, Counter[str]] = {}
    started = False
    for match in _WORD.finditer(body):
        token = match.group()
        if not started:
            started = token[0].islower()
            if token.isupper():
                continue
        start = match.start()
        for part in token.strip(".'’-").split("-"):
            key = _key(part)
            if key in keys:
                spelling = part[: len(key)]
                first = start >= 0 and _opens_sentence(body, start)
                (opening if first else inside).setdefault(key, Counter())[spelling] += 1
            start = -1  # the parts after a hyphen never open a sentence
    found: dict[str, str] = {}
    for key, forms in inside.items():
        capitals = [f for f in forms if f.isupper() and len(f) > 1]
        found[key] = capitals[0] if capitals else forms.most_common(1)[0][0]
    for key, forms in opening.items():
        spelling = forms.most_common(1)[0][0]
        inner_capital = any(c.isupper() for c in spelling[1:])
        if key not in found and inner_capital and not spelling.isupper():
            found[key] = spelling
    return found


@cache
def _gazetteer_spellings() -> dict[str, str]:
    """Place names, demonyms and institutions in capitals -> as written in copy.

    Countries, demonyms, capitals, states, regions and institutions ("WHITE
    HOUSE"), longer names of any kind ("RIO DE JANEIRO", "MIDDLE EAST") and single
    names of cities of a million people. Lesser cities and the gazetteer's blocked
    words are left out: their names are too often plain words ("Reading", "Derby").
    """
    from wiredesk.drafting import places

    found: dict[str, str] = {}
    for name, entry in places.gazetteer().items():
        words = name.split()
        if len(words) > _LONGEST_NAME:
            continue
        if len(words) == 1:
            if entry.kind == "block":
                continue
            if entry.kind == "city" and (
                len(name) <= 3 or not places.city_country(name, min_population=10**6)
            ):
                continue
        if name not in _PLAIN_WORDS:
            found.setdefault(name.upper(), name)
    for name in _CALENDAR.split() + _CONTINENTS.split():
        found.setdefault(name.upper(), name)
    return found


def _sentence_case(text: str, body: str = "") -> str:
    """A shouting headline in sentence case: each word as the copy writes it, else
    a place or a month as the gazetteer writes it, else an acronym kept when short,
    else in lower case."""
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    keys = {_key(p) for w in words for p in w.strip(".'’-").split("-")}
    spellings: dict[str, str] = {}
    if body and not _is_shouting(body[:2000]):
        spellings = _body_spellings(body, keys)
    names = _gazetteer_spellings()
    cased: list[str] = []
    i = 0
    while i < len(words):
        # A place of several words first ("NEW YORK", "SAUDI ARABIA'S").
        for size in range(min(_LONGEST_NAME, len(words) - i), 1, -1):
            gap = text[matches[i].start() : matches[i + size - 1].end()]
            phrase = " ".join(_key(w).upper() for w in words[i : i + size])
            name = names.get(phrase, "").split()
            if len(name) == size and " ".join(gap.split()) == gap:
                cased += map(_spell_like, words[i : i + size], name)
                i += size
                break
        else:
            match = matches[i]
            around = text[max(0, match.start() - 1) : match.end() + 1]
            if around[:1] == "<" and around[-1:] == ">":
                cased.append(words[i])  # a ticker: "ACME <ACM> TO BUY ..."
            elif i and (suffix := _company_suffix(words[i], spellings)):
                cased.append(suffix)
            else:
                dated = _beside_number(text, match)
                parts = words[i].split("-")
                cased.append(
                    "-".join(
                        p.lower()
                        if k < len(parts) - 1
                        and p.lower() in _HYPHEN_PREFIXES
                        and not spellings.get(p.lower(), "").isupper()
                        else _case(p, spellings, names, dated)
                        for k, p in enumerate(parts)
                    )
                )
            i += 1
    pieces, last = [], 0
    for match, word in zip(matches, cased, strict=True):
        pieces += [text[last : match.start()], word]
        last = match.end()
    out = _ORDINAL.sub(lambda m: m[1] + m[2].lower(), "".join([*pieces, text[last:]]))
    first = _WORD.search(out)
    # "iPhone" keeps its small letter; "pro-Russia" opens on a capital all the same.
    if first and not any(c.isupper() for c in first.group().split("-")[0][1:]):
        at = first.start()
        out = out[:at] + out[at].upper() + out[at + 1 :]
    return out


def _company_suffix(word: str, spellings: dict[str, str]) -> str | None:
    """ "CORP", "INC.", "CO'S" after a name, as a company's name is written, unless
    the copy spells the word itself."""
    key = _key(word.rstrip("."))
    suffix = _COMPANY_SUFFIXES.get(key)
    if suffix is None or key in spellings:
        return None
    return _spell_like(word, suffix)


def _spell_like(word: str, spelling: str) -> str:
    """``word`` in the letter case of ``spelling`` (a possessive kept as written)."""
    return spelling + word[len(spelling) :].lower()


def _beside_number(text: str, match: re.Match[str]) -> bool:
    """Whether a number stands next to the word: "MAY 14" is the month."""
    after = text[match.end() : match.end() + 3].lstrip(" ,")
    before = text[max(0, match.start() - 3) : match.start()].rstrip(" ,(")
    return after[:1].isdigit() or before[-1:].isdigit()


def _case(
    part: str, spellings: dict[str, str], names: dict[str, str], dated: bool
) -> str:
    """One shouted word (or part of a hyphenated one) in its proper case."""
    key = _key(part.strip(".'’"))
    if not key:
        return part.lower()
    spelling = spellings.get(key)
    if spelling is not None and not (key in _PRONOUNS and spelling.islower()):
        return _spell_like(part, spelling)
    name = names.get(key.upper())
    if name is not None and (key not in _MONTH_WORDS or dated):
        return _spell_like(part, name)
    # Short capital words are usually acronyms (UN, WHO, IMF).
    if len(part.strip(".")) <= 3 and part.lower() not in _SHORT_WORDS:
        return part
    return part.lower()


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """At most ``limit`` characters, cut between words.

    At a clause (a comma, colon, semicolon or dash) in the last part of the limit
    when there is one, and never after a word that leads to the next ("after",
    "of", "the", "and"): a headline cut there reads as broken.
    """
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    # One word longer than the limit has no boundary to cut at: cut it at the limit.
    if " " not in head:
        return head[:limit]
    cut = head.rsplit(" ", 1)[0]
    clauses = [m.start() for m in _CLAUSE.finditer(cut)]
    if clauses and clauses[-1] >= limit * CLAUSE_SHARE:
        cut = cut[: clauses[-1]]
    return _without_dangling(cut) or cut.rstrip(_TRAILING)


# A clause boundary a long headline is best cut at: a comma, colon or semicolon
# and a space, a dash between spaces ("Fund doubles aid – but not for all") or an
# em dash between words.
_CLAUSE = re.compile(r"[,;:](?=\s)|\s+[-–—]+(?=\s)|(?<=\w)—(?=\w)")
# Where a clause boundary must fall, as a share of the limit, to be cut at: nearer
# the start, the cut would drop more of the headline than it keeps.
CLAUSE_SHARE = 0.6
_TRAILING = " ,;:-–—"
# Words that lead to the next one: a headline never ends on them. Prepositions,
# articles, conjunctions and possessive determiners.
_DANGLING = frozenset(
    """
    a an the of to in on at for with by from after before under into onto
    about against between among amid during since until upon via without within
    across through toward towards near than as per like and or but nor so while
    if because although though when where whether that which who whose its their
    his our your my
    """.split()  # noqa: SIM905 - a word list reads best as prose
)


def _without_dangling(text: str) -> str:
    """``text`` without the words that lead to another at its end, nor the
    punctuation they leave: "" if it is nothing else. A word of two or more
    capitals is an acronym ("WHO", "IT") and stays; "yet" and "over" can end a
    headline ("not over yet") and stay."""
    words = text.rstrip(_TRAILING).split(" ")
    while (
        words
        and not (len(words[-1]) > 1 and words[-1].isupper())
        and words[-1].lower().strip("\"'“‘(”’)") in _DANGLING
    ):
        words.pop()
        if words:
            words[-1] = words[-1].rstrip(_TRAILING)
    return " ".join(words).rstrip(_TRAILING)
