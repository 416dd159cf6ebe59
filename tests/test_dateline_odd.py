"""Datelines of old wire copy set in capitals throughout, and of the French,
Spanish and Portuguese agencies that write the day before the month in their own
language. Copy written for these tests."""

from __future__ import annotations

import pytest

from wiredesk.drafting import dateline, standfirst


@pytest.mark.parametrize(
    ("copy", "place", "country", "opening"),
    [
        (
            "NAIROBI, MARCH 3 (MERIDIAN) - KENYA'S CENTRAL BANK HELD ITS MAIN RATE "
            "ON TUESDAY.",
            "Nairobi",
            "KE",
            "KENYA'S CENTRAL BANK",
        ),
        (
            "NAIROBI, MAR. 3 - Kenya's central bank held its main rate on Tuesday.",
            "Nairobi",
            "KE",
            "Kenya's central bank",
        ),
        (
            "DAKAR, 3 mars (Côtière) - Le gouvernement a lancé mardi un programme "
            "d'électrification rurale.",
            "Dakar",
            "SN",
            "Le gouvernement a lancé",
        ),
        (
            "ABIDJAN, 1er févr. 2026 (Côtière) - Les pluies ont coupé la route du "
            "port.",
            "Abidjan",
            "CI",
            "Les pluies ont coupé",
        ),
        (
            "LIMA, 3 mar (Costera) - El Gobierno peruano anunció el martes un plan "
            "de riego.",
            "Lima",
            "PE",
            "El Gobierno peruano",
        ),
        (
            "Bogotá, 12 dic (Costera).- La junta del banco central mantuvo la tasa.",
            "Bogotá",
            "CO",
            "La junta del banco",
        ),
        (
            "LISBOA, 3 de março (Costeira) - O Governo aprovou hoje o orçamento.",
            "Lisboa",
            "PT",
            "O Governo aprovou",
        ),
        (
            "MAPUTO, 3 out (Costeira) - O Governo moçambicano anunciou hoje um plano.",
            "Maputo",
            "MZ",
            "O Governo moçambicano",
        ),
    ],
)
def test_a_month_in_capitals_or_another_language_is_a_dateline(
    copy, place, country, opening
):
    """The dateline is read as for "NAIROBI, March 3 (Meridian) -": the place and
    its country are found, and the standfirst opens on the story."""
    found = dateline.find(copy)
    assert found is not None
    assert (found.place, found.country) == (place, country)
    assert dateline.strip(copy).startswith(opening)
    assert standfirst.summarise(copy).startswith(opening)


@pytest.mark.parametrize(
    "copy",
    [
        "Lima, 3 de cada 10 hogares (30%) - según el censo - no tienen agua.",
        "Paris, 2 out of 3 voters (67%) said they would back the plan.",
        "Madrid, 3 mayores empresas (Meridian) dijeron que no.",
        "Federer, 2 sets down (Meridian) - came back to win.",
    ],
)
def test_a_number_after_a_place_opening_a_sentence_is_no_dateline(copy):
    """A place, a comma and a number followed by a word that only starts like a
    month ("mayores") or is one in another language ("out") is prose, not a
    dateline: the copy is left whole."""
    assert dateline.find(copy) is None
    assert dateline.strip(copy) == copy
