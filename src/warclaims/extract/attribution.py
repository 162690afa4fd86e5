"""Who states a figure: reported speech and the claimant's type.

:func:`sentence_attributions` reads the claimants of one sentence from its parse:
"X said/reported/told Y", "according to X", "X quoted Y as saying" (Y), "was reported by
X", relative "which said" (its noun) and "he said" (the last claimant named before).
A sentence inside quotation marks takes the claimant of the sentence that opens or
closes the quotation. :func:`claimant_type` maps a claimant phrase to a type with the
ordered rules of ``patterns/claimants.json``. A figure nobody is said to state belongs
to the article's outlet (``news_outlet``); that default is applied by the pipeline.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from warclaims.extract import perpetrators, places
from warclaims.extract.numbers import load_patterns

_MAX_CLAIMANT_TOKENS = 16
_QUOTE_PAIRS = (("“", "”"), ('"', '"'))


@dataclass(slots=True, kw_only=True)
class Attribution:
    """One claimant of a sentence: the phrase as written, its type and its span."""

    claimant: str
    claimant_type: str
    span: tuple[int, int] | None = None


@dataclass(slots=True, kw_only=True)
class _Rules:
    """Compiled claimant rules from ``patterns/claimants.json``."""

    verbs: frozenset[str]
    weak_verbs: frozenset[str]
    pronouns: frozenset[str]
    types: list[tuple[re.Pattern[str], str]]
    document_heads: frozenset[str]
    place_heads: frozenset[str]
    thing_heads: frozenset[str]
    speaker_heads: frozenset[str]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    """Return the claimant rules (cached)."""
    data = load_patterns("claimants.json")
    return _Rules(
        verbs=frozenset(data["reporting_verbs"]),
        weak_verbs=frozenset(data["weak_reporting_verbs"]),
        pronouns=frozenset(data["pronouns"]),
        types=[(re.compile(r["regex"], re.IGNORECASE), r["type"]) for r in data["types"]],
        document_heads=frozenset(data["document_heads"]),
        place_heads=frozenset(data["place_heads"]),
        thing_heads=frozenset(data["thing_heads"]),
        speaker_heads=frozenset(data["speaker_heads"]),
    )


def claimant_type(claimant: str, *, outlet: str | None = None) -> str:
    """Return the claimant type of a phrase ("the Syrian Observatory..." -> ``monitor_ngo``)."""
    if outlet and claimant.strip().lower() == outlet.strip().lower():
        return "news_outlet"
    for pattern, kind in _rules().types:
        if pattern.search(claimant):
            return kind
    return "other"


def _phrase(token) -> tuple[str, tuple[int, int]]:
    """Return the text and char span of a claimant noun phrase (its subtree, relative clauses cut)."""
    doc = token.doc
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.children:  # "the group, which said ..." / "activists who ..." stop the phrase
        if child.dep_ in ("relcl", "acl") and child.i > token.i and not _names_the_speaker(token, child):
            end = min(end, child.left_edge.i)
        elif child.i > token.i and _dates_the_statement(child):
            end = min(end, child.left_edge.i)  # "opposition forces on Sunday claimed": when, not who
        elif child.i > token.i and child.dep_ == "appos" and _describes_a_name(token, child):
            end = min(end, child.left_edge.i)  # "the Observatory, a Britain-based monitor,": the name
        elif child.i > token.i and child.lower_ == "with" and _opens_an_absolute(child):
            end = min(end, child.left_edge.i)  # "monitors with talks failing to ...": a clause of its own
    end = min(end, start + _MAX_CLAIMANT_TOKENS)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("cc", "punct")):
        end -= 1
    while start < token.i and _before_the_speaker(doc[start]):
        start += 1
    article = _article_before(token, default=start)
    if any(doc[k].like_num for k in range(start, article)):
        start = article  # "risen to at least 40 a monitoring group said": the figure is not the speaker's
    span = doc[start:end]
    return span.text, (span.start_char, span.end_char)


_NAMING_PARTICIPLE_TOKENS = 6
"""Most words of a participle phrase that says which speaker a generic noun is."""


def _names_the_speaker(noun, clause) -> bool:
    """Return True when a short participle phrase after an indefinite noun says which speaker
    it is ("a group monitoring the conflict", "an official based in Damascus"): part of who
    speaks, as written; relative clauses and longer phrases are not."""
    words = list(clause.subtree)
    return (clause.dep_ == "acl" and clause.tag_ in ("VBG", "VBN") and len(words) <= _NAMING_PARTICIPLE_TOKENS
            and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
            and not any(t.like_num for t in words))


def _is_speaker_noun(token) -> bool:
    """Return True for a noun of a person or body that speaks (claimants.json ``speaker_heads``),
    by its form or its lemma ("media", whose lemma is "medium")."""
    heads = _rules().speaker_heads
    return token.lower_ in heads or token.lemma_.lower() in heads


def _opens_an_absolute(with_prep) -> bool:
    """Return True when "with" opens an absolute clause ("with talks over the weekend failing to
    curb the bloodshed"): a participle inside its phrase, or right after it where the parser
    hung it elsewhere. Such a clause says what goes on, not who speaks."""
    doc, after = with_prep.doc, with_prep.right_edge.i + 1
    return any(t.tag_ == "VBG" for t in with_prep.subtree) or (after < with_prep.sent.end and doc[after].tag_ == "VBG")


def _article_before(head, default: int) -> int:
    """Return the index of the determiner opening a speaker's head ("a monitoring group"), else ``default``."""
    return min([c.i for c in head.children if c.dep_ == "det" and c.i < head.i], default=default)


def _describes_a_name(name, desc) -> bool:
    """Return True when the common-noun phrase headed by ``desc``, right after the proper name
    ``name``, describes it ("the Syrian Observatory for Human Rights, a Britain-based monitoring
    group"; unpunctuated, "... Human Rights a Britain-based monitoring group"): set off by a comma
    or indefinite. The name is then the claimant. A title before a name ("Observatory chief Rami
    Abdel Rahman") or a name after a description ("the monitor, the Syrian Observatory") is not one."""
    if name.pos_ != "PROPN" or desc.pos_ != "NOUN" or desc.left_edge.i == 0:
        return False
    return name.doc[desc.left_edge.i - 1].text in ",(-–—" or desc.left_edge.lower_ in ("a", "an")


def _dates_the_statement(child) -> bool:
    """Return True for a dependent of a speaker that only says when ("on Sunday", "Monday")."""
    if child.ent_type_ in ("DATE", "TIME") and child.dep_ in ("npadvmod", "nmod", "appos", "compound"):
        return True
    return child.dep_ == "prep" and all(t.ent_type_ in ("DATE", "TIME")
                                        for t in child.subtree if t is not child)


def _before_the_speaker(tok) -> bool:
    """Return True for a token the parse hung at the front of a speaker's phrase that belongs to
    what came before it in unpunctuated text: a figure ("injured seven Homs Governor X said"),
    a date or time ("27 October 2016 State media says"), a verb ("... were injured SANA said")."""
    return tok.is_punct or tok.like_num or tok.ent_type_ in ("DATE", "TIME") or tok.pos_ in ("VERB", "AUX")


def _split_conjuncts(token) -> list:
    """Return a claimant head and its coordinated heads ("state media and activists")."""
    heads = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            heads.extend(_split_conjuncts(child))
    return heads


def _heads_phrases(heads) -> list[tuple[str, tuple[int, int]]]:
    """Return the phrase of each coordinated claimant head, without the other conjuncts."""
    if not all(hasattr(h, "i") for h in heads):  # Spans read before a subjectless verb
        return [(h.text, (h.start_char, h.end_char)) for h in heads]
    if len(heads) == 1:
        return [_phrase(heads[0])]
    out = []
    for head in heads:
        doc = head.doc
        left = head.left_edge.i
        right = head.i + 1
        for child in head.children:
            if child.i > head.i and child.dep_ not in ("conj", "cc", "punct", "relcl", "acl"):
                right = max(right, child.right_edge.i + 1)
        span = doc[left:right]
        out.append((span.text, (span.start_char, span.end_char)))
    return out


def _is_participle(verb) -> bool:
    """Return True for a participle hung on another clause ("..., adding that ..."), whose
    speaker is that clause's subject or nobody, never the words just before it."""
    return verb.tag_ == "VBG" and verb.dep_ in ("acl", "advcl", "xcomp", "conj")


def _ends_its_sentence(token) -> bool:
    """Return True when only punctuation follows a token's phrase in its sentence."""
    sent = token.sent
    return all(t.is_punct for t in token.doc[token.right_edge.i + 1 : sent.end])


def _governing_subject(participle):
    """Return the subject of the clause a participle hangs on ("the group updated its toll ...,
    saying ..."): the participle has no subject of its own. None when that clause has none."""
    cur = participle.head
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX"):
            found = [c for c in cur.children if c.dep_ == "nsubj"]
            return found[0] if found else None
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _speaker_of(verb):
    """Return the token naming who speaks for a reporting verb, or None."""
    rules = _rules()
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if lemma in ("quote", "cite"):  # "X quoted (cited) Y as saying": Y speaks
        objs = [c for c in children if c.dep_ == "dobj"]
        if objs and any(c.lower_ == "as" for c in children) and objs[0].lemma_.lower() != "statement":
            return objs[0]
    if lemma == "quote":  # "X was quoted as saying": X speaks
        passive = [c for c in children if c.dep_ == "nsubjpass"]
        if passive:
            return passive[0]
    for child in children:
        if child.dep_ == "agent":  # "was reported by X"
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    subjects = [c for c in children if c.dep_ == "nsubj"]
    inverted = [c for c in subjects if c.i > verb.i and _ends_its_sentence(c)]
    if inverted:
        return inverted[0]  # "... of President Bashar al-Assad said Talal al-Barazi.": quotative inversion
    if subjects:
        # two subjects are a misparse of unpunctuated text ("... the only route ... the
        # Observatory reported"): the one nearest the verb is its own
        child = min(subjects, key=lambda c: abs(verb.i - c.i))
        named = [c for c in subjects if c is not child and c.right_edge.i + 1 == child.left_edge.i]
        if named and _describes_a_name(named[0], child):
            child = named[0]  # "the Observatory a Britain-based monitor said": the name, not its description
        if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
            return verb.head
        return child
    if _is_participle(verb):
        # the clause it hangs on speaks, or nobody ("an explosion killed 100 at an evacuation
        # point, adding urgency")
        return _governing_subject(verb)
    if not any(c.dep_ in ("nsubjpass", "expl", "csubj") for c in children):
        return _preceding_phrase(verb)
    if verb.dep_ in ("relcl", "acl") and lemma in rules.verbs and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "a statement issued by ..." is rare; "the group, which said"
    return None


_PHRASE_JOINERS = frozenset({"for", "of", "in", "-", "'s", "and"})


def _phrase_ending_at(doc, end: int, floor: int):
    """Return the noun phrase ending just before token ``end`` (read back to its determiner), or None."""
    start = end
    seen_noun = False
    for i in range(end - 1, max(end - 10, floor - 1), -1):
        tok = doc[i]
        if i < end - 1 and (doc[i + 1].is_sent_start or _ends_what_precedes_a_speaker(doc, i)):
            break
        if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and seen_noun):
            seen_noun = seen_noun or tok.pos_ in ("NOUN", "PROPN")
            start = i
        elif tok.lower_ in ("the", "a", "an") and seen_noun:
            start = i
            break
        elif tok.lower_ in _PHRASE_JOINERS and seen_noun and tok.lower_ != "and":
            continue
        else:
            break
    if not seen_noun or start == end:
        return None
    while doc[start].lower_ in _PHRASE_JOINERS:
        start += 1
    return doc[start:end]


