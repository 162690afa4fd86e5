"""Place mentions in Syria and its neighbours, resolved to governorate and coordinates.

The gazetteer is two data files under ``extract/data/``: ``gazetteer.tsv`` (GeoNames, CC BY 4.0,
built by ``scripts/build_gazetteer.py``) and ``places_aliases.tsv`` (curated news spellings,
districts, airports and bases; its rows win). Mentions are found as token sequences equal to a
spelling's lower-cased tokens (:class:`PlaceMatcher`, what a spaCy ``PhraseMatcher`` on ``LOWER``
finds), so the cost per article is one pass over its tokens.

The spellings' tokens are pre-computed in ``data/place_tokens.json`` (built by
``scripts/build_place_tokens.py``; tokenizing the ~4,500 spellings at start-up took ~0.15 s of
a cold ``warclaims extract``). The file records a hash of the two TSV files and the spaCy
version it was tokenized with; when either differs (an edited gazetteer, another spaCy) the
spellings are tokenized at start-up instead, so the result never depends on a stale file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from warclaims._lazy import require
from warclaims.extract.numbers import load_patterns
from warclaims.geo.gazetteer import ALIASES_FILE, GAZETTEER_FILE, read_tsv, spellings
from warclaims.geo.places import CAPITAL_AREA

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PLACES_COMPONENT = "warclaims_places_v1"
"""The place component's versioned factory name (registered by :mod:`warclaims.extract.components`)."""
SPAN_KEY = "warclaims_places"
PRECISION_RANK = {"point": 3, "city": 2, "area": 1.75, "admin1": 1, "country": 0}
"""How specific a place is. ``area``: a region inside a governorate ("Eastern Ghouta", "Jabal
al-Akrad", "the Ghab plain"): a town named in it is more specific. An incident placed at an
area keeps ``city`` as its ``geo_precision`` (a centre that is approximate)."""

# Words after a name that turn a city into its governorate ("Idlib province").
ADMIN1_WORDS = {"province", "governorate", "countryside", "provinces", "region", "rural"}
# Governorate capitals whose "countryside/suburbs/outskirts" is another governorate.
COUNTRYSIDE_ADMIN1 = {CAPITAL_AREA[0]: CAPITAL_AREA[1]}
COUNTRYSIDE_WORDS = {"countryside", "suburbs", "suburb", "outskirts", "province", "governorate", "rural"}
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
PLACE_TOKENS_FILE = "place_tokens.json"
"""The gazetteer spellings' lower-case tokens, pre-computed (see the module docstring)."""

log = logging.getLogger(__name__)


@dataclass(slots=True, kw_only=True)
class Place:
    """A gazetteer entry: canonical name, governorate (or country outside Syria), position."""

    name: str
    admin1: str | None
    country: str
    latitude: float
    longitude: float
    precision: str
    curated: bool = False


@dataclass(slots=True, kw_only=True)
class PlaceMention:
    """One place named in the text: its characters, as written, and the resolved entry."""

    start: int
    end: int
    text: str
    place: Place
    admin1: str | None
    precision: str
    unlisted: bool = False
    """A place the gazetteer does not know, named as one ("the village of Ghandoura near Manbij",
    "al-Hamadaniyeh neighbourhood in Aleppo"): ``place`` is the known place it is named in or
    near, whose position and precision it takes (see :func:`find_unlisted_places`)."""


def normalize_name(text: str) -> str:
    """Return the lookup key of a place name: lower case, no apostrophes, hyphens as spaces."""
    text = _APOSTROPHES.sub("", text.lower()).replace("-", " ")
    return " ".join(text.split())


def _place_from_row(row: dict[str, str], *, curated: bool) -> Place:
    """Return a Place from one gazetteer or alias row."""
    admin1 = row["admin1"] if row["admin1"] not in ("", "None") else None
    return Place(
        name=row["name"],
        admin1=admin1,
        country=row["country"],
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        precision=row["precision"],
        curated=curated,
    )


