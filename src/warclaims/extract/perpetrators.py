"""Perpetrator of an incident: the actor doing the strike, not its victims or claimants.

Aliases and the context cues live in ``patterns/perpetrators.json``. A named actor counts as
the agent when the text around it says so ("airstrikes by the anti-ISIS coalition", "Russian
warplanes", "ISIS militants stormed"); one named as the victim ("ISIS positions", "soldiers
were killed") or as the source ("the Syrian army said") does not. Two actors offered as
alternatives ("Syrian or Russian warplanes") give ``unknown`` with the text kept, as the
schema asks when the article's own voice does not decide.

Two readers share the aliases: :func:`read_perpetrator_in_doc` reads an actor's role from the
dependency parse of a parsed sentence (subject of an agent verb, "by" object of an attack,
modifier of an event or weapon noun; victims, targets and sources are not agents; an agent
under "accused", "believed", "denied" or "suspected" is hedged and gives ``unknown``), and
:func:`read_perpetrator` reads plain text (a title) with the context cues of the data file.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from warclaims.extract import places
from warclaims.extract.casualties import trigger_kind

PERPETRATORS_VERSION = "perpetrators-v2"
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


@dataclass(slots=True, kw_only=True)
class ActorMention:
    """A named actor in text: class, char span (in the text given) and agent score."""

    perpetrator: str
    start: int
    end: int
    text: str
    score: int = 0


@dataclass(slots=True, kw_only=True)
class PerpetratorReading:
    """The perpetrator read from a stretch of text, with the words and span it came from."""

    perpetrator: str
    text: str | None
    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class _Rules:
    """The compiled contents of ``patterns/perpetrators.json``."""

    aliases: tuple[tuple[str, re.Pattern[str]], ...]
    agent_before: re.Pattern[str]
    weapon_after: re.Pattern[str]
    agent_verb_after: re.Pattern[str]
    victim_after: re.Pattern[str]
    victim_before: re.Pattern[str]
    claimant_after: re.Pattern[str]
    claimant_before: re.Pattern[str]
    hedge_between: re.Pattern[str]
    self_claim_after: re.Pattern[str]
    roles: _RoleLexicon


@dataclass(slots=True, kw_only=True, frozen=True)
class _RoleLexicon:
    """Lemma sets for reading an actor's role from the parse (``patterns/perpetrators.json``)."""

    agent_verbs: frozenset[str]
    event_nouns: frozenset[str]
    weapon_nouns: frozenset[str]
    actor_nouns: frozenset[str]
    not_agent_heads: frozenset[str]
    hedge_lemmas: frozenset[str]
    hedge_modifiers: frozenset[str]
    clash_nouns: frozenset[str]
    habitual_adverbs: frozenset[str]
    unreal_modifiers: frozenset[str]
    unreal_verbs: frozenset[str]
    attempt_verbs: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_rules() -> _Rules:
    """Return the compiled alias and cue patterns of ``patterns/perpetrators.json``."""
    path = resources.files("warclaims.extract").joinpath("patterns", "perpetrators.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    aliases = tuple(
        (cls, re.compile(r"(?<![\w-])(?:" + "|".join(pats) + r")(?![\w-])", re.I))
        for cls, pats in data["aliases"].items()
    )
    cues = {key: re.compile(data[key], re.I) for key in _Rules.__slots__ if key not in ("aliases", "roles")}
    roles = _RoleLexicon(**{key: frozenset(data[key]) for key in _RoleLexicon.__dataclass_fields__})
    return _Rules(aliases=aliases, roles=roles, **cues)


def _normalise(text: str) -> str:
    """Return ``text`` with apostrophes blanked (FA-KES strips them) and no-break spaces as
    spaces, keeping its length so offsets still point into the original."""
    return _APOSTROPHES.sub(" ", text).replace("\xa0", " ")


def _as_written(text: str) -> str:
    """Return the words of ``text`` as written, with runs of whitespace as one space."""
    return " ".join(text.split())


