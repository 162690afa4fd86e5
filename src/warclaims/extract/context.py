"""Incident context of an article: event type, date, place and perpetrator.

``read_incident_context`` reads the context of the article's main incident. Each field is
taken from the first stretch of text that states it, in this order: the focus sentence (the
main claim's sentence, or the lead), the title, the lead, then (for place and date) the
sentences after the focus. Each field keeps the character span (in ``doc.text``) it was read
from; fields read from the title have no span.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from warclaims.extract import dates, events, perpetrators, places

CONTEXT_VERSION = "context-v1"
LEAD_SENTENCES = 2
FOLLOWING_SENTENCES = 3
# Same-day briefs: farther than this from publication, a dateline is not trusted.
DATELINE_MAX_DAYS = 400


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
        from warclaims.extract.nlp import load_base_pipeline

        return load_base_pipeline()(doc)
    return doc


def _sentences(doc) -> list[tuple[int, int]]:
    """Return the (start, end) char spans of the doc's sentences."""
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]


def _focus_index(sentences: list[tuple[int, int]], focus: tuple[int, int] | None) -> int:
    """Return the index of the first sentence overlapping ``focus`` (0, the lead, if none)."""
    if focus is None:
        return 0
    for i, (start, end) in enumerate(sentences):
        if start <= focus[0] < end or (focus[0] <= start < focus[1]):
            return i
    return 0


def _focus_part(doc, sentences, index: int, focus: tuple[int, int] | None) -> _Part:
    """Return the focus stretch: the whole sentences the focus span covers."""
    start = sentences[index][0]
    end = sentences[index][1]
    if focus is not None:
        end = max(end, min(focus[1], len(doc.text)))
        for s_start, s_end in sentences[index:]:
            if s_start < end:
                end = max(end, s_end)
    return _Part(text=doc.text[start:end], offset=start)


def _base_date(doc, published: dt.date | None) -> dt.date | None:
    """Return the publication day to resolve relative dates against.

    A dateline at the start of the text ("Published April 13 2017 ...") is the article's own
    date and wins over corpus metadata, which for FA-KES is sometimes a crawl date.
    """
    found = dates.dateline_match(doc.text)
    if found is None:
        return published
    dateline = found[0]
    if published is None or abs((dateline - published).days) <= DATELINE_MAX_DAYS:
        return dateline
    return published


def read_incident_context(
    doc, *, title: str | None, published: dt.date | None, focus: tuple[int, int] | None
) -> IncidentContext:
    """Return the IncidentContext of the article's main incident.

    ``doc`` is the spaCy Doc of the article text (a plain string is parsed here); ``focus`` is
    the char span of the incident's key sentence, ``title`` the headline.
    """
    doc = _as_doc(doc)
    sentences = _sentences(doc)
    index = _focus_index(sentences, focus)
    focus_part = _focus_part(doc, sentences, index, focus)
    title_part = _Part(text=title or "", offset=-1)
    lead = [_Part(text=doc.text[s:e], offset=s) for s, e in sentences[:LEAD_SENTENCES]]
    following = [_Part(text=doc.text[s:e], offset=s)
                 for s, e in sentences[index + 1:index + 1 + FOLLOWING_SENTENCES]]
    context = IncidentContext()
    _read_event(context, [focus_part, title_part, *lead])
    _read_perpetrator(context, [focus_part, title_part, *lead])
    _read_date(context, doc, sentences, [focus_part, title_part, *lead], _base_date(doc, published))
    _read_place(context, doc, title, focus_part, lead, following)
    return context


def _read_event(context: IncidentContext, parts: list[_Part]) -> None:
    """Set the event type from the first part that names one."""
    event_type, span = events.read_event_type([(p.text, p.offset) for p in parts])
    context.event_type = event_type
    if span:
        context.spans["event_type"] = span


def _read_perpetrator(context: IncidentContext, parts: list[_Part]) -> None:
    """Set the perpetrator from the first part that names an agent."""
    for part in parts:
        reading = perpetrators.read_perpetrator(part.text)
        if reading is None:
            continue
        context.perpetrator = reading.perpetrator
        context.perpetrator_text = reading.text
        if part.offset >= 0:
            context.spans["perpetrator"] = (part.offset + reading.start, part.offset + reading.end)
        return


def _read_date(context, doc, sentences, parts: list[_Part], base: dt.date | None) -> None:
    """Set the incident date: an incident date in the focus/title/lead, then one in a later
    sentence about the event, then a report date, then the publication day (a same-day brief)."""
    header = dates.dateline_match(doc.text)
    header_end = header[1] if header else 0
    found = [(part, [m for m in dates.find_dates(part.text, base, offset=max(part.offset, 0))
                     if part.offset < 0 or m.start >= header_end])  # the dateline is not the incident day
             for part in parts]
    for part, mentions in found:
        chosen = next((m for m in mentions if not m.report), None)
        if chosen is not None:
            _set_date(context, chosen, part)
            return
    later = _later_event_date(doc, sentences, parts, base)
    if later is not None:
        _set_date(context, later, parts[0])
        return
    for part, mentions in found:
        if mentions:
            _set_date(context, mentions[0], part)
            return
    context.date = base
    context.date_precision = "day" if base else None