_PLACE_PREPOSITIONS = frozenset({"in", "of", "near", "from", "at", "outside", "on"})
_PLACE_KINDS = frozenset({"city", "town", "village", "province", "countryside", "governorate", "district",
                          "neighborhood", "neighbourhood", "suburb"})
"""Words that may follow a town's name inside its place phrase ("in Deir Ezzor city")."""


def _ends_a_place_phrase(doc, i: int) -> bool:
    """Return True when token ``i`` ends a town's name governed by a place preposition ("in",
    "of" ...) and no entity goes on after it: "the town of Al Bab local media", "the district in
    Aleppo Ibrahim Abu Leith told", not "a source in Salamiyeh National Hospital" (one name)."""
    tok, nxt = doc[i], doc[i + 1]
    k = i
    if tok.lower_ in _PLACE_KINDS and i > 0 and places.names_a_town(doc[i - 1]):
        k = i - 1  # "of Deir Ezzor city state television said": the town's kind ends it too
    if not places.names_a_town(doc[k]) or places.names_a_town(nxt):
        return False
    if nxt.ent_iob_ == "I" and nxt.ent_type_ in ("ORG", "FAC") and nxt.text[:1].isupper():
        return False  # an organisation named after its town ("Aleppo Police Command")
    j = k
    while j > 0 and places.names_a_town(doc[j - 1]):
        j -= 1  # the rest of the town's name
    if k != i and j > 1 and doc[j - 1].lower_ == "the":
        j -= 1  # "on the Mezzeh district state news agency reports" (not "at the Homs police command")
    return j > 0 and doc[j - 1].lower_ in _PLACE_PREPOSITIONS


