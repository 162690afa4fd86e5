"""Casualty relations: which figure was killed or injured, and who the victims were.

The spaCy component ``warclaims_casualties_v1`` (its factory is registered by
:mod:`warclaims.extract.components`) finds every quantity of a sentence
(:mod:`warclaims.extract.numbers`) and binds it to a casualty trigger (killed, dead, death
toll rose to, lost their lives, executed, injured, wounded, ...) by walking up the
dependency parse from the counted noun; a proximity rule covers what the parse misses.
It stores plain :class:`CasualtyMention` records in ``doc._.wc_casualties``. Trigger
lemmas and the other word lists are in ``patterns/casualties.json``.

Figures that are not casualties of an event are dropped here: subgroups inside a total
("including five children"), the old figure of "rose from 15 to 18", and combined
counts ("killing and wounding dozens") that are neither a killed nor an injured figure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from warclaims.extract import victims as victim_classes
from warclaims.extract.numbers import Quantity, find_quantities, load_patterns
from warclaims.models import Interval

COMPONENT_NAME = "warclaims_casualties_v1"
"""The component's factory name, versioned: a change of its output is a new name (spaCy allows no
dots in factory names, so ``_v1`` rather than the ``.v1`` of spaCy's registered functions)."""
DOC_ATTR = "wc_casualties"
_MAX_HOPS = 7


@dataclass(slots=True, kw_only=True)
class CasualtyMention:
    """One casualty figure of a sentence, bound to killed or injured."""

    kind: str
    """``killed`` or ``injured``."""
    interval: Interval
    span: tuple[int, int]
    """Character span of the figure ("at least 60")."""
    sentence: tuple[int, int]
    """Character span of the sentence holding it."""
    trigger: int = -1
    """Token index of the trigger in the Doc (mentions of one trigger may be summed)."""
    victims: str = "unknown"
    victims_text: str | None = None
    groups: list[dict[str, Any]] = field(default_factory=list)
    supersedes_earlier: bool = False


@dataclass(slots=True, kw_only=True)
class _Lexicon:
    """Trigger lemmas and marker words, read once from the data file."""

    kind_of: dict[str, str]
    maybe_trigger: frozenset[str]
    """Every lemma ``trigger_kind`` reads as a trigger or looks further at (the trigger lemmas
    and the few verbs and nouns it tests by their children)."""
    toll_nouns: frozenset[str]
    toll_verbs: frozenset[str]
    toll_object_verbs: frozenset[str]
    supersede_verbs: frozenset[str]
    subgroup: frozenset[str]
    earlier_preps: frozenset[str]
    bad_entities: frozenset[str]
    not_victim_nouns: frozenset[str]
    harm_beside_death: frozenset[str]


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Return the casualty lexicon from ``patterns/casualties.json``."""
    data = load_patterns()
    kind_of = {lemma: kind for kind, lemmas in data["triggers"].items() for lemma in lemmas}
    return _Lexicon(
        kind_of=kind_of,
        maybe_trigger=frozenset(kind_of) | _CONDITIONAL_TRIGGERS,
        toll_nouns=frozenset(data["toll_nouns"]),
        toll_verbs=frozenset(data["toll_verbs"]),
        toll_object_verbs=frozenset(data["toll_object_verbs"]),
        supersede_verbs=frozenset(data["supersede_verbs"]),
        subgroup=frozenset(data["subgroup_words"]),
        earlier_preps=frozenset(data["earlier_figure_preps"]),
        bad_entities=frozenset(data["not_count_entities"]),
        not_victim_nouns=frozenset(data["not_victim_nouns"]),
        harm_beside_death=frozenset(data["harm_beside_death_verbs"]),
    )


_LIFE_VERBS = frozenset({"lose", "claim", "take", "cost"})
"""Killing only with "life" below them: "lost their lives", "claimed the lives of"."""
_HARM_VERBS = frozenset({"sustain", "suffer", "receive"})
"""Injuring only with an injury or a wound below them: "sustained serious injuries"."""
_TOLL_LEMMAS = frozenset({"toll", "number", "tally"})
"""A death toll, or "the number of dead"."""
_CONDITIONAL_TRIGGERS = _LIFE_VERBS | _HARM_VERBS | _TOLL_LEMMAS | {"inflict", "destroy"}
"""The lemmas that are triggers only with certain children (``trigger_kind`` tests them first):
with the data file's trigger lemmas, every lemma a token must have to be a trigger."""


def _has_people_as(verb, deps: tuple[str, ...]) -> bool:
    """Return True when an argument of a verb (of the given dependencies) names people, directly
    or through a quantity noun ("lost 15 fighters", "lost dozens of soldiers")."""
    for arg in (c for c in verb.children if c.dep_ in deps):
        counted = [arg]
        if arg.like_num or arg.lower_ in _VAGUE_COUNT_WORDS:  # "dozens of soldiers", not "the homes of 15 civilians"
            counted += [g for p in arg.children if p.dep_ == "prep" and p.lower_ == "of"
                        for g in p.children if g.dep_ == "pobj"]
        if any(victim_classes.word_class(c.lemma_) != "unknown" for c in counted):
            return True
    return False


