"""Extraction of incidents and casualty claims from articles (the extract stage's entry point).

:func:`extract_articles` parses all texts with one ``nlp.pipe`` (the base English pipeline
plus the ``warclaims_casualties_v1`` component) and assembles, per article:

1. claims: every sentence with a casualty figure, minus the headline and war-wide or
   period totals, one claim per (claimant, sentence) with its first killed and first
   injured figure; an unattributed figure belongs to the article's outlet;
2. incidents: incident 0 is the one of the first claim (or of the lead when there is no
   claim); a later claim whose own sentence names a different governorate (or a chemical
   attack against a conventional one) opens another incident; each incident's context
   (event type, date, place, perpetrator) comes from
   :func:`warclaims.extract.context.incident_context` focused on its first claim (the
   article's :class:`~warclaims.extract.context.ArticleContext` is built once and shared);
   when the title names one governorate and incident 0 lies elsewhere, a later incident in
   that governorate becomes incident 0 (the main incident is the one the headline reports);
3. the incident's killed/injured: its first killed figure and first injured figure.

:func:`extract_articles_with_governorate` also gives each article's own governorate (its
main incident's, else that of its title and lead), for articles that report no incident.

Only the first :data:`MAX_TEXT_CHARS` characters of a text are parsed (news articles are far
shorter; the cap bounds time and memory on a 1 MB input). Empty or non-English text gives
an extraction without incidents, never an error.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from warclaims._lazy import require
from warclaims.errors import E, WarclaimsError
from warclaims.extract import attribution, casualties, dates, perpetrators
from warclaims.extract import victims as victim_classes
from warclaims.extract.casualties import CasualtyMention
from warclaims.extract.events import classify_event
from warclaims.extract.context import (
    HEADER_KEY,
    ArticleContext,
    IncidentContext,
    core_title,
    furniture_spans,
    header_span,
    incident_context,
    is_background,
    is_headline_list,
    tells_another_incident,
    title_governorates,
    total_markers,
)
from warclaims.extract.nlp import load_base_pipeline
from warclaims.extract.numbers import load_patterns
from warclaims.extract.places import PLACES_COMPONENT
from warclaims.geo.places import area_of, same_area
from warclaims.models import INCIDENT_FACTS, Article, ArticleExtraction, Claim, Incident, field_names, to_dict

EXTRACTOR_VERSION = "warclaims-extract-v1"
MAX_TEXT_CHARS = 100_000
"""Characters of an article's text fed to spaCy; the rest is ignored."""
SPLIT_ON_DATE = True
"""A later claim sentence naming another day than the main incident's opens another incident."""
MAX_CONTEXT_READS = 40
"""Claim sentences whose own context is read to tell incidents apart; later ones join the current one."""
WAR_WIDE_MIN = 20_000
"""A figure this large is a war-wide total, not one incident's toll, unless its sentence tells of
one attack (an event word) and names no war-wide scope: such a claim ("an air strike killed
150,000 people in Aleppo") is kept, and reconciliation flags it as absurd (W401) and leaves it
out of the estimates instead of it vanishing here."""
_WAR_WIDE_SCOPE = re.compile(r"\b(?:syria|syrians?|country|nation|war|conflict|crisis|uprising|revolution)\b",
                             re.IGNORECASE)

log = logging.getLogger(__name__)

_ENGLISH_WORDS = frozenset(
    "the of and to in a is was were that for on with by at from said killed people has have it as".split()
)


@functools.lru_cache(maxsize=1)
def build_nlp():
    """Return the spaCy pipeline used for extraction: the base model plus the place and casualty
    components, added by their registered factory names."""
    nlp = load_base_pipeline()
    require("warclaims.extract.components")  # registers the factories; it imports spaCy, loaded here
    for name in (PLACES_COMPONENT, casualties.COMPONENT_NAME):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


@dataclass(slots=True, kw_only=True)
class _SentenceClaims:
    """The claims of one sentence with what is needed to place them in an incident."""

    sentence: tuple[int, int]
    claims: list[Claim] = field(default_factory=list)
    mentions: list[CasualtyMention] = field(default_factory=list)
    background: bool = False
    """The sentence tells an earlier incident ("previously", "in May", another year)."""
    adds: bool = False
    """The sentence says it adds something ("also"): with another attacker, another incident."""
    another: bool = False
    """The sentence says it tells another incident than the one before ("Elsewhere", "Other
    rocket shells ...")."""


