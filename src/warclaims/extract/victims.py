"""Victim classes of casualty figures: civilians, combatants, mixed or unknown.

Words are matched against the lists of ``patterns/casualties.json`` (``victim_classes``):
civilians, children, women -> civilians; soldiers, troops, militants, terrorists, fighters,
rebels -> combatants; both in one figure -> mixed; people, "them" alone -> unknown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from warclaims.extract.numbers import load_patterns


@functools.lru_cache(maxsize=1)
def _classes() -> tuple[frozenset[str], frozenset[str]]:
    """Return the (civilian, combatant) word sets, lower case."""
    data = load_patterns()["victim_classes"]
    return frozenset(w.lower() for w in data["civilians"]), frozenset(w.lower() for w in data["combatants"])


def word_class(word: str) -> str:
    """Return ``civilians``, ``combatants`` or ``unknown`` for one word (singular or plural)."""
    civ, com = _classes()
    w = word.lower().strip()
    for form in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w):
        if form in civ:
            return "civilians"
        if form in com:
            return "combatants"
    return "unknown"


def classify_words(head_words: Iterable[str], subgroup_words: Iterable[str] = ()) -> str:
    """Return the victim class of a figure from its head noun words and its subgroups' words.

    The head words decide ("60 Syrian army soldiers" -> combatants, "civilians" ->
    civilians); a generic head ("18 people") takes its subgroups' class ("including
    five children" -> civilians).
    """
    head = {word_class(w) for w in head_words} - {"unknown"}
    if head == {"civilians", "combatants"}:
        # "army soldiers" are combatants though "army" is not civilian: only a civilian
        # noun with a combatant noun in the same phrase ("civilians and fighters") is mixed
        return "mixed"
    if head:
        return head.pop()
    sub = {word_class(w) for w in subgroup_words} - {"unknown"}
    if sub == {"civilians", "combatants"}:
        return "mixed"
    return sub.pop() if sub else "unknown"


def combine(classes: Iterable[str]) -> str:
    """Return the class of a sum of groups: one class if all agree, ``mixed`` if they differ."""
    known = {c for c in classes if c != "unknown"}
    if not known:
        return "unknown"
    if "mixed" in known or len(known) > 1:
        return "mixed"
    return known.pop()


def classify_text(text: str) -> str:
    """Return the victim class of a free-text victim phrase ("Syrian army soldiers")."""
    return classify_words(re.findall(r"[A-Za-z]+", text))