def trigger_kind(token) -> str | None:
    """Return ``killed``/``injured`` when a token is a casualty trigger, else None."""
    lex = _lexicon()
    lemma = token.lemma_.lower()
    if lemma not in lex.maybe_trigger and token.lower_ not in lex.kind_of and not lemma.endswith("ing"):
        return None  # most tokens (it is called on every one): no test below can succeed; "-ing": a gerund
    if lemma in _LIFE_VERBS and any(c.lemma_.lower() == "life" for c in token.children):
        return "killed"  # "lost their lives", "claimed the lives of"
    if lemma in _HARM_VERBS and any(
        c.lemma_.lower() in ("injury", "wound") for c in token.children
    ):
        return "injured"  # "4 others sustained serious injuries"
    if lemma == "inflict" and any(c.lemma_.lower() in ("harm", "injury", "wound") for c in token.children):
        return "injured"  # "inflicted harm on 200 civilians"
    if lemma == "lose" and token.pos_ == "VERB":
        # "ISIS lost 15 fighters": a side losing people lost them dead; "lost control of three
        # villages" or "lost their homes" is no casualty
        return "killed" if _has_people_as(token, ("dobj",)) else None
    if lemma == "destroy":
        # "destroyed over 60 terrorists": destroying people is killing them (military usage);
        # destroying things ("destroyed 20 tanks") is not
        return "killed" if _has_people_as(token, ("dobj", "nsubjpass")) else None
    if lemma in _TOLL_LEMMAS:
        # only a death toll, or "the number of dead"
        words = {c.lemma_.lower() for c in token.children} | {t.lemma_.lower() for t in token.subtree}
        if lemma == "toll" and not words & {"injury", "wounded", "injured"}:
            return "killed"
        return "killed" if words & {"dead", "death", "kill", "fatality", "martyr"} else None
    kind = lex.kind_of.get(lemma) or lex.kind_of.get(token.lower_)
    if kind is None and token.pos_ == "NOUN" and lemma.endswith("ing"):
        kind = lex.kind_of.get(lemma[:-3])  # the gerund as a noun: "the killing of one person"
    if kind == "killed" and token.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN", "AUX"):
        return None
    return kind


_VAGUE_COUNT_WORDS = frozenset(
    {"dozens", "scores", "hundreds", "thousands", "several", "few", "dozen", "number", "no", "tens"}
)


def _count_token(span):
    """Return the token of a quantity span that carries the count (the numeral or the vague noun)."""
    for tok in reversed(span):
        if tok.like_num or tok.lower_ in _VAGUE_COUNT_WORDS:
            return tok
    return span[-1]


def _anchor(count):
    """Return the noun a numeral counts ("60" -> "soldiers"), or the count token itself."""
    counts_noun = count.head.pos_ in ("NOUN", "PROPN", "ADJ")
    if count.dep_ in ("nummod", "quantmod", "amod", "compound", "det") and counts_noun:
        if count.head.i != count.i:
            return count.head
    if count.dep_ in ("quantmod", "advmod") and count.head.like_num:
        return _anchor(count.head)
    if count.lower_ in _VAGUE_COUNT_WORDS:
        # "a number of others injured", "dozens of people": the noun after "of" is counted
        for prep in count.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in ("NOUN", "PROPN", "PRON"):
                    return pobj
    return count


def _toll_of(verb) -> str | None:
    """Return ``killed`` when a verb ("rose", "reached", "stood") has a death-toll subject."""
    lex = _lexicon()
    lemma = verb.lemma_.lower()
    if lemma in lex.toll_verbs:
        deps = ("nsubj", "nsubjpass")
    elif lemma in lex.toll_object_verbs:
        deps = ("dobj",)  # "put the death toll at 58"
    else:
        return None
    for child in verb.children:
        if child.dep_ in deps and child.lemma_.lower() in lex.toll_nouns:
            return trigger_kind(child)
        if child.dep_ == "csubj" and lemma in lex.toll_verbs:
            # a long subject misparsed as a clause ("The death toll in an attack on buses
            # carrying people evacuated from ... has risen to 112"): its own subject is the toll
            for sub in child.children:
                if sub.dep_ in deps and sub.i < child.i and sub.lemma_.lower() in lex.toll_nouns:
                    return trigger_kind(sub)
    return None


@dataclass(slots=True, kw_only=True)
class _Binding:
    """Where the walk up the parse from a figure ended."""

    trigger: Any = None
    kind: str | None = None
    via: Any = None
    """The token through which the walk reached the trigger (its subject: the agent)."""
    subgroup: bool = False
    earlier: bool = False
    supersedes: bool = False
    other_clause: bool = False
    """The figure is an argument of a verb coordinated with the trigger, in a clause of its own."""


def _leads_to_trigger(verb) -> bool:
    """Return True when a verb is a casualty trigger or toll verb, or completes one ("left 20
    dead", "reported 5 injured"): a figure that is its object may be a casualty figure."""
    if trigger_kind(verb) or _toll_of(verb):
        return True
    return any(c.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and trigger_kind(c) for c in verb.children)


def _bind_by_parse(anchor, sent) -> _Binding:
    """Return the trigger found by walking from the counted noun up to the sentence root."""
    lex = _lexicon()
    found = _Binding()
    cur = anchor
    prev = None
    for _ in range(_MAX_HOPS):
        found.via = prev
        for child in cur.children:  # "18 people killed", "18 dead"
            if (child.dep_ in ("acl", "amod", "relcl") and trigger_kind(child) and not _figure_between(cur, child)
                    and not _has_counted_object(child) and not _aside_closes_between(cur, child)):
                found.trigger, found.kind = child, trigger_kind(child)
                return found
        if cur is not anchor:
            for child in cur.children:  # "were reported injured", "was found dead"
                if child.dep_ in ("xcomp", "oprd", "acomp") and trigger_kind(child):
                    found.trigger, found.kind = child, trigger_kind(child)
                    return found
        if cur is not anchor or anchor.pos_ in ("VERB", "NOUN", "ADJ"):
            kind = trigger_kind(cur) if cur is not anchor or not anchor.like_num else None
            if kind:
                found.trigger, found.kind = cur, kind
                return found
            toll = _toll_of(cur)
            if toll:
                found.trigger, found.kind = cur, toll
                found.supersedes = cur.lemma_.lower() in lex.supersede_verbs
                return found
        lemma = cur.lemma_.lower()
        if cur is not anchor and (lemma in lex.subgroup or cur.lower_ in lex.subgroup):
            found.subgroup = True
        if cur.dep_ == "pobj" and cur.head.lower_ in lex.earlier_preps:
            found.earlier = True
        if cur.dep_ == "prep" and cur.lower_ in ("including", "among"):
            found.subgroup = True
        if cur.head.i == cur.i or cur.head.i < sent.start or cur.head.i >= sent.end:
            break
        state = _trailing_state(cur) if cur.dep_ == "dobj" and cur.head.lemma_.lower() == "leave" else None
        if state is not None:  # "leaving 23 civilians - including nine children - dead"
            found.trigger, found.kind = state, trigger_kind(state)
            return found
        if cur.dep_ == "dobj" and cur.head.pos_ == "VERB" and not _leads_to_trigger(cur.head):
            break  # the object of another verb ("Get short URL 612 ... were killed")
        if _is_subordinate_clause(cur):
            break  # a figure in a "because"/"as" clause is not the main clause's toll
        if cur is anchor and _argument_of_a_coordinated_clause(cur):
            return _Binding(other_clause=True)  # "5 died and 8 others remain missing"
        prev, cur = cur, cur.head
    return _Binding()


