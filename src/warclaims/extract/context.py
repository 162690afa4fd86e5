"""Incident context of an article: event type, date, place and perpetrator.

``read_incident_context`` reads the context of the article's main incident; ``incident_context``
reads that of any incident from an ``ArticleContext``, the per-article data (sentences, lead,
places, dates, ...) that the pipeline builds once per article and shares between all of its
incidents. Each field is
taken from the first stretch of text that states it, in this order: the focus sentence (the
main claim's sentence, or the lead), the title, the lead, then the few sentences after the
focus (for the date: any later sentence that names the event with a relative day, as in
"officials said on Sunday ... the coalition strikes on Saturday", but not a sentence giving
another incident's toll). Each field keeps the
character span (in ``doc.text``) it was read from; fields read from the title have no span.

The readers are plain functions over data files (``patterns/*.json``, ``data/*.tsv``); each
has a version constant, collected in ``EXTRACTOR_VERSIONS``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from warclaims._lazy import require
from warclaims.extract import attribution, dates, events, perpetrators, places
from warclaims.extract.casualties import DOC_ATTR, told_as_earlier_at, trigger_kind
from warclaims.extract.nlp import load_base_pipeline
from warclaims.extract.numbers import load_patterns as _load_patterns

CONTEXT_VERSION = "context-v1"
EXTRACTOR_VERSIONS = {
    "context": CONTEXT_VERSION,
    "places": places.PLACES_COMPONENT,
    "dates": dates.DATES_VERSION,
    "events": events.EVENTS_VERSION,
    "perpetrators": perpetrators.PERPETRATORS_VERSION,
}
LEAD_SENTENCES = 2
MIN_LEAD_WORDS = 8
MIN_FOCUS_CHARS = 40
PLACES_CACHE_KEY = "warclaims_place_mentions"
FOLLOWING_SENTENCES = 3
# A dateline farther than this from the corpus date is still trusted (FA-KES dates can be
# years off), but not one that is absurd.
DATELINE_MAX_DAYS = 3660
# A stated date older than this at publication is background, not the reported incident.
BACKGROUND_DAYS = 45


@dataclass(slots=True, kw_only=True)
class IncidentContext:
    """Where, when, what and by whom for one incident, with the spans read from."""

    event_type: str = "other"
    date: dt.date | None = None
    date_precision: str | None = None
    admin1: str | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str | None = None
    country: str | None = None
    perpetrator: str = "unknown"
    perpetrator_text: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class _Part:
    """A stretch of text to read from: its text and its offset in the doc (-1: the title)."""

    text: str
    offset: int


def _as_doc(doc):
    """Return a spaCy Doc for ``doc`` (parsing a plain string with the base pipeline)."""
    if isinstance(doc, str):
        return load_base_pipeline()(doc)
    return doc


def _sentences(doc) -> list[tuple[int, int]]:
    """Return the (start, end) char spans of the doc's sentences."""
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]


_SITE_SEPARATOR = re.compile(r"\s[-|–—]\s*|[-|–—]\s")
"""What parts a headline from the site's name ("... Blasts- Al Manar TV Website Archive")."""


def core_title(title: str | None) -> str | None:
    """Return a title without the site's name and section its page appends ("88 dead in Daraa
    Monitor - Region - World - Ahram Online" -> "88 dead in Daraa Monitor"): the text repeats
    the headline, not the page furniture."""
    if not title:
        return title
    head = _SITE_SEPARATOR.split(title, maxsplit=1)[0].strip()
    return head if len(re.findall(r"\w+", head)) >= 3 else title


def title_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Return where the article's title is repeated near the start of the text, or None (the
    whole title, else its core without the site's name)."""
    for candidate in dict.fromkeys((title, core_title(title))):
        words = re.findall(r"\w+", candidate or "")
        if len(words) < 3:
            continue
        pattern = r"\W+".join(re.escape(w) for w in words)
        m = re.search(pattern, text[: len(candidate or "") + 400], re.IGNORECASE)
        if m:
            return m.start(), m.end()
    return None


_HEADER_GAP = 40
"""Most characters between the repeated title and the agency's dated line ("... Monitor AFP ")."""


HEADER_KEY = "warclaims_header"
"""``Doc.user_data`` key of the header span found when the doc was made (see ``ArticleContext.header``)."""


