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

import hashlib
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
        values = self.hashvalues.astype("<u8")
        keys = []
        for band in range(BANDS):
            chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "little") * 8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys


def signature(text: str) -> Signature:
    """The MinHash signature of an article's text."""
    grams = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS)
    if grams:
        minhash.update_batch(list(grams))
    return Signature(minhash.hashvalues.copy(), len(grams))


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
