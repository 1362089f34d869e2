"""Candidate keys: which stored segments a new one is worth comparing with (never all pairs).

Two kinds of key, both signed 64-bit integers the store indexes:

- LSH bands of a MinHash (datasketch) over the segment's word pairs (bigrams), leaving out
  pairs of two function words ("of the", "we will"), which unrelated quotes share: two
  copies with a few words changed, trimmed or added share a band with high probability.
  30 permutations in 10 bands of 3 rows (the banding datasketch's ``MinHashLSH`` picks for
  a Jaccard threshold of 0.4): copies with Jaccard 0.5 share a band 74% of the time, 0.6:
  91%, 0.8: 99.99%; unrelated quotes (Jaccard ~0.01) one time in 100,000.
- The exact words of each clause and of the whole segment, and winnowing fingerprints of
  its 4-word runs (:func:`winnow`): a copy trimmed to a part of a long quote ("we will
  defend every border" from "We will defend every border, whatever it costs") has too small
  a Jaccard with it for the bands, but shares the clause, and any 7-word run.

Candidates are only candidates: :mod:`saidwhat.trails.relate` decides what they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

from typing import Any

import numpy as np

from .text import Words

FUNCTION_WORDS = frozenset(
    "a an the and or but if of to in on at by for with from as into about than that this these those "
    "it its is are was were be been being has have had do does did will would shall should can could "
    "may might must i we you he she they me us him her them my our your his their who what which "
    "there here not no so very all any some more most such also just".split()
)

NUM_PERM = 30
# Clauses shorter than this are too common to be worth a key ("he said", "not at all").
MIN_PIECE_WORDS = 3
SHINGLE, WINDOW = 4, 4  # winnowing: a shared run of 7 words always shares a key
CONJUNCTIONS = frozenset({"and", "but", "or", "so", "because", "yet", "that", "then"})


def _int64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


def shingles(norm: Sequence[str]) -> set[str]:
    """The word pairs a segment's MinHash is built from (not two function words in a row)."""
    pairs = {f"{a} {b}" for a, b in zip(norm, norm[1:]) if not (a in FUNCTION_WORDS and b in FUNCTION_WORDS)}
    return pairs or set(norm)


@lru_cache(maxsize=1)
def _banding() -> tuple[int, int, Any]:
    """(bands, rows per band, permutations) of the MinHash.

    datasketch (and SciPy under it: 60 MB resident) is imported on first use, not by every
    process that imports saidwhat, such as an extract worker, which never builds a trail.
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.4, num_perm=NUM_PERM)
    return lsh.b, lsh.r, MinHash(num_perm=NUM_PERM, seed=1).permutations


def band_keys(norm: Sequence[str]) -> list[int]:
    """The LSH band keys of a word sequence's MinHash (one per band)."""
    from datasketch import MinHash

    bands, rows, permutations = _banding()
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=permutations)
    m.update_batch([s.encode("utf-8") for s in shingles(norm)])
    values = np.asarray(m.hashvalues, dtype=np.uint64)
    return [_int64(bytes([b]) + values[b * rows:(b + 1) * rows].tobytes()) for b in range(bands)]


def phrase_key(norm: Sequence[str]) -> int:
    """The key of an exact run of normalised words."""
    return _int64(b"p" + " ".join(norm).encode("utf-8"))


def _clause(piece: Sequence[str]) -> Sequence[str]:
    """A clause without a leading conjunction ("and we will defend ..." is quoted as "we will
    defend ..." as often as it is quoted whole)."""
    while piece and piece[0] in CONJUNCTIONS:
        piece = piece[1:]
    return piece


def winnow(norm: Sequence[str]) -> set[int]:
    """Winnowing fingerprints (Schleimer et al. 2003) of the runs of :data:`SHINGLE` words.

    The smallest run key of every window of :data:`WINDOW` consecutive runs: any run of
    ``SHINGLE + WINDOW - 1`` (7) words two segments share gives both the same key, wherever
    it was cut ("defend every village along the river whatever the" from the middle of a
    long quote), at about two keys per five words.
    """
    runs = [phrase_key(norm[i:i + SHINGLE]) for i in range(len(norm) - SHINGLE + 1)]
    if len(runs) <= WINDOW:
        return {min(runs)} if runs else set()
    return {min(runs[i:i + WINDOW]) for i in range(len(runs) - WINDOW + 1)}


@lru_cache(maxsize=1 << 16)  # a regrouped trail's members were keyed when they arrived
def keys(w: Words) -> tuple[int, ...]:
    """Every candidate key of a segment, without duplicates, in a fixed order."""
    out = band_keys(w.norm)
    out.append(phrase_key(w.norm))
    out.extend(phrase_key(c) for p in w.pieces() if len(c := _clause(p)) >= MIN_PIECE_WORDS)
    out.extend(sorted(winnow(w.norm)))
    return tuple(dict.fromkeys(out))