def _ends_what_precedes_a_speaker(doc, i: int) -> bool:
    """Return True when token ``i`` cannot open the speaker phrase read back from a verb
    because it ends the statement before it: a day ("... on Thursday state television said"),
    a counted noun ("... killing eight volunteers opposition activists said") or a place
    governed by a preposition ("... in northern Syria Al Mayadeen TV reported")."""
    tok = doc[i]
    if tok.ent_type_ in ("DATE", "TIME"):
        return True
    if _ends_a_place_phrase(doc, i):
        return True  # "... near the town of Al Bab local media reported": the town ends the statement
    if tok.tag_ == "NNS" and doc[i + 1].pos_ == "PROPN":
        return True  # "... wounded in such attacks Anadolu Agency reports": a plural noun is no title
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "nummod" for c in tok.children):
        return True
    if tok.ent_type_ in ("GPE", "LOC") and doc[i + 1].ent_iob_ != "I":
        j = i - 1
        while j >= 0 and (doc[j].ent_iob_ == "I" or doc[j].pos_ == "ADJ"):
            j -= 1  # the rest of the place's name and "northern"
        return j >= 0 and doc[j].lower_ in _PLACE_PREPOSITIONS
    return False


def _names_people(phrase) -> bool:
    """Return True when a phrase read back before "in/at/from ..." names people who can speak
    ("medical workers", "activists": a plural common noun), not a place or a thing ("the town",
    "the shrine", "clashes")."""
    rules = _rules()
    root = phrase[-1]
    if root.pos_ == "NOUN" and _is_speaker_noun(root):
        return True  # "a source in the Syrian militia", "an official at the ministry"
    if root.pos_ != "NOUN" or root.tag_ != "NNS" or root.like_num or root.ent_type_ in ("DATE", "TIME"):
        return False
    lemma = root.lemma_.lower()
    return lemma not in rules.place_heads and lemma not in rules.thing_heads and not places.names_a_town(root)