def find_actors(text: str) -> list[ActorMention]:
    """Return the named actors of ``text`` in order, the longest alias winning on overlap."""
    return [ActorMention(perpetrator=cls, start=start, end=end, text=words)
            for cls, start, end, words in _actor_spans(text)]


def may_name_an_actor(text: str) -> bool:
    """Return True when a text names an actor (an alias, or a proper adjective that names one
    beside a weapon: "Turkish"): only then can the roles of its parse give an agent."""
    if any(m.perpetrator not in ("none", "unknown") for m in find_actors(text)):
        return True
    return any(modifier_class(word) for word in re.findall(r"\b[A-Z][\w-]+", text))


@functools.lru_cache(maxsize=1024)
def modifier_class(word: str) -> str | None:
    """Return the perpetrator class a proper adjective names beside an event or weapon noun, as
    in "<word> warplanes" ("Russian" -> russia), or None when it names no known party."""
    found = find_actors(f"{word} warplanes")
    if found and found[0].start == 0 and found[0].perpetrator not in ("none", "unknown"):
        return found[0].perpetrator
    return None


@functools.lru_cache(maxsize=256)
def _actor_spans(text: str) -> tuple[tuple[str, int, int, str], ...]:
    """Return (class, start, end, words) of each named actor of ``text`` (see :func:`find_actors`).

    Cached: one article reads the same sentence more than once (for the incident's context,
    then for whom each claimant blames), and "<adjective> warplanes" recurs across articles;
    scanning a text with every alias pattern is the costly part. Plain tuples, so a caller
    changing its ActorMention (``score``) cannot change the cache.
    """
    clean = _normalise(text)
    found = []
    for cls, regex in load_rules().aliases:
        for match in regex.finditer(clean):
            if match.group(0).strip():
                found.append((cls, match.start(), match.end(), _as_written(text[match.start():match.end()])))
    found.sort(key=lambda m: (m[1], -(m[2] - m[1])))
    kept: list[tuple[str, int, int, str]] = []
    for mention in found:
        if kept and mention[1] < kept[-1][2]:
            continue
        kept.append(mention)
    return tuple(kept)


def _score(clean: str, mention: ActorMention) -> int:
    """Return how strongly the context makes ``mention`` the agent (> 0) or not (<= 0)."""
    rules = load_rules()
    before = clean[max(0, mention.start - 60):mention.start]
    after = clean[mention.end:mention.end + 60]
    score = 0
    by_agent = bool(rules.agent_before.search(before))
    if by_agent:
        score += 3
    if rules.weapon_after.search(after) or _names_weapon(mention.text):
        score += 3
    # "killed by the Syrian army": the "by" makes it the agent, not the victim.
    if rules.victim_after.search(after) or (not by_agent and rules.victim_before.search(before)):
        score -= 4
    elif rules.agent_verb_after.search(after):
        score += 2
    if rules.self_claim_after.search(after):
        score += 3  # "the army said it killed ...": the claimant is also the agent
    elif rules.claimant_after.search(after) or rules.claimant_before.search(before):
        score -= 3
    return score


_WEAPON_WORDS = re.compile(
    r"\b(?:warplanes?|war planes?|jets?|aircraft|planes?|helicopters?|air force|air ?strikes?|strikes?|raids?|bombers?|artillery|drones?|missiles?)\b",
    re.I,
)


def _names_weapon(alias_text: str) -> bool:
    """Return True when the alias itself names a weapon ("Russian warplanes")."""
    return bool(_WEAPON_WORDS.search(alias_text))


def _hedged(clean: str, first: ActorMention, second: ActorMention) -> bool:
    """Return True when two different actors are offered as alternatives ("X or Y")."""
    if first.perpetrator == second.perpetrator:
        return False
    return bool(load_rules().hedge_between.search(clean[first.end:second.start]))


