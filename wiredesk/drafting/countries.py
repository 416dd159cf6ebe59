"""Which countries a story is about, and the primary one shown as "Country: ...".

Evidence comes from three places, strongest first: the format's metadata places,
the dateline, and the words of the headline and text (country names and short
forms, demonyms, capitals, big cities, US states, regions; see ``places``). One
precompiled trie-shaped regular expression finds every mention in one pass, so a
story costs about 0.2 ms. A space in a name matches any run of white space: wire
copy is hard-wrapped, and "South\nAfrica" (19 times in Reuters-21578 train, "United
States" 72) is South Africa, "New\nJersey" the state and not the island.

When a mention counts -- a story is "about" a country when the country is:
  * in the metadata places, or the dateline's country;
  * named in the headline and named again in the text;
  * or named at least ``MIN_MENTIONS`` times in the text, where a city, region or
    institution counts half (it sits inside a country; it is not the country).
A brief of fewer than ``SHORT_TEXT_WORDS`` words is all lead: there one mention
of the country's name counts (of a city, two). A single passing mention deep in
the text ("... like Canada did last year") does not count. Measured on
Reuters-21578, a country named only once or twice in the text is in the
indexers' places less than a quarter of the time; a headline country confirmed by
the text nine times in ten; a dateline country 19 times in 20.

The primary country is the first metadata place; without metadata it is the
ranker's pick (``primary``: a small learned model over the candidates, shipped as
weights in ``data/primary_model.json``), or without a model the rule's: the
dateline's country (a wire files from where the story is), else the headline's
first country, else the most named one. A story that nothing
places (an unknown town's dateline, no country named three times) still goes to
a country named ``FALLBACK_MENTIONS`` times.

A bare dateline city with namesakes ("BIRMINGHAM") is its usual country unless
the copy names the state of a namesake and nothing of the usual country
(``_pick``); a capital ("LONDON") is never in doubt. A bare region ("NEW
BRUNSWICK") yields to a namesake town whose country the copy names and the
region's it does not: datelines name towns. A town too small for the gazetteer
resolves through ``towns`` when the dateline is in wire capitals and is no slip
of the keys on a big city's name ("MELBOURN" is Melbourne). A dateline heading
the copy is resolved as written, capitals and all, as one given apart is.

Measured on Reuters-21578 train (12,288 placed articles with a resolvable
dateline): the dateline country is the first listed place in 96.8% of them and
listed at all in 98.7%, so dateline-first caps primary accuracy near 0.968.
Rules that let the text overrule the dateline all lose more than they win there:
the headline's first country when the headline does not name the dateline's
(+134 / -646 articles), a country opening the headline as its subject (+85 /
-255), the headline's country when the copy never names the dateline's (+69 /
-303), and the best linear mix of dateline, headline, lead and count features
gains 0.0006. What the ranker learns instead are the indexers' habits by
dateline and candidate (Iran before Iraq in copy from Baghdad): 0.9688 under
5-fold cross-validation, 0.9689 in sample (rule alone 0.9677); micro-F1 0.9223
(precision 0.9147, recall 0.9300). Of the 383 misses, 376 put first the
dateline's country where the indexers listed another: 250 list the indexers'
first country second (the US first in Tokyo or London copy about both), 61 name
it once or twice without listing it, 65 never name it (29 Canadian-datelined
company reports indexed only as "usa" -- of 52 Canadian stories indexed "usa"
first, 638 in all --, eurobond issuers). Seen the other way,
161 misses put first a country the indexers did not list at all -- 160 the
dateline's, one the ranker's Iran in Baghdad copy -- and one (an unknown town,
no country named) places nothing. They are not the tagger's reading of
datelines: no dateline place string resolves to a country that its stories'
indexers leave out even a third of the time. No conjunction of up to three
headline, lead, count and dateline-silence features picks out articles where the
named country comes first more often than the dateline's; only a few
dateline-candidate pairs do (Iran in Baghdad copy), and the ranker has those.
Even copy whose dateline's country is never named and whose headline names
another lists the dateline's first in 318 of 404 articles.

Cues that the US is meant although the copy names it only in passing do not
pick out the "usa" indexing either, so the US is still never a candidate on
their strength: of 3,471 placed stories datelined outside the US that name it
in no counted way, the indexers list it first in 46; "U.S. dlrs" appears in 1 of
those 46 and in 72 where the dateline's country is first, a bare US ticker
("<AMX>") in 14 against 151. In Canadian copy "U.S. dlrs" is in 4 of the 52
stories indexed "usa" first and in 40 of the 583 indexed "canada" first. A
country named only in a currency ("Australian dlr bond") is the first place in 3
of 210 such cases, so money stays no evidence. The indexers' own ordering is
the limit: of 151 groups of identical Reuters stories (same headline, dateline
and text), 15 list a different country first.

Words that are also something else are checked in context (``_persons``,
``_is_thing``, ``_georgia``): personal names ("Michael Jordan", "Jordan
Henderson", "Israel Adesanya ... Adesanya said"), the US state of Georgia (not
when the copy names "Georgia's president"), the bird ("Thanksgiving turkey"),
money ("U.S. dlrs"), pacts and talks named after a place ("the Paris accord",
"the London Club", "the Uruguay Round"), and phrases such as "Indian Ocean" that
contain a country word but name none. A speaker ("Jordan said") or a bare mention
in copy about the bird ("Turkey sales") takes the other sense only when the story
does not place the country: its dateline, another of its names ("Jordanian",
"Amman"), "Jordan's army" or "in Jordan" keep it ("Jordan said it would" is the
country anyway). On Reuters-21578 train these readings moved eight articles, all
towards the indexers' places (F1 0.9223 to 0.9226, primary accuracy unchanged).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from wiredesk.drafting import dateline as dateline_module
from wiredesk.drafting import places as gazetteer
from wiredesk.drafting import primary
from wiredesk.drafting.places import Entry


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MIN_MENTIONS = 3
# Copy read for countries, in characters: far beyond any news story (Reuters-21578's
# longest is under 9,000), so only a runaway body (a 2 MB dump of tables) is cut,
# and its countries are those of its first pages, read in milliseconds, not a
# second.
MAX_TEXT_CHARS = 50_000
WEIGHTS: dict[str, float] = {"city": 0.5, "place": 0.5, "state": 0.5}
SHORT_TEXT_WORDS = 25
# A story nothing else places goes to a country named this often (any kind of
# mention): on Reuters-21578 it places a few more stories and costs no F1.
FALLBACK_MENTIONS = 2

# Words before a name that make it a place, not a person ("North Jordan").
PLACE_LEADERS = _words(
    "The A An In In At To From Of And Or But For With By On Into Across Over Near "
    "North South East West Northern Southern Eastern Western Central Upper Lower "
    "Greater New Old Lake River Mount Port Fort San Santa St. Saint King Queen "
    "Kingdom Republic Emirate State Downtown Metropolitan Both Neighbouring "
    "Neighboring Rural Urban Communist Socialist Democratic Independent Oil-rich "
    "Mr Mrs Ms Dr"
)
TITLES = _words(
    "Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sen. Rep. Gov. Judge Coach Miss Sir Dame Lady "
    "Lord Prof. Professor Captain Capt. Gen. Col. Sgt. Officer Detective"
)
SPEECH_VERBS = _words(
    "said says told added scored wrote replied explained argued insisted tweeted"
)
# Pronouns after "X said" that make X a body speaking ("Jordan said on Tuesday it
# would close its airspace") or a person ("Jordan said he was tired").
IT_PRONOUNS = _words("it its it's it’s")
PERSON_PRONOUNS = _words("he she his her him I")
# Words after "X's" that only a country has ("Jordan's army", "Georgia's president").
STATE_NOUNS = _words(
    "army military armed government parliament king queen monarch president "
    "prime foreign interior finance central economy capital border borders airspace "
    "embassy ambassador ruling opposition cabinet constitution territory"
)
# Words before a name that put a country there ("in Jordan", "visited Georgia").
PLACE_WORDS = _words(
    "in into across inside throughout visit visited visiting neighbouring neighboring"
)
# Words after a person-like name that show a place or institution instead.
ORG_WORDS = _words(
    "Club Bourse Airport Valley River Times Post Stock Exchange Inc Inc. Corp "
    "Corp. Co Co. Ltd Group Bank Airways Airlines Industries Motor Motors Energy "
    "Power Gas Oil Petroleum Chemical Port City County Street Avenue Square "
    "University College Hospital Institute Council Summit Accord Agreement Treaty "
    "Conference Agency Authority Board Commission Court Police Army Navy Air "
    "Defense Defence Forces Government Ministry Railway Railways Radio Television "
    "News Herald Journal Tribune Chronicle Record Press Global International "
    "National Federal Central State Province Region Area Zone Basin Rockets "
    "Mavericks Cowboys Texans Astros Oilers"
)
# Context that makes a country word mean a thing ("turkey prices", "china plates").
THINGS = {
    "Turkey": (
        _words("thanksgiving roast roasted wild smoked christmas"),
        _words(
            "meat prices farmers breast breasts dinner sandwich sandwiches legs "
            "feathers hunting hunt producers production flocks poults"
        ),
    ),
    "China": (
        _words("fine bone porcelain"),
        _words("plates plate dolls doll cabinet clay shop teapot"),
    ),
    "Chile": (frozenset(), _words("peppers pepper con powder")),
    # Farm and food copy: "guinea fowl", "Brussels sprouts". (Not "Brazil nuts":
    # copy about them names the country too, and the rule drops every mention.)
    "Guinea": (frozenset(), _words("fowl fowls pig pigs worm worms")),
    "Panama": (frozenset(), _words("hat hats")),
    "Brussels": (frozenset(), _words("sprout sprouts")),
    "French": (frozenset(), _words("fries toast")),
    "Danish": (frozenset(), _words("pastry pastries")),
}
# A country word naming a currency ("U.S. dlrs", "Swiss francs") says what the money
# is counted in, not where the story is.
CURRENCIES = _words(
    "dollar dollars dlr dlrs franc francs mark marks yen pound pounds sterling lira "
    "lire peso pesos crown crowns guilder guilders cents cent rupee rupees rand "
    "riyal riyals dinar dinars shilling shillings krona kronor krone kroner "
    "escudo escudos peseta pesetas schilling schillings"
)
# States named like a big city: "New York" and "Washington" in copy are more often
# the cities, so they place no namesake town of a dateline in the state.
CITY_STATES = frozenset({"New York", "Washington"})
# Pacts and creditor clubs named after the city they were made in ("the Paris
# accord", "the London Club") travel with stories about their members.
NAMED_AFTER_CITIES = _words(
    "accord accords agreement agreements pact club round convention consensus"
)
# Words that put "Georgia" in the Caucasus rather than in the United States.
CAUCASUS = _words(
    "Tbilisi Caucasus Abkhazia Ossetia Georgian Georgians Armenia Azerbaijan "
    "Russia Russian Soviet Shevardnadze Saakashvili"
)


@dataclass(frozen=True)
class CountryTags:
    """The countries a story is about (ISO alpha-2), primary first."""

    primary: str | None
    countries: list[str]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entry: Entry


def _trie(words: Iterable[str]) -> str:
    """A regex alternation shaped like a trie: one pass, longest form first."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child)
            for ch, child in node.items()
            if ch
        ]
        if not branches:
            return ""
        ends = "" in node
        if len(branches) == 1 and not ends:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends else group

    return build(root)