def _preceding_phrase(verb):
    """Return the noun phrase(s) right before a subjectless reporting verb, or None.

    FA-KES texts lost their punctuation ("... repel the assault the Syrian Observatory for
    Human Rights reported."), so the parser often misses the speaker; it is the phrase
    that ends just before the verb, read back to its determiner ("X and Y said": both).
    """
    doc = verb.doc
    end = verb.i - 1 if verb.i > 0 and doc[verb.i - 1].text == "," else verb.i  # "..., the group, said"
    end = _before_a_bracket(doc, end)  # "... the Syrian Observatory for Human Rights (SOHR) said"
    last = _phrase_ending_at(doc, end, 0)
    if last is None:
        return None
    if last.root.dep_ == "appos" and last.root.head.pos_ == "PROPN" and _describes_a_name(last.root.head, last.root):
        return last.root.head  # "..., the Observatory, a Britain-based monitor, said": the name speaks
    if last.start >= 2 and doc[last.start - 1].lower_ in _PLACE_PREPOSITIONS:
        who = _phrase_ending_at(doc, last.start - 1, 0)  # "medical workers in the area said": who, and where
        if who is not None and _names_people(who):
            last = doc[who.start : last.end]
    if last.start >= 2 and doc[last.start - 1].lower_ == "and":
        first = _phrase_ending_at(doc, last.start - 1, 0)
        if first is not None and first.root.pos_ in ("NOUN", "PROPN"):
            return [first, last]
    return last


_BRACKET_REACH = 6
"""Most tokens in a bracketed short name or acronym after a speaker ("(SOHR)", "(UN OCHA)")."""


def _before_a_bracket(doc, end: int) -> int:
    """Return where the phrase before token ``end`` ends when a short bracketed name closes it
    ("the Syrian Observatory for Human Rights (SOHR) said"): at the bracket; else ``end``."""
    if end < 3 or doc[end - 1].text != ")":
        return end
    for k in range(end - 2, max(end - 2 - _BRACKET_REACH, 0), -1):
        if doc[k].text == "(":
            return k
    return end