def read_perpetrator(text: str) -> PerpetratorReading | None:
    """Return the agent of the event described in ``text``, or None when none is named.

    Alternatives ("Syrian planes or those of government ally Russia") give ``unknown`` with
    the whole phrase as text.
    """
    clean = _normalise(text)
    mentions = find_actors(text)
    for mention in mentions:
        mention.score = _score(clean, mention)
    for i, mention in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if "none" not in (mention.perpetrator, nxt.perpetrator) and max(mention.score, nxt.score) > 0 \
                and _hedged(clean, mention, nxt):
            return PerpetratorReading(perpetrator="unknown", text=_as_written(text[mention.start:nxt.end]),
                                      start=mention.start, end=nxt.end)
    agents = [m for m in mentions if m.score > 0 and m.perpetrator != "none"]
    if not agents:
        return None
    best = max(agents, key=lambda m: (m.score, -m.start))
    return PerpetratorReading(perpetrator=best.perpetrator, text=best.text.strip(),
                              start=best.start, end=best.end)


AGENT, HEDGED, VICTIM, OTHER = "agent", "hedged", "victim", "other"
"""An actor's role in its sentence: the attacker as the text states it, the attacker as
someone accuses or suspects, the attacked, or anything else (a source, a place holder, a
party to talks)."""
_MAX_ROLE_HOPS = 6
_MODIFIER_DEPS = ("amod", "compound", "poss", "nmod", "npadvmod", "nummod")


def _lemma(token) -> str:
    return token.lemma_.lower()


def _is_hedged(token) -> bool:
    """Return True when a predicate stands under a hedge: an ancestor "accused", "believed",
    "denied" (or "blamed on"), or a "suspected"/"allegedly" modifier on it or its object."""
    lex = load_rules().roles
    nodes = [token, *(c for c in token.children if c.dep_ in ("dobj", "attr", "nsubjpass"))]
    for node in nodes:
        if any(c.lower_ in lex.hedge_modifiers for c in node.children):
            return True
    cur = token
    for _ in range(_MAX_ROLE_HOPS):
        if _lemma(cur) in lex.hedge_lemmas or cur.lower_ in lex.hedge_modifiers:
            return True
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return False


_NOUN_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "compound", "attr"})


def _is_habitual(predicate) -> bool:
    """Return True when a predicate tells what usually happens, not one event: "have often been
    targeted by regime airstrikes", "have all carried out strikes"."""
    lex = load_rules().roles
    verb = predicate
    for _ in range(3):  # "airstrikes" -> "by" -> "targeted": the clause's verb
        if verb.pos_ in ("VERB", "AUX") and verb.dep_ not in _NOUN_DEPS or verb.head.i == verb.i:
            break  # (a noun mis-tagged as a verb, "by regime airstrikes", is no clause)
        verb = verb.head
    return any(c.dep_ in ("advmod", "dep") and c.lower_ in lex.habitual_adverbs for c in verb.children)


def _is_unreal(event) -> bool:
    """Return True when an event noun names an attack that has not happened: "possible U.S.
    strikes", "could avert strikes", "warned against new strikes" (see perpetrators.json)."""
    lex = load_rules().roles
    if any(c.dep_ == "relcl" and c.tag_ in ("VBD", "VBN") and (trigger_kind(c) or _lemma(c) in lex.agent_verbs)
           for c in event.children):
        return False  # "Turkish strikes on Manbij, which killed two soldiers": they happened
    if any(c.dep_ == "amod" and c.lower_ in lex.unreal_modifiers for c in event.children):
        return True
    governor = event.head
    if event.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head  # "warned against strikes": the preposition's verb
    elif event.dep_ not in ("dobj", "nsubjpass"):
        return False
    return governor.i != event.i and _lemma(governor) in lex.unreal_verbs


def _agent(predicate) -> str:
    """Return AGENT, HEDGED when the predicate the actor is agent of stands under a hedge, or
    OTHER when it is habitual."""
    if _is_habitual(predicate):
        return OTHER
    return HEDGED if _is_hedged(predicate) else AGENT