@cache
def _pattern(upper: bool) -> re.Pattern[str]:
    names = gazetteer.upper_gazetteer() if upper else gazetteer.gazetteer()
    return re.compile(r"(?<![\w'’])(?:" + _trie(names) + r")(?!\w)")


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _is_shouting(text: str) -> bool:
    """Copy in capitals (wire headlines of old): more than four capitals in five."""
    sample = text[:400]
    upper, lower = len(_UPPER.findall(sample)), len(_LOWER.findall(sample))
    return upper + lower >= 8 and upper > 4 * lower


def _fold_table() -> dict[int, str]:
    """Accented Latin letters to their base letter, one character for one."""
    table = {}
    for code in range(0xC0, 0x250):
        parts = unicodedata.normalize("NFKD", chr(code))
        if (
            len(parts) > 1
            and parts[0].isascii()
            and parts[0].isalpha()
            and all(unicodedata.combining(part) for part in parts[1:])
        ):
            table[code] = parts[0]
    table.update({ord(k): v for k, v in zip("ıøØłŁđĐ", "ioOlLdD", strict=True)})
    return table


# French and Spanish copy writes Sénégal, Perú, México, Türkiye: the gazetteer's
# countries are spelt without accents, so the copy is also read with them folded
# (one character for one, so a mention's offsets hold in the copy as written).
_FOLD = _fold_table()