def looks_english(text: str) -> bool:
    """Return True when a text reads as English (enough common English function words)."""
    words = re.findall(r"[^\W\d_]+", text[:3000].lower())
    if not words:
        return False
    hits = sum(1 for w in words if w in _ENGLISH_WORDS)
    needed = min(3, max(1, len(words) // 6))  # a short brief has few function words
    return hits >= needed and hits / len(words) >= 0.08


def _normal(text: str) -> str:
    """Return lower-case text with punctuation and spacing removed (for headline comparison)."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _with_header_apart(doc, header: tuple[int, int] | None):
    """Return a tokenised Doc whose header is one sentence and whose story starts a new one:
    texts run the dateline and headline into the lead without a full stop, and the parser
    would otherwise read "Monday 21 Apr 2014 Dozens of people ..." as one clause. Page
    furniture near the top (a share widget) is set apart the same way."""
    doc.user_data[HEADER_KEY] = header  # the article context reads it back, not again
    for span in furniture_spans(doc.text):
        _set_apart(doc, span)
    if header is None:
        return doc
    return _set_apart(doc, header)


def _set_apart(doc, span: tuple[int, int]):
    """Return ``doc`` with the characters ``span`` one sentence, the text after it another."""
    inside = doc.char_span(span[0], span[1], alignment_mode="expand")
    after = next((tok for tok in doc[inside.end:] if not tok.is_space), None) if inside else None
    if after is None:
        return doc
    for tok in inside[1:]:
        tok.is_sent_start = False
    after.is_sent_start = True
    if after.i + 1 < len(doc):
        doc[after.i + 1].is_sent_start = False  # "2016 21 Syrian fighters ...": the figure opens the story
    return doc


def effective_title(article: Article) -> str | None:
    """Return the article's title, else its first line when that reads as a headline.

    Text pasted with its headline on the first line (short, no final full stop, then a
    blank line) would otherwise make the headline's figure the lead's.
    """
    if article.title:
        return article.title
    head, sep, _ = (article.text or "").lstrip().partition("\n")
    head = head.strip()
    if sep and 3 <= len(head.split()) <= 25 and not head.endswith((".", ":", "?", "!")):
        return head
    return None


def _is_headline(sentence: str, title: str | None) -> bool:
    """Return True when a sentence is the article's title (repeated in the text, maybe after a dateline)."""
    if not title:
        return False
    s = _normal(sentence)
    return any(t and t in s and len(s) <= len(t) + 40 for t in {_normal(title), _normal(core_title(title))})


def _is_total(sentence: str, mentions: list[CasualtyMention]) -> bool:
    """Return True when a sentence's figures are war-wide or period totals, not one incident's."""
    if any((m.interval.point or 0) >= WAR_WIDE_MIN for m in mentions) and not _tells_one_attack(sentence):
        return True
    return bool(total_markers().search(sentence))


_VAGUE_MANY = re.compile(r"(?:(?:many|several|some) )?(?:hundreds|thousands|tens of thousands)\b", re.I)


def _is_running_total(doc, text: str, mention: CasualtyMention) -> bool:
    """Return True for "hundreds" or "thousands" told in the active perfect ("coalition strikes
    have killed hundreds of civilians", "the group has reported hundreds killed"): a count kept
    over a campaign, not one attack's toll, which is told with a number, in the past tense or
    in the passive ("hundreds of people have been killed in the attack")."""
    if not _VAGUE_MANY.match(text, mention.span[0]) or mention.trigger < 0:
        return False
    token = doc[mention.trigger]
    for _ in range(_MAX_PERFECT_HOPS):
        if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in token.children):
            # active: a subject that did it over time; "hundreds have been killed in the attack"
            # is a fresh toll
            return not any(c.dep_ == "auxpass" for c in token.children)
        if token.head.i == token.i:
            break
        token = token.head
    return False


_THOUSANDS = re.compile(r"(?:(?:many|several|some|tens of|hundreds of) )?thousands\b", re.I)


def _is_thousands_untold(text: str, mention: CasualtyMention, sentence: str) -> bool:
    """Return True for "thousands" killed in a sentence that tells no attack ("Thousands more
    civilians killed.", "the fighting has cost thousands of lives"): a count of a war or a
    campaign, not one incident's toll, which an attack's own sentence would name ("thousands
    died in the sarin attack" is kept)."""
    return (mention.kind == "killed" and bool(_THOUSANDS.match(text, mention.span[0]))
            and classify_event(sentence) is None)


_MAX_PERFECT_HOPS = 5
"""How far up from the trigger a "has/have" may stand ("has reported hundreds ... killed")."""


def _tells_one_attack(sentence: str) -> bool:
    """Return True when a sentence names an attack (event word) and no war-wide scope (Syria, the war...)."""
    return classify_event(sentence) is not None and not _WAR_WIDE_SCOPE.search(sentence)


_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,}(?:\xa0|\s[-–—]\s|:\s|\s\(\w+\)\s)")