def _later_event_date(doc, sentences, parts: list[_Part], base: dt.date | None):
    """Return a relative incident date ("strikes on Saturday") from a later sentence that
    also names an event, or None."""
    if base is None:
        return None
    seen = {p.offset for p in parts if p.offset >= 0}
    for start, end in sentences:
        if start in seen:
            continue
        text = doc.text[start:end]
        mentions = [m for m in dates.find_dates(text, base, offset=start)
                    if not m.report and m.relative and m.date is not None]
        if mentions and events.classify_event(text) is not None:
            return mentions[0]
    return None


def _set_date(context: IncidentContext, mention: dates.DateMention, part: _Part) -> None:
    """Copy a date mention into the context (no span for the title)."""
    context.date = mention.date
    context.date_precision = mention.precision
    if part.offset >= 0:
        context.spans["date"] = (mention.start, mention.end)


def _mentions_in(mentions: list[places.PlaceMention], part: _Part) -> list[places.PlaceMention]:
    """Return the place mentions lying inside ``part``."""
    end = part.offset + len(part.text)
    return [m for m in mentions if part.offset <= m.start and m.end <= end]


def _title_mentions(doc, title: str | None) -> list[places.PlaceMention]:
    """Return the place mentions of the title (tokenized only: cheap)."""
    if not title:
        return []
    return _tokenize_places(doc, title)


def _tokenize_places(doc, text: str) -> list[places.PlaceMention]:
    """Return place mentions of a short text tokenized with the blank English tokenizer."""
    from spacy.tokens import Doc as SpacyDoc

    tokenizer = _blank_tokenizer()
    tokens = tokenizer(text)
    return places.find_places(SpacyDoc(doc.vocab, words=[t.text for t in tokens],
                                       spaces=[bool(t.whitespace_) for t in tokens]))


_TOKENIZER = []


def _blank_tokenizer():
    """Return a cached blank English tokenizer."""
    if not _TOKENIZER:
        import spacy

        _TOKENIZER.append(spacy.blank("en").tokenizer)
    return _TOKENIZER[0]


def _is_dateline(text: str, mention: places.PlaceMention) -> bool:
    """Return True for the place of a dateline ("BEIRUT (Reuters) -"), where the story was
    filed rather than where it happened."""
    if mention.start > 80:
        return False
    after = text[mention.end:mention.end + 3]
    return (mention.text.isupper() and len(mention.text) > 3) or after.lstrip().startswith(("(", "-", "—"))


def _best(mentions: list[places.PlaceMention]) -> places.PlaceMention | None:
    """Return the most specific mention below country level (first on ties).

    Country names are left out: "Iraq and Syria" or "Turkey said" rarely place the incident.
    """
    usable = [m for m in mentions if m.precision != "country"]
    if not usable:
        return None
    return max(usable, key=lambda m: (places.PRECISION_RANK[m.precision], -m.start))


def _read_place(context, doc, title, focus_part, lead, following) -> None:
    """Set admin1, place and coordinates from the most specific place of the first part
    that names one; a more specific place in the following sentences of the same
    governorate refines it ("Deir ez-Zor province" -> "Deir ez-Zor military airport")."""
    mentions = [m for m in places.find_places(doc) if not _is_dateline(doc.text, m)]
    title_mentions = _title_mentions(doc, title)
    candidates = [(_mentions_in(mentions, focus_part), True), (title_mentions, False)]
    candidates += [(_mentions_in(mentions, part), True) for part in lead]
    chosen, in_doc = None, True
    for group, in_doc in candidates:
        chosen = _best(group)
        if chosen is not None:
            break
    if chosen is None:
        chosen, in_doc = _majority(mentions), True
    if chosen is None:
        context.country = "Syria" if any(m.place.country == "Syria" for m in mentions) else None
        return
    refined = _refine(chosen, mentions, title_mentions, focus_part, following)
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
    context.geo_precision = chosen.precision
    context.country = chosen.place.country
    if chosen.precision == "admin1" and admin1 in places.admin1_centres():
        centre = places.admin1_centres()[admin1]
        context.latitude, context.longitude = centre.latitude, centre.longitude
    if in_doc:
        context.spans["place"] = (chosen.start, chosen.end)


def _refine(chosen, mentions, title_mentions, focus_part: _Part, following: list[_Part]):
    """Return a more specific place of the same governorate in the focus sentence, the title
    or the following sentences, or None."""
    if chosen.precision == "point":
        return None
    better: list[places.PlaceMention] = []
    groups = [_mentions_in(mentions, focus_part), title_mentions]
    groups += [_mentions_in(mentions, part) for part in following]
    for group in groups:
        for mention in group:
            if mention.admin1 == chosen.admin1 and (
                places.PRECISION_RANK[mention.precision] > places.PRECISION_RANK[chosen.precision]
            ):
                better.append(mention)
        if better:
            return _best(better)
    return None


def _majority(mentions: list[places.PlaceMention]) -> places.PlaceMention | None:
    """Return the first mention of the governorate named most often in the text, or None."""
    counts = Counter(m.admin1 for m in mentions if m.admin1)
    if not counts:
        return None
    admin1 = counts.most_common(1)[0][0]
    return next(m for m in mentions if m.admin1 == admin1)