def mentions(text: str) -> list[Mention]:
    """Every gazetteer form in ``text``, longest first at each position; where the
    copy as written names nothing, its accents folded (Perú as Peru)."""
    upper = _is_shouting(text)
    names = gazetteer.upper_gazetteer() if upper else gazetteer.gazetteer()
    found = []
    for m in _pattern(upper).finditer(text):
        found.append(Mention(m.start(), m.end(), _surface(m), names[_surface(m)]))
    folded = text.translate(_FOLD)
    if folded != text:
        taken = [(m.start, m.end) for m in found]
        for m in _pattern(upper).finditer(folded):
            if not any(m.start() < end and start < m.end() for start, end in taken):
                found.append(
                    Mention(m.start(), m.end(), _surface(m), names[_surface(m)])
                )
        found.sort(key=lambda mention: mention.start)
    return found


def _surface(match: re.Match[str]) -> str:
    surface = match.group()
    if not surface.isprintable() or "  " in surface:
        surface = " ".join(surface.split())  # "United\nStates": a wrapped line
    return surface


_WORD_AFTER = re.compile(r"\s*([\w’'-][\w.’'-]*)(?:\s+([\w.’'-]+))?")


def _neighbours(text: str, mention: Mention) -> tuple[str, str, str, bool]:
    """(word before, word after, the word after that, whether the word before
    starts a sentence); a word counts only when nothing but spaces stands between."""
    window = text[max(0, mention.start - 40) : mention.start]
    prev, sentence_start = "", True
    stripped = window.rstrip()
    if len(stripped) < len(window) and stripped[-1:] not in ",;:)]\"”'’":
        parts = stripped.rsplit(None, 1)
        prev = parts[-1] if parts else ""
        before = parts[0].rstrip() if len(parts) == 2 else ""
        sentence_start = not before or before[-1] in '.!?"“”:;'
        if prev[-1:] in ".!?" and prev not in TITLES:
            prev = ""  # "... on Monday. Georgia officials": a new sentence
    after = _WORD_AFTER.match(text, mention.end)
    return (
        prev.lstrip("(\"“'‘"),
        after.group(1) if after else "",
        (after.group(2) or "") if after else "",
        sentence_start,
    )