def _quote_bounds(text: str, sentence: tuple[int, int], first_figure: int, headline) -> tuple[int, int]:
    """Return the quote span: the sentence minus furniture, title and dateline before its first figure."""
    start, end = sentence
    cut = text.rfind("\n", start, first_figure)
    if cut >= 0:
        start = cut + 1
    if headline and start < headline[1] <= first_figure:
        start = headline[1]
    while start < end and (text[start].isspace() or text[start] in ".:-–—|"):
        start += 1
    m = _DATELINE.match(text, start)
    if m and m.end() <= first_figure:
        start = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _first(mentions: list[CasualtyMention], kind: str) -> CasualtyMention | None:
    """Return the first mention of a kind (killed/injured), or None."""
    return next((m for m in mentions if m.kind == kind), None)


def _claims_of_sentence(text: str, sent, mentions, speakers, article: Article, headline) -> list[Claim]:
    """Return one Claim per claimant of a sentence with its first killed and injured figures."""
    killed, injured = _first(mentions, "killed"), _first(mentions, "injured")
    lead = killed or injured
    found = attribution.sentence_attributions(speakers, sent, {m.trigger for m in mentions})
    if not found:
        outlet = article.outlet or ""
        found = [attribution.Attribution(claimant=outlet, claimant_type="news_outlet", span=None)]
    first_figure = min(m.span[0] for m in mentions)
    start, end = _quote_bounds(text, (sent.start_char, sent.end_char), first_figure, headline)
    groups = [g for m in mentions for g in m.groups]
    return [
        Claim(
            claimant=who.claimant,
            claimant_type=who.claimant_type,
            killed=killed.interval if killed else None,
            injured=injured.interval if injured else None,
            quote=text[start:end],
            quote_span=(start, end),
            claimant_span=who.span,
            victims=lead.victims,
            victims_text=lead.victims_text,
            groups=groups,
            supersedes_earlier=any(m.supersedes_earlier for m in mentions),
            confidence=0.9 if who.span else 0.7,
            article_id=article.id,
        )
        for who in found
    ]


def _mentions_by_sentence(doc, headline) -> dict[int, list[CasualtyMention]]:
    """Return the casualty mentions per sentence start, without those inside the repeated title."""
    by_sentence: dict[int, list[CasualtyMention]] = {}
    for m in doc._.get(casualties.DOC_ATTR) or []:
        if headline and headline[0] <= m.span[0] < headline[1]:
            continue  # the headline's figure is not a claim
        by_sentence.setdefault(m.sentence[0], []).append(m)
    return by_sentence


def _sentence_claims(actx: ArticleContext, article: Article) -> tuple[list[_SentenceClaims], dict[int, list[str]]]:
    """Return the claims of every sentence of a parsed article that states a casualty figure,
    and the claimants of every sentence that names one (by sentence start)."""
    doc, text, title = actx.doc, actx.text, actx.title
    headline = actx.header
    by_sentence = _mentions_by_sentence(doc, headline)
    speakers = attribution.ArticleSpeakers.of(doc, article.outlet, text)
    out = []
    for sent in doc.sents:
        sentence = text[sent.start_char:sent.end_char]  # sent.text, without rebuilding it from the tokens
        mentions = [m for m in by_sentence.get(sent.start_char) or ()
                    if not _is_running_total(doc, text, m) and not _is_thousands_untold(text, m, sentence)]
        if (not mentions or _is_headline(sentence, title) or is_headline_list(sentence)
                or _is_total(sentence, mentions)):
            attribution.observe_sentence(speakers, sent)
            continue
        claims = _claims_of_sentence(text, sent, mentions, speakers, article, headline)
        item = _SentenceClaims(sentence=(sent.start_char, sent.end_char), claims=claims, mentions=mentions)
        quote_start = claims[0].quote_span[0]
        item.background = _recalls_earlier(text[quote_start : sent.end_char], article.published, first=not out)
        item.another = bool(out) and tells_another_incident(text[quote_start : sent.end_char])
        item.adds = bool(_ALSO.search(sentence))
        out.append(item)
    return out, speakers.said