def header_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Return the span of the furniture before the story: a dateline at the top, the title
    repeated there and an agency's dated line after it ("05-05-2016 Several Syrians Killed in
    Homs Blasts.", "10 troops killed Monitor AFP Tuesday 14 Oct 2014"); None when the text
    starts with the story. Its figures are the headline's or a date's, never a claim."""
    start, end = None, 0
    dateline = dates.dateline_match(text)
    if dateline:
        start, end = 0, dateline[1]
    repeated = title_span(text, title)
    if repeated and repeated[0] <= end + 3:
        start, end = (repeated[0] if start is None else start), repeated[1]
    inner = dates.inner_dateline(text) if start is not None else None
    if inner and 0 <= inner[1] - end <= _HEADER_GAP:
        end = inner[2]
    credit = _AGENCY_CREDIT.match(text, end) if start is not None else None
    if credit and credit.end() > end:
        end = credit.end()
    return (start, end) if start is not None else None


_SHARE_WIDGET = re.compile(r"(?<![A-Za-z])Get short URL(?:\s+Topic\b[^()]{0,120}\(\d+\))?(?:\s+\d+(?!\s+[a-z])){0,2}\b")
"""A news site's share widget run into the text ("07.10.2017(updated 1500 07.10.2017) Get short
URL 11990 Russia's Defense Ministry has reported ..."): its words and counts (at most two, and
none followed by a lower-case word, so that a lead's own figure, "612 25 people were killed",
is never taken) are no part of the story's first clause."""
_FURNITURE_REACH = 600
"""How far into a text the share widget is looked for (it sits in the page's header)."""


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of page furniture near the top of a text that the parser should read
    as sentences of their own: the share widget (see ``_SHARE_WIDGET``)."""
    return [m.span() for m in _SHARE_WIDGET.finditer(text[:_FURNITURE_REACH])]


_AGENCY_CREDIT = re.compile(
    r"(?:\s*(?:\d{1,2}:\d\d|\d{3,4}(?=\s*(?:GMT|UTC)))(?:\s*(?:GMT|UTC)(?:[+-]\d{1,2})?)?\b)?"
    r"(?:\s*(?:[A-Z]{2,5}|Reuters)\b(?=\s+[A-Z]))?")
"""A time stamp and an agency's credit between the header and the story ("August 13 2016 2037
UTC+3 A representative ...", "... State media AFP A barrage of ...")."""


@functools.lru_cache(maxsize=1)
def _caption_end() -> re.Pattern[str]:
    """Return the regex of a sentence ending with a full date ("... north of Raqqa city Syria
    November 19 2016.")."""
    month = dates.load_rules().month_name
    return re.compile(rf"\b{month}\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d\W*$", re.I)
_PHOTO_CREDIT = re.compile(r"\W*(?:\(?(?:REUTERS|Reuters|AFP|AP|Getty)\)?\s*/|\((?:Reuters|AFP|AP)\)|AP Photo|Photo:)")


def _is_caption(doc, text: str, start: int, end: int) -> bool:
    """Return True for a photo caption among the sentences: one followed by a photo credit
    ("REUTERS/Rodi Said"), or one ending with a full date that tells in the present tense, as
    captions do ("Fighters walk in Tal Samin village ... November 19 2016."); a past-tense
    sentence ending with its date is the story's ("Russian jets struck the market on November
    19, 2016."). Its day is the photo's, its place where it was taken."""
    if _PHOTO_CREDIT.match(text, end):
        return True
    if not _caption_end().search(text[start:end]):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is None or span.root.tag_ not in ("VBD", "VBN")


def _lead_indices(article: ArticleContext) -> list[int]:
    """Return the indices of the lead sentences, skipping the header (the repeated title and
    dateline), photo captions and lines too short to report anything ("Last updated at Jun
    182016 BEIRUT")."""
    text = article.text
    found: list[int] = []
    for i, (start, end) in enumerate(article.sentences):
        if article.in_header(end) or _is_caption(article.doc, text, start, end):
            continue
        if len(text[start:end].split(None, MIN_LEAD_WORDS)) >= MIN_LEAD_WORDS:
            found.append(i)
            if len(found) == LEAD_SENTENCES:
                break
    return found or [0]


def _focus_index(sentences: list[tuple[int, int]], focus: tuple[int, int] | None, lead: list[int]) -> int:
    """Return the index of the first sentence overlapping ``focus`` (the lead's if none)."""
    if focus is None:
        return lead[0]
    for i, (start, end) in enumerate(sentences):
        if start <= focus[0] < end or (focus[0] <= start < focus[1]):
            return i
    return lead[0]


def _focus_part(text: str, sentences, index: int, focus: tuple[int, int] | None) -> _Part:
    """Return the focus stretch: the focus span itself when it reads as a sentence (a claim's
    quote), else the whole sentence it falls in (the parser may glue a headline or caption
    to the first sentence, whose actors and places are not the incident's)."""
    if focus is not None and focus[1] - focus[0] >= MIN_FOCUS_CHARS:
        start, end = max(0, focus[0]), min(focus[1], len(text))
        return _Part(text=text[start:end], offset=start)
    start, end = sentences[index]
    return _Part(text=text[start:end], offset=start)


def _base_date(text: str, published: dt.date | None) -> dt.date | None:
    """Return the publication day to resolve relative dates against.

    A dateline at the start of the text ("Published April 13 2017 ...") is the article's own
    date and wins over corpus metadata, which for FA-KES is sometimes a crawl date.
    """
    found = dates.dateline_match(text) or dates.inner_dateline(text)
    if found is None:
        return published
    dateline = found[0]
    if published is None or abs((dateline - published).days) <= DATELINE_MAX_DAYS:
        return dateline
    return published