def _it_follows(text: str, start: int) -> bool:
    """Whether "it"/"its" comes before "he"/"she" in the clause after the speech
    verb at ``start``: "Jordan said on Tuesday it would close its airspace"."""
    words = _CLAUSE.findall(text, start, start + 100)
    for word in words[1:12]:
        if word in ".;:!?":
            return False
        if word.lower() in IT_PRONOUNS:
            return True
        if word in PERSON_PRONOUNS or word.lower() in PERSON_PRONOUNS:
            return False
    return False


_CLAUSE = re.compile(r"[\w'’]+|[.;:!?]")


def _echoed(story: str, surname: str, surface: str) -> bool:
    """Whether ``surname`` also stands alone in the story, as a surname does
    ("Israel Adesanya won ... Adesanya said") or a company's short name, but no
    institution ("Mauritius Chamber of Agriculture ... the Chamber said"), and
    never in lower case (a word: "Kenya Commercial ... commercial banks")."""
    if re.search(rf"(?<![\w'’-]){re.escape(surname.lower())}(?![\w-])", story):
        return False
    name = r"\s+".join(map(re.escape, surface.split()))
    own = re.compile(rf"(?:{name}|\b[Tt]he|\b[Aa]n?)\s+$")
    return any(
        not own.search(story, max(0, m.start() - 60), m.start())
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", story)
    )