def _is_subordinate_clause(verb) -> bool:
    """Return True for the verb of an adverbial clause opened by a subordinator ("the toll is
    likely to rise because there are dozens missing"): what it counts is its own, not a figure
    for the clause it hangs on."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children)


def _trailing_state(noun):
    """Return the casualty word that ends an object's phrase ("23 civilians - including nine
    children - dead"), which the parser hangs on the aside's last noun; None otherwise."""
    words = [t for t in noun.subtree if not t.is_punct]
    last = words[-1] if words else None
    if last is not None and last.i > noun.i and last.pos_ in ("ADJ", "VERB") and trigger_kind(last):
        return last
    # The parser may hang the state outside the phrase, on the main verb ("killed four, leaving 23
    # others, including nine children, wounded"): it is then the first word after the phrase.
    doc = noun.doc
    after = noun.right_edge.i + 1
    while after < len(doc) and doc[after].is_punct and doc[after].text not in (".", ";"):
        after += 1
    if after < len(doc) and doc[after].tag_ in ("VBN", "JJ") and trigger_kind(doc[after]) \
            and not _has_counted_object(doc[after]):
        return doc[after]
    return None


_ASIDE_MARKS = frozenset({"-", "–", "—", ")"})


def _aside_closes_between(noun, word) -> bool:
    """Return True when a dash or bracket closing an aside stands between a noun and a word after
    it ("23 civilians - including nine children - dead"): the word ends the phrase the aside
    interrupted, not the aside's last noun. A hyphen inside a word ("Al-Nusra") is no dash."""
    doc = noun.doc
    return word.i > noun.i and any(t.text in _ASIDE_MARKS and doc[t.i - 1].whitespace_
                                   for t in doc[noun.i + 1 : word.i])


def _figure_between(noun, trigger) -> bool:
    """Return True when another figure stands between a counted noun and a trigger the parse hangs
    on it ("including 13 civilians and more than 30 wounded": "wounded" is the 30's)."""
    return trigger.i > noun.i and any(t.like_num for t in noun.doc[noun.i + 1 : trigger.i])


def _argument_of_a_coordinated_clause(token) -> bool:
    """Return True when a token is the subject of a verb that is no casualty word, coordinated
    with another verb: the clause says something else of its figure ("five people died and
    eight others experienced breathing difficulties": the eight did not die)."""
    verb = token.head
    if token.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX") or _leads_to_trigger(verb):
        return False
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.pos_ == "VERB" and not _leads_to_trigger(verb.head):
        verb = verb.head  # "... and saw dozens suffering respiratory problems"
    return verb.dep_ == "conj"


def _bind_next_word(anchor, sent) -> _Binding:
    """Return the trigger right after the counted word ("400 wounded", "18 people killed")."""
    found = _Binding()
    nxt = anchor.i + 1
    if nxt < sent.end - 1 and anchor.doc[nxt].lower_ in ("more", "others", "other", "people", "persons"):
        nxt += 1  # "dozens more wounded", "40 others injured"
    after_auxiliaries = _past_passive_auxiliaries(anchor.doc, nxt, sent.end)
    # "including four children were killed": the four are part of a total (the costlier test
    # only where "were"/"have been" follows at all)
    if after_auxiliaries != nxt and not _under_subgroup(anchor):
        nxt = after_auxiliaries
    if nxt < sent.end:
        tok = anchor.doc[nxt]
        kind = trigger_kind(tok)
        if kind and tok.tag_ in ("VBN", "JJ", "VBD"):
            if not _has_counted_object(tok):
                found.trigger, found.kind = tok, kind
            else:  # "killed 30 people injured 90" (commas lost): "injured" opens a clause of
                _bind_asyndeton(anchor, found)  # its own; the 30 are what "killed" befell
    return found


def _has_counted_object(verb) -> bool:
    """Return True when a verb has an object of its own that is counted ("injured 90", "wounded
    dozens", "killing eight people injuring 55 persons"): it opens a clause about others, not
    what befell the figure before it; "400 wounded mostly women" (a misparse making "women" its
    object) has none."""
    return any(c.dep_ == "dobj" and any(t.like_num or t.lower_ in _VAGUE_COUNT_WORDS for t in c.subtree)
               for c in verb.children)


def _bind_asyndeton(anchor, found: _Binding) -> None:
    """Bind a counted noun to the casualty verb written just before its phrase ("killed 30
    people", in "killed 30 people injured 90"), when there is one."""
    start = anchor.left_edge.i  # the phrase's first word: "killed [at least 30 people]"
    if start > anchor.sent.start:
        verb = anchor.doc[start - 1]
        kind = trigger_kind(verb)
        if kind and verb.pos_ == "VERB":
            found.trigger, found.kind = verb, kind


_PASSIVE_AUXILIARIES = (("were",), ("was",), ("are",), ("is",), ("have", "been"), ("has", "been"), ("had", "been"))