def _according_to(sent) -> list:
    """Return the heads named by "according to X" in a sentence; "according to figures (a
    statement) released by X" names X."""
    heads = []
    for tok in sent:
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    heads.extend(g for g in to.children if g.dep_ == "pobj")
            if not heads and tok.i + 2 < sent.end and tok.nbor(1).lower_ == "to":
                heads.append(tok.nbor(2))
    return [_maker_of(h) or _source_before_an_actor(h) or h for h in heads]


def _source_before_an_actor(head):
    """Return the source words before an actor noun that the parser joined to them ("according
    to SANA news agency terrorists fired ...": the agency speaks, the terrorists fire), as a
    span; None when the head is no actor noun or no speaker noun stands before it."""
    if head.lemma_.lower() not in perpetrators.load_rules().roles.actor_nouns:
        return None
    modifiers = [c for c in head.children if c.i < head.i and c.dep_ in ("compound", "amod", "nmod")]
    if not modifiers or not _is_speaker_noun(head.doc[head.i - 1]):
        return None
    return head.doc[min(m.left_edge.i for m in modifiers) : head.i]


def _maker_of(head):
    """Return who made what "according to" names when a participle says it ("figures released
    by the health ministry", "a statement issued by the army"), else None."""
    for child in head.children:
        if child.dep_ in ("acl", "relcl") and child.tag_ == "VBN":
            for agent in (c for c in child.children if c.dep_ == "agent"):
                found = [g for g in agent.children if g.dep_ == "pobj"]
                if found:
                    return found[0]
    return None


def _reporting_verbs(sent, trigger_ids: set[int] | None = None) -> list:
    """Return the reporting verbs of a sentence, strong ones first, each in text order; with
    the sentence's figures, a verb whose clause holds a figure comes before the verbs above it
    ("TV reported while SANA said that six were killed": SANA states the six)."""
    rules = _rules()
    verbs = [t for t in sent if t.lemma_.lower() in rules.verbs
             and (t.pos_ in ("VERB", "AUX") or _final_verb_read_as_noun(t, sent))
             and not perpetrators.claims_responsibility(t)]
    return sorted(verbs, key=lambda t: (t.lemma_.lower() in rules.weak_verbs,
                                        -_depth_over_a_figure(t, trigger_ids), t.dep_ != "ROOT", t.i))


def _final_verb_read_as_noun(tok, sent) -> bool:
    """Return True for a present-tense reporting verb ending an unpunctuated sentence that the
    tagger read as a plural noun ("... on Sunday the Syrian Observatory for Human Rights reports.")."""
    if tok.tag_ != "NNS" or tok.i == sent.start:
        return False
    before = tok.nbor(-1)
    if before.pos_ != "PROPN" and not _is_speaker_noun(before):
        return False  # a source just before it: "hospital reports" or "the new reports" are documents
    return all(t.is_punct for t in sent[tok.i - sent.start + 1 :])


def _depth_over_a_figure(verb, trigger_ids: set[int] | None) -> int:
    """Return how deep a reporting verb with a subject of its own lies in the parse when its
    clause holds one of the figures (``trigger_ids``), else 0. A participle without one
    ("Activist X said jets struck ..., adding that ...") goes on reporting the outer speaker."""
    if not trigger_ids or not any(c.dep_ == "nsubj" for c in verb.children):
        return 0
    if not any(t.i in trigger_ids for t in verb.subtree):
        return 0
    return 1 + sum(1 for _ in verb.ancestors)




def _start_char(head) -> int:
    """Return the char offset where a claimant head (a Token or a Span) starts."""
    return head.idx if hasattr(head, "idx") else head.start_char


_DIRECTIONS = frozenset({"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest"})


def _can_speak(head, trigger_ids: set[int]) -> bool:
    """Return True when a subject can be a claimant (not a figure, a death toll or the attack itself)."""
    token = head if hasattr(head, "i") else head.root
    if any(t.i in trigger_ids or t.like_num for t in ([token] if token is head else head)):
        return False
    if token is head and token.dep_ == "nsubj" and any(t.i in trigger_ids and t.i > token.i for t in token.subtree):
        return False  # unpunctuated text parsed as "[a barrage ... killed 14 ...] state media said"
    if token is not head and token.lower_ in _DIRECTIONS:
        return False  # a phrase read back from the verb: "the town of Adra east of Damascus said"
    rules = _rules()
    lemma = token.lemma_.lower()
    if token.i in trigger_ids or token.like_num or lemma in rules.thing_heads or lemma in rules.place_heads:
        return False
    if token.ent_type_ in ("DATE", "TIME"):
        return False  # "... said Friday": a day never speaks
    if token.lower_ == "you":
        return False  # "you can say it is destroyed": the addressee or anyone, never a source
    if places.names_a_town(token):
        return False  # "battles raged in Hardatain and Ratain said the Observatory"
    # "60 soldiers said" is a figure, not a speaker; a numeral the parse hangs on a name
    # ("... wounding four Latakia Governor X said") does not make the name a figure
    words = token.subtree if token is head else head  # a phrase read back ends where it was cut
    # a numeral before the head's article ends the statement ("risen to 40 a monitoring group said")
    opens = _article_before(token, default=-1)
    return not any(t.like_num and (t.head.i == token.i or t.head.pos_ != "PROPN")
                   for t in words if opens < t.i <= token.i)