def _person_cue(text: str, mention: Mention, story: str) -> tuple[str, str] | None:
    """How ``mention`` reads as a person's name: ("strong", surname) for a title,
    first name or surname beside it ("Mr Jordan", "Michael Jordan", "Jordan
    Henderson"), ("weak", "") for a speaker ("Jordan said"), None otherwise.

    ``story`` is the whole copy, headline included, where a surname may recur.
    """
    prev, nxt, third, sentence_start = _neighbours(text, mention)
    if prev in TITLES:
        return ("strong", "")
    names = gazetteer.gazetteer()
    if mention.entry.person and (
        prev[:1].isupper()
        and not prev.isupper()
        and not sentence_start
        and prev not in PLACE_LEADERS
        and prev.rstrip(".") not in PLACE_LEADERS
        and prev not in names
    ):
        return ("strong", "")  # "Michael Jordan"
    surname = nxt.rstrip(".,;:")
    if (
        surname[:1].isupper()
        and not surname.isupper()
        and surname not in ORG_WORDS
        and not mention.surface.isupper()
    ):
        # A surname may be a town's name ("Jordan Henderson") but no country's,
        # capital's or state's ("Georgia Florida" in a list).
        entry = names.get(surname)
        if entry is None or entry.kind == "city":
            if mention.entry.person and not third[:1].isupper():
                return ("strong", surname)  # "Paris Hilton said"
            if surname.isalpha() and _echoed(story, surname, mention.surface):
                return ("strong", surname)  # "Israel Adesanya ... Adesanya said"
    if (
        mention.entry.person
        and nxt in SPEECH_VERBS
        and not _it_follows(text, mention.end)
    ):
        return ("weak", "")  # "Jordan said", but not "Jordan said it would"
    return None


def _in_country_context(text: str, mention: Mention) -> bool:
    """ "Jordan's army", "in Jordan": the name is a country here."""
    prev, nxt, third, _ = _neighbours(text, mention)
    if nxt in ("'s", "’s") and third.lower() in STATE_NOUNS:
        return True
    return prev.lower() in PLACE_WORDS


def _is_thing(text: str, mention: Mention) -> bool:
    if mention.entry.kind in ("name", "demonym"):
        _, nxt, _, _ = _neighbours(text, mention)
        if nxt.lower() in CURRENCIES or nxt.lower().rstrip(".,;:") == "round":
            return True  # "U.S. dlrs", "the Uruguay Round" of trade talks
    elif mention.entry.kind in ("capital", "city"):
        _, nxt, _, _ = _neighbours(text, mention)
        if nxt.lower().rstrip(".,;:") in NAMED_AFTER_CITIES:
            return True
        compound = _COMPOUND.match(text, mention.end)
        if compound and compound[1].lower() not in PLACE_SUFFIXES:
            # "Bristol-Myers", "Seattle-First": a company's name, unless a place
            # follows ("Paris-Dakar") or the word says where ("Tokyo-Based").
            return not _names_place(text, mention.end + 1)
    rules = THINGS.get(mention.surface.title())
    if not rules:
        return False
    prev, nxt, _, _ = _neighbours(text, mention)
    return prev.lower() in rules[0] or nxt.lower() in rules[1]