def _name_variants(name: str) -> set[str]:
    """Return the spellings matched for one name (FA-KES strips apostrophes: "Syrias")."""
    base = {name, name.replace("-", " "), _APOSTROPHES.sub("", name)}
    return base | {variant + "s" for variant in base}


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> dict[str, Place]:
    """Return the gazetteer as {normalized spelling: Place}, curated aliases overriding GeoNames."""
    table: dict[str, Place] = {}
    for row in read_tsv(GAZETTEER_FILE):
        place = _place_from_row(row, curated=False)
        for name in spellings(row):
            for variant in _name_variants(name):
                table.setdefault(normalize_name(variant), place)
    for row in read_tsv(ALIASES_FILE):
        place = _place_from_row(row, curated=True)
        for name in spellings(row):
            for variant in _name_variants(name):
                table[normalize_name(variant)] = place
    return table


@functools.lru_cache(maxsize=1)
def admin1_centres() -> dict[str, Place]:
    """Return {admin1 name: Place of its centre} for governorates and neighbouring countries."""
    centres: dict[str, Place] = {}
    for row in read_tsv(ALIASES_FILE):
        place = _place_from_row(row, curated=True)
        if place.admin1 and place.admin1 not in centres and place.name == place.admin1:
            centres[place.admin1] = place
    return centres


@functools.lru_cache(maxsize=1)
def _pattern_texts() -> tuple[str, ...]:
    """Return every spelling to match, as written in the data files."""
    texts: set[str] = set()
    for file in (GAZETTEER_FILE, ALIASES_FILE):
        for row in read_tsv(file):
            for name in spellings(row):
                texts |= _name_variants(name)
    return tuple(sorted(texts))


_TOKENIZERS: dict[int, tuple[object, object]] = {}


def tokenizer_for(vocab):
    """Return a tokenizer for short texts (titles, gazetteer spellings) in ``vocab``'s pipeline.

    The extraction pipeline's own tokenizer when the places component was built on that
    vocab (same English rules as a blank pipeline, checked on the gazetteer and FA-KES), so
    a cold start does not build a second spaCy Language (~0.2 s each); else a blank English
    tokenizer built once.
    """
    cached = _TOKENIZERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    return _blank_tokenizer()


@functools.lru_cache(maxsize=1)
def _blank_tokenizer():
    """Return a blank English tokenizer (built once, for a vocab with no extraction pipeline)."""
    return require("spacy").blank("en").tokenizer


