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


_DEAD_NOUNS = frozenset({"dead", "fatality", "fatalities", "victim", "victims", "casualty", "casualties"})
"""Nouns that stand for the people an attack killed or hurt ("among the dead")."""
_PART_WORDS = frozenset({"most", "many", "majority", "all", "some", "half", "several", "dozens", "scores"})
_DESCRIBING_VERBS = frozenset({"be", "include"})


def described_victims(doc) -> list[tuple[int, str]]:
    """Return (character offset, class) of every statement in a parsed text that says who the
    dead were without counting them: "women and children were among the fatalities", "most
    of the victims were women and children", "the dead included soldiers and civilians".
    Only known classes are returned."""
    found = []
    for token in doc:
        if token.lower_ not in _DEAD_NOUNS:
            continue
        words = _describing_words(token)
        kind = classify_words(words) if words else "unknown"
        if kind != "unknown":
            found.append((token.idx, kind))
    return found


def _describing_words(noun) -> list[str]:
    """Return the nouns that a clause gives as what ``noun`` (the dead) were, read from the
    parse; [] when the clause does not describe them."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "among" and (
            head.head.lemma_.lower() in _DESCRIBING_VERBS or head.head.pos_ in ("NOUN", "PROPN")):
        # "X were among the dead", "Among the dead were X", "there were 20 women among the
        # dead": the words of the verb's (or the noun's) phrase outside "among"
        owner = head.head
        if owner.pos_ in ("NOUN", "PROPN"):
            return [] if _in_doubt(owner) else _noun_words(owner)
        if _in_doubt(owner):
            return []
        subjects = [c for c in owner.children if c.i != head.i and c.dep_ in ("nsubj", "nsubjpass", "attr")]
        if subjects:
            return [w for c in subjects for w in _noun_words(c)]
        # a misparse may hang the subject elsewhere ("According to X women and children were
        # among the fatalities"): the common nouns before "among" then
        return [t.text for t in owner.subtree if t.i < head.i and t.pos_ == "NOUN"]
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PART_WORDS and head.head.dep_ == "nsubj":
        verb = head.head.head  # "most of the victims were women and children"
    elif noun.dep_ == "nsubj":
        verb = head  # "the dead included soldiers and civilians"
    else:
        return []
    if verb.lemma_.lower() not in _DESCRIBING_VERBS or _in_doubt(verb):
        return []
    return [w for c in verb.children if c.dep_ in ("attr", "dobj") for w in _noun_words(c)]


def _noun_words(noun) -> list[str]:
    """Return a noun and its conjuncts with their compound modifiers ("women and children",
    "army soldiers"), not the clauses hung on them ("civilians in the town which fell to
    insurgents": only "civilians")."""
    if noun.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return []  # "no children were among the dead"
    heads = [noun, *noun.conjuncts]
    return [t.text for h in heads for t in (*(c for c in h.children if c.dep_ == "compound"), h)]


_DENYING_VERBS = frozenset({"deny", "reject", "dismiss", "refute", "dispute"})


def _in_doubt(token) -> bool:
    """Return True when a word's clause is negated, asked or denied ("did not specify whether
    there were civilians among the victims", "denied that civilians were among the dead")."""
    for _ in range(4):
        if any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in ("whether", "if")) for c in token.children):
            return True
        if token.lemma_.lower() in _DENYING_VERBS:
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return False