def _recalls_earlier(sentence: str, published, *, first: bool) -> bool:
    """Return True when a claim sentence tells an earlier incident. The article's first one
    does only when it names other years than the publication's ("The 2013 sarin attack killed
    1,400 people"); cue words such as "previously" or "in March" are read after the lead."""
    if not first:
        return is_background(sentence, published)
    years = {int(y) for y in _YEAR.findall(sentence)}
    return published is not None and bool(years) and published.year not in years


def _article_context(doc, article: Article) -> ArticleContext:
    """Return the article's ArticleContext: the per-article data every incident's context
    read shares (build it once per article)."""
    return ArticleContext(doc, title=effective_title(article), published=article.published,
                          parse=parse_title)


_TITLE_PIPES = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", PLACES_COMPONENT})
"""What reading a headline's actors needs: tags, the parse, lemmas and places; no entities, no figures."""


def parse_title(text: str):
    """Return a headline parsed for the roles of its actors: the extraction pipeline without its
    entity recogniser and casualty component, which a headline read for who did it does not need."""
    nlp = load_base_pipeline()
    return nlp(text, disable=[name for name in nlp.pipe_names if name not in _TITLE_PIPES])


def _inside(span: tuple[int, int] | None, sentence: tuple[int, int]) -> bool:
    """Return True when a field's span lies within a sentence."""
    return span is not None and sentence[0] <= span[0] and span[1] <= sentence[1]


_ALSO = re.compile(r"\balso\b", re.I)


def _other_incident(ctx, main, sentence: tuple[int, int], background: bool = False, adds: bool = False) -> bool:
    """Return True when a sentence's own context names another incident than ``main``.

    Only fields read from the sentence itself count: a place in another governorate
    (or country), a day that differs, or, in a sentence that says it adds something ("also"),
    another attacker ("The group also reported eight civilians were killed in rebel fire" after
    a story of air strikes). Without "also" a different attacker is a claim that blames another
    party for the same incident, which the ledger must keep.
    """
    if (adds and _inside(ctx.spans.get("perpetrator"), sentence)
            and "unknown" not in (ctx.perpetrator, main.perpetrator) and ctx.perpetrator != main.perpetrator):
        return True
    where = ctx.spans.get("admin1") or ctx.spans.get("place")
    if _inside(where, sentence) and ctx.admin1 and main.admin1 and ctx.admin1 != main.admin1:
        return True
    if SPLIT_ON_DATE and _inside(ctx.spans.get("date"), sentence) and ctx.date and main.date:
        if ctx.date_precision == "day" and main.date_precision == "day" and ctx.date != main.date:
            return True
        if background and (ctx.date, ctx.date_precision) != (main.date, main.date_precision):
            return True  # an earlier incident recalled with its own month or year
    return False


def _group_incidents(
    actx: ArticleContext, sentences: list[_SentenceClaims]
) -> list[tuple[object, list[_SentenceClaims]]]:
    """Return (context, sentence claims) per incident, incident 0 first."""
    main_ctx = incident_context(actx, sentences[0].sentence if sentences else None)
    if sentences and sentences[0].background:
        _date_from_own_sentence(actx, main_ctx, sentences[0].sentence)
    groups: list[tuple[object, list[_SentenceClaims]]] = [(main_ctx, sentences[:1])]
    current = 0
    for n, item in enumerate(sentences[1:], start=1):
        if n >= MAX_CONTEXT_READS:  # bounds time on huge texts; news articles have far fewer
            groups[current][1].append(item)
            continue
        told = groups[current][0]
        opener = _event_opened_before(actx, sentences[n - 1].sentence[1], item.sentence, told)
        ctx = incident_context(actx, opener, own=True) if opener else incident_context(actx, item.sentence)
        # the sentence read for another incident's fields: the toll's own, or from the one that
        # opened that other event ("In Iraq, militants attacked Haditha. At least 20 were killed")
        told_in = (opener[0], item.sentence[1]) if opener else item.sentence
        if item.background:
            _date_from_own_sentence(actx, ctx, item.sentence)
        # a sentence that names no other incident stays with the one being told;
        # an earlier incident never joins the main one
        order = [current] + [i for i in range(len(groups)) if i != current]
        if not item.background and groups[current][1][0].background and _after_the_aside(actx, item, groups[current][1]):
            order = [0] + [i for i in order if i != 0]
        if item.background:
            order = [i for i in order if i != 0]
        if item.another:  # not the incident just told (nor the main one): another, or a new one
            order = [i for i in order if i not in (0, current)]
        for i in order:
            if not _other_incident(ctx, groups[i][0], told_in, item.background, item.adds):
                groups[i][1].append(item)
                current = i
                break
        else:
            groups.append((ctx, [item]))
            current = len(groups) - 1
    return groups