class PlaceMatcher:
    """Finds the gazetteer spellings in a Doc: every token n-gram whose lower-case tokens are
    those of a spelling, as a spaCy ``PhraseMatcher(vocab, attr="LOWER")`` does, from a set of
    token tuples (no pattern Doc to build, so it is ready in milliseconds). Tokens are compared
    by their ``LOWER`` string ids (hashes), read from the Doc in one ``to_array`` call."""

    MATCH_ID = 0
    """The match id of every match (one label, PLACE)."""

    def __init__(self, patterns: Iterable[Iterable[str]]):
        hash_string = require("spacy.strings").hash_string
        self._patterns = frozenset(tuple(hash_string(token) for token in p) for p in patterns if p)
        lengths: dict[int, set[int]] = {}
        for pattern in self._patterns:
            lengths.setdefault(pattern[0], set()).add(len(pattern))
        self._lengths = {first: tuple(sorted(ns)) for first, ns in lengths.items()}

    def __len__(self) -> int:
        """Return the number of distinct token sequences matched."""
        return len(self._patterns)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return ``(match_id, start, end)`` of every match in ``doc``, by start then length."""
        lowers = doc.to_array("LOWER").tolist() if len(doc) else []
        matches = []
        for start, first in enumerate(lowers):
            for n in self._lengths.get(first, ()):
                # a slice past the end is shorter than n and could equal a shorter spelling
                if start + n <= len(lowers) and tuple(lowers[start:start + n]) in self._patterns:
                    matches.append((self.MATCH_ID, start, start + n))
        return matches


def _data_file(name: str):
    """Return the packaged data file ``extract/data/NAME`` (a Traversable)."""
    return resources.files("warclaims.extract").joinpath("data", name)


def place_tokens_key() -> str:
    """Return what the pre-computed tokens depend on: the spaCy version and a hash of the two
    gazetteer files."""
    digest = hashlib.sha256()
    for name in (GAZETTEER_FILE, ALIASES_FILE):
        digest.update(_data_file(name).read_bytes())
    return f"spacy-{require('spacy.about').__version__}:sha256-{digest.hexdigest()}"


def tokenize_spellings(tokenizer) -> list[list[str]]:
    """Return the lower-case tokens of every gazetteer spelling, in :func:`_pattern_texts` order."""
    return [[token.lower_ for token in doc] for doc in tokenizer.pipe(_pattern_texts())]


def write_place_tokens(tokenizer, path) -> None:
    """Write the pre-computed spelling tokens (``data/place_tokens.json``) to ``path``."""
    data = {"key": place_tokens_key(), "tokens": tokenize_spellings(tokenizer)}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")


def _packaged_place_tokens() -> list[list[str]] | None:
    """Return the packaged spelling tokens, None when the file is missing or stale."""
    try:
        data = json.loads(_data_file(PLACE_TOKENS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    if data.get("key") != place_tokens_key():
        log.debug("%s is stale or missing (rebuild: scripts/build_place_tokens.py); tokenizing", PLACE_TOKENS_FILE)
        return None
    return data["tokens"]


@functools.lru_cache(maxsize=1)
def _packaged_matcher() -> PlaceMatcher | None:
    """Return the matcher of the packaged tokens (built once), None when they are stale."""
    tokens = _packaged_place_tokens()
    return PlaceMatcher(tokens) if tokens is not None else None


_MATCHERS: dict[int, tuple[object, PlaceMatcher]] = {}


def place_matcher(vocab, tokenizer=None) -> PlaceMatcher:
    """Return the matcher of all gazetteer spellings for ``vocab`` (built once).

    From the packaged tokens when they are current; else the spellings are tokenized in one
    ``tokenizer.pipe`` pass (``tokenizer`` defaults to :func:`tokenizer_for` ``vocab``) and the
    matcher is cached per vocab.
    """
    packaged = _packaged_matcher()
    if packaged is not None:
        return packaged
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    matcher = PlaceMatcher(tokenize_spellings(tokenizer or tokenizer_for(vocab)))
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


def _accept(span: Span, place: Place) -> bool:
    """Return True when a matched span reads as a place name, not an ordinary word."""
    first = span.text[0]
    if _names_a_state(span):
        return False
    if place.curated:
        # Curated phrases may start in lower case ("rural Damascus", "eastern Ghouta") but
        # must name something capitalised, so common words never match.
        return any(ch.isupper() for ch in span.text)
    if not (first.isupper() or first.isdigit() or span.text[:3].lower() == "al-"):
        return False
    # GeoNames villages share names with people and words; trust them only as places.
    return span.root.ent_type_ not in ("PERSON", "ORG", "NORP", "DATE", "CARDINAL")


@functools.lru_cache(maxsize=1)
def _state_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return (nouns a capital stands for a state with, reporting verbs), lower case."""
    heads = frozenset(load_patterns("places.json")["state_heads"])
    verbs = frozenset(load_patterns("places.json")["state_verbs"])
    return heads, verbs


def _names_a_state(span: Span) -> bool:
    """Return True when a place name stands for its state (metonymy), read from the parse:
    it modifies a state noun ("its Damascus ally", "the Damascus government") or speaks
    ("Damascus denied the charge"). Unparsed text (a title) is never read so."""
    root = span.root
    if not root.dep_:
        return False
    heads, verbs = _state_words()
    if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.lemma_.lower() in heads:
        return True
    return root.dep_ == "nsubj" and root.head.pos_ == "VERB" and root.head.lemma_.lower() in verbs


