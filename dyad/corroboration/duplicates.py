"""Near-duplicate articles: wire copy run by several outlets, and updated versions of one story.

A wire story printed by three papers with their own headline and first line, or a story
republished an hour later with two more paragraphs, is one report, not three: corroboration
figures count it once. Each article gets a MinHash signature of its five-word shingles
(datasketch, 128 permutations,
fixed seed); locality-sensitive hashing splits the signature into 42 bands of 3 values, and
articles sharing a band are compared (a pair with Jaccard similarity 0.4 is compared with
probability 0.94, one with 0.5 almost surely). Two articles are near-duplicates when the estimated
Jaccard similarity of their shingles reaches ``near_duplicate_jaccard``, or when the shorter one is
mostly contained in the longer (``near_duplicate_containment``: an update that added paragraphs).
Groups are the connected sets of near-duplicate pairs, named by their smallest article id, so they
do not depend on the order articles arrive in.

Different articles about one event share quotes and names but few five-word runs, and stay apart.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from dyad.corroboration.records import normalize_wording, settings

NUM_PERM = 128
BANDS = 42
ROWS = 3
SHINGLE_WORDS = 5
SEED = 1

#: Odd 64-bit constants for hashing a band's values into one key.
_BAND_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64
)

#: Odd 64-bit constants that weigh each word of a shingle by its position.
_SHINGLE_MULTIPLIERS = np.array(
    [0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB],
    dtype=np.uint64,
)

# Permutations are drawn once: datasketch would otherwise draw them again for every signature.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The distinct runs of ``size`` words of a text (lower case, no punctuation); a short text is one shingle.

    >>> sorted(shingles("Talks resume in Vienna today, envoys say.", size=6))
    [b'resume in vienna today envoys say', b'talks resume in vienna today envoys']
    """
    words = normalize_wording(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Signature:
    """An article's MinHash values and its number of distinct shingles."""

    hashvalues: np.ndarray
    size: int

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u8").astype(np.uint64), size)

    def band_keys(self) -> list[int]:
        """One key per LSH band: articles sharing any key are candidates (signed 64-bit, for SQLite)."""
        bands = self.hashvalues[: BANDS * ROWS].reshape(BANDS, ROWS).astype(np.uint64)
        # A multiplicative hash of each band's values and its position, in wrapping 64-bit arithmetic.
        keys = (np.arange(1, BANDS + 1, dtype=np.uint64) * _BAND_MULTIPLIERS[0]) ^ (bands[:, 0] * _BAND_MULTIPLIERS[1])
        for row in range(1, ROWS):
            keys = (keys * _BAND_MULTIPLIERS[0]) ^ (bands[:, row] * _BAND_MULTIPLIERS[row + 1])
        return keys.view(np.int64).tolist()


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the distinct shingles of `shingles`, computed from one CRC-32 per word.

    Hashing each word once and mixing the hashes of a run of words in wrapping 64-bit arithmetic is many
    times faster than hashing every shingle's bytes, and as stable across processes (Python's own hash()
    is salted per process, so it would change every stored signature).
    """
    words = normalize_wording(text).split()
    if not words:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.array(list(map(zlib.crc32, map(str.encode, words))), dtype=np.uint64)
    if len(words) <= size:
        word_hashes = np.concatenate([word_hashes, np.zeros(size - len(words), dtype=np.uint64)])
    runs = np.lib.stride_tricks.sliding_window_view(word_hashes, size)
    mixed = np.bitwise_xor.reduce(runs * _SHINGLE_MULTIPLIERS[:size], axis=1)
    return np.unique(mixed >> np.uint64(32))


def signature(text: str) -> Signature:
    """The MinHash signature of an article's text."""
    hashes = shingle_hashes(text)
    # The shingles are hashed already: datasketch only applies its permutations and keeps the minima.
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=_PERMUTATIONS)
    if len(hashes):
        minhash.update_batch(hashes.tolist())
    return Signature(minhash.hashvalues.copy(), len(hashes))


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """(estimated Jaccard similarity, estimated share of the smaller article found in the other)."""
    if not a.size or not b.size:
        return 0.0, 0.0
    jaccard = float(np.count_nonzero(a.hashvalues == b.hashvalues)) / NUM_PERM
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    return jaccard, min(1.0, shared / min(a.size, b.size))


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    """Whether two articles are copies or versions of one text (see the module docstring)."""
    jaccard, containment = similarity(a, b)
    config = settings()
    return jaccard >= config.duplicate_jaccard or containment >= config.duplicate_containment


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each node's group: the smallest node of its connected component."""
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {n: find(n) for n in parent}


class DuplicateIndex:
    """An in-memory LSH index of articles (the store keeps the same bands in SQLite).

    >>> index = DuplicateIndex()
    >>> index.add("a", "Kenya sent two hundred more police officers to Haiti on Monday to back the mission.")
    []
    >>> index.add("b", "NAIROBI (Wire) - Kenya sent two hundred more police officers to Haiti on Monday to back the mission.")
    ['a']
    """

    def __init__(self) -> None:
        self.signatures: dict[str, Signature] = {}
        self.buckets: dict[int, list[str]] = {}
        self.edges: list[tuple[str, str]] = []

    def candidates(self, sig: Signature) -> Iterator[str]:
        seen: set[str] = set()
        for key in sig.band_keys():
            for other in self.buckets.get(key, ()):
                if other not in seen:
                    seen.add(other)
                    yield other

    def add(self, article_id: str, text: str) -> list[str]:
        """Index an article; returns the already indexed articles it is a near-duplicate of, sorted."""
        sig = signature(text)
        found = sorted(o for o in self.candidates(sig) if is_near_duplicate(sig, self.signatures[o]))
        self.edges.extend((article_id, o) for o in found)
        self.signatures[article_id] = sig
        for key in sig.band_keys():
            self.buckets.setdefault(key, []).append(article_id)
        return found

    def groups(self) -> dict[str, str]:
        """Each article's near-duplicate group (named by its smallest article id)."""
        return components(self.signatures, self.edges)