@functools.lru_cache(maxsize=1)
def _scene_opening() -> re.Pattern[str]:
    """Return the regex of a sentence that opens on where it happens ("In Iraq, ...", "Meanwhile
    in Hama province ..."): a new scene (``scene_opening`` of patterns/casualties.json)."""
    return re.compile(load_patterns()["scene_opening"], re.IGNORECASE)


def _event_opened_before(actx: ArticleContext, after: int, sentence: tuple[int, int], told) -> tuple[int, int] | None:
    """Return the sentence that opened another event just before a toll sentence that names no
    place: a sentence after ``after`` (the previous toll's end), stating no figure, that opens on
    a scene outside the governorate of the incident being ``told`` and tells an attack there
    ("In Iraq, a statement said forces repelled an attack on Haditha. At least 20 militants were
    killed, the statement said"). The toll is that event's, not the story's told before. None
    when there is none, or when the toll names a place or a kind of attack of its own. A
    place named later in a sentence ("Trump said the strike answered the gas attack in Idlib")
    sets no scene: it may be a cause or a comparison."""
    start, end = sentence
    between = [(s, e) for s, e in actx.sentences_within(after, start) if not actx.in_header(e)]
    if not between or told.admin1 is None or actx.places_in(start, end):
        return None  # (most tolls follow the one before at once: nothing between, nothing to read)
    own_kind = classify_event(actx.text[start:end])
    for s, e in reversed(between):
        text = actx.text[s:e]
        kind = classify_event(text)
        if kind is None:
            continue
        # the latest sentence telling an attack decides: the toll is that attack's
        scene = _scene_opening().match(text)
        if scene is None or is_background(text, actx.published):
            return None
        if own_kind is not None and own_kind.event_type != kind.event_type:
            return None  # the toll tells an attack of its own kind: its own event
        opening = next((m for m in actx.places_in(s, e) if m.start == s + scene.end() and m.admin1), None)
        return (s, e) if opening is not None and not same_area(opening.admin1, told.admin1) else None
    return None


def _after_the_aside(actx: ArticleContext, item: _SentenceClaims, aside: list[_SentenceClaims]) -> bool:
    """Return True when an attributed figure comes back to the main story after an aside on an
    earlier incident: other sentences lie between them ("... sarin in August 2013 killed hundreds.
    The Syrian Coalition condemned the attack. It said the planes killed dozens"). An
    unattributed line right after the aside (a timeline's) stays with it."""
    attributed = any(c.claimant_type != "news_outlet" for c in item.claims)
    last_end = aside[-1].sentence[1]
    between = sum(1 for start, _ in actx.sentences if last_end <= start < item.sentence[0])
    return attributed and between > 0


_YEAR = re.compile(
    r"(?:\b(?:in|since|of|the|from|until|by|during|early|late|mid|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*"
    r"|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)[\s-]+|^|[(,]\s*)(19[5-9]\d|20\d\d)\b(?!\s+[a-z]+s\b)", re.I)
"""A year as a year: after a preposition, an article or a month ("in 2013", "the 2013 sarin
attack", "August 2013"), not a count ("terrorist groups 2000 Syria refugees stranded")."""


def _date_from_own_sentence(actx: ArticleContext, ctx, sentence: tuple[int, int]) -> None:
    """Date an incident recalled as background from its own sentence alone: an explicit date
    ("in August 2013", "on 21 August 2013"), else a year ("the 2013 sarin attack", year
    precision), else none. The article's own date never dates an earlier incident."""
    start, end = sentence
    text = actx.text[start:end]
    found = [m for m in dates.find_dates(text, actx.base, offset=start) if m.date is not None and not m.relative]
    ctx.spans.pop("date", None)
    if found:
        ctx.date, ctx.date_precision = found[0].date, found[0].precision
        ctx.spans["date"] = (found[0].start, found[0].end)
        return
    year = _YEAR.search(text)
    if year and (actx.published is None or int(year.group(1)) != actx.published.year):
        ctx.date, ctx.date_precision = dt.date(int(year.group(1)), 1, 1), "year"
        ctx.spans["date"] = (start + year.start(), start + year.end())
        return
    ctx.date, ctx.date_precision = None, None