_AROUND_BEFORE = re.compile(
    r"(?:\b(?:suburbs?|outskirts|countryside|environs)(?:\s+of)?|\b(?:outside|near|around)"
    r"|\b(?:east|west|north|south)(?:ern)?\s+of)(?:\s+the)?(?:\s+(?:capital|city)(?:\s+of)?)?\s*$", re.I)


def _around(doc: Doc, start: int) -> bool:
    """Return True when the words before a place put the event around it, not in it ("the
    suburbs of the capital", "near", "east of")."""
    before = doc[max(0, start - 5):start].text
    return bool(_AROUND_BEFORE.search(before))


def _resolve(doc: Doc, span: Span, place: Place) -> PlaceMention:
    """Return the mention of ``span``, widened to "X province" when a governorate is meant."""
    end = span.end
    admin1, precision = place.admin1, place.precision
    nxt = doc[end].lower_ if end < len(doc) else ""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    if place.name in COUNTRYSIDE_ADMIN1 and _around(doc, span.start):
        # "the eastern suburbs of the capital Damascus", "near Damascus": its countryside
        return PlaceMention(start=span.start_char, end=span.end_char, text=span.text, place=place,
                            admin1=COUNTRYSIDE_ADMIN1[place.name], precision="admin1")
    if nxt in COUNTRYSIDE_WORDS or prev in ("rural", "countryside", "province"):
        if place.name in COUNTRYSIDE_ADMIN1 and nxt != "city":
            admin1 = COUNTRYSIDE_ADMIN1[place.name]
        if place.admin1 and place.name == place.admin1 or place.name in COUNTRYSIDE_ADMIN1:
            precision = "admin1"
        if nxt in COUNTRYSIDE_WORDS | ADMIN1_WORDS:
            end += 1
    text = doc[span.start:end].text
    return PlaceMention(
        start=span.start_char,
        end=doc[end - 1].idx + len(doc[end - 1]),
        text=text,
        place=place,
        admin1=admin1,
        precision=precision,
    )


def find_places(doc: Doc) -> list[PlaceMention]:
    """Return the place mentions of ``doc`` in text order (longest match wins on overlap).

    Uses ``doc.spans["warclaims_places"]`` when the pipeline component already ran.
    """
    filter_spans = require("spacy.util").filter_spans
    if SPAN_KEY in doc.spans:
        spans = list(doc.spans[SPAN_KEY])
    else:
        spans = filter_spans([doc[s:e] for _, s, e in place_matcher(doc.vocab)(doc)])
    table = load_gazetteer()
    mentions = []
    for span in spans:
        place = table.get(normalize_name(span.text))
        if place is not None and _accept(span, place):
            mentions.append(_resolve(doc, span, place))
    return mentions


_KIND_OF = frozenset({"village", "town", "neighbourhood", "neighborhood", "district", "suburb", "hamlet"})
"""Nouns that introduce a settlement's name after "of" ("the village of Ghandoura")."""
_KIND_AFTER = frozenset({"village", "neighbourhood", "neighborhood", "district", "suburb", "square"})
"""Nouns written after a settlement's or a district's name ("al-Hamadaniyeh neighbourhood"); not
"camp", which as often follows an armed group ("the Jaish al-Islam camp")."""
_ANCHOR_REACH = 60
"""Most characters between an unlisted place and the known place it is named in or near."""


def find_unlisted_places(doc: Doc, known: list[PlaceMention]) -> list[PlaceMention]:
    """Return the places the gazetteer does not know that the text names as places, read from
    the parse: "the village/town/district of X" and "X neighbourhood/district/village/square",
    X capitalised. Each takes the position, governorate and precision of the known place named
    next to it in its sentence ("... of Ghandoura near Manbij", "... neighbourhood in Aleppo
    city"); one with no known place beside it, or beside a point, is left out."""
    found: list[PlaceMention] = []
    taken = [(m.start, m.end) for m in known]
    for token in doc:
        span = _unlisted_name(token)
        if span is None or any(s < span.end_char and span.start_char < e for s, e in taken):
            continue
        anchor = _anchor_of(span, known)
        if anchor is None:
            continue
        taken.append((span.start_char, span.end_char))
        place = Place(name=span.text, admin1=anchor.admin1, country=anchor.place.country,
                      latitude=anchor.place.latitude, longitude=anchor.place.longitude,
                      precision=anchor.precision)
        found.append(PlaceMention(start=span.start_char, end=span.end_char, text=span.text, place=place,
                                  admin1=anchor.admin1, precision=anchor.precision, unlisted=True))
    return found