def _past_passive_auxiliaries(doc, i: int, end: int) -> int:
    """Return the index after the passive auxiliaries starting at ``i`` ("were", "have been"), else
    ``i``: "at least 160 people were injured" binds the 160 to "injured" even where unpunctuated text
    makes the parser hang "people" on an earlier verb ("As well as those killed at least 160 ...")."""
    for words in _PASSIVE_AUXILIARIES:
        j = i + len(words)
        if j < end and all(doc[i + k].lower_ == w for k, w in enumerate(words)) and doc[j].tag_ == "VBN":
            return j
    return i


def _is_among_dead(anchor) -> bool:
    """Return True for a subgroup of a toll: "11 children among the dead", "14 of the dead",
    "nine of those killed", "the dead included 11 children", "287 fighters, among them 26 minors"."""
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ in ("among", "of"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                definite = any(d.lower_ in ("the", "those") for d in pobj.children)
                if trigger_kind(pobj) and (prep.lower_ == "among" or definite):
                    return True
                if _those_killed(pobj):
                    return True
    return _included_by_the_dead(anchor) or _after_among_them(anchor)


def _those_killed(noun) -> bool:
    """Return True for "those killed" / "those wounded": the dead or hurt already counted."""
    return noun.lower_ == "those" and any(c.dep_ in ("acl", "relcl", "amod") and trigger_kind(c) for c in noun.children)


def _included_by_the_dead(anchor) -> bool:
    """Return True for the object of "include" whose subject is the dead ("Those killed included
    11 people of one family", "the victims include five children")."""
    verb = anchor.head
    if anchor.dep_ != "dobj" or verb.lemma_.lower() != "include":
        return False
    return any(c.dep_ == "nsubj" and (trigger_kind(c) or _those_killed(c)) for c in verb.children)


_AMONG_PRONOUNS = frozenset({"them", "whom", "those"})


def _after_among_them(anchor) -> bool:
    """Return True when the counted phrase follows "among them" / "of whom" ("killing 287
    fighters among them 26 minors"), which the parser rarely hangs on the total."""
    doc = anchor.doc
    i = anchor.left_edge.i - 1
    while i >= 0 and doc[i].lower_ in _FIGURE_MODIFIERS:
        i -= 1
    return i >= 1 and doc[i].lower_ in _AMONG_PRONOUNS and doc[i - 1].lower_ in ("among", "of", "including")


def _bind_by_proximity(count, sent) -> _Binding:
    """Return the nearest trigger in the sentence: right after the figure, else just before it."""
    found = _Binding()
    doc = count.doc
    for i in range(count.i + 1, min(count.i + 5, sent.end)):
        if doc[i].like_num:
            break
        kind = trigger_kind(doc[i])
        if kind:
            found.trigger, found.kind = doc[i], kind
            return found
    for i in range(count.i - 1, max(count.i - 4, sent.start - 1), -1):
        if doc[i].like_num:
            break
        kind = trigger_kind(doc[i])
        if kind and doc[i].pos_ == "VERB":
            found.trigger, found.kind = doc[i], kind
            return found
    return found


_FIGURE_MODIFIERS = frozenset({"at", "least", "more", "than", "nearly", "almost", "about", "around", "some", "over", "up"})


def _bind_toll_phrase(count, sent) -> _Binding:
    """Return the death toll that a figure completes in "the (death) toll ... has risen to N",
    read from the words when the parse loses a long subject; an empty binding otherwise."""
    found = _Binding()
    lex = _lexicon()
    doc = count.doc
    i = count.i - 1
    while i > sent.start and doc[i].lower_ in _FIGURE_MODIFIERS and doc[i].lower_ != "to":
        i -= 1  # "risen to at least 112": skip the figure's modifiers
    verb = doc[i - 1] if doc[i].lower_ in ("to", "at") and i > sent.start else doc[i]
    if verb.lemma_.lower() not in lex.toll_verbs or verb.lemma_.lower() == "be":
        return found
    for tok in doc[sent.start : verb.i]:
        if tok.lemma_.lower() in lex.toll_nouns and trigger_kind(tok) == "killed":
            found.trigger, found.kind = verb, "killed"
            found.supersedes = verb.lemma_.lower() in lex.supersede_verbs
            return found
    return found


def _has_own_argument(token) -> bool:
    """Return True when a verb has its own subject or object (so it is not a shared "killed and wounded")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") for c in token.children)


def _joined_by_or(a, b) -> bool:
    """Return True when "or" coordinates two words (the cc of the first one, between them)."""
    return any(c.dep_ == "cc" and c.lower_ == "or" and a.i < c.i < b.i for c in a.children)


def _is_combined(trigger, kind: str) -> bool:
    """Return True for "killing and wounding N" / "N were killed or wounded": a combined count.

    Only adjacent coordinated triggers ("killed and wounded") share one figure; in "five
    were killed and many more wounded" the second trigger has its own (vague) figure.
    """
    if any(c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ") and c.i > trigger.i and trigger_kind(c) != kind
           and _joined_by_or(trigger, c) for c in trigger.children):
        return True  # "dozens had been wounded or were still missing": wounded and missing, one count
    head = trigger.head
    if (
        trigger.dep_ == "conj"
        and trigger.i - head.i <= 2
        and trigger_kind(head) not in (None, kind)
        and not _has_own_argument(head)
    ):
        return True
    for child in trigger.children:
        if (
            child.dep_ == "conj"
            and child.i - trigger.i <= 2
            and trigger_kind(child) not in (None, kind)
            and not _has_own_argument(child)
        ):
            return True
    return False


_SUBGROUP_SCAN = 14


_MODIFIER_DEPS = ("compound", "amod", "nmod", "poss", "npadvmod")
_SUBGROUP_DEPS = ("prep", "appos", "conj", "npadvmod", "advmod", "amod", "nmod", "punct")


_PARTITIVE_QUANTIFIERS = frozenset({"many", "most", "all", "some", "half", "several", "majority", "dozens", "scores"})


def _partitive_aside(noun) -> list[str]:
    """Return the nouns of a partitive aside right after a counted noun ("23 people, many of
    them women and children", "most of whom were fighters"): a verbless phrase the parser
    rarely attaches to the noun, so it is read from the words; empty when there is none."""
    doc, i = noun.doc, noun.i + 1
    if i < len(doc) and doc[i].is_punct and doc[i].text in ",(-–—":
        i += 1
    if i + 2 >= len(doc) or not (doc[i].lower_ in _PARTITIVE_QUANTIFIERS or doc[i].like_num):
        return []
    if doc[i + 1].lower_ != "of" or doc[i + 2].lower_ not in ("them", "whom"):
        return []
    words = []
    for tok in doc[i + 3 : min(len(doc), i + 3 + _SUBGROUP_SCAN)]:
        if tok.is_punct and tok.text != "-" or tok.pos_ == "VERB" or tok.lower_ in ("said", "according"):
            break
        if tok.pos_ in ("NOUN", "PROPN"):
            words += [tok.lower_, tok.lemma_.lower()]
    return words


def _subgroup_words(noun) -> list[str]:
    """Return the head nouns of a counted noun's subgroups ("including five children",
    "mostly women", "most members of opposition groups"); modifiers ("rebel stronghold")
    and clauses ("killed by regime airstrikes") are left out."""
    roots = [c for c in noun.children if c.i > noun.i and c.dep_ in _SUBGROUP_DEPS]
    roots += [
        c
        for c in noun.head.children
        if c.i > noun.i and c.dep_ == "prep" and c.lower_ in ("including", "among")
    ]
    words = _partitive_aside(noun)
    for root in roots:
        if root.dep_ == "prep" and root.lower_ not in ("including", "among", "of"):
            continue
        for tok in root.subtree:
            if tok.i > noun.i + _SUBGROUP_SCAN:
                break
            if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in _MODIFIER_DEPS:
                words += [tok.lower_, tok.lemma_.lower()]
    return words


def _victim_words(anchor, count) -> tuple[list[str], list[str], str | None]:
    """Return (head words, subgroup words, victims text) of the counted noun phrase."""
    noun = anchor
    if anchor is count or anchor.lower_ in ("more", "others", "other"):
        of = [c for c in count.children if c.dep_ == "prep" and c.lower_ == "of"]
        pobj = [g for p in of for g in p.children if g.dep_ == "pobj"]
        noun = pobj[0] if pobj else anchor
    if noun.like_num or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
        return [], [], None
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i]
    head_words = [noun.lemma_.lower(), noun.lower_]
    if victim_classes.word_class(noun.lemma_) == "unknown":
        head_words += [m.lower_ for m in mods]  # "civilian casualties", "regime forces"
    start = min([noun.i] + [m.i for m in mods])
    text = noun.doc[start : noun.i + 1].text
    return head_words, _subgroup_words(noun), text


def _counts_people(anchor, q: Quantity) -> bool:
    """Return False when a figure counts things, not people: "in two attacks", "a rebel offensive"."""
    lex = _lexicon()
    if q.single and anchor.dep_ in ("compound", "amod", "nmod"):
        return False  # "a rebel offensive": the noun modifies another
    return anchor.lemma_.lower() not in lex.not_victim_nouns and anchor.lower_ not in lex.not_victim_nouns


_OWN_HARM = frozenset({"life", "injury", "wound", "harm"})
"""Objects by which the subject is the one harmed: "lost their lives", "sustained injuries"."""


def _is_agent_of(subject, trigger) -> bool:
    """Return True when the counted phrase lies in the active subject of a transitive trigger
    verb: what it counts did the killing or wounding ("dozens of strikes killed ...", "a raid on
    one of their centers killed eight"), it was not hit ("X died" has no object; "X lost their
    lives" harms its subject). ``subject`` is the counted noun or the word through which the
    parse reached the trigger."""
    return (subject is not None and subject.dep_ == "nsubj" and subject.head.i == trigger.i
            and trigger.pos_ == "VERB"
            and any(c.dep_ == "dobj" and c.lemma_.lower() not in _OWN_HARM for c in trigger.children))


def _mention(doc, sent, q: Quantity) -> tuple[CasualtyMention, Any] | None:
    """Return the mention of one quantity and its counted noun, or None when it is no casualty figure."""
    lex = _lexicon()
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    count = _count_token(span)
    tagged_otherwise = count.ent_type_ in lex.bad_entities
    if tagged_otherwise and not _a_lone_figure(count):
        return None
    anchor = span[-1] if q.single else _anchor(count)
    if (q.single and anchor.dep_ == "compound" and anchor.head.tag_ == "NN"
            and anchor.head.lemma_.lower() in _person_nouns() and not any(c.dep_ == "conj" for c in anchor.head.children)):
        anchor = anchor.head  # "a girl child": one person, the phrase's head ("a man woman and child" is a list)
    if not _counts_people(anchor, q):
        return None
    binding = _bind_next_word(anchor, sent)
    if binding.kind is None:
        binding = _bind_by_parse(anchor, sent)
    if tagged_otherwise and not (binding.trigger is not None and _toll_of(binding.trigger)):
        return None  # a lone figure the tagger calls a date or a sum is a count only as a toll's
    if binding.kind is None and not q.single and not binding.other_clause:  # "a man" must be bound by the parse
        binding = _bind_toll_phrase(count, sent)
    if binding.kind is None and not q.single and not binding.other_clause:
        binding = _bind_by_proximity(count, sent)
    if _is_among_dead(anchor):
        return None
    if binding.kind is None or binding.subgroup or binding.earlier:
        return None
    if _is_combined(binding.trigger, binding.kind):
        return None
    if _is_agent_of(anchor, binding.trigger) or _is_agent_of(binding.via, binding.trigger):
        return None  # "Dozens of air strikes killed 16 civilians": the strikes did the killing
    head_words, sub_words, text = _victim_words(anchor, count)
    interval = q.interval
    if q.single:
        extra = len(_bare_person_conjuncts(anchor))
        interval = Interval(low=1 + extra, high=1 + extra)  # "a woman and child" -> 2
    elif _one_more_along_with(anchor, count, binding.trigger):
        interval = Interval(low=_add(interval.low, 1), high=_add(interval.high, 1))
    mention = CasualtyMention(
        kind=binding.kind,
        interval=interval,
        span=(q.start, q.end),
        sentence=(sent.start_char, sent.end_char),
        trigger=binding.trigger.i,
        victims=victim_classes.classify_words(head_words, sub_words),
        victims_text=text,
        supersedes_earlier=binding.supersedes,
    )
    return mention, anchor


def _a_lone_figure(count) -> bool:
    """Return True when the tagger's entity (a date, a sum) is the bare figure alone, in digits
    and no year ("the death toll from the strikes was 45" tags "45" a date): only the parse can
    tell then whether it counts the dead."""
    if not count.like_num or not count.text.isdigit() or 1900 <= int(count.text) <= 2100:
        return False
    return not any(e.start <= count.i < e.end and len(e) > 1 for e in count.doc.ents)


def _one_more_along_with(anchor, count, trigger) -> bool:
    """Return True when a figure counts those who died "along with" one person the clause is
    about ("The commander was killed along with two of his aides": three dead)."""
    prep = next((t for t in (anchor.head, count.head) if _along_with_prep(t)), None)
    if prep is None or prep.head.i != trigger.i:
        return False
    # the one who died is the passive subject ("was killed along with"), or the subject of an
    # intransitive death ("died along with"); "the strike killed 11 women along with four
    # children" has a killer for subject, not one more dead
    transitive = any(d.dep_ == "dobj" for d in trigger.children)
    subjects = [c for c in trigger.children
                if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and not transitive)]
    return len(subjects) == 1 and subjects[0].tag_ in ("NN", "NNP", "PRP") and not any(
        t.like_num for t in subjects[0].subtree) and subjects[0].lower_ not in ("they", "we", "it")


@functools.lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    """Return the one-word nouns that name one person ("child", "commander")."""
    return frozenset(n for n in load_patterns()["single_person_nouns"] if " " not in n)


def _is_bare_person(token) -> bool:
    """Return True for a singular person noun with no determiner of its own ("child" in
    "a woman and child"); "her child" is a figure of its own and is summed elsewhere."""
    return (
        token.tag_ == "NN"
        and token.lemma_.lower() in _person_nouns()
        and not any(c.dep_ in ("det", "poss", "nummod") for c in token.children)
    )


def _bare_person_conjuncts(noun) -> list:
    """Return the bare singular person nouns coordinated with ``noun`` ("a woman and child")."""
    found = []
    for child in noun.children:
        if child.dep_ == "conj" and _is_bare_person(child):
            found.append(child)
            found.extend(_bare_person_conjuncts(child))
    return found


def _one_named_patient(trigger):
    """Return the patient of a killing verb when it is one definite person: "killing the
    commander Abu Taha", "the journalist was killed", "Abu Taha was killed"; else None."""
    if trigger.pos_ != "VERB":
        return None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    for child in trigger.children:
        if child.dep_ != ("nsubjpass" if passive else "dobj"):
            continue
        if any(c.dep_ in ("conj", "nummod") for c in child.children):
            return None  # "the commander and his aides": not one person
        person_noun = child.tag_ == "NN" and child.lemma_.lower() in _person_nouns() and any(
            c.dep_ == "poss" or c.lower_ in ("the", "this", "that") for c in child.children
        )
        named = child.tag_ == "NNP" and child.ent_type_ == "PERSON"
        if person_noun or named:
            return child
    return None


def _single_patient_mentions(doc, sent, bound: list[CasualtyMention]) -> list[tuple[CasualtyMention, Any]]:
    """Return a figure of one for each killing verb of the sentence whose patient is one
    definite person and that has no figure of its own."""
    taken = {m.trigger for m in bound}
    found = []
    for token in sent:
        if token.i in taken or trigger_kind(token) != "killed":
            continue
        patient = _one_named_patient(token)
        if patient is None:
            continue
        start = patient.left_edge
        head_words, sub_words, text = _victim_words(patient, patient)
        mention = CasualtyMention(
            kind="killed",
            interval=Interval(low=1, high=1),
            span=(start.idx, patient.idx + len(patient.text)),
            sentence=(sent.start_char, sent.end_char),
            trigger=token.i,
            victims=victim_classes.classify_words(head_words, sub_words),
            victims_text=text,
        )
        found.append((mention, patient))
    return found


def _phrase_head(noun):
    """Return the head of a counted noun's phrase: the vague count of "dozens of civilians"
    (what the parser coordinates), else the noun itself."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i != noun.head.i:
        return noun.head.head
    return noun


def _coordinated(a, b) -> bool:
    """Return True when two counted nouns are coordinated ("six civilians and 16 fighters",
    "12 rebels as well as scores of their relatives")."""
    a, b = _phrase_head(a), _phrase_head(b)
    if b.dep_ == "conj" and (b.head.i == a.i or b.head.head.i == a.i) or a.dep_ == "conj" and a.head.i == b.i:
        return True
    if _along_with(a, b):
        return True
    if (b.dep_ == "appos" and b.head.i == a.i and a.lemma_ != b.lemma_ and any(c.dep_ == "conj" for c in b.children)
            and all(t.tag_ == "NN" and t.lemma_.lower() in _person_nouns() for t in (a, b))
            and not _told_of_one(a)):
        return True  # "a father, a mother and a son": the parser hangs the list on the first as an aside
    # a misparse makes both nouns subjects of the verb: "45 militants and 20 fighters had been killed"
    between = a.doc[a.i + 1 : b.i]
    return a.head.i == b.head.i and a.dep_ == b.dep_ and any(t.lower_ == "and" for t in between)


def _told_of_one(subject) -> bool:
    """Return True when a subject's verb is singular ("A doctor, a father and a husband, was
    killed"): the nouns after it describe one person."""
    verb = subject.head
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "is", "has") for c in verb.children) or (
        verb.tag_ == "VBZ")