def _according_to_speakers(sent, trigger_ids: set[int]) -> list:
    """Return who states what "according to" names: the named source; the maker of a toll or
    a document ("according to an Observatory toll", "photographs released by activists");
    nobody for a toll or information no one is said to have made ("according to the latest
    death toll": a reporting verb may name the speaker, else the figure is the outlet's own)."""
    speakers = []
    for head in _according_to(sent):
        maker = _maker_named_on(head) if hasattr(head, "i") and head.lemma_.lower() in _TOLL_WORDS else None
        speaker = maker or _speaker_behind(head)
        if speaker is not None and _can_speak(speaker, trigger_ids):
            speakers.append(speaker)
    return speakers


def _maker_named_on(head):
    """Return the source named on a toll noun ("an Observatory toll", "the UN's figures"), else None."""
    for child in head.children:
        if (child.dep_ == "poss" and child.pos_ != "PRON") or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return child  # not "its toll": the pronoun names no one here
    return None


def _speaker_behind(head):
    """Return who speaks through a document ("photographs circulated by activists showed",
    "HRW's report said"): the 'by' agent or the possessor; the head itself when it is no
    document; None for a document nobody is said to have made."""
    if not hasattr(head, "i") or head.lemma_.lower() not in _rules().document_heads:
        return head
    for child in head.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ in ("acl", "relcl"):
            for agent in (c for c in child.children if c.dep_ == "agent"):
                found = [g for g in agent.children if g.dep_ == "pobj"]
                if found:
                    return found[0]
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):  # "information from the Observatory"
            found = [g for g in child.children if g.dep_ == "pobj"]
            if found:
                return found[0]
    return None


_INVERTING_VERBS = frozenset("say add report state write announce explain note".split())
"""Verbs whose speaker may follow them ("..., said the Observatory"); not "tell" (its object
is the hearer)."""


def _inverted_speaker(verb):
    """Return the speaker named after a clause-final reporting verb ("... chlorine said Mounzer
    Khalil", "... said the Syrian Observatory"): quotative inversion, where the words before
    the verb are the statement, not its subject. None when no such phrase follows."""
    doc = verb.doc
    nxt = verb.i + 1
    if verb.lemma_.lower() not in _INVERTING_VERBS or nxt >= len(doc) or _is_participle(verb):
        return None  # a participle's object is what it adds ("adding new fears"), never its speaker
    if doc[nxt].lower_ in ("that", "on", "in", "it", "he", "she", "they", "we"):
        return None
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("nsubj", "dobj", "npadvmod", "attr", "appos", "dep") \
                and child.pos_ in ("PROPN", "NOUN") and child.left_edge.i == nxt:
            if not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
                return child
    return None


_TOLL_WORDS = frozenset({"toll", "tally", "number", "figure", "count"})


def _states_a_toll(verb) -> bool:
    """Return True for "X put/gave/raised the death toll at N": the verb's subject states the figure.

    Such a verb is also the casualty trigger, so it would otherwise be skipped as a
    reporting verb and the figure left to the outlet.
    """
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _TOLL_WORDS for c in verb.children) and any(
        c.dep_ == "nsubj" for c in verb.children
    )


def _says_of_a_noun_only(verb, trigger_ids: set[int]) -> bool:
    """Return True for a reporting verb in a relative clause that holds none of the sentence's
    figures ("87 died in the attack that the West blames on ..."): its subject speaks of the
    noun, not of the toll; "the attack that the group said killed 20" holds its figure."""
    if verb.dep_ != "relcl":
        return False
    relative = [c for c in verb.children if c.lower_ in ("which", "who", "whom", "that")]
    if not relative or any(c.dep_ == "nsubj" for c in relative):
        # "the group, which said 20 died": the relative pronoun is the speaker; with none, a
        # reduced relative is mostly a misparse of unpunctuated text ("killing nine civilians
        # the Observatory said")
        return False
    return not any(t.i in trigger_ids for t in verb.subtree)