def _unlisted_name(token) -> Span | None:
    """Return the name span a kind noun introduces ("Ghandoura" in "the village of Ghandoura";
    "al-Hamadaniyeh neighbourhood"), or None."""
    lower = token.lower_
    if lower in _KIND_OF:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                name = next((g for g in prep.children if g.dep_ == "pobj"), None)
                span = _proper_name(name, name.i + 1) if name is not None else None
                if span is not None:
                    return span
    if lower in _KIND_AFTER:
        words = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i]
        if words:
            start = min(w.left_edge.i for w in words)
            while start < token.i and token.doc[start].pos_ == "DET":
                start += 1  # "the al-Hamadaniyeh neighbourhood"
            return _proper_name(words[0], token.i + 1, named=token.doc[start:token.i])
    return None


def _proper_name(head, end: int, named: Span | None = None) -> Span | None:
    """Return the span of a name (``named``, else ``head`` with the words before it that it
    governs) up to ``end`` when every word of the name is a proper noun or an "al-" prefix."""
    doc = head.doc
    if named is None:
        start = min([head.i, *(c.left_edge.i for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i)])
        named = doc[start:head.i + 1]
    words = [t for t in named if not t.is_punct and t.text != "-"]
    if not words or not all(t.pos_ == "PROPN" or t.lower_ in ("al", "el") for t in words):
        return None
    if not (named[0].text[:1].isupper() or named[0].lower_ in ("al", "el")):
        return None
    while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].text[:1].isupper():
        end += 2  # "Jeb al-Jarrah": the parser may end the name at the hyphen
    return doc[named.start:end]


def _anchor_of(span: Span, known: list[PlaceMention]) -> PlaceMention | None:
    """Return the known place named right after an unlisted one in its sentence (else right
    before it), when it is a town, an area or a governorate (a point is as specific)."""
    sent = span.sent
    inside = [m for m in known if sent.start_char <= m.start < sent.end_char and m.precision in ("city", "area", "admin1")]
    after = [m for m in inside if 0 <= m.start - span.end_char <= _ANCHOR_REACH]
    before = [m for m in inside if 0 <= span.start_char - m.end <= _ANCHOR_REACH]
    if after:
        return min(after, key=lambda m: m.start)
    return max(before, key=lambda m: m.end) if before else None


def names_a_town(token) -> bool:
    """Return True when a token lies in a place name below country level that does not stand
    for a state ("battles raged in Hardatain and Ratain said the Observatory": the villages
    do not speak; "Damascus denied" does)."""
    spans = token.doc.spans[SPAN_KEY] if SPAN_KEY in token.doc.spans else []
    for span in spans:
        if span.start <= token.i < span.end:
            place = load_gazetteer().get(normalize_name(span.text))
            return place is not None and place.precision != "country" and not _names_a_state(span)
    return False


@functools.lru_cache(maxsize=1)
def origin_cue() -> re.Pattern[str]:
    """Return the regex (``patterns/places.json``) of words before a place of origin."""
    return re.compile(load_patterns("places.json")["origin_cue"], re.I)


def make_places_component(nlp, name: str):
    """Return a pipeline component that stores place spans in ``doc.spans["warclaims_places"]``."""
    filter_spans = require("spacy.util").filter_spans
    _TOKENIZERS[id(nlp.vocab)] = (nlp.vocab, nlp.tokenizer)
    matcher = place_matcher(nlp.vocab, nlp.tokenizer)

    def places_component(doc: Doc) -> Doc:
        """Return ``doc`` with its place spans stored under ``SPAN_KEY``."""
        doc.spans[SPAN_KEY] = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        return doc

    return places_component

