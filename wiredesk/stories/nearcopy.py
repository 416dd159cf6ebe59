"""Near-copies: MinHash signatures of word shingles and their LSH bands: pure.

An agency re-issues lightly edited copy under a new guid (a word changed, a
sentence added), and partners redistribute an agency's copy with their own
tweaks. The exact keys miss both (the text hash changes with one comma); the
weighted-term scorer may too (a re-issue's terms equal the story's, but a short
story's profile may not reach the threshold). Such copies share most of their
runs of words, so the overlap of their word shingles says it directly.

- **Shingles.** The headline without re-issue marks and the body, Unicode
  NFKC-normalised, lower-cased and cut into words (``\\w+``); every run of
  ``SHINGLE_WORDS`` consecutive words is one shingle. A text of fewer than
  ``MIN_SHINGLES`` shingles gets no signature: a headline-only flash shares its
  few shingles with too many others to say anything.
- **Signature.** A ``datasketch.MinHash`` of the shingles with ``NUM_PERM``
  permutations, seed ``SEED`` and the ``affine32`` scheme, all fixed, so every
  worker on every machine computes the same signature for the same text. Stored as
  ``NUM_PERM`` little-endian uint32 values (512 bytes). The share of equal values
  of two signatures estimates the Jaccard similarity of their shingle sets
  (standard error about 0.035 at 0.8).
- **Bands (LSH).** The signature cut into ``BANDS`` bands of ``ROWS`` values, each
  hashed with its band number to a signed 64-bit number (a PostgreSQL bigint), so
  equal hashes mean the same band and one ``band_hash IN (...)`` finds them all.
  Two texts share at least one band with probability 1 - (1 - J^ROWS)^BANDS:
  0.95 at a Jaccard of 0.8, 0.99 at 0.85, 0.56 at 0.7 and 0.06 at 0.5. A band
  shared is only a candidate; the estimate from the full signatures must reach
  ``THRESHOLD`` to count.

``THRESHOLD`` is 0.8: a wire copy with a sentence or a few words changed stays
well above it (one word changed removes at most ``SHINGLE_WORDS`` shingles), while
two agencies' own tellings of one event, and two stories written from one
template (earnings reports, results tables), share far fewer runs of four words.
On the ECB+ development set no two articles of different stories come close.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

import numpy as np

from wiredesk.stories import versions

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
SEED = 1
SCHEME = "affine32"
SHINGLE_WORDS = 4
MIN_SHINGLES = 8
THRESHOLD = 0.8
SIGNATURE_BYTES = NUM_PERM * 4
BATCH = 256  # shingles hashed at a time

_WORD = re.compile(r"\w+")
_DTYPE = np.dtype("<u4")


@cache
def _minhash_class() -> type:
    """datasketch's MinHash, imported on first use: the package loads scipy (about
    60 MB resident), which processes that never match (web workers) are spared."""
    from datasketch import MinHash

    return MinHash


@cache
def _permutations() -> np.ndarray:
    """The fixed permutations, made once per process (they depend only on SEED)."""
    return _minhash_class()(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def words(headline: str, text: str) -> list[str]:
    """The words of the headline (without re-issue marks) and text, normalised."""
    joined = f"{versions.marks(headline).base}\n{text}"
    return _WORD.findall(unicodedata.normalize("NFKC", joined).casefold())


def shingles(headline: str, text: str) -> set[bytes]:
    """Every run of SHINGLE_WORDS consecutive words, as UTF-8 bytes."""
    found = words(headline, text)
    return {
        " ".join(found[i : i + SHINGLE_WORDS]).encode("utf-8", "surrogatepass")
        for i in range(len(found) - SHINGLE_WORDS + 1)
    }


def signature(headline: str, text: str) -> bytes | None:
    """The MinHash signature of the text's shingles, or None for a too short text."""
    found = shingles(headline, text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = _minhash_class()(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations()
    )
    ordered = sorted(found)
    # In slices: update_batch holds a (shingles × NUM_PERM) array while it works.
    for start in range(0, len(ordered), BATCH):
        minhash.update_batch(ordered[start : start + BATCH])
    return minhash.hashvalues.astype(_DTYPE).tobytes()


def _values(sig: bytes) -> np.ndarray:
    if len(sig) != SIGNATURE_BYTES:
        raise ValueError(
            f"a near-copy signature has {SIGNATURE_BYTES} bytes, not {len(sig)}"
        )
    return np.frombuffer(sig, dtype=_DTYPE)


def bands(sig: bytes) -> list[tuple[int, int]]:
    """(band number, band hash) of each of the BANDS bands of a signature."""
    values = _values(sig)
    out = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8)
        digest = digest.digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def estimate(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(_values(a) == _values(b))) / NUM_PERM
