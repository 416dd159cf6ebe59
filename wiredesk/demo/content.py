"""The demo wire service's copy: three fictional agencies, written by the wiredesk team.

Nothing here is taken from a real agency. The text is invented so that the demo can
show every stage of the path: two stories told by two agencies in their own words, an
item that its agency later updates, and a look-alike story that must stay separate.

Items are dated relative to the demo's first start on its database (``hours_ago``;
a restart resumes that start's clock, ``setup.first_start``, so it sends the same
copy and times and ingest stores nothing new), so their copy names no fixed date:
a weekday is written ``{day}`` and rendered from the version's own time in the
site's time zone (a copy saying "on Thursday" under a page dated Friday
contradicted itself), and other times are relative ("three weeks ago").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

# English whatever the process's locale, as the copy is.
WEEKDAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
DAY = "{day}"

# The time the items' ``hours_ago`` count back from: the demo wire service's first
# start (``use_clock``, called by ``setup.register_sources``); until then, now.
_clock: datetime | None = None


def use_clock(now: datetime) -> None:
    """Date the copy from ``now``, the clock the wire service dates its items by."""
    global _clock
    _clock = now


def clock() -> datetime:
    return _clock or datetime.now(UTC)


def weekday(when: datetime) -> str:
    """The weekday of ``when`` in the site's time zone, as the site dates pages."""
    from django.conf import settings

    return WEEKDAYS[when.astimezone(ZoneInfo(settings.SITE_TIME_ZONE)).weekday()]


def render(text: str, when: datetime) -> str:
    """``text`` with ``{day}`` written as the weekday of ``when``."""
    return text.replace(DAY, weekday(when)) if DAY in text else text


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str
    feed_format: str  # "rss" or "atom": the demo serves both
    tag: str  # how the agency signs its datelines, e.g. "Meridian"


@dataclass(frozen=True)
class Version:
    """One published version of an item.

    ``appears_after`` is the number of seconds after the demo wire service starts at
    which this version replaces the previous one in the agency's feed; ``hours_ago`` is
    the item's own published/updated time relative to the start of the demo.
    ``copy`` is its text, ``{day}`` for the weekday of that time; ``paragraphs``
    the text as sent.
    """

    appears_after: float
    hours_ago: float
    headline: str
    copy: tuple[str, ...]

    def at(self, now: datetime) -> datetime:
        """This version's time when the demo started at ``now``."""
        return now - timedelta(hours=self.hours_ago)

    def paragraphs_at(self, now: datetime) -> tuple[str, ...]:
        """The text as sent by a wire service started at ``now``."""
        when = self.at(now)
        return tuple(render(p, when) for p in self.copy)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self.paragraphs_at(clock())


@dataclass(frozen=True)
class DemoItem:
    agency: str  # Agency.slug
    guid: str
    versions: tuple[Version, ...] = field(default_factory=tuple)


AGENCIES: tuple[Agency, ...] = (
    Agency(
        slug="meridian",
        name="Meridian Press Agency",
        feed_format="rss",
        tag="Meridian",
    ),
    Agency(
        slug="northwind",
        name="Northwind Wire",
        feed_format="atom",
        tag="Northwind",
    ),
    Agency(
        slug="coastal",
        name="Coastal News Service",
        feed_format="rss",
        tag="Coastal",
    ),
)