_COMPOUND = re.compile(r"-([A-Z][a-z]+)")
# Second halves that keep the city a place in a title-case headline: "Moscow-Led
# Alliance", "Tokyo-Based Bank", "London-Listed Miner", "Beijing-Style Reforms".
PLACE_SUFFIXES = _words(
    "based led backed listed owned bound born made run area style controlled "
    "funded held linked registered headquartered centred centered dominated "
    "brokered sponsored operated friendly era wide level type like bred raised "
    "educated trained built grown produced focused oriented allied aligned "
    "installed appointed imposed inspired hosted region"
)


def _names_place(text: str, start: int) -> bool:
    """Whether a gazetteer name starts at ``start`` ("Paris-Dakar")."""
    word = re.match(r"[\w.'’]+(?:\s[A-Z][\w.'’]+)?", text[start : start + 40])
    names = gazetteer.gazetteer()
    return bool(word) and (
        word[0] in names or word[0].split()[0] in names or word[0].rstrip(".") in names
    )


@dataclass
class Persons:
    """Mentions that name a person (or a company), not a country; see ``_persons``."""

    names: set[str]  # every mention of these, surnames included
    mentions: set[int]  # ids of single mentions ("Israel" in "Israel Adesanya")
    speakers: set[str]  # "Jordan said": a person unless the story places Jordan

    def __contains__(self, mention: Mention) -> bool:
        return mention.surface.title() in self.names or id(mention) in self.mentions


def _persons(*copies: tuple[str, list[Mention]]) -> Persons:
    """The mentions of the copy used for a person.

    One sense per discourse: once the headline or text uses a common personal name
    for a person ("Michael Jordan", "Paris Hilton"), its other mentions in the
    same story are that person too, and so is the surname ("Henderson" after
    "Jordan Henderson"). A country's name that is rarely a first name ("Israel
    Adesanya") is a person only where the surname follows it. A speaker alone
    ("Jordan said") is only maybe a person: the country wins when the story places
    it (``_placed``).
    """
    story = "\n".join(text for text, _ in copies)
    persons = Persons(set(), set(), set())
    for text, found in copies:
        for m in found:
            if not (m.entry.person or m.entry.kind == "name"):
                continue
            cue = _person_cue(text, m, story)
            if cue is None:
                continue
            strength, surname = cue
            if strength == "weak":
                persons.speakers.add(m.surface.title())
                continue
            if m.entry.person:
                persons.names.add(m.surface.title())
            else:
                persons.mentions.add(id(m))
            if surname:
                persons.names.add(surname.title())
    persons.speakers -= persons.names
    return persons


def _placed(
    name: str,
    kept: list[tuple[Mention, str]],
    home: str | None,
    copies: Iterable[tuple[str, list[Mention]]],
) -> bool:
    """Whether the story places the country ``name`` names, so that "Jordan said"
    is the country speaking: its dateline is there, another of its names is used
    ("Jordanian", "Amman"), or the name stands as a country ("Jordan's army",
    "in Jordan")."""
    codes = {c for m, c in kept if m.surface.title() == name}
    if home in codes:
        return True
    if any(c in codes and m.surface.title() != name for m, c in kept):
        return True
    return any(
        _in_country_context(text, m)
        for text, found in copies
        for m in found
        if m.surface.title() == name
    )


def _senses(
    text: str, found: list[Mention], persons: Persons
) -> list[tuple[Mention, str]]:
    """(mention, country) for the mentions that name a country in their context."""
    kept: list[tuple[Mention, str]] = []
    for mention in found:
        code = mention.entry.code
        if code is None or mention in persons:
            continue
        if _is_thing(text, mention):
            continue
        kept.append((mention, code))
    return kept