def _role_as_modifier(head, depth: int) -> str:
    """Return the role an actor has as the modifier of ``head`` ("Russian airstrikes", "ISIS
    positions", "regime forces")."""
    lex = load_rules().roles
    while head.dep_ == "compound" and head.head.i != head.i and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # "regime air strikes": the actor modifies the whole compound
    lemma = _lemma(head)
    if lemma in lex.not_agent_heads or head.lower_ in lex.not_agent_heads:
        return OTHER
    if lemma in lex.event_nouns and _is_unreal(head):
        return OTHER  # "possible U.S. military strikes": no attack yet, no agent
    if lemma in lex.event_nouns or lemma in lex.weapon_nouns:
        role = actor_role(head, depth + 1)  # "Russian warplanes were shot down": the jets are hit
        return role if role in (VICTIM, HEDGED) else _agent(head)
    if lemma in lex.actor_nouns:
        return actor_role(head, depth + 1)  # "regime forces": as the forces are
    return OTHER


def _one_of_alternatives(token) -> bool:
    """Return True when an actor is one of two offered as alternatives ("by the government or
    its ally Russia"): its first conjunct has an "or"."""
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    return any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in token.children)


def _role_as_object(prep, depth: int) -> str:
    """Return the role of an actor that is the object of a preposition ("by the coalition",
    "strikes of the regime", "blamed on ISIS", "raids on ISIS")."""
    lex = load_rules().roles
    word, head = prep.lower_, prep.head
    lemma = _lemma(head)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if word in ("in", "during", "from") and obj is not None and _is_attack_noun(obj) and _under_casualty(obj):
        return _agent(obj)  # "killed in (U.S.) air strikes": the strikes did the killing, as their actor
    if word == "by" and lemma in lex.event_nouns and _is_unreal(head):
        return OTHER  # "to avert strikes by the US"
    if word == "by":
        if lemma in lex.agent_verbs or lemma in lex.event_nouns or lemma in lex.weapon_nouns or lemma == "claim":
            return _agent(head)
        if lemma in ("be", "believe", "think", "suspect"):  # "believed to be by Syrian jets"
            return HEDGED
        return OTHER  # "held by", "backed by", "brokered by"
    if word == "of" and (head.like_num or head.lower_ in _COUNT_HEADS):
        return actor_role(head, depth + 1)  # "dozens of Russian air strikes killed": as the count is
    if word in ("of", "from") and (lemma in lex.event_nouns or lemma in lex.weapon_nouns):
        role = actor_role(head, depth + 1)  # "jets of the regime", unless the jets are hit
        return role if role in (VICTIM, HEDGED) else _agent(head)
    if word == "to" and lemma == "belong" and head.dep_ == "acl" and _is_attack_noun(head.head):
        role = actor_role(head.head, depth + 1)  # "a helicopter belonging to the regime": as "jets of"
        return role if role in (VICTIM, HEDGED) else _agent(head.head)
    if word in ("of", "from") and lemma in lex.actor_nouns:
        return actor_role(head, depth + 1)  # "members of ISIS", "fighters from the regime": as they are
    if word in ("on", "to") and lemma in lex.hedge_lemmas:
        return HEDGED  # "blamed on ISIS", "attributed to"
    if word == "with" and lemma in lex.clash_nouns and _under_casualty(head):
        return _agent(head)  # "rebels were killed in clashes with regime troops"
    return OTHER  # "on", "against", "at": the target


_COUNT_HEADS = frozenset({"dozens", "scores", "hundreds", "thousands", "several", "number", "series", "wave"})
"""Words that count what follows "of" ("dozens of air strikes"): the counted phrase has their role."""

_SELF = frozenset({"it", "they", "we", "its", "their", "our"})


def _claims_own_attack(verb) -> bool:
    """Return True for "ISIS said it killed ...": the speaker states its own attack."""
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
        if _lemma(clause) in load_rules().roles.agent_verbs and any(
                c.dep_ == "nsubj" and c.lower_ in _SELF for c in clause.children):
            return True
    return False


def claims_responsibility(verb) -> bool:
    """Return True for "X claimed (took) responsibility for ...": X owns the attack; it does not
    report the figure the sentence gives of it ("IS claimed responsibility for a bombing that
    killed 30": the 30 is the outlet's)."""
    return _lemma(verb) in ("claim", "take", "accept") and any(
        c.dep_ == "dobj" and _lemma(c) == "responsibility" for c in verb.children)