ITEMS: tuple[DemoItem, ...] = (
    # Story A: Ghana rural water loan, told by Meridian and Northwind.
    DemoItem(
        agency="meridian",
        guid="urn:meridian:2026:0001",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=5.0,
                headline=(
                    "Ghana signs $240 million loan to extend piped water to 1.3 "
                    "million people"
                ),
                copy=(
                    (
                        "ACCRA, (Meridian) - Ghana on {day} signed a $240 million "
                        "loan with the Atlantic Coast Development Bank to bring piped "
                        "drinking water to about 1.3 million people in 42 districts, "
                        "the sanitation ministry said."
                    ),
                    (
                        "Sanitation and Water Resources Minister Efua Darkwa-Boateng "
                        "said the five-year programme would lay about 180 km of new "
                        "trunk mains and rehabilitate 65 small-town water systems, "
                        "many of which have run dry in recent years."
                    ),
                    (
                        '"Too many households still walk more than half an hour to '
                        'collect water that is not safe to drink," Darkwa-Boateng told '
                        'reporters at the signing. "This financing lets us change '
                        'that, district by district."'
                    ),
                    (
                        "Lars Holmqvist, vice-president for operations at the Atlantic "
                        "Coast Development Bank, said the loan carries a 25-year "
                        "maturity with a five-year grace period. The first "
                        "construction contracts are expected to be put out to tender "
                        "before the end of the year."
                    ),
                ),
            ),
        ),
    ),
    DemoItem(
        agency="northwind",
        guid="urn:northwind:2026:0001",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=3.6,
                headline="Development bank backs Ghana rural water drive with $240 mln",
                copy=(
                    (
                        "Accra (Northwind) — About 1.3 million Ghanaians living "
                        "outside the main cities are set to get piped water under a "
                        "$240 million financing deal agreed on {day} between the "
                        "government and the Atlantic Coast Development Bank."
                    ),
                    (
                        "The money will pay for roughly 180 kilometres of trunk mains "
                        "and repairs to 65 small-town systems across 42 districts over "
                        "five years, according to a statement from the Ministry of "
                        "Sanitation and Water Resources."
                    ),
                    (
                        "Minister Efua Darkwa-Boateng, speaking after the ceremony in "
                        "the capital, said women and girls would gain the most because "
                        'they carry most of the burden of fetching water. "Every hour '
                        'saved is an hour for school or for work," she said.'
                    ),
                    (
                        "The bank's operations vice-president, Lars Holmqvist, "
                        "described the terms as concessional, with repayment spread "
                        "over 25 years after a five-year grace period."
                    ),
                ),
            ),
        ),
    ),
    # Story B: Sylhet flash floods in Bangladesh, told by Northwind and Coastal.
    DemoItem(
        agency="northwind",
        guid="urn:northwind:2026:0002",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=8.0,
                headline=(
                    "Flash floods in northeast Bangladesh kill 14, displace 220,000"
                ),
                copy=(
                    (
                        "Sylhet (Northwind) — Flash floods triggered by heavy "
                        "pre-monsoon rain have killed at least 14 people in "
                        "Bangladesh's northeastern Sylhet division and forced about "
                        "220,000 from their homes, officials said on {day}."
                    ),
                    (
                        "Rafiqul Haider, the district relief and rehabilitation "
                        "officer in Sylhet, said 610 temporary shelters had been "
                        "opened in schools and government buildings. Three rivers, "
                        "including the Surma, were flowing above danger level, he said."
                    ),
                    (
                        "Most of the victims drowned when water rose overnight in "
                        "low-lying villages, Haider said, adding that boats were being "
                        "sent to reach families stranded on rooftops."
                    ),
                    (
                        "The Delta Relief Alliance, a coalition of local aid groups, "
                        "said it was distributing dry food and water purification "
                        "tablets. Its coordinator, Nusrat Jahan Keya, warned that a "
                        "shortage of clean drinking water could lead to outbreaks of "
                        "diarrhoeal disease."
                    ),
                ),
            ),
        ),
    ),
    DemoItem(
        agency="coastal",
        guid="urn:coastal:2026:0001",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=6.7,
                headline=(
                    "Bangladesh opens 610 flood shelters as Sylhet death toll reaches "
                    "14"
                ),
                copy=(
                    (
                        "SYLHET (Coastal) - Authorities in northeastern "
                        "Bangladesh have opened 610 emergency shelters for families "
                        "fleeing flash floods that have left 14 people dead, a local "
                        "relief official said."
                    ),
                    (
                        "About 220,000 people have been displaced across Sylhet "
                        "division, where the Surma and two other rivers have risen "
                        "above danger level after days of intense rain, according to "
                        "district relief officer Rafiqul Haider."
                    ),
                    (
                        '"The water came in the night and people had no time to move '
                        'their livestock or their grain," Haider said by telephone. '
                        "Rescue boats were still searching for families cut off in "
                        "outlying villages, he added."
                    ),
                    (
                        "Nusrat Jahan Keya, coordinator of the Delta Relief Alliance, "
                        "said its volunteers had handed out water purification tablets "
                        "and dry rations in 40 of the shelters, but that needs were "
                        "rising faster than supplies."
                    ),
                ),
            ),
        ),
    ),
    # Hard negative: a flood in Mozambique (same kind as story B, different people,
    # place, figures and time); Meridian only.
    DemoItem(
        agency="meridian",
        guid="urn:meridian:2026:0002",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=21.0,
                headline=(
                    "Floods in central Mozambique kill nine as 41,000 seek shelter"
                ),
                copy=(
                    (
                        "BEIRA, (Meridian) - Floods caused by two days of torrential "
                        "rain have killed nine people in Mozambique's Sofala province "
                        "and displaced about 41,000, the provincial disaster "
                        "management office said."
                    ),
                    (
                        "Celeste Muianga, who heads the office, said the Pungwe and "
                        "Buzi rivers had burst their banks and that 37 accommodation "
                        "centres were operating in Beira and surrounding districts."
                    ),
                    (
                        "Several stretches of the main road linking the port city with "
                        "the interior were under water, delaying deliveries of food "
                        "and tarpaulins, she said."
                    ),
                    (
                        "Armando Sitoe, a coordinator with the Zambezi Shelter "
                        "Network, a local charity, said families in the centres "
                        "urgently needed mosquito nets and safe water to keep malaria "
                        "and other diseases at bay."
                    ),
                ),
            ),
        ),
    ),
    # Updated item: Zambia cholera outbreak; Coastal publishes version 1, then an UPDATE
    # 1 with revised figures under the same guid.
    DemoItem(
        agency="coastal",
        guid="urn:coastal:2026:0002",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=3.0,
                headline=(
                    "Zambia reports 23 cholera deaths as outbreak spreads in Lusaka"
                ),
                copy=(
                    (
                        "LUSAKA (Coastal) - Zambia's health ministry has "
                        "opened two more cholera treatment centres in the capital as "
                        "an outbreak that began in densely populated townships spreads "
                        "to outlying districts."
                    ),
                    (
                        "The ministry has recorded 23 deaths and 1,180 suspected cases "
                        "since the first infections were confirmed three weeks ago, "
                        "said Dr. Mwila Chansa, its director of disease surveillance."
                    ),
                    (
                        "Chansa urged residents to boil or chlorinate drinking water "
                        "and said teams were treating shallow wells in Kanyama and "
                        "Matero, two of the worst-affected areas."
                    ),
                    (
                        "Officials at the city's water utility said repairs to a "
                        "damaged sewer line near one of the main markets should be "
                        "finished within a week."
                    ),
                ),
            ),
            Version(
                appears_after=20.0,
                hours_ago=0.2,
                headline=(
                    "UPDATE 1-Zambia cholera deaths rise to 31, suspected cases top "
                    "1,400"
                ),
                copy=(
                    (
                        "LUSAKA (Coastal) - Zambia's health ministry has "
                        "opened two more cholera treatment centres in the capital as "
                        "an outbreak that began in densely populated townships spreads "
                        "to outlying districts."
                    ),
                    (
                        "Deaths have risen to 31 and suspected cases to 1,412, up from "
                        "23 deaths and 1,180 cases reported earlier, the ministry's "
                        "disease surveillance director Mwila Chansa said."
                    ),
                    (
                        "Chansa urged residents to boil or chlorinate drinking water "
                        "and said teams were treating shallow wells in Kanyama and "
                        "Matero, two of the worst-affected areas."
                    ),
                    (
                        "Officials at the city's water utility said repairs to a "
                        "damaged sewer line near one of the main markets should be "
                        "finished within a week."
                    ),
                ),
            ),
        ),
    ),
    # Single: Moldova rooftop solar grants (Meridian).
    DemoItem(
        agency="meridian",
        guid="urn:meridian:2026:0003",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=11.5,
                headline="Moldova launches grants for rooftop solar on rural homes",
                copy=(
                    (
                        "CHISINAU, (Meridian) - Moldova launched a grant scheme on "
                        "{day} that will cover up to 60% of the cost of rooftop "
                        "solar panels for about 9,000 rural households, the energy "
                        "ministry said."
                    ),
                    (
                        "Deputy Energy Minister Ion Ciobanu said the 320 million lei "
                        "programme was meant to lower winter bills and ease pressure "
                        "on the grid during evening peaks."
                    ),
                    (
                        "Applications will open next month through local town halls, "
                        "with priority given to pensioners and to families caring for "
                        "a disabled relative, he said."
                    ),
                    (
                        "Installers' associations said they expected demand to "
                        "outstrip the number of grants available in the first round."
                    ),
                ),
            ),
        ),
    ),
    # Single: Vietnam rice exports (Meridian).
    DemoItem(
        agency="meridian",
        guid="urn:meridian:2026:0004",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=17.0,
                headline=(
                    "Vietnam rice exporters shift to premium grades as volumes slip"
                ),
                copy=(
                    (
                        "HANOI, (Meridian) - Vietnam's rice exporters shipped 1.1 "
                        "million tonnes in the past two months, 8% less "
                        "than a year earlier, but earned more per tonne as buyers paid "
                        "up for fragrant and specialty grades, an industry group said."
                    ),
                    (
                        "Average export prices rose to about $640 a tonne, said Tran "
                        "Thi Minh Chau, deputy chair of the Mekong Grain Traders "
                        "Association."
                    ),
                    (
                        "She said farmers in the Mekong Delta were adopting "
                        "cultivation methods that use less water and fertiliser, which "
                        "had helped exporters win contracts in markets with strict "
                        "quality rules."
                    ),
                    (
                        "Agronomists cautioned that saltwater intrusion during the dry "
                        "season remained a risk for the spring crop."
                    ),
                ),
            ),
        ),
    ),
    # Single: Nepal school tablets (Northwind).
    DemoItem(
        agency="northwind",
        guid="urn:northwind:2026:0003",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=12.5,
                headline="Nepal brings solar-charged tablets to 300 mountain schools",
                copy=(
                    (
                        "Kathmandu (Northwind) — Nepal's education ministry will equip "
                        "300 public schools in remote mountain districts with "
                        "solar-charged tablets loaded with the national curriculum, "
                        "aiming to narrow learning gaps left by years of teacher "
                        "shortages."
                    ),
                    (
                        "The devices work offline and receive updates whenever "
                        "teachers travel to district centres, said Sita Gurung Thapa, "
                        "a joint secretary at the ministry. About 27,000 pupils in "
                        "grades four to eight will use them in the first phase."
                    ),
                    (
                        '"A child in Humla should be able to open the same lesson as a '
                        'child in Kathmandu on the same day," she said.'
                    ),
                    (
                        "The 1.2 billion rupee programme is funded by the government "
                        "and the Himalayan Learning Trust, a private foundation. "
                        "Teachers will receive five days of training before the new "
                        "academic year begins."
                    ),
                ),
            ),
        ),
    ),
    # Single: Mexico solar microgrids in Oaxaca (Northwind).
    DemoItem(
        agency="northwind",
        guid="urn:northwind:2026:0004",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=28.0,
                headline=(
                    "Mexico to build solar microgrids for 140 off-grid villages in "
                    "Oaxaca"
                ),
                copy=(
                    (
                        "Mexico City (Northwind) — Mexico's energy ministry said it "
                        "would install solar microgrids in 140 villages in the "
                        "southern state of Oaxaca that have never been connected to "
                        "the national grid, bringing electricity to around 35,000 "
                        "people."
                    ),
                    (
                        "Deputy energy secretary Julian Arreola Vega said the systems, "
                        "each with battery storage, would be owned by community "
                        "cooperatives that collect modest monthly fees to pay for "
                        "maintenance."
                    ),
                    (
                        "Many of the villages, most of them Indigenous communities in "
                        "the Sierra Sur and Mixteca regions, rely on kerosene lamps "
                        "and diesel generators. Local assemblies were consulted on "
                        "where to place the panels, Arreola said."
                    ),
                    (
                        "The first 40 microgrids are due to be running by the end of "
                        "the year and the rest within two years, the ministry said, "
                        "putting the total cost at 1.9 billion pesos."
                    ),
                ),
            ),
        ),
    ),
    # Single: Peru frost-tolerant potatoes (Coastal).
    DemoItem(
        agency="coastal",
        guid="urn:coastal:2026:0003",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=14.0,
                headline=(
                    "Andean farmers turn to frost-tolerant potatoes as cold snaps "
                    "worsen"
                ),
                copy=(
                    (
                        "LIMA (Coastal) - About 18,000 smallholder farmers in "
                        "Peru's southern highlands will receive seed of frost-tolerant "
                        "potato varieties this season under a programme run by the "
                        "agriculture ministry and regional governments, officials said."
                    ),
                    (
                        "Frosts arriving earlier and harder in Puno and Cusco have "
                        "destroyed up to a third of some growers' harvests in recent "
                        "seasons, said agronomist Rosa Quispe Mamani, who coordinates "
                        "the programme."
                    ),
                    (
                        '"Families here have grown potatoes for generations, but the '
                        'calendar they relied on no longer holds," she said. The new '
                        "varieties were selected from native potatoes kept in "
                        "community seed banks."
                    ),
                    (
                        "The ministry has set aside 46 million soles for seed, "
                        "training and small storage sheds, and plans to extend the "
                        "scheme to Huancavelica next year."
                    ),
                ),
            ),
        ),
    ),
    # Single: Jordan treated wastewater for irrigation (Coastal).
    DemoItem(
        agency="coastal",
        guid="urn:coastal:2026:0004",
        versions=(
            Version(
                appears_after=0.0,
                hours_ago=26.0,
                headline=(
                    "Jordan pilots treated wastewater irrigation for Jordan Valley "
                    "farms"
                ),
                copy=(
                    (
                        "AMMAN (Coastal) - Jordan will pipe treated wastewater "
                        "to about 1,200 hectares of farmland in the Jordan Valley "
                        "under a pilot scheme meant to free up fresh water for "
                        "households, the water ministry said."
                    ),
                    (
                        "The project is backed by a $58 million grant from the Levant "
                        "Water Partnership, a regional donor fund, and includes "
                        "upgrades to two treatment plants and 60 km of distribution "
                        "pipes."
                    ),
                    (
                        '"Every cubic metre we reuse on a farm is a cubic metre that '
                        'can reach a kitchen tap in Amman or Zarqa," said Laila '
                        "Haddadin, secretary-general of the water ministry."
                    ),
                    (
                        "Farmers' cooperatives in the valley welcomed the plan but "
                        "asked for independent, regular testing of the water's quality "
                        "before it is used on vegetable crops."
                    ),
                ),
            ),
        ),
    ),
)

# Guids of the items that tell the same story in different agencies' words.
CROSS_AGENCY_STORIES: tuple[tuple[str, ...], ...] = (
    ("urn:meridian:2026:0001", "urn:northwind:2026:0001"),  # story A
    ("urn:northwind:2026:0002", "urn:coastal:2026:0001"),  # story B
)

# The item whose agency publishes a second version (UPDATE 1) mid-demo.
UPDATED_GUID: str = "urn:coastal:2026:0002"

# The look-alike story: same kind as story B, but a different event.
LOOKALIKE_GUID: str = "urn:meridian:2026:0002"