def _georgia(
    kept: list[tuple[Mention, str]],
    extra: Iterable[str],
    copies: Iterable[tuple[str, list[Mention]]],
) -> str:
    """ "Georgia" is the US state when the copy is otherwise about the US and says
    nothing of the Caucasus or of a country's offices ("Georgia's president", a
    state has a governor); the country otherwise."""
    surfaces = {m.surface for m, _ in kept}
    if surfaces & CAUCASUS or {s.title() for s in surfaces} & CAUCASUS:
        return "GE"
    if any(_GEORGIA_COUNTRY.search(text) for text, _ in copies):
        return "GE"
    others = [c for m, c in kept if m.surface.title() != "Georgia"]
    return "US" if "US" in others or "US" in extra else "GE"


_GEORGIA_COUNTRY = re.compile(
    r"(?<!of )\bGeorgia['’]s\s+(?:president|prime\s+minister|parliament|"
    r"foreign\s+minister|ruling\s+party|opposition|embassy|ambassador)\b"
    r"|\b(?:NATO|Kremlin)\b"
)


_DATE_TAIL = re.compile(
    r"(?:,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d{1,2}\b"
    r"|\s*\([^)]*\)|[\s,:–—-])*$",
    re.IGNORECASE,
)


def _pick(
    readings: list[gazetteer.Reading], place: str, kept: list[tuple[Mention, str]]
) -> str:
    """The country of a bare dateline place with namesakes ("BIRMINGHAM": England,
    or Alabama), its usual country (the first reading) unless the copy says else.

    A namesake wins when the copy names the state it lies in ("the first bank in
    Alabama") and nothing of the usual country: a town's news is local and says
    where it is. Neither a country's name ("U.S. investors" read news from
    everywhere) nor another state (a Vancouver miner's Nevada claim) will do, and
    the place's own name proves nothing.
    """
    own = place.casefold()
    named = {code for m, code in kept if m.surface.casefold() != own}
    usual = readings[0].country
    if usual in named:
        return usual
    if readings[0].region:
        # A dateline names a town: "NEW BRUNSWICK" over copy about "the U.S. Food
        # and Drug Administration" is the New Jersey town, not the province.
        for reading in readings[1:]:
            if reading.country in named:
                return reading.country
    states = Counter(
        m.surface.title()
        for m, _ in kept
        if m.entry.kind == "state" and m.surface.title() not in CITY_STATES
    )
    best = max(readings[1:], key=lambda r: sum(states[s] for s in r.states))
    return best.country if any(states[s] for s in best.states) else usual


def dateline_country(
    readings: list[gazetteer.Reading], place: str, headline: str, text: str
) -> str | None:
    """``_pick`` for a caller that has not read the copy yet (``dateline.find``)."""
    if len(readings) < 2:
        return readings[0].country if readings else None
    head_found, body_found = mentions(headline), mentions(text)
    persons = _persons((headline, head_found), (text, body_found))
    kept = _senses(headline, head_found, persons) + _senses(text, body_found, persons)
    return _pick(readings, place, kept)


def _home(dateline: str, text: str, kept: list[tuple[Mention, str]]) -> str | None:
    """The country of a dateline given apart ("WASHINGTON, Feb 26 (Reuters)"), or
    else of the one heading ``text``."""
    if dateline.strip():
        place = _DATE_TAIL.sub("", dateline.strip())
        readings = gazetteer.dateline_readings(place)
        if len(readings) > 1:
            return _pick(readings, place, kept)
        return readings[0].country if readings else None
    found = dateline_module.find(
        text, choose=lambda readings, place: _pick(readings, place, kept)
    )
    return found.country if found else None


@dataclass(frozen=True)
class Evidence:
    """What the tagger read in a story: what ``primary`` ranks candidates from."""

    home: str | None  # the dateline's country
    head: list[tuple[Mention, str]]  # headline mentions naming a country
    body: list[tuple[Mention, str]]  # text mentions naming a country
    countries: list[str]  # the rule's countries, its primary first