def _attack_it_does(verb):
    """Return the killing verb a subject's verb goes on in as an infinitive it performs
    ("succeeded to kill", "managed to kill", "was able to kill"), else None. A reporting or
    accusing verb's infinitive is what others do, and "tried to storm" is no attack done."""
    lex = load_rules().roles
    lemma = _lemma(verb)
    if lemma in _REPORTING or lemma in lex.hedge_lemmas or lemma in lex.unreal_verbs or lemma in lex.attempt_verbs:
        return None  # "said it would kill", "tried to kill"
    if _negated(verb):
        return None  # "did not manage to kill"
    holder = next((c for c in verb.children if c.dep_ == "acomp" and c.lower_ == "able"), verb)  # "was able to"
    for child in holder.children:
        if child.dep_ == "xcomp" and child.tag_ == "VB" and _lemma(child) in lex.agent_verbs and trigger_kind(child):
            return child  # killing or wounding people ("agreed to destroy the stockpile" is no attack)
    return None


def _negated(verb) -> bool:
    """Return True when a verb is negated ("did not claim", "did not manage to")."""
    return any(c.dep_ == "neg" for c in verb.children)


def _kills_in_a_participle(verb) -> bool:
    """Return True when a verb goes on in a participle of killing or wounding ("Kurdish
    fighters repelled the assault, killing 80 militants"): its subject did the killing."""
    if _lemma(verb) in _REPORTING or _lemma(verb) in load_rules().roles.hedge_lemmas:
        return False  # "accused government forces of shelling ..., killing seven": the accusers did not
    return any(c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG" and trigger_kind(c) for c in verb.children)


def _is_attack_noun(token) -> bool:
    """Return True for an event or weapon noun ("strikes", "shelling", "warplanes")."""
    lex = load_rules().roles
    return _lemma(token) in lex.event_nouns or _lemma(token) in lex.weapon_nouns


def _under_casualty(token) -> bool:
    """Return True when a token hangs on a verb telling of people killed or wounded."""
    cur = token
    for _ in range(3):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ == "VERB" and trigger_kind(cur):
            return True
    return False


def actor_role(token, depth: int = 0) -> str:
    """Return the role (AGENT, HEDGED, VICTIM, OTHER) of the actor whose head token is
    ``token``, read from the dependency parse of its sentence."""
    lex = load_rules().roles
    if depth > _MAX_ROLE_HOPS:
        return OTHER
    dep, head = token.dep_, token.head
    if head.i == token.i:
        return OTHER
    if dep in ("conj", "appos"):
        return actor_role(head, depth + 1)  # "Russian and Syrian jets": as the first conjunct
    if dep in _MODIFIER_DEPS:
        return _role_as_modifier(head, depth)
    if dep == "nsubj":
        if _lemma(head) in lex.agent_verbs:
            return _agent(head)
        if _claims_own_attack(head) or claims_responsibility(head):
            return AGENT
        done = _attack_it_does(head)
        if done is not None:
            return _agent(done)  # "Syrian forces succeeded to kill 35 terrorists": the forces attacked
        return _agent(head) if _kills_in_a_participle(head) else OTHER
    if dep == "nsubjpass":
        return VICTIM if _lemma(head) in lex.agent_verbs else OTHER
    if dep in ("pobj", "agent"):
        return _role_as_object(head, depth) if head.dep_ in ("prep", "agent") or head.pos_ == "ADP" else OTHER
    if dep == "dobj":
        if _lemma(head) in lex.hedge_lemmas:
            return HEDGED  # "accused government forces of gassing ..."
        return VICTIM if _lemma(head) in lex.agent_verbs else OTHER
    return OTHER


def _mention_root(doc, start: int, end: int):
    """Return the syntactic head token of the char span [start, end) of ``doc``, or None: the
    last of its tokens (not a determiner) whose head lies outside it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    outside = [t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i]
    content = [t for t in outside if t.pos_ != "DET"] or outside or [span.root]
    return content[-1]


def _next_noun_role(token) -> str | None:
    """Return the role of an actor word directly followed by an event or weapon noun ("rebel
    shelling", "regime airstrikes") however the parser attached it, else None."""
    lex = load_rules().roles
    if token.i + 1 >= len(token.doc):
        return None
    nxt = token.doc[token.i + 1]
    if nxt.pos_ in ("NOUN", "PROPN") and (_lemma(nxt) in lex.event_nouns or _lemma(nxt) in lex.weapon_nouns):
        return _role_as_modifier(nxt, 0)
    return None


_SUPPORTER = re.compile(r"-?\s?(?:backed|supported|sponsored|allied|aligned|funded|armed|trained)\b(?!\s+by\b)", re.I)
_REPORTING = frozenset("say tell report add state announce quote claim confirm allege".split())


def _claims_the_attack(token) -> bool:
    """Return True when an actor is the subject of its own claim of responsibility ("ISIS
    claimed responsibility for the attack"): a statement, but one of what it did itself."""
    verb = token.head
    return token.dep_ == "nsubj" and claims_responsibility(verb) and not _negated(verb)


def _reported(token) -> bool:
    """Return True when a token stands in reported speech ("X said ... jets struck ..."), at any
    depth: every word of a reported clause is reported ("said it was unclear if the raids were
    carried out by aircraft belonging to the government or its ally Russia")."""
    cur = token
    while cur.head.i != cur.i:
        cur = cur.head
        if _lemma(cur) in _REPORTING and cur.pos_ in ("VERB", "AUX", "NOUN"):
            return True  # "X said ...", "reports that ..."
    return False


def _first_conjunct(doc, start: int, mention: ActorMention) -> ActorMention:
    """Return the actor named by an adjective coordinated before a mention ("Russian" in
    "Russian and Syrian warplanes": joint attackers, the first named counts), else the mention.

    The adjective is classed as the mention's noun would be with it ("Russian warplanes")."""
    span = doc.char_span(start + mention.start, start + mention.end, alignment_mode="expand")
    if span is None:
        return mention
    head = span[0]
    left = [c for c in head.head.children if c.dep_ == "amod" and c.i < head.i] if head.dep_ == "conj" else []
    left += [t for t in head.doc[max(0, head.i - 2):head.i] if t.dep_ == "amod" and any(
        c.dep_ == "conj" and c.i == head.i for c in t.children)]
    for adjective in left:
        noun = span[-1].text
        found = find_actors(f"{adjective.text} {noun}")
        if found and found[0].perpetrator not in ("none", "unknown", mention.perpetrator):
            return ActorMention(perpetrator=found[0].perpetrator, start=adjective.idx - start,
                                end=mention.end, text=doc[adjective.i:span.end].text)
    return mention


def _tells_where(modifier) -> bool:
    """Return True when a capitalised modifier of an event noun names where it happened: a
    town's name ("the Damascus explosion"), or an adjective of a town named right after it
    ("Syrian Idlib attack")."""
    doc = modifier.doc
    nxt = doc[modifier.i + 1] if modifier.i + 1 < len(doc) else None
    return places.names_a_town(modifier) or (nxt is not None and nxt.pos_ == "PROPN" and places.names_a_town(nxt))


def _with_event_modifiers(stretch, start: int, mentions: list[ActorMention]) -> list[ActorMention]:
    """Return the mentions plus the proper adjectives that name an actor only beside an event
    or weapon noun ("a suspected Russian air raid", "Turkish shelling"): each is classed as it
    would be in "<adjective> warplanes", and read like any other mention."""
    lex = load_rules().roles
    heads = lex.event_nouns | lex.weapon_nouns
    covered = [(m.start, m.end) for m in mentions]
    extra = []
    for token in stretch:
        if token.pos_ not in ("NOUN", "PROPN") or _lemma(token) not in heads:
            continue
        for child in token.children:
            if child.dep_ not in ("amod", "compound") or child.i > token.i or not child.text[:1].isupper():
                continue  # a proper adjective ("Russian", "Turkish"); "government assault" is no name
            if _tells_where(child):
                continue  # "Damascus explosion", "Syrian Idlib attack": the place, not who attacked
            s, e = child.idx - start, child.idx - start + len(child.text)
            if any(a <= s < b for a, b in covered):
                continue
            cls = modifier_class(child.text)
            if cls is not None:
                extra.append(ActorMention(perpetrator=cls, start=s, end=e, text=child.text))
                covered.append((s, e))
    return sorted([*mentions, *extra], key=lambda m: m.start)


_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "appos"})
_MAX_PHRASE_HOPS = 4