def _conjoined_past_a_modifier(noun, other, trigger) -> bool:
    """Return True when a counted noun is coordinated with the last word of another's modifier,
    as the parser reads "killing two men from Hezbollah and three men from the committees"
    ("three men" hung on "Hezbollah"): the same noun counted twice, so two groups of one toll."""
    if noun.dep_ != "conj" or noun.lemma_.lower() != other.lemma_.lower():
        return False
    inner = noun.head
    return (inner.dep_ == "pobj" and inner.head.dep_ == "prep"
            and inner.head.head.i in (other.i, trigger.i) and inner.i > other.i)


def _along_with_prep(token) -> bool:
    """Return True for the "with" of "along with" / "together with"."""
    return (token.dep_ == "prep" and token.lower_ == "with" and token.i > 0
            and token.doc[token.i - 1].lower_ in ("along", "together"))


def _along_with(a, b) -> bool:
    """Return True when a counted noun dies "along with" (together with) the figure that is the
    verb's subject or object: "29 fighters were killed along with six Nusra fighters" (35)."""
    prep = b.head
    return (b.dep_ == "pobj" and _along_with_prep(prep)
            and prep.head.i == a.head.i and a.dep_ in ("nsubj", "nsubjpass", "dobj"))


def _joins_the_argument(a, b) -> bool:
    """Return True when a counted noun is coordinated with the verb that ``a`` is the subject or
    object of: "15 fighters were killed as well as dozens of civilians" (the parser hangs the
    second group on the verb)."""
    b = _phrase_head(b)
    return (b.dep_ == "conj" and b.head.i == a.head.i and a.dep_ in ("nsubj", "nsubjpass", "dobj")
            and not _alternative(a, b))


