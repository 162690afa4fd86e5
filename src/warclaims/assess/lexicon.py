"""The sourcing lexicon (``data/lexicon.json``): hedging, certainty, sensational, sectarian words."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from warclaims.errors import E, WarclaimsError

LEXICON_FILE = "lexicon.json"


@dataclass(slots=True, kw_only=True)
class Lexicon:
    """Word lists by category, each compiled to one whole-word regular expression."""

    version: str
    patterns: dict[str, re.Pattern[str]]

    def count(self, text: str) -> dict[str, int]:
        """Return the number of matches of each category in ``text``."""
        return {name: len(rx.findall(text)) for name, rx in self.patterns.items()}

    def matches(self, text: str, category: str, limit: int = 3) -> list[str]:
        """Return up to ``limit`` distinct matched words of ``category`` (for evidence)."""
        seen: list[str] = []
        for m in self.patterns[category].finditer(text):
            word = m.group(0).lower()
            if word not in seen:
                seen.append(word)
            if len(seen) >= limit:
                break
        return seen


def _compile(terms: list[str]) -> re.Pattern[str]:
    # Longest first so "war crimes" wins over "crimes"; \b keeps "regime" out of "regimen".
    alternatives = sorted({t.lower() for t in terms}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in alternatives) + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the packaged lexicon (cached); raise W501 if the data file is malformed."""
    raw = resources.files("warclaims.assess").joinpath("data", LEXICON_FILE).read_text("utf-8")
    try:
        data = json.loads(raw)
        cats = data["categories"]
        patterns = {name: _compile(cat["terms"]) for name, cat in cats.items()}
        return Lexicon(version=data["version"], patterns=patterns)
    except (ValueError, KeyError, TypeError) as exc:
        raise WarclaimsError(E.W501, item=LEXICON_FILE, row=0, reason=f"malformed lexicon: {exc}") from exc