def read(headline: str, text: str, *, dateline: str = "") -> Evidence:
    """The rule's reading of a story without metadata places (see ``tag``)."""
    return _read(headline, text, dateline, [])


def _read(headline: str, text: str, dateline: str, meta: list[str]) -> Evidence:
    head_found, body_found = mentions(headline), mentions(text)
    copies = ((headline, head_found), (text, body_found))
    persons = _persons(*copies)
    head_kept = _senses(headline, head_found, persons)
    body_kept = _senses(text, body_found, persons)
    home = _home(dateline, text, head_kept + body_kept)
    # "Jordan said", and "Turkey sales" in copy about "turkey prices": the other
    # sense, unless the story places the country.
    doubtful = persons.speakers | {
        m.surface.title()
        for copy, found in copies
        for m in found
        if m.surface.title() in THINGS and _is_thing(copy, m)
    }
    others = {
        name
        for name in doubtful
        if not _placed(name, head_kept + body_kept, home, copies)
    }
    if others:
        head_kept = [(m, c) for m, c in head_kept if m.surface.title() not in others]
        body_kept = [(m, c) for m, c in body_kept if m.surface.title() not in others]
    georgia = None
    if any(m.surface.title() == "Georgia" for m, _ in head_kept + body_kept):
        georgia = _georgia(
            head_kept + body_kept, [*meta, *([home] if home else [])], copies
        )
    head_kept = [
        (m, georgia if m.surface.title() == "Georgia" else c) for m, c in head_kept
    ]
    body_kept = [
        (m, georgia if m.surface.title() == "Georgia" else c) for m, c in body_kept
    ]
    head = [c for _, c in head_kept]
    body = [c for _, c in body_kept]
    counts: Counter[str] = Counter()
    for mention, code in body_kept:
        counts[code] += WEIGHTS.get(mention.entry.kind, 1.0)
    # A brief (or a headline alone) is all lead: every mention in it counts.
    brief = len(text.split()) < SHORT_TEXT_WORDS
    candidates = dict.fromkeys(
        [
            *meta,
            *([home] if home else []),
            *head,
            *sorted(counts, key=lambda c: (-counts[c], body.index(c))),
        ]
    )
    countries = [
        code
        for code in candidates
        if code is not None
        and (
            code in meta
            or code == home
            or (code in head and (counts[code] or brief))
            or counts[code] >= (1 if brief else MIN_MENTIONS)
        )
    ]
    if not countries:
        # Nothing clears the bar and no dateline places the story (an unknown
        # town): the country named most, if named twice, is still where it is.
        named = Counter(code for code in [*head, *body] if code is not None)
        top = max(
            named, key=lambda c: (named[c], -[*head, *body].index(c)), default=None
        )
        if top and named[top] >= FALLBACK_MENTIONS:
            countries = [top]
    return Evidence(home, head_kept, body_kept, countries)


def tag(
    headline: str,
    text: str,
    *,
    dateline: str = "",
    places: Iterable[str] = (),
) -> CountryTags:
    """The countries ``headline`` and ``text`` are about, primary first.

    ``dateline`` is the place of the dateline ("WASHINGTON, Feb 5" or "Accra");
    when empty, a dateline at the head of ``text`` is used. ``places`` are the
    format's metadata places: ISO codes, Reuters codes ("west-germany") or names.
    Without metadata places the primary country is the ranker's (``primary``)
    when its model is shipped, else the rule's.
    """
    if len(text) > MAX_TEXT_CHARS:  # cut between words: no stub of a name
        text = text[: MAX_TEXT_CHARS + 1].rsplit(None, 1)[0]
    meta: list[str] = []
    for value in places:
        code = gazetteer.country_code(value)
        if code and code not in meta:
            meta.append(code)
    evidence = _read(headline, text, dateline, meta)
    countries = evidence.countries
    if not meta:
        countries = primary.ranked(countries, primary.choose(evidence))
    return CountryTags(primary=countries[0] if countries else None, countries=countries)