def _alternative(a, b) -> bool:
    """Return True when "or" lies between two figures: another count of the same dead, not more dead."""
    return any(t.lower_ in ("or", "nor") for t in a.doc[min(a.i, b.i) + 1 : max(a.i, b.i)])


def _more_of_the_same(a, b) -> bool:
    """Return True when a later figure counts "others" beside an earlier one of the same kind in
    one sentence, as the subject or object of a casualty verb of its own ("15 civilians were killed
    in Manbij while six others were killed in a village near the city"): the others are more
    victims, so the sentence's toll is the sum. "the death of one civilian and injury of 13
    others" gives no verb to the 13: nothing is added."""
    return (b.i > a.i and b.lower_ == "others" and not _alternative(a, b)
            and b.dep_ in ("nsubj", "nsubjpass", "dobj") and trigger_kind(b.head) is not None)


def _sum_groups(items: list[tuple[CasualtyMention, Any]]) -> list[CasualtyMention]:
    """Return the mentions with coordinated figures of one trigger summed into one, with groups;
    a figure of "others" of the same kind is added to the one before it."""
    out: list[tuple[CasualtyMention, Any]] = []
    for mention, anchor in items:
        if out and _adds_to(out[-1], (mention, anchor)):
            _add_group(out[-1][0], mention)
            continue
        out.append((mention, anchor))
    return [m for m, _ in out]