def _phrase_behind_a_far_subject(verb, trigger_ids: set[int] | None):
    """Return the phrase right before a reporting verb whose parsed subject cannot speak and
    stands well before it: unpunctuated text makes the attack the subject ("A bomb attack
    killed one ... on Thursday state television said"); None otherwise."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects or subjects[0].i >= verb.i - 2 or _can_speak(subjects[0], trigger_ids or set()):
        return None
    if subjects[0].lemma_.lower() in _TOLL_WORDS:
        return None  # "an earlier death toll from the strike on X reported 15 killed": the toll reports
    return _preceding_phrase(verb)


def sentence_heads(sent, trigger_ids: set[int] | None = None) -> list:
    """Return the claimant head tokens of one sentence (empty when the sentence states no source)."""
    heads = _according_to_speakers(sent, trigger_ids or set())
    if heads:
        return heads
    for verb in _reporting_verbs(sent, trigger_ids):
        if trigger_ids and verb.i in trigger_ids and not _states_a_toll(verb):
            continue
        if trigger_ids and _says_of_a_noun_only(verb, trigger_ids):
            continue
        readers = (_speaker_of, _inverted_speaker, functools.partial(_phrase_behind_a_far_subject,
                                                                     trigger_ids=trigger_ids))
        for read_speaker in readers:  # each read only when the ones before found no speaker
            speaker = read_speaker(verb)
            speakers = speaker if isinstance(speaker, list) else [speaker]
            speakers = [_speaker_behind(s) for s in speakers if s is not None]
            if speakers and all(s is not None and _can_speak(s, trigger_ids or set()) for s in speakers):
                return speakers
    return []


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Return the char spans of quotations in a text (curly pairs, then straight pairs)."""
    regions = []
    for opening, closing in _QUOTE_PAIRS:
        pos = 0
        while True:
            start = text.find(opening, pos)
            if start < 0:
                break
            end = text.find(closing, start + 1)
            if end < 0:
                break
            regions.append((start, end + 1))
            pos = end + 1
    return regions


@dataclass(slots=True, kw_only=True)
class ArticleSpeakers:
    """Attribution state of one article: quotations and the last claimant named."""

    doc: object
    outlet: str | None
    regions: list[tuple[int, int]]
    last: list[Attribution] | None = None
    sentences: list | None = None
    said: dict[int, list[str]] = field(default_factory=dict)
    """The claimants of each sentence that names one, by the sentence's start offset (for whom a
    claimant blames in the sentences around its figure)."""
    named: list[Attribution] = field(default_factory=list)
    """Claimants named in full so far ("the Syrian Observatory for Human Rights"), for a later
    short definite description of one ("the monitoring group said")."""

    @classmethod
    def of(cls, doc, outlet: str | None, text: str | None = None) -> ArticleSpeakers:
        """Return the attribution state of a parsed article; ``text`` is the doc's text when
        the caller has it (``Doc.text`` rebuilds it from every token)."""
        return cls(doc=doc, outlet=outlet, regions=_quote_regions(doc.text if text is None else text))

    def sents(self) -> list:
        """Return the doc's sentences (computed once: ``doc.sents`` rescans the whole doc)."""
        if self.sentences is None:
            self.sentences = list(self.doc.sents)  # type: ignore[attr-defined]
        return self.sentences


def _attributions_from_heads(heads, speakers: ArticleSpeakers) -> list[Attribution]:
    """Return Attributions for claimant heads, resolving pronouns to the last claimant named."""
    rules = _rules()
    if len(heads) == 1 and heads[0].text.lower() in rules.pronouns:
        return list(speakers.last or [])
    out = []
    single = len(heads) == 1 and hasattr(heads[0], "i")
    for text, span in _heads_phrases(_split_conjuncts(heads[0]) if single else heads):
        kind = claimant_type(text, outlet=speakers.outlet)
        found = Attribution(claimant=text, claimant_type=kind, span=span)
        if _is_short_description(text):
            found = _antecedent(found, speakers) or found
        else:
            speakers.named.append(found)
        out.append(found)
    return out


_MAX_DESCRIPTION_WORDS = 3


