"""Near-copy signatures and LSH bands (wiredesk.stories.nearcopy): pure, no database.

The texts are made up here: a wire story, the same copy lightly edited (a figure
changed, a sentence added, a re-issue mark on the headline), and another agency's
own telling of the same event in its own words.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wiredesk.stories import nearcopy

ROOT = Path(__file__).resolve().parent.parent

HEADLINE = "Harbour cranes halted at Port Verlin as dockers strike over pay"
BODY = (
    "PORT VERLIN (Kestrel) - Dockers at Port Verlin walked off the job on Tuesday, "
    "halting all twelve container cranes at the country's busiest harbour after "
    "talks on a new pay agreement broke down late on Monday night.\n\n"
    "The Verlin Dock Workers Union said about 2,400 members had joined the strike, "
    "which it called open-ended, and that pickets would stay at the three main "
    "gates until the port authority returned to the table with a better offer.\n\n"
    "Port director Anneke Salvo said ships were being held at anchor and that the "
    "authority had offered a 4 percent rise over two years, which she called fair "
    "given the fall in traffic since the spring.\n\n"
    "Shipping agents said at least nineteen vessels were waiting outside the "
    "breakwater by the afternoon, and some lines were diverting cargo to the "
    "smaller terminal at Ostrava Bay, about 90 km along the coast."
)
# The same copy re-issued: one figure corrected and a closing sentence added.
EDITED = (
    BODY.replace("about 2,400 members", "about 2,600 members")
    + " The union said it would meet again on Thursday."
)
# Another agency's telling of the same strike: same facts, its own words.
RETOLD = (
    "Container traffic at Port Verlin stopped on Tuesday when dock workers began an "
    "open-ended strike after pay negotiations collapsed overnight, the union said. "
    "Around 2,400 union members stopped work and no crane moved all morning, "
    "according to the Verlin Dock Workers Union, whose pickets blocked the gates. "
    "The port authority, led by Anneke Salvo, said its offer of a 4 percent raise "
    "over two years remained on the table. By the afternoon nineteen ships were "
    "anchored offshore and several carriers had sent cargo to Ostrava Bay instead."
)


def shared_bands(a: bytes, b: bytes) -> set[tuple[int, int]]:
    return set(nearcopy.bands(a)) & set(nearcopy.bands(b))


def test_signature_is_fixed_bytes_and_the_same_in_another_process():
    """Every worker computes the same signature: it does not hang on hash seeds."""
    mine = nearcopy.signature(HEADLINE, BODY)
    assert isinstance(mine, bytes) and len(mine) == nearcopy.SIGNATURE_BYTES
    assert nearcopy.signature(HEADLINE, BODY) == mine
    script = (
        "import sys; from tests.test_nearcopy import HEADLINE, BODY;"
        "from wiredesk.stories import nearcopy;"
        "sys.stdout.write(nearcopy.signature(HEADLINE, BODY).hex())"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert bytes.fromhex(other.stdout) == mine


def test_bands_are_signed_64_bit_numbers_one_per_band():
    """Each band is a (number, hash) that fits a PostgreSQL bigint."""
    found = nearcopy.bands(nearcopy.signature(HEADLINE, BODY))
    assert [band for band, _ in found] == list(range(nearcopy.BANDS))
    assert all(-(2**63) <= value < 2**63 for _, value in found)
    assert len({value for _, value in found}) == nearcopy.BANDS


def test_a_lightly_edited_copy_shares_a_band_and_passes_the_threshold():
    """A figure changed and a sentence added: still the same copy."""
    original = nearcopy.signature(HEADLINE, BODY)
    edited = nearcopy.signature(f"UPDATE 1-{HEADLINE}", EDITED)
    assert shared_bands(original, edited)
    assert nearcopy.estimate(original, edited) >= nearcopy.THRESHOLD


def test_re_issue_marks_and_case_do_not_change_the_signature():
    """'UPDATE 1-' and upper case are presentation, not a different text."""
    plain = nearcopy.signature(HEADLINE, BODY)
    assert nearcopy.signature(f"REFILE-{HEADLINE}", BODY) == plain
    assert nearcopy.signature(HEADLINE.upper(), BODY.upper()) == plain


def test_another_agencys_telling_is_no_near_copy():
    """The same event in other words shares no band and estimates far below."""
    original = nearcopy.signature(HEADLINE, BODY)
    retold = nearcopy.signature("Port Verlin dock strike stops cranes", RETOLD)
    assert not shared_bands(original, retold)
    assert nearcopy.estimate(original, retold) < 0.2


def test_an_unrelated_text_shares_nothing():
    """A different story shares no band and no signature value to speak of."""
    original = nearcopy.signature(HEADLINE, BODY)
    other = nearcopy.signature(
        "Central bank holds rates",
        "The central bank of Marovia kept its main interest rate at 6.5 percent on "
        "Wednesday, saying inflation had eased for a third month running while "
        "growth in lending to households remained too strong to cut borrowing costs.",
    )
    assert not shared_bands(original, other)
    assert nearcopy.estimate(original, other) < 0.1


def test_a_text_too_short_has_no_signature():
    """A headline-only flash has too few shingles to say it is a copy of anything."""
    assert nearcopy.signature("URGENT: Dockers strike at Port Verlin", "") is None
    assert len(nearcopy.shingles("one two three four five", "")) == 2


def test_a_signature_of_the_wrong_size_is_refused_by_name():
    """Bad stored bytes raise a clear error instead of comparing garbage."""
    good = nearcopy.signature(HEADLINE, BODY)
    with pytest.raises(ValueError, match="512 bytes, not 10"):
        nearcopy.estimate(good, b"0123456789")
    with pytest.raises(ValueError, match="near-copy signature"):
        nearcopy.bands(b"")