def _adds_to(prev: tuple[CasualtyMention, Any], item: tuple[CasualtyMention, Any]) -> bool:
    """Return True when a figure of the same kind adds to the one before it: a group coordinated
    under one trigger, or "others" with a casualty verb of their own."""
    (first, a), (mention, b) = prev, item
    if first.kind != mention.kind:
        return False
    if first.trigger == mention.trigger:
        return (_coordinated(a, b) or _joins_the_argument(a, b)
                or _conjoined_past_a_modifier(_phrase_head(b), _phrase_head(a), a.doc[first.trigger]))
    return _more_of_the_same(a, b)


def _group(mention: CasualtyMention) -> dict[str, Any]:
    """Return the schema's ``groups`` entry of one part of a sum."""
    return {
        "victims": mention.victims,
        "victims_text": mention.victims_text,
        mention.kind: mention.interval.to_dict(),
    }


def _add(a: int | None, b: int | None) -> int | None:
    """Return a + b, None when either end is open."""
    return None if a is None or b is None else a + b


def _add_group(total: CasualtyMention, part: CasualtyMention) -> None:
    """Fold ``part`` into ``total``: add the intervals and record both as groups."""
    if not total.groups:
        total.groups.append(_group(total))
    total.groups.append(_group(part))
    total.interval = Interval(
        low=_add(total.interval.low, part.interval.low), high=_add(total.interval.high, part.interval.high)
    )
    total.span = (total.span[0], part.span[1])
    total.victims = victim_classes.combine(g["victims"] for g in total.groups)