def _is_short_description(text: str) -> bool:
    """Return True for a short definite description of common words ("the monitoring group",
    "the monitor"); one naming someone ("the Russian army", "the Observatory") is a name."""
    words = text.split()
    return (len(words) <= _MAX_DESCRIPTION_WORDS and words[0].lower() == "the"
            and not any(w[0].isupper() for w in words[1:]))


def _fits(description: Attribution, earlier: Attribution) -> bool:
    """Return True when a description may name an earlier claimant with its head noun: a bare
    one ("the ministry") always, one with modifiers when the kinds agree or a modifier recurs
    ("the monitoring group" is not "the hard-line militant group")."""
    modifiers = [w.lower() for w in description.claimant.split()[1:-1]]
    if not modifiers or description.claimant_type in ("other", earlier.claimant_type):
        return True
    return any(m in earlier.claimant.lower() for m in modifiers)


def _singular(noun: str) -> str:
    """Return a plural noun's singular by its last "s" ("sources" -> "source"); "witness",
    "press" and "witnesses" keep (or regain) their own ("witness")."""
    if noun.endswith("sses"):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _antecedent(found: Attribution, speakers: ArticleSpeakers) -> Attribution | None:
    """Return the claimant a short description refers back to: the last one named in full of
    the same kind ("the Syrian Observatory for Human Rights ... The monitoring group said"),
    keeping the description's own span; None when none was named. The last one whose name
    holds the description's head noun comes first ("a source at Aleppo Police Command ... The
    source added"), then the last of its kind."""
    head = _singular(found.claimant.split()[-1].lower())
    if len(head) > 2:
        same_head = re.compile(rf"\b{re.escape(head)}(?:e?s)?\b", re.I)
        for earlier in reversed(speakers.named):
            if same_head.search(earlier.claimant) and _fits(found, earlier):
                return Attribution(claimant=earlier.claimant, claimant_type=earlier.claimant_type, span=found.span)
    for earlier in reversed(speakers.named):
        if earlier.claimant_type == found.claimant_type and found.claimant_type != "other":
            return Attribution(claimant=earlier.claimant, claimant_type=earlier.claimant_type, span=found.span)
    return None


def _enclosing_region(speakers: ArticleSpeakers, sent) -> tuple[int, int] | None:
    """Return the quotation a sentence lies in (at least partly), or None."""
    for start, end in speakers.regions:
        starts_inside = start <= sent.start_char < end - 1
        ends_inside = start >= sent.start_char and start < sent.end_char - 1 <= end
        if starts_inside or ends_inside:
            return start, end
    return None


def _quoted_attributions(speakers: ArticleSpeakers, sent) -> list[Attribution]:
    """Return the claimants of a quotation holding the sentence, read where it opens or closes."""
    region = _enclosing_region(speakers, sent)
    if region is None:
        return []
    for sentence in speakers.sents():
        opens_here = sentence.start_char <= region[0] < sentence.end_char
        closes_here = sentence.start_char < region[1] <= sentence.end_char + 2
        after = region[1] <= sentence.start_char < region[1] + 3
        if sentence.start == sent.start or not (opens_here or closes_here or after):
            continue
        outside = [t for t in sentence if not region[0] <= t.idx < region[1]]
        if not outside:
            continue
        heads = sentence_heads(sentence)
        if heads and not region[0] <= _start_char(heads[0]) < region[1]:
            return _attributions_from_heads(heads, speakers)
    return []


def sentence_attributions(
    speakers: ArticleSpeakers, sent, trigger_ids: set[int] | None = None
) -> list[Attribution]:
    """Return the claimants of one sentence (empty when unattributed), updating the article state."""
    heads = sentence_heads(sent, trigger_ids)
    if heads:
        found = _attributions_from_heads(heads, speakers)
    else:
        found = _quoted_attributions(speakers, sent)
    if found:
        speakers.last = found
        speakers.said[sent.start_char] = [a.claimant for a in found]
    return found


def observe_sentence(speakers: ArticleSpeakers, sent) -> None:
    """Update the last claimant named from a sentence without figures (for a later "he said")."""
    heads = sentence_heads(sent)
    if not heads:
        return
    if heads[0].text.lower() in _rules().pronouns:
        if speakers.last:  # "he said": the last claimant named goes on speaking
            speakers.said[sent.start_char] = [a.claimant for a in speakers.last]
        return
    if getattr(heads[0], "pos_", "NOUN") in ("NOUN", "PROPN"):
        speakers.last = _attributions_from_heads(heads, speakers)
        speakers.said[sent.start_char] = [a.claimant for a in speakers.last]