def _title_first(actx: ArticleContext, groups: list[tuple[object, list[_SentenceClaims]]]):
    """Return the groups with the incident the headline reports first.

    Incident 0 is the first claim's; but an article may open with a side story (a market
    shelled "in Douma" under a headline about "Bombing of Aleppo"). When the title names
    one governorate, the first claim's incident lies elsewhere and a later incident (not an
    earlier one recalled) lies in it, that incident is the main one.
    """
    if len(groups) < 2:
        return groups
    # a headline's "Damascus" often means its countryside: both count as one area
    named = {area_of(g) for g in title_governorates(actx)}
    if len(named) != 1 or area_of(groups[0][0].admin1) in named:
        return groups  # a round-up headline ("attacks in Damascus, Aleppo") keeps the first claim's
    for i, (ctx, members) in enumerate(groups[1:], start=1):
        if area_of(ctx.admin1) in named and not members[0].background:
            return [groups[i], *groups[:i], *groups[i + 1:]]
    return groups


def _described_victims_of(doc, groups) -> list[list[str]]:
    """Return, for each incident group, the victim classes of the statements that say who the
    dead were without counting them (:func:`victims.described_victims`): a statement belongs to
    the incident of its own sentence, else to that of the nearest toll sentence before it (it
    goes on telling that incident), else to the main incident."""
    statements = victim_classes.described_victims(doc)
    if not statements:
        return [[] for _ in groups]
    held = sorted((item.sentence[0], i) for i, (_, members) in enumerate(groups) for item in members)
    starts = [start for start, _ in held]
    out: list[list[str]] = [[] for _ in groups]
    for offset, kind in statements:
        at = bisect.bisect_right(starts, offset) - 1
        out[held[at][1] if at >= 0 else 0].append(kind)
    return out


def _incident(ctx, members: list[_SentenceClaims], article: Article, index: int,
              described: list[str]) -> Incident:
    """Return an Incident from its context and its sentences' claims (``described``: the
    victim classes of statements about who its dead were)."""
    mentions = [m for item in members for m in item.mentions]
    killed, injured = _first(mentions, "killed"), _first(mentions, "injured")
    spans = dict(ctx.spans)
    if killed:
        spans["killed"] = killed.span
    if injured:
        spans["injured"] = injured.span
    lead = killed or injured
    return Incident(
        **{name: getattr(ctx, name) for name in _CONTEXT_FACTS},
        country=ctx.country or "Syria",
        victims=_incident_victims(mentions, described),
        killed=killed.interval if killed else None,
        injured=injured.interval if injured else None,
        claims=_unique_claims(c for item in members for c in item.claims),
        spans=spans,
        confidence=round(min(1.0, 0.5 + 0.1 * len(members) + (0.2 if lead else 0.0)), 2),
        article_id=article.id,
        index=index,
    )


_CONTEXT_FACTS = tuple(
    name for name in INCIDENT_FACTS if name in field_names(IncidentContext) and name != "country"
)
"""The incident facts an IncidentContext holds (where, when, what and by whom), copied as they are
(its ``country`` is None when not stated: the incident's is Syria then)."""

_BLAME_REACH = 2
"""Sentences before and after a claim's own where the same claimant's words may name whom it blames."""


def _blames(actx: ArticleContext, claim: Claim, incident_perpetrator: str,
            said: dict[int, list[str]] | None = None) -> str | None:
    """Return whom a claim's claimant blames: the attacker its own sentence names (an
    accusation included: "activists accused regime forces of ..."; alternatives give
    ``unknown``), else one named in the sentences next to it that report the same claimant's
    words ("X said 20 were killed. It blamed regime jets"), else, for the outlet's own
    unattributed figure, the incident's perpetrator; None when the claimant names no one."""
    if claim.quote_span is None:
        return incident_perpetrator if claim.claimant_span is None and incident_perpetrator != "unknown" else None
    sentence = _sentence_around(actx, claim.quote_span)
    reading = _perpetrator_between(actx, sentence)
    if reading is not None:
        return reading.perpetrator
    for neighbour in _same_claimant_neighbours(actx, sentence, claim.claimant, said or {}):
        reading = _perpetrator_between(actx, neighbour)
        if reading is not None:
            return reading.perpetrator
    if claim.claimant_span is None and incident_perpetrator != "unknown":
        return incident_perpetrator
    return None


def _perpetrator_between(actx: ArticleContext, span: tuple[int, int]):
    """Return the perpetrator reading (accusations included) of a stretch of the article."""
    return actx.reading(perpetrators.read_perpetrator_in_doc, actx.doc, *span, False, True)