def _inherit_from_conjunct(doc, sent, q: Quantity, bound: list[tuple[CasualtyMention, Any]]):
    """Return a mention for an unbound figure coordinated with a bound one ("Five children and
    four medical staff killed"): it shares that figure's trigger. None otherwise."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    anchor = span[-1] if q.single else _anchor(_count_token(span))
    if _under_subgroup(anchor):
        return None
    for mention, other in bound:
        if (other.dep_ == "conj" and other.head.i == anchor.i
                or _conjoined_past_a_modifier(anchor, other, doc[mention.trigger])):
            head_words, sub_words, text = _victim_words(anchor, _count_token(span))
            twin = CasualtyMention(
                kind=mention.kind,
                interval=q.interval,
                span=(q.start, q.end),
                sentence=mention.sentence,
                trigger=mention.trigger,
                victims=victim_classes.classify_words(head_words, sub_words),
                victims_text=text,
            )
            return twin, anchor
    return None


def _conj_linked(a, b) -> bool:
    """Return True when two verbs are coordinated ("five died and eight others were treated")."""
    return (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i) or (
        a.dep_ == "conj" and b.dep_ == "conj" and a.head.i == b.head.i)


def _harmed_beside_the_dead(doc, sent, q: Quantity, bound: list[tuple[CasualtyMention, Any]]):
    """Return an injured mention for a figure of people harmed in a clause coordinated with a
    death figure ("five people died and eight others experienced breathing difficulties",
    "killed 58 and saw dozens suffering respiratory problems"): next to the dead, a harm verb
    that is no injury word on its own names the injured. None otherwise."""
    killed = [m for m, _ in bound if m.kind == "killed"]
    if not killed:
        return None
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or q.single:
        return None
    count = _count_token(span)
    anchor = _anchor(count)
    if not _counts_people(anchor, q) or _under_subgroup(anchor):
        return None
    lex = _lexicon()
    verbs = [anchor.head, anchor.head.head] if anchor.head.dep_ in ("ccomp", "xcomp") else [anchor.head]
    harm = [t for t in [*verbs, *(c for c in anchor.children if c.dep_ in ("acl", "relcl"))]
            if t.pos_ == "VERB" and t.lemma_.lower() in lex.harm_beside_death]
    if not harm or not any(_conj_linked(v, doc[m.trigger]) for m in killed for v in verbs):
        return None  # "saw dozens suffering": the harm verb's clause hangs on the coordinated verb
    head_words, sub_words, text = _victim_words(anchor, count)
    mention = CasualtyMention(
        kind="injured",
        interval=q.interval,
        span=(q.start, q.end),
        sentence=(sent.start_char, sent.end_char),
        trigger=harm[0].i,
        victims=victim_classes.classify_words(head_words, sub_words),
        victims_text=text,
    )
    return mention, anchor


def _under_subgroup(token) -> bool:
    """Return True when a token lies under "including"/"among" (a subgroup of a total)."""
    for _ in range(_MAX_HOPS):
        if token.lower_ in ("including", "among") or token.head.i == token.i:
            return token.lower_ in ("including", "among")
        token = token.head
    return False


def sentence_mentions(doc, sent) -> list[CasualtyMention]:
    """Return the casualty mentions of one sentence, in order, coordinated groups summed."""
    found = []
    unbound = []
    offset = sent.start_char
    for q in find_quantities(sent.text):
        q.start += offset
        q.end += offset
        item = _mention(doc, sent, q)
        if item is not None:
            found.append(item)
        else:
            unbound.append(q)
    for q in unbound:
        item = _inherit_from_conjunct(doc, sent, q, found) or _harmed_beside_the_dead(doc, sent, q, found)
        if item is not None:
            found.append(item)
    found.extend(_single_patient_mentions(doc, sent, [m for m, _ in found]))
    found = _without_an_earlier_clause(doc, found)
    found.sort(key=lambda pair: pair[0].span[0])
    return _sum_groups(found)


def _told_as_earlier(verb) -> bool:
    """Return True when a casualty verb heads an "after" clause hung on another verb ("Four days
    after a car bomb killed 126 evacuees, another bomb struck ..."): an event before the one told.
    An "after" clause that tells no casualties is the cause or the news of the one told ("two
    were killed after terrorists shelled the centre", "a day after it was announced that strikes
    killed 58")."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "after" for c in verb.children):
        return False
    if trigger_kind(verb) is not None:
        return True
    attack_verbs, attack_nouns = _attack_words()
    return verb.lemma_.lower() in attack_verbs and _tells_an_attack(verb.head, attack_nouns)


@functools.lru_cache(maxsize=1)
def _attack_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return (attack verbs, attack and weapon nouns) of ``patterns/perpetrators.json``."""
    roles = load_patterns("perpetrators.json")
    return frozenset(roles["agent_verbs"]), frozenset(roles["event_nouns"]) | frozenset(roles["weapon_nouns"])


def _tells_an_attack(verb, attack_nouns: frozenset[str]) -> bool:
    """Return True when a clause tells an attack of its own: its active subject is an attack or a
    weapon ("an air strike killed ten", "another bomb struck"). Then an "after" clause of attack
    before it is an earlier event ("Two days after jets bombed Ariha, an air strike killed ten in
    Saraqeb"); "two were killed after rebels shelled X" tells their cause."""
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in attack_nouns for c in verb.children)


def told_as_earlier_at(doc, char: int) -> bool:
    """Return True when the token at char offset ``char`` lies in an earlier event's "after"
    clause (see :func:`_told_as_earlier`)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and len(span) > 0 and _in_earlier_clause(span[0])


def _in_earlier_clause(token) -> bool:
    """Return True when a token lies in an earlier event's "after" clause: it or one of its
    heads (a few hops up) heads such a clause. The one test for figures and places alike."""
    for _ in range(_MAX_HOPS):
        if token.pos_ == "VERB" and _told_as_earlier(token):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _without_an_earlier_clause(doc, found: list[tuple[CasualtyMention, Any]]) -> list[tuple[CasualtyMention, Any]]:
    """Return the mentions without those of an earlier event's "after" clause, when the sentence
    also tells figures outside it; alone ("Residents fled after an airstrike killed 12 people")
    that clause's figure is the sentence's news and stays."""
    rest = [(m, a) for m, a in found if m.trigger < 0 or not _in_earlier_clause(doc[m.trigger])]
    return rest or found


def casualties_component(doc):
    """Return the Doc with ``doc._.wc_casualties`` set to its CasualtyMention list (the component)."""
    mentions: list[CasualtyMention] = []
    for sent in doc.sents:
        mentions.extend(sentence_mentions(doc, sent))
    doc._.set(DOC_ATTR, mentions)
    return doc