def _phrase_head(token):
    """Return the head noun of the noun phrase a token modifies ("Daesh" in "the Daesh Takfiri
    terrorist group" -> "group"; "Islam" in "terrorists of Jaish al-Islam" -> "terrorists")."""
    for _ in range(_MAX_PHRASE_HOPS):
        if token.dep_ in _PHRASE_DEPS and token.head.i != token.i:
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i != token.head.i:
            token = token.head.head
        else:
            break
    return token


def _name_the_generic(mentions: list[ActorMention], roots: list, roles: list[str]) -> None:
    """Give the agent's role to a named actor in the same noun phrase as a generic one
    ("terrorists of the so-called Jaish al-Islam", "the Daesh Takfiri terrorist group"): the
    name says who the "terrorists" are. ``roots`` are the mentions' head tokens (or None)."""
    heads = [_phrase_head(r) if r is not None else None for r in roots]
    for i, (m, role) in enumerate(zip(mentions, roles, strict=True)):
        if m.perpetrator != "unknown" or role != AGENT or heads[i] is None:
            continue
        for j, named in enumerate(mentions):
            if named.perpetrator not in ("unknown", "none") and heads[j] is not None and heads[j].i == heads[i].i:
                roles[j], roles[i] = AGENT, OTHER
                break


def read_perpetrator_in_doc(
    doc, start: int, end: int, own_voice: bool = False, accusations: bool = False
) -> PerpetratorReading | None:
    """Return the agent of the event told in ``doc.text[start:end]`` (one or more parsed
    sentences), read from each named actor's role in the parse; None when no actor is the
    agent.

    The first agent named wins (joint attackers: the first named, as the schema says); two
    actors offered as alternatives ("Syrian or Russian jets"), or an agent only accused or
    suspected, give ``unknown`` with the words kept. Offsets in the result are doc offsets.
    """
    stretch = doc.char_span(start, end, alignment_mode="expand")
    if stretch is None:
        return None
    # the stretch's own text: Doc.text would rebuild the whole document's on every call
    text, start = stretch.text, stretch.start_char
    clean = _normalise(text)
    mentions = [m for m in find_actors(text) if m.perpetrator != "none"]
    mentions = _with_event_modifiers(stretch, start, mentions)
    roles, roots = [], []
    for m in mentions:
        root = _mention_root(doc, start + m.start, start + m.end)
        roots.append(root)
        role = actor_role(root) if root is not None else OTHER
        if role == OTHER and root is not None:
            role = _next_noun_role(root) or OTHER
        if own_voice and root is not None and _reported(root) and not _claims_the_attack(root):
            role = OTHER
        if _SUPPORTER.match(clean, m.end):
            role = OTHER  # "Russian-backed forces": the side helped attacks, not its backer
        roles.append(role)
    _name_the_generic(mentions, roots, roles)
    agents = [(m, r) for m, r in zip(mentions, roles, strict=True) if r in (AGENT, HEDGED)]
    if not agents:
        return None
    agents = [(_first_conjunct(doc, start, m), r) for m, r in agents]
    first, role = next(((m, r) for m, r in agents if r == AGENT), agents[0])
    following = [m for m in mentions if m.start >= first.end]
    if following and _hedged(clean, first, following[0]):
        last = following[0]
        return PerpetratorReading(perpetrator="unknown", text=_as_written(text[first.start:last.end]),
                                  start=start + first.start, end=start + last.end)
    root = roots[mentions.index(first)] if first in mentions else None
    if root is not None and _one_of_alternatives(root):
        role, accusations = HEDGED, False  # the other alternative is no actor of the aliases ("the government")
    return PerpetratorReading(perpetrator=first.perpetrator if role == AGENT or accusations else "unknown",
                              text=first.text.strip(), start=start + first.start, end=start + first.end)
