"""Lead-sentence similarity with MinHash (datasketch): estimated Jaccard of word shingles.

Signatures are computed once per report and cached by report key, so the cost is linear
in the number of reports; comparing two signatures is a vector comparison.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from warclaims._lazy import require

NUM_PERM = 64
SEED = 1
SCHEME = "affine32"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "the a an of in on at to and or by for from with was were is are be been that this said says "
    "its it as after least more than".split()
)


def tokens(text: str) -> set[str]:
    """Return the content words and word pairs of ``text`` (lower case, stop words dropped)."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


@functools.lru_cache(maxsize=1)
def _permutations():
    """Return the MinHash permutations shared by every signature (created once, on first use)."""
    return require("datasketch").MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str) -> np.ndarray | None:
    """Return the MinHash hash values of ``text``, None when it has no content words."""
    toks = tokens(text)
    if not toks:
        return None
    mh = require("datasketch").MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME)
    mh.update_batch([t.encode("utf-8") for t in toks])
    return mh.hashvalues


def similarity(sig_a: np.ndarray | None, sig_b: np.ndarray | None) -> float | None:
    """Return the estimated Jaccard similarity of two signatures, None when either is missing."""
    if sig_a is None or sig_b is None:
        return None
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)


class SignatureCache:
    """Signatures of report leads, computed on first use and kept by report key."""

    __slots__ = ("_sigs",)

    def __init__(self) -> None:
        self._sigs: dict[str, np.ndarray | None] = {}

    def get(self, key: str, text: str) -> np.ndarray | None:
        """Return the signature of ``text`` for report ``key`` (computed once)."""
        if key not in self._sigs:
            self._sigs[key] = signature(text)
        return self._sigs[key]