def _same_claimant_neighbours(actx: ArticleContext, sentence: tuple[int, int], claimant: str,
                              said: dict[int, list[str]]) -> list[tuple[int, int]]:
    """Return the sentences next to ``sentence`` (nearest first) that report ``claimant``'s words."""
    spans = actx.sentences
    index = next((i for i, (start, _) in enumerate(spans) if start <= sentence[0] < spans[i][1]), None)
    if index is None:
        return []
    out = []
    for step in range(1, _BLAME_REACH + 1):
        for i in (index - step, index + step):
            if 0 <= i < len(spans) and claimant in said.get(spans[i][0], ()):
                out.append(spans[i])
    return out


def _sentence_around(actx: ArticleContext, span: tuple[int, int]) -> tuple[int, int]:
    """Return the (start, end) of the sentence holding a span's start (the span itself if none)."""
    for start, end in actx.sentences:
        if start <= span[0] < end:
            return start, end
    return span


def _unique_claims(claims: Iterable[Claim]) -> list[Claim]:
    """Return claims with repeats dropped: one entry per (claimant, figure) pair, and no
    unattributed restatement of a figure already claimed (a repeated lead or standfirst)."""
    seen: set[tuple] = set()
    figures: set[tuple] = set()
    out = []
    for claim in claims:
        key = (claim.claimant.lower(), claim.killed, claim.injured)
        figure = (claim.killed, claim.injured)
        unattributed = claim.claimant_type == "news_outlet" and claim.claimant_span is None
        if key in seen or (unattributed and figure in figures):
            continue
        seen.add(key)
        figures.add(figure)
        out.append(claim)
    return out


def _incident_victims(mentions: list[CasualtyMention], described: list[str]) -> str:
    """Return the incident's victims: those of its lead figure, else what its other figures
    and the statements about who the dead were (``described``) tell."""
    lead = _first(mentions, "killed") or (mentions[0] if mentions else None)
    if lead is not None and lead.victims != "unknown":
        return lead.victims
    # the lead counts "people": the other figures of the incident, and sentences such as
    # "women and children were among the dead", tell who they were; civilians in one and
    # fighters in another make the dead mixed
    return victim_classes.combine([*(m.victims for m in mentions), *described])


def _assemble(doc, article: Article) -> ArticleExtraction:
    """Return the ArticleExtraction of one parsed article."""
    actx = _article_context(doc, article)
    sentences, said = _sentence_claims(actx, article)
    if not sentences:
        return ArticleExtraction(article_id=article.id, extractor_version=EXTRACTOR_VERSION)
    groups = _title_first(actx, _group_incidents(actx, sentences))
    # A recalled incident with no date of its own is dropped: dated by the article, it would
    # count as a new incident of today.
    groups = [g for g in groups if not (g[1][0].background and g[0].date is None)]
    described = _described_victims_of(doc, groups)
    incidents = [_incident(ctx, members, article, index, described[index])
                 for index, (ctx, members) in enumerate(groups)]
    for incident in incidents:
        for claim in incident.claims:
            claim.blames = _blames(actx, claim, incident.perpetrator, said)
    return ArticleExtraction(article_id=article.id, incidents=incidents, extractor_version=EXTRACTOR_VERSION)


def unsupported_language(article: Article) -> str | None:
    """Return why an article's language cannot be read (its declared language, or "not English"
    for a text that does not read as English), None when it is English or empty."""
    if article.language and not article.language.lower().startswith("en"):
        return article.language
    text = (article.text or "")[:MAX_TEXT_CHARS]
    if text.strip() and not looks_english(text):
        return "not English"
    return None


def _text_for_nlp(article: Article) -> str:
    """Return the text parsed for an article: capped, and empty when it is not English."""
    text = article.text or ""
    if article.language and not article.language.lower().startswith("en"):
        return ""
    text = text[:MAX_TEXT_CHARS]
    return text if looks_english(text) else ""


def _parsed(articles: Iterable[Article], batch_size: int) -> Iterator[tuple[object, Article]]:
    """Return (Doc, article) pairs in input order, parsed with one ``nlp.pipe``."""
    nlp = build_nlp()
    pending: deque[Article] = deque()  # articles handed to nlp.pipe, awaiting their Doc

    def texts() -> Iterator:
        for article in articles:
            pending.append(article)
            text = _text_for_nlp(article)
            yield _with_header_apart(nlp.make_doc(text), header_span(text, effective_title(article)))

    for doc in nlp.pipe(texts(), batch_size=batch_size):
        yield doc, pending.popleft()