class ArticleContext:
    """One article's doc, title and publication day, with what every incident's context reads
    alike: each property is computed on first use and kept, and ``reading`` keeps the results
    of pure text readers (dates, event keywords, perpetrators) by their arguments.

    Build one per article and drop it with the article: it holds the spaCy Doc.
    """

    def __init__(self, doc, *, title: str | None, published: dt.date | None, parse=None) -> None:
        self.doc = _as_doc(doc)
        self.title = title
        self.published = published
        self._parse = parse
        """Parses a title into a Doc (the pipeline that parsed ``doc``), when roles are read from it."""
        self._readings: dict[tuple, object] = {}

    @functools.cached_property
    def title_doc(self):
        """Return the parsed title, parsed on first use (None without a title or a parser)."""
        return self._parse(self.title) if self._parse is not None and self.title else None

    def reading(self, reader, *args):
        """Return ``reader(*args)``, computed once per article (``reader`` must be pure, and
        callers must not change what it returns)."""
        key = (reader, *args)
        if key not in self._readings:
            self._readings[key] = reader(*args)
        return self._readings[key]

    @functools.cached_property
    def text(self) -> str:
        """Return the doc's text (``Doc.text`` is rebuilt from the tokens on every access)."""
        return self.doc.text

    @functools.cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Return the (start, end) char spans of the doc's sentences."""
        return _sentences(self.doc)

    @functools.cached_property
    def header(self) -> tuple[int, int] | None:
        """Return the span of the text's header: dateline, repeated headline, agency (see
        ``header_span``); None when the text starts with the story. Read at parse time when the
        pipeline parsed the doc (``HEADER_KEY`` in its ``user_data``), not again."""
        if HEADER_KEY in self.doc.user_data:
            return self.doc.user_data[HEADER_KEY]
        return header_span(self.text, self.title)

    def in_header(self, sentence_end: int) -> bool:
        """Return True when a sentence ending at ``sentence_end`` lies within the header (it may
        end one character past it, with the headline's full stop)."""
        return self.header is not None and sentence_end <= self.header[1] + 1

    @functools.cached_property
    def lead_indices(self) -> list[int]:
        """Return the indices of the lead sentences."""
        return _lead_indices(self)

    @functools.cached_property
    def lead(self) -> list[_Part]:
        """Return the lead sentences as parts."""
        spans = [self.sentences[i] for i in self.lead_indices]
        return [_Part(text=self.text[s:e], offset=s) for s, e in spans]

    @functools.cached_property
    def title_part(self) -> _Part:
        """Return the title as a part (offset -1: no span in the text)."""
        return _Part(text=self.title or "", offset=-1)

    @functools.cached_property
    def base(self) -> dt.date | None:
        """Return the day relative dates resolve against (see ``_base_date``)."""
        return _base_date(self.text, self.published)

    @functools.cached_property
    def inner_dateline(self) -> tuple[dt.date, int, int] | None:
        """Return (date, start, end) of a dateline after the headline (see dates.inner_dateline)."""
        return dates.inner_dateline(self.text)

    @functools.cached_property
    def dateline_end(self) -> int:
        """Return the end of the text's dateline (0 when it has none)."""
        header = dates.dateline_match(self.text)
        return header[1] if header else 0

    @functools.cached_property
    def place_mentions(self) -> list[places.PlaceMention]:
        """Return the doc's place mentions that can place an incident (no datelines, no
        places people or fire came from, no outlets named after a place)."""
        text = self.text
        return [m for m in _doc_places(self.doc) if not _is_dateline(text, m) and not _is_origin(text, m)
                and not _names_an_outlet(self.doc, m)]

    @functools.cached_property
    def _place_starts(self) -> list[int]:
        return [m.start for m in self._places_in_order]

    @functools.cached_property
    def _places_in_order(self) -> list[places.PlaceMention]:
        return sorted(self.place_mentions, key=lambda m: m.start)

    def places_in(self, start: int, end: int) -> list[places.PlaceMention]:
        """Return the usable place mentions lying within ``start:end`` (by bisection: asked
        once per claim sentence)."""
        starts = self._place_starts
        return [m for m in self._places_in_order[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
                if m.end <= end]

    def sentences_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """Return the sentences lying within ``start:end`` (by bisection)."""
        starts = self._sentence_starts
        return [s for s in self.sentences[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
                if s[1] <= end]

    @functools.cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    @functools.cached_property
    def lead_places(self) -> list[list[places.PlaceMention]]:
        """Return the usable place mentions of each lead sentence."""
        return [_mentions_in(self.place_mentions, part) for part in self.lead]

    @functools.cached_property
    def title_places(self) -> list[places.PlaceMention]:
        """Return the place mentions of the title."""
        return _title_mentions(self.doc, self.title)

    @functools.cached_property
    def casualty_mentions(self) -> list | None:
        """Return the doc's casualty mentions (None: parsed without the casualty component)."""
        has_extension = require("spacy.tokens").Doc.has_extension
        return self.doc._.get(DOC_ATTR) if has_extension(DOC_ATTR) else None

    @functools.cached_property
    def with_figures(self) -> frozenset[int] | None:
        """Return the starts of the sentences stating a casualty figure (None: not known)."""
        if self.casualty_mentions is None:
            return None
        return frozenset(m.sentence[0] for m in self.casualty_mentions)

    @functools.cached_property
    def event_days(self) -> list[tuple[int, list[dates.DateMention]]]:
        """Return (sentence start, relative-day mentions) of each sentence that names the
        event and a relative day, in text order (see ``_event_day_sentences``)."""
        return _event_day_sentences(self)


def read_incident_context(
    doc, *, title: str | None, published: dt.date | None, focus: tuple[int, int] | None
) -> IncidentContext:
    """Return the IncidentContext of the article's main incident.

    ``doc`` is the spaCy Doc of the article text (a plain string is parsed here); ``focus`` is
    the char span of the incident's key sentence, ``title`` the headline. For several
    incidents of one article, build one ``ArticleContext`` and call ``incident_context``.
    """
    return incident_context(ArticleContext(doc, title=title, published=published), focus)


def incident_context(article: ArticleContext, focus: tuple[int, int] | None, *,
                     own: bool = False) -> IncidentContext:
    """Return the IncidentContext of the article's incident whose key sentence is ``focus``
    (the lead's when None).

    With ``own``, the incident is read from its focus sentence alone: an event that a later
    sentence opens ("In Iraq, militants attacked Haditha") is not the one the title, the lead
    or the sentences after it tell, so they lend it neither place nor attacker."""
    text, sentences = article.text, article.sentences
    index = _focus_index(sentences, focus, article.lead_indices)
    focus_part = _focus_part(text, sentences, index, focus)
    head = [focus_part] if own else [focus_part, article.title_part, *article.lead]
    following = [] if own else [_Part(text=text[s:e], offset=s)
                                for s, e in sentences[index + 1:index + 1 + FOLLOWING_SENTENCES]]
    context = IncidentContext()
    _read_event(context, article, [*head, *following])
    _read_perpetrator(context, article, head, following)
    _read_place(context, article, focus_part, following, own=own)
    _read_date(context, article, head, _other_tolls(article, sentences[index], context.admin1))
    return context


def _read_event(context: IncidentContext, article: ArticleContext, parts: list[_Part]) -> None:
    """Set the event type from the first part that names one."""
    classify = functools.partial(article.reading, events.classify_event)
    event_type, span = events.read_event_type([(p.text, p.offset) for p in parts], classify=classify)
    context.event_type = event_type
    if span:
        context.spans["event_type"] = span


_LIST_MIN_WORDS = 10
_LIST_CAPITALISED_SHARE = 0.6
_WORD = re.compile(r"[A-Za-z][\w'-]*")


def is_headline_list(sentence: str) -> bool:
    """Return True for page furniture read as a sentence: a run of title-case headlines or tags
    ("85 Related Daesh Commander Killed by SDF Near al-Tabqah Town ..."), which prose never is."""
    words = _WORD.findall(sentence)
    if len(words) < _LIST_MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= _LIST_CAPITALISED_SHARE


def _read_perpetrator(context: IncidentContext, article: ArticleContext, head: list[_Part],
                      following: list[_Part]) -> None:
    """Set the perpetrator from the first part that names an agent: the focus sentence, title
    and lead, then what the text itself states in the sentences after the focus."""
    hedged = None  # an attacker only accused or suspected: "unknown", unless a part states one
    following = [p for p in following
                 if not is_background(p.text, article.published) and not is_headline_list(p.text)]
    for part in [*head, *following]:
        if part.offset >= 0:  # a stretch of the parsed text: roles from the parse
            reading = article.reading(_perpetrator_in_doc, article.doc, part.offset,
                                      part.offset + len(part.text), part in following)
            span = (reading.start, reading.end) if reading else None
        else:  # the title: roles from its own parse ("ISIS uses mustard gas on Marea"), else plain text cues
            reading = _perpetrator_in_title(article)
            span = None
        if reading is None:
            continue
        if reading.perpetrator == "unknown":
            hedged = hedged or (reading, span)
            continue
        _set_perpetrator(context, reading, span)
        return
    if hedged is not None:
        _set_perpetrator(context, *hedged)


def _perpetrator_in_title(article: ArticleContext):
    """Return the agent the headline names: from plain text cues ("Russian airstrikes kill"),
    else from its parse like the text's sentences ("ISIS uses mustard gas on Marea", "Rebels
    shell western Aleppo"), parsed only then. The cues come first: a headline's lost commas
    and capitals mislead the parser ("Damascus explosion", "Syrian Idlib Attack")."""
    title = article.title_part.text
    reading = article.reading(perpetrators.read_perpetrator, title)
    title_doc = article.title_doc if reading is None and perpetrators.may_name_an_actor(title) else None
    if title_doc is not None:
        reading = article.reading(_perpetrator_in_doc, title_doc, 0, len(title_doc.text), False)
    return reading


def _set_perpetrator(context: IncidentContext, reading, span: tuple[int, int] | None) -> None:
    """Copy a perpetrator reading (and the span it was read from, if any) into the context."""
    context.perpetrator = reading.perpetrator
    context.perpetrator_text = reading.text
    if span is not None:
        context.spans["perpetrator"] = span


def _perpetrator_in_doc(article_doc, start: int, end: int, own_voice: bool):
    """Return ``perpetrators.read_perpetrator_in_doc`` for a stretch of the article's doc."""
    return perpetrators.read_perpetrator_in_doc(article_doc, start, end, own_voice)


def _other_tolls(article: ArticleContext, focus: tuple[int, int], admin1: str | None) -> frozenset[int]:
    """Return the starts of later sentences that give another incident's toll.

    Another incident's toll does not date this one: none of its figures is one of the focus
    sentence's, and
    they either say so ("Twenty-six civilians were also killed yesterday" after "18 civilians
    were killed") or name another governorate ("at least 23 people had been killed in ...
    Idlib" in a story about Aleppo). A differing figure alone is not enough: sources often
    give the same incident different tolls.

    None is another incident's toll when the focus states no figure, or when the doc carries
    no casualty mentions (parsed without the casualty component).
    """
    mentions = article.casualty_mentions
    if mentions is None:  # the casualty component did not run on this doc
        return frozenset()
    own = {m.interval for m in mentions if focus[0] <= m.span[0] < focus[1]}
    if not own:
        return frozenset()
    figures: dict[int, tuple[int, set]] = {}
    for m in mentions:
        if m.sentence[0] >= focus[1]:
            figures.setdefault(m.sentence[0], (m.sentence[1], set()))[1].add(m.interval)
    places_by_sentence = _doc_places(article.doc)
    text = article.text
    other = set()
    for start, (end, found) in figures.items():
        if found & own:
            continue
        if _ANOTHER_INCIDENT.search(text[start:end]):
            other.add(start)
        elif admin1 and any(start <= m.start < end and m.admin1 and m.admin1 != admin1
                            and m.precision != "country" for m in places_by_sentence):
            other.add(start)
    return frozenset(other)


_EVENT_WORDS = r"(?:attack|incident|strike|airstrike|air strike|raid|bombing|blast|explosion|massacre|shelling|shell|rocket|mortar|bomb)s?"
_ANOTHER_INCIDENT = re.compile(
    r"^\W*also\b|\b(?:separately|elsewhere|meanwhile)\b|\bin (?:a |an )?(?:separate|another|other) "
    r"(?:attack|incident|strike|raid|bombing|blast|explosion|massacre|shelling)s?\b"
    r"|\b(?:was|were|been)\s+also\s+(?:killed|wounded|injured|hurt)\b", re.IGNORECASE)
"""Words by which a toll sentence tells it may be about another incident than the one before
("Also on Saturday ...", "were also killed yesterday"): its day does not date this one;
"the strikes also killed dozens of militants" adds victims to the same incident."""

_NEW_INCIDENT = re.compile(
    r"^\W*(?:earlier|elsewhere|separately)\b"
    r"|^\W*(?:another|other)\s+(?:[\w-]+\s+){0,2}" + _EVENT_WORDS + r"\b"
    r"|^\W*(?:another|a further)\s+(?:\d[\d,]*|[a-z]+)\s+(?:[\w-]+\s+){0,6}?(?:were|have been|had been|was)\s+"
    r"(?:killed|wounded|injured)\b.*\b(?:in|on)\s+(?:strikes?|air ?strikes|raids?|attacks?|shelling|fighting)\b",
    re.IGNORECASE)
"""Words by which a toll sentence opens another incident ("Earlier, two children were killed
...", "Other rocket shells fired on ... injured two"); "were also
wounded in the attack" or "Meanwhile X said" go on telling the same one, and "another 42 people
were killed" adds to its toll."""


def tells_another_incident(sentence: str) -> bool:
    """Return True when a toll sentence says it tells another incident than the one before."""
    return bool(_NEW_INCIDENT.search(sentence))


@functools.lru_cache(maxsize=1)
def _background_markers() -> re.Pattern[str]:
    """Return the regex of sentences telling an earlier incident ("previously", "in May")."""
    return re.compile(_load_patterns()["background_markers"], re.IGNORECASE)


def is_background(sentence: str, published) -> bool:
    """Return True when a sentence reports an earlier incident (a marker, or another year)."""
    if _background_markers().search(sentence):
        return True
    if published is None:
        return False
    years = {int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", sentence)}
    return bool(years) and published.year not in years


_KILLING = re.compile(r"\b(?:killed|died|wounded|injured)\b", re.IGNORECASE)
"""A later sentence that tells of killing names the event even with no weapon ("the
terrorists were killed while trying to attack")."""


def _tells_killing(sentence: str) -> bool:
    """Return True when a sentence tells of people killed or wounded, not in a war-wide or
    period total ("the war has killed more than 300,000 people since 2011")."""
    return bool(_KILLING.search(sentence)) and not total_markers().search(sentence)


@functools.lru_cache(maxsize=1)
def total_markers() -> re.Pattern[str]:
    """Return the regex of war-wide / period totals (``patterns/casualties.json``)."""
    return re.compile(_load_patterns()["total_markers"], re.IGNORECASE)


def _read_date(context, article: ArticleContext, parts: list[_Part], other_tolls: frozenset[int]) -> None:
    """Set the incident date: an incident date in the focus/title/lead, then one in a later
    sentence about the event, then a report date, then the publication day (a same-day brief)."""
    base, dateline_end = article.base, article.dateline_end
    inner = article.inner_dateline if not dateline_end else None
    found = [(part, [_with_clause_role(article, m) if part.offset >= 0 else m
                     for m in article.reading(_dates_at, part.text, base, max(part.offset, 0))
                     # the dateline (at the top, or after the headline) is not the incident day
                     if part.offset < 0 or (m.start >= dateline_end
                                            and not (inner and inner[1] <= m.start < inner[2]))])
             for part in parts]
    for part, mentions in found:
        chosen = next((m for m in mentions if not m.report and not _background(m, base)), None)
        if chosen is not None:
            _set_date(context, chosen, part)
            return
    if dates.straddles_days(parts[0].text):  # "in the past 24 hours": two days, no single day
        context.date, context.date_precision = None, None
        return
    later, later_report = _later_event_date(article, parts, other_tolls)
    if later is not None:
        _set_date(context, later, parts[0])
        return
    # no day of the event itself: the earliest day anyone reported it bounds it best ("UNICEF
    # said on Thursday"; "on Tuesday opposition forces stated that 80 were killed"); an
    # earlier month or date recalled in the lead ("past the Arch of Triumph in April") dates nothing
    reports = [(m, part) for part, ms in found for m in ms
               if not _background(m, base) and (part.offset < 0 or _names_the_event(article, m.start))]
    if later_report is not None:
        reports.append((later_report, parts[0]))
    if reports:
        _set_date(context, *min(reports, key=_earliest_day_first))
        return
    context.date = base
    context.date_precision = "day" if base else None


def _names_the_event(article: ArticleContext, char: int) -> bool:
    """Return True when the sentence holding char offset ``char`` names an attack or tells of
    killing: its day may bound the event ("UNICEF said on Thursday 27 children were killed");
    the day of a call or a meeting about something else does not ("He made the call on Monday")."""
    for start, end in article.sentences:
        if start <= char < end:
            sentence = article.text[start:end]
            return article.reading(events.classify_event, sentence) is not None or _tells_killing(sentence)
    return True


def _earliest_day_first(item: tuple[dates.DateMention, _Part]) -> tuple[bool, dt.date]:
    """Sort key of report days: days before months and years, then the earliest date."""
    mention = item[0]
    return mention.precision != "day" or mention.date is None, mention.date or dt.date.max


_MAX_DATE_HOPS = 4


def _clause_role(doc, start: int, end: int) -> str | None:
    """Return ``incident`` when a relative day belongs to the clause telling the event ("killed
    ... on Tuesday", "Saturday's blast"), ``report`` when it belongs to another clause ("said on
    Wednesday", "were trading assertions Wednesday"), None when the parse does not tell."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    roles, words = perpetrators.load_rules().roles, dates.load_rules()  # clause words: patterns/dates.json
    token = span.root
    for _ in range(_MAX_DATE_HOPS):
        if token.head.i == token.i:
            break
        token = token.head
        lemma = token.lemma_.lower()
        if token.pos_ in ("NOUN", "PROPN"):
            if lemma in roles.event_nouns or trigger_kind(token):
                return "incident"  # "Tuesday's attack", "the death toll from Saturday's blast"
            if lemma in words.statement_nouns:
                return "report"  # "made the call during phone conversations on Monday"
            continue
        if token.pos_ in ("VERB", "AUX"):
            if lemma in roles.agent_verbs or lemma in words.incident_verbs or trigger_kind(token):
                return "incident"
            if lemma in words.statement_verbs:
                return "report"
    return None


def _with_clause_role(article: ArticleContext, mention: dates.DateMention) -> dates.DateMention:
    """Return a relative-day mention marked by the clause it belongs to (see _clause_role);
    explicit dates and mentions the parse cannot place keep the cue-based mark."""
    if not mention.relative or mention.precision != "day":
        return mention
    role = article.reading(_clause_role, article.doc, mention.start, mention.end)
    if role is None or (role == "report") == mention.report:
        return mention
    return dataclasses.replace(mention, report=role == "report")


def _background(mention: dates.DateMention, base: dt.date | None) -> bool:
    """Return True for a full date long before publication (an anniversary, an earlier
    attack recalled), which does not date today's news."""
    if base is None or mention.date is None or mention.relative:
        return False
    return (base - mention.date).days > BACKGROUND_DAYS


def _dates_at(text: str, base: dt.date | None, offset: int) -> list[dates.DateMention]:
    """Return ``dates.find_dates(text, base, offset=offset)`` (all positional, for
    ``ArticleContext.reading``)."""
    return dates.find_dates(text, base, offset=offset)


def _later_event_date(article: ArticleContext, parts: list[_Part], other_tolls: frozenset[int]):
    """Return (incident day, report day) from later sentences that also name an event
    (``ArticleContext.event_days``): the first relative day not tied to a report ("strikes on
    Saturday") and the first report day ("reported on Wednesday"); either may be None.
    The parts' own sentences and those giving another incident's toll (``other_tolls``)
    are skipped."""
    if article.base is None:
        return None, None
    seen = {p.offset for p in parts if p.offset >= 0} | other_tolls
    first_report = None  # a later "reported on Wednesday" when no incident day is stated
    for start, mentions in article.event_days:
        if start in seen:
            continue
        incident = [m for m in mentions if not m.report]
        if incident:
            return incident[0], first_report
        if first_report is None:
            first_report = mentions[0]
    return None, first_report


def _event_day_sentences(article: ArticleContext) -> list[tuple[int, list[dates.DateMention]]]:
    """Return (start, mentions) for each sentence of the article, in text order, that has
    relative-day mentions (resolved against the article's base date) and names the event. A sentence with no
    figure of its own that tells of killing names the event even without a weapon
    ("reported on Wednesday that the terrorists were killed"); known only when the doc
    carries its casualty figures."""
    text, base, with_figures = article.text, article.base, article.with_figures
    found = []
    for start, end in article.sentences:
        if article.in_header(end):
            continue  # the dateline and headline date the story, not the event
        sentence = text[start:end]
        # each day marked by the clause it belongs to: "the Council met Wednesday to debate the
        # strike" dates the meeting, "revenge for Tuesday's strike" the event
        mentions = [_with_clause_role(article, m) for m in article.reading(_dates_at, sentence, base, start)
                    if m.precision == "day" and m.date is not None
                    and (m.relative or _explicit_day_of_the_event(article, m))]
        if not mentions:
            continue
        if article.reading(events.classify_event, sentence) is None and not (
                with_figures is not None and start not in with_figures and _tells_killing(sentence)) \
                and not _a_day_of_an_event(article, mentions):
            continue
        found.append((start, mentions))
    return found


def _explicit_day_of_the_event(article: ArticleContext, mention: dates.DateMention) -> bool:
    """Return True for a full date the parse ties to an event word, within weeks of publication
    ("The chemical weapons attack near Damascus on August 21 killed ...", in an article of
    September): a later sentence may date the event the lead only reports."""
    return not _background(mention, article.base) and \
        article.reading(_clause_role, article.doc, mention.start, mention.end) == "incident"


def _a_day_of_an_event(article: ArticleContext, mentions: list[dates.DateMention]) -> bool:
    """Return True when the parse ties one of a sentence's days to an event word ("31 people
    hurt in Tuesday's attack"): the sentence names the event even without a weapon word."""
    return any(article.reading(_clause_role, article.doc, m.start, m.end) == "incident" for m in mentions)


def _set_date(context: IncidentContext, mention: dates.DateMention, part: _Part) -> None:
    """Copy a date mention into the context (no span for the title)."""
    context.date = mention.date
    context.date_precision = mention.precision
    if part.offset >= 0:
        context.spans["date"] = (mention.start, mention.end)


def _outside_earlier_clauses(doc, mentions: list[places.PlaceMention]) -> list[places.PlaceMention]:
    """Return the mentions outside an earlier event's "after" clause ("Four days after a car bomb
    killed 126 evacuees at Rashidin, another bomb struck Salaheddin"), all of them when every
    one lies in such a clause."""
    kept = [m for m in mentions if not told_as_earlier_at(doc, m.start)]
    return kept or mentions


def _mentions_in(mentions: list[places.PlaceMention], part: _Part) -> list[places.PlaceMention]:
    """Return the place mentions lying inside ``part``."""
    end = part.offset + len(part.text)
    return [m for m in mentions if part.offset <= m.start and m.end <= end]


def _title_mentions(doc, title: str | None) -> list[places.PlaceMention]:
    """Return the place mentions of the title (tokenized only: cheap)."""
    if not title:
        return []
    return _tokenize_places(doc, title)


def title_governorates(article: ArticleContext) -> frozenset[str]:
    """Return the Syrian governorates the article's title names (its towns' and provinces'),
    used to tell which of an article's incidents is the one its headline reports."""
    return frozenset(m.admin1 for m in article.title_places
                     if m.admin1 and m.precision != "country" and m.place.country == "Syria")


def _tokenize_places(doc, text: str) -> list[places.PlaceMention]:
    """Return place mentions of a short text tokenized with the pipeline's tokenizer (see places.tokenizer_for)."""
    spacy_doc = require("spacy.tokens").Doc
    tokens = places.tokenizer_for(doc.vocab)(text)
    return places.find_places(spacy_doc(doc.vocab, words=[t.text for t in tokens],
                                        spaces=[bool(t.whitespace_) for t in tokens]))


def _is_dateline(text: str, mention: places.PlaceMention) -> bool:
    """Return True for the place of a dateline ("BEIRUT (Reuters) -"), where the story was
    filed rather than where it happened."""
    if mention.text.isupper() and len(mention.text) > 3:
        return True  # news text writes places in capitals only in datelines
    after = text[mention.end:mention.end + 3]
    if after.lstrip().startswith("("):  # "Beirut (AFP)"
        return True
    return mention.start < 80 and after.lstrip().startswith(("-", "\u2014"))


_OUTLET_TYPES = frozenset({"news_outlet", "state_media"})


def _names_an_outlet(doc, mention: places.PlaceMention) -> bool:
    """Return True for a place that the parse makes part of a news outlet's name ("Al Mayadeen
    TV channel reported", "Aleppo Today said"): the outlet says nothing of where it happened."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span[-1]
    while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head
    if head.i == span[-1].i:
        return False
    phrase = doc[span.start : head.i + 1].text
    return attribution.claimant_type(phrase) in _OUTLET_TYPES


def _is_origin(text: str, mention: places.PlaceMention) -> bool:
    """Return True for a place named as where people or fire came from ("evacuees from
    Fuaa", "rockets fired from Azaz"), not where the incident happened."""
    return bool(places.origin_cue().search(text[max(0, mention.start - 30):mention.start]))


def _rank(mention: places.PlaceMention) -> float:
    """Return how specific a mention is; a bare governorate capital ("Idlib") often means
    the governorate, so it ranks below other towns."""
    rank = float(places.PRECISION_RANK[mention.precision])
    if mention.unlisted:
        return _UNLISTED_RANKS[mention.precision]  # named in (or near) a known place
    if mention.precision == "city" and mention.place.name == mention.admin1:
        rank -= 0.5
    return rank


UNLISTED_RANK = 0.6
"""How much more specific than the known place it is named in an unlisted place ranks at most
("the town of Hass in Idlib province" over the province, "al-Hamadaniyeh neighbourhood" over
Aleppo city); always below the next precision up, so a listed town of the same sentence still
wins over a village in a region, and an area over a village in a governorate."""
_UNLISTED_RANKS = {
    precision: rank + min(UNLISTED_RANK, 0.8 * (min((r for r in places.PRECISION_RANK.values() if r > rank),
                                                    default=rank + 1) - rank))
    for precision, rank in places.PRECISION_RANK.items()
}
"""The rank of an unlisted place by the precision of the known place it is named in."""

def _best(mentions: list[places.PlaceMention]) -> places.PlaceMention | None:
    """Return the most specific mention below country level (first on ties).

    Country names are left out: "Iraq and Syria" or "Turkey said" rarely place the incident.
    """
    usable = [m for m in mentions if m.precision != "country"]
    if not usable:
        return None
    # A town in Syria beats one across the border named in the same breath ("from Kilis").
    return max(usable, key=lambda m: (m.place.country == "Syria", _rank(m), -m.start))


def _doc_places(doc) -> list[places.PlaceMention]:
    """Return the doc's place mentions, cached on the doc (the pipeline asks once per incident)."""
    cached = doc.user_data.get(PLACES_CACHE_KEY)
    if cached is None:
        known = places.find_places(doc)
        cached = sorted([*known, *places.find_unlisted_places(doc, known)], key=lambda m: m.start)
        doc.user_data[PLACES_CACHE_KEY] = cached
    return cached


def _read_place(context, article: ArticleContext, focus_part: _Part, following: list[_Part], *,
                own: bool = False) -> None:
    """Set admin1, place and coordinates from the most specific place of the first part
    that names one; a more specific place in the following sentences of the same
    governorate refines it ("Deir ez-Zor province" -> "Deir ez-Zor military airport").
    With ``own`` (see incident_context) neither the title nor the lead places it."""
    mentions, title_mentions = article.place_mentions, article.title_places
    focus_mentions = _outside_earlier_clauses(article.doc, _mentions_in(mentions, focus_part))
    lead_places = [] if own else article.lead_places
    if own:
        title_mentions = []
        mentions = _mentions_in(mentions, focus_part)
    candidates = [(focus_mentions, True), (title_mentions, False)]
    candidates += [(group, True) for group in lead_places]
    # the sentences right after the focus tell the same story ("The toll rose to 112, a
    # monitor said. ... were killed when a car bomb hit their buses west of Aleppo"): they
    # place it before the governorate the whole article names most
    candidates += [(_mentions_in(mentions, part), True) for part in following]
    chosen, in_doc = None, True
    # Syria first: a town across the border in the lead is mostly the bureau ("Beirut") or
    # where a rocket landed; it wins only when no Syrian place is named up front, and never
    # when the incident is said to be in Syria ("killed in northern Syria ... near Kilis").
    in_syria = any(m.place.country == "Syria" for group, _ in candidates for m in group)
    for syria_only in (True,) if in_syria else (True, False):
        for group, in_doc in candidates:
            chosen = _best([m for m in group if m.place.country == "Syria" or not syria_only])
            if chosen is not None:
                break
        if chosen is not None:
            break
    if chosen is None:
        chosen, in_doc = _majority([m for m in mentions if m.place.country == "Syria" or not in_syria]), True
    if chosen is None:
        context.country = "Syria" if any(m.place.country == "Syria" for m in mentions) else None
        return
    refined = _refine(chosen, [focus_mentions, title_mentions, *lead_places,
                               *(_mentions_in(mentions, part) for part in following)])
    if refined is not None:
        chosen, in_doc = refined, True
    if not in_doc:  # read from the title: point at the same place in the text when named there
        same = next((m for m in mentions if m.place.name == chosen.place.name), None)
        chosen, in_doc = (same, True) if same is not None else (chosen, False)
    admin1 = chosen.admin1
    context.admin1 = admin1
    context.place = chosen.text
    context.latitude = chosen.place.latitude
    context.longitude = chosen.place.longitude
    context.geo_precision = "city" if chosen.precision == "area" else chosen.precision  # see PRECISION_RANK
    context.country = chosen.place.country
    if chosen.precision == "admin1" and admin1 in places.admin1_centres():
        centre = places.admin1_centres()[admin1]
        context.latitude, context.longitude = centre.latitude, centre.longitude
    if in_doc:
        context.spans["place"] = (chosen.start, chosen.end)


def _refine(chosen, groups: list[list[places.PlaceMention]]):
    """Return a more specific place of the same governorate in ``groups`` (the mentions of
    the focus sentence, the title, the lead and the sentences after the focus), or None."""
    if chosen.precision in ("point", "area"):
        # a region ("Eastern Ghouta") is refined by no town of another sentence: the towns of
        # the governorate named there are as often outside it (Moadamiya is in the western Ghouta)
        return None
    better: list[places.PlaceMention] = []
    for n, group in enumerate(groups):
        # an unlisted village refines only from the focus sentence: another sentence's is as
        # often another event's ("... in Jadieh village 65 km northwest of Daraa city")
        better += [m for m in group if m.admin1 == chosen.admin1 and _rank(m) > _rank(chosen)
                   and (n == 0 or not m.unlisted)]
    if not better:
        return None
    top = max(_rank(m) for m in better)
    return next(m for m in better if _rank(m) == top)  # the most specific, first named


def _majority(mentions: list[places.PlaceMention]) -> places.PlaceMention | None:
    """Return the first mention of the governorate named most often in the text, or None."""
    mentions = [m for m in mentions if m.admin1 and m.precision != "country" and not m.unlisted]
    counts = Counter(m.admin1 for m in mentions)
    if not counts:
        return None
    admin1 = counts.most_common(1)[0][0]
    return next(m for m in mentions if m.admin1 == admin1)
