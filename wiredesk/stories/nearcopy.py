"""Near-copies: MinHash signatures of word shingles and their LSH bands: pure.

An agency re-issues lightly edited copy under a new guid (a word changed, a
sentence added), and partners redistribute an agency's copy with their own
tweaks. The exact keys miss both (the text hash changes with one comma); the
weighted-term scorer may too (a re-issue's terms equal the story's, but a short
story's profile may not reach the threshold). Such copies share most of their
runs of words, so the overlap of their word shingles says it directly.

- **Shingles.** The headline without re-issue marks and the body, Unicode
  NFKC-normalised, lower-cased and cut into words (``\\w+`` with combining
  marks, and each character of Chinese, Japanese or Thai alone); every run of
  ``SHINGLE_WORDS`` consecutive words is one shingle. A text of fewer than
  ``MIN_SHINGLES`` shingles gets no signature: a headline-only flash shares its
  few shingles with too many others to say anything.
- **Signature.** Each word is hashed once (CRC-32 of its UTF-8 bytes); a
  shingle's hash mixes its ``SHINGLE_WORDS`` word hashes (a weighted sum with
  fixed odd 64-bit multipliers, then the MurmurHash3 64-bit finaliser) and keeps
  the low 32 bits. ``NUM_PERM`` fixed affine maps ``a * h + b`` modulo 2^32 (``a``
  odd: each is a bijection), drawn once from ``SEED``, permute those hashes; the
  signature is each map's minimum, stored as ``NUM_PERM`` little-endian uint32
  values (512 bytes). Every step is fixed, so every worker on every machine
  computes the same signature for the same text. The share of equal values of two
  signatures estimates the Jaccard similarity of their shingle sets (standard
  error about 0.035 at 0.8). Hashing words rather than joined shingles, and the
  maps in numpy, cost about 0.3 ms a wire item, against 3-4 ms for one SHA-1 per
  shingle (datasketch's default, used before; migration 0007 rewrote the
  signatures kept then).
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
import zlib
from functools import cache

import numpy as np

from wiredesk.stories import similarity, versions

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
SEED = 1
SHINGLE_WORDS = 4
MIN_SHINGLES = 8
THRESHOLD = 0.8
SIGNATURE_BYTES = NUM_PERM * 4
BATCH = 256  # shingles permuted at a time: a (BATCH x NUM_PERM) array at most

# A character of a script written without spaces (Chinese, Japanese, Thai) is a
# word of its own: a run of it is a whole clause, and a short item would have too
# few shingles for a signature. Combining marks stay inside their word (Python's
# \w leaves them out and would cut Hindi words at every vowel sign).
_WORD = re.compile(
    rf"[{similarity.UNSPACED}]|(?:[^\W{similarity.UNSPACED}]|[{similarity.MARKS}])+"
)
# Text with neither (most copy) is cut by the plain \w+, in half the time.
_PLAIN_WORD = re.compile(r"\w+")
_SPECIAL = re.compile(rf"[{similarity.UNSPACED}{similarity.MARKS}]")
_DTYPE = np.dtype("<u4")
# Odd 64-bit multipliers weighing the words of a shingle by their place in it.
_PLACES = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)[:SHINGLE_WORDS]


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The fixed affine maps (a odd, b) modulo 2^32, drawn once from SEED."""
    state = np.random.RandomState(SEED)
    a = state.randint(0, 2**32, size=NUM_PERM, dtype=np.uint64).astype(np.uint32)
    b = state.randint(0, 2**32, size=NUM_PERM, dtype=np.uint64).astype(np.uint32)
    return a | np.uint32(1), b


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: spreads every input bit over the output."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def words(headline: str, text: str) -> list[str]:
    """The words of the headline (without re-issue marks) and text, normalised."""
    joined = f"{versions.marks(headline).base}\n{text}"
    normal = unicodedata.normalize("NFKC", joined).casefold()
    plain = normal.isascii() or not _SPECIAL.search(normal)
    return (_PLAIN_WORD if plain else _WORD).findall(normal)


def shingles(headline: str, text: str) -> set[bytes]:
    """Every run of SHINGLE_WORDS consecutive words, as UTF-8 bytes."""
    found = words(headline, text)
    return {
        " ".join(found[i : i + SHINGLE_WORDS]).encode("utf-8", "surrogatepass")
        for i in range(len(found) - SHINGLE_WORDS + 1)
    }


def shingle_hashes(headline: str, text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's shingles (see the module doc)."""
    found = words(headline, text)
    count = len(found) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint32)
    hashed = np.fromiter(
        (zlib.crc32(word.encode("utf-8", "surrogatepass")) for word in found),
        dtype=np.uint64,
        count=len(found),
    )
    mixed = hashed[:count] * _PLACES[0]
    for place in range(1, SHINGLE_WORDS):
        mixed += hashed[place : place + count] * _PLACES[place]
    return np.unique(_fmix64(mixed).astype(np.uint32))


def signature(headline: str, text: str) -> bytes | None:
    """The MinHash signature of the text's shingles, or None for a too short text."""
    hashes = shingle_hashes(headline, text)
    if len(hashes) < MIN_SHINGLES:
        return None
    a, b = _permutations()
    out = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    # In slices: the permuted values of one slice are a (BATCH x NUM_PERM) array.
    for start in range(0, len(hashes), BATCH):
        permuted = hashes[start : start + BATCH, None] * a + b
        np.minimum(out, permuted.min(axis=0), out=out)
    return out.astype(_DTYPE).tobytes()


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