def extract_articles(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleExtraction]:
    """Return an iterator of ArticleExtraction, one per article, in input order (one ``nlp.pipe``).

    An article whose extraction fails raises W201 naming it and the reason (the extract
    contract): :func:`warclaims.api.extract_chunk` then retries the batch one article at a
    time and records the failure, so it reaches ``warclaims errors`` and the batch goes on.
    """
    for doc, article in _parsed(articles, batch_size):
        yield _assemble_or_raise(doc, article)


def extract_articles_lenient(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[ArticleExtraction]:
    """Return an iterator of ArticleExtraction like :func:`extract_articles`, except that an
    article whose extraction fails is logged as W201 and yields no incidents: evaluation,
    training and ``warclaims extract`` score or show every article (a failed one as a miss) and
    go on. Runs over a store use :func:`extract_articles` through ``api.process``, which
    records the failure."""
    for doc, article in _parsed(articles, batch_size):
        yield _safe_assemble(doc, article)


def article_governorate(doc, article: Article, extraction: ArticleExtraction) -> str | None:
    """Return the governorate the article as a whole reports on: its main incident's, else
    (no incident, or one with no place) the place of its title and lead. An article with no
    casualty figure (a strike "on rebel positions in Hasakah", a chemical attack probe)
    still has a place."""
    if extraction.incidents and extraction.incidents[0].admin1:
        return extraction.incidents[0].admin1
    actx = _article_context(doc, article)
    if not actx.text:
        return None
    try:
        return incident_context(actx, None).admin1
    except Exception as exc:  # same guard as the extraction itself
        log.warning("%s", WarclaimsError(E.W201, item=article.id, reason=f"{type(exc).__name__}: {exc}"))
        return None


def extract_articles_with_governorate(
    articles: Iterable[Article], *, batch_size: int = 16
) -> Iterator[tuple[ArticleExtraction, str | None]]:
    """Return (ArticleExtraction, article governorate) per article, in input order; see
    :func:`article_governorate`."""
    for doc, article in _parsed(articles, batch_size):
        extraction = _safe_assemble(doc, article)
        yield extraction, article_governorate(doc, article, extraction)


def _assemble_or_raise(doc, article: Article) -> ArticleExtraction:
    """Return the assembled extraction; raise W201 (the article id and the reason) on a failure."""
    try:
        return _assemble(doc, article)
    except WarclaimsError:
        raise
    except Exception as exc:  # a bug on one article: coded, so the caller records it and goes on
        raise WarclaimsError(E.W201, item=article.id, reason=f"{type(exc).__name__}: {exc}") from exc


def _safe_assemble(doc, article: Article) -> ArticleExtraction:
    """Return the assembled extraction; a failure logs W201 and yields no incidents (for
    :func:`extract_articles_lenient` and the evaluation; :func:`extract_articles` raises)."""
    try:
        return _assemble_or_raise(doc, article)
    except WarclaimsError as err:
        log.warning("%s", err)
        return ArticleExtraction(article_id=article.id, extractor_version=EXTRACTOR_VERSION)


def extract_article(article: Article) -> ArticleExtraction:
    """Return the ArticleExtraction of one article."""
    return next(extract_articles([article], batch_size=1))


_CLAIM_KEYS = ("claimant", "claimant_type", "killed", "injured", "quote", "quote_span")
_CLAIM_EXTRAS = ("blames", "claimant_span", "victims", "victims_text", "groups", "supersedes_earlier", "confidence")
_INCIDENT_EXTRAS = ("latitude", "longitude", "geo_precision", "country", "confidence", "spans")
_INCIDENT_KEYS = tuple(name for name in INCIDENT_FACTS if name not in _INCIDENT_EXTRAS)
"""The gold schema's incident keys (data/gold/SCHEMA.md): the facts but the extras, in their order."""


def incident_json(incident: Incident) -> dict:
    """Return an incident in the gold schema's keys (data/gold/SCHEMA.md), then the extras."""
    data = to_dict(incident)
    out = {key: data[key] for key in _INCIDENT_KEYS}
    out["claims"] = [
        {key: claim[key] for key in (*_CLAIM_KEYS, *_CLAIM_EXTRAS)} for claim in data["claims"]
    ]
    out.update({key: data[key] for key in _INCIDENT_EXTRAS})
    return out


def extraction_json(extraction: ArticleExtraction) -> dict:
    """Return ``{"id", "incidents": [...]}``: one article's extraction as one JSON Lines object."""
    return {
        "id": extraction.article_id,
        "incidents": [incident_json(i) for i in extraction.incidents],
        "extractor_version": extraction.extractor_version,
    }
