"""Accuracy of the extract stage against gold annotations (data/gold/SCHEMA.md).

:func:`evaluate_extraction` compares the main incident (index 0) extracted from each gold
article with its gold incident: per-field accuracy over gold articles with an incident,
incident detection on gold-null articles, and claim precision/recall/F1 (a predicted claim
matches a gold claim when both killed and both injured intervals are equal and the quote
spans overlap; matching is one-to-one). For an FA-KES corpus it also measures agreement of
the predicted governorate with FA-KES ``location`` over all rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.extract.claimants import claimant_key, fold
from warclaims.extract.pipeline import extract_articles_with_governorate
from warclaims.geo.places import normalise_place
from warclaims.models import (
    Article,
    ArticleExtraction,
    Claim,
    Incident,
    incident_from_dict,
    parse_date,
    to_dict,
)

SPLITS = ("tune", "check")
"""The gold's splits: rules are tuned on ``tune``; ``check`` measures whether they generalise."""
FIELDS = ("event_type", "date", "admin1", "place", "perpetrator", "victims", "killed", "injured")

# FA-KES location labels -> governorates they cover ("damascus" also covers its countryside).
FAKES_LOCATIONS: dict[str, frozenset[str]] = {
    "aleppo": frozenset({"Aleppo"}),
    "damascus": frozenset({"Damascus", "Rif Dimashq"}),
    "idlib": frozenset({"Idlib"}),
    "deir ezzor": frozenset({"Deir ez-Zor"}),
    "homs": frozenset({"Homs"}),
    "raqqa": frozenset({"Raqqa"}),
    "hasakeh": frozenset({"Hasakah"}),
    "hama": frozenset({"Hama"}),
    "daraa": frozenset({"Daraa"}),
    "lattakia": frozenset({"Latakia"}),
    "quneitra": frozenset({"Quneitra"}),
    "tartous": frozenset({"Tartus"}),
    "suwayda": frozenset({"As-Suwayda"}),
}


@dataclass(slots=True, kw_only=True)
class GoldArticle:
    """One gold line: article id and its main incident (None when the article reports none)."""

    id: str
    incident: Incident | None
    published: str | None = None
    split: str | None = None
    """``tune`` or ``check`` (None for gold files without a split)."""
    source: str | None = None


@dataclass(slots=True, kw_only=True)
class ExtractEvaluation:
    """The figures of one evaluation run."""

    articles: int = 0
    with_incident: int = 0
    missing_articles: list[str] = field(default_factory=list)
    field_accuracy: dict[str, float] = field(default_factory=dict)
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    null_articles: int = 0
    null_detection_accuracy: float | None = None
    incident_recall: float | None = None
    claims_gold: int = 0
    claims_predicted: int = 0
    claims_matched: int = 0
    claim_precision: float = 0.0
    claim_recall: float = 0.0
    claim_f1: float = 0.0
    claimant_right: float | None = None
    """Share of matched claims whose claimant is the gold claimant (same source)."""
    blames_right: float | None = None
    """Share of matched claims whose ``blames`` equals the gold one."""
    claim_errors: list[str] = field(default_factory=list)
    """``article id: what went wrong`` for claimant and blames errors of matched claims."""
    fakes_rows: int = 0
    fakes_admin1_agreement: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the evaluation as a JSON-ready dict."""
        return to_dict(self)


def read_gold(path: str | Path) -> list[GoldArticle]:
    """Return the gold articles of a JSON Lines file, deduplicated by id (first line wins).

    Raises WarclaimsError W101 when the file cannot be read, W204 for a line that is not a
    valid gold object.
    """
    seen: dict[str, GoldArticle] = {}
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise WarclaimsError(E.W101, item=str(path), reason=exc.strerror or str(exc)) from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                gold = GoldArticle(
                    id=str(data["id"]),
                    incident=incident_from_dict(data["incident"]) if data.get("incident") else None,
                    published=data.get("published"),
                    split=data.get("split"),
                    source=data.get("source"),
                )
            except (ValueError, KeyError, TypeError) as exc:
                reason = f"{type(exc).__name__}: {exc}"
                raise WarclaimsError(E.W204, item=str(path), line=number, reason=reason) from exc
            seen.setdefault(gold.id, gold)
    return list(seen.values())


def place_matches(gold: str | None, predicted: str | None) -> bool:
    """Return True when two place names name the same place: equal, or one's words inside the
    other's ("Aleppo" in "eastern Aleppo"), once folded by :func:`warclaims.geo.places.normalise_place`."""
    g, p = normalise_place(gold), normalise_place(predicted)
    if not g or not p:
        return g == p
    # Whole words only: "shar" (al-Shaar) must not match inside "sharqi" (Deir Sharqi).
    return g == p or (min(len(g), len(p)) >= 4 and (f" {g} " in f" {p} " or f" {p} " in f" {g} "))


def _field_equal(name: str, gold: Incident, pred: Incident | None) -> bool:
    """Return True when one field of the predicted main incident equals the gold one."""
    if pred is None:
        return False
    if name == "place":
        return place_matches(gold.place, pred.place)
    return getattr(gold, name) == getattr(pred, name)


def _spans_overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Return True when two character spans overlap."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def gold_quote_span(text: str, quote: str) -> tuple[int, int] | None:
    """Return the span of a gold quote in the article text (exact, else its first 60 characters)."""
    for probe in (quote, quote[:60]):
        if probe:
            start = text.find(probe)
            if start >= 0:
                return start, start + len(quote)
    return None


def claim_pairs(gold: list[Claim], predicted: list[Claim], text: str) -> list[tuple[Claim, Claim]]:
    """Return the one-to-one (gold, predicted) matches: equal killed and injured, overlapping quotes.

    A gold claim stated by two claimants in one sentence matches the predicted claim of the
    same claimant first, so that the claimant check compares like with like.
    """
    used: set[int] = set()
    pairs = []
    for g in gold:
        span = tuple(g.quote_span) if g.quote_span else gold_quote_span(text, g.quote)
        candidates = [
            i for i, p in enumerate(predicted)
            if i not in used and p.killed == g.killed and p.injured == g.injured
            and _spans_overlap(span, p.quote_span)
        ]
        if not candidates:
            continue
        best = next((i for i in candidates if same_claimant(g.claimant, predicted[i].claimant)), candidates[0])
        used.add(best)
        pairs.append((g, predicted[best]))
    return pairs


def match_claims(gold: list[Claim], predicted: list[Claim], text: str) -> int:
    """Return the number of one-to-one matches (equal killed and injured, overlapping quotes)."""
    return len(claim_pairs(gold, predicted, text))


_FILLER = frozenset("the a an of for in on at its it his her their s local".split())


def _content_words(name: str) -> set[str]:
    """Return the content words of a claimant name, folded."""
    return {w for w in fold(name).split() if w not in _FILLER}


def same_claimant(gold: str, predicted: str, outlet: str | None = None) -> bool:
    """Return True when a predicted claimant names the gold claimant's source: the same
    normalised key ("SOHR" and "the Syrian Observatory for Human Rights"), or the same content
    words one way ("activists" in "local activists in Idlib")."""
    if claimant_key(gold, "other", outlet) == claimant_key(predicted, "other", outlet):
        return True
    g, p = _content_words(gold), _content_words(predicted)
    return bool(g and p) and (g <= p or p <= g)


def _ratio(part: int, whole: int) -> float:
    """Return part/whole rounded to 4 places (0.0 for an empty whole)."""
    return round(part / whole, 4) if whole else 0.0


def _score_fields(ev: ExtractEvaluation, pairs: list[tuple[str, Incident, Incident | None]]) -> None:
    """Fill the per-field accuracy and the ids of the errors."""
    for name in FIELDS:
        wrong = [aid for aid, g, p in pairs if not _field_equal(name, g, p)]
        ev.field_accuracy[name] = _ratio(len(pairs) - len(wrong), len(pairs))
        ev.field_errors[name] = wrong


def _score_claims(ev: ExtractEvaluation, pairs, texts: dict[str, str], outlets: dict[str, str | None]) -> None:
    """Fill claim precision, recall and F1 over all gold articles with an incident, and the
    claimant and blames accuracy over the matched claims."""
    claimants = blames = 0
    for aid, gold, pred in pairs:
        predicted = pred.claims if pred else []
        ev.claims_gold += len(gold.claims)
        ev.claims_predicted += len(predicted)
        matched = claim_pairs(gold.claims, predicted, texts[aid])
        ev.claims_matched += len(matched)
        for g, p in matched:
            if same_claimant(g.claimant, p.claimant, outlets.get(aid)):
                claimants += 1
            else:
                ev.claim_errors.append(f"{aid}: claimant {p.claimant!r} (gold {g.claimant!r})")
            if g.blames == p.blames:
                blames += 1
            else:
                ev.claim_errors.append(f"{aid}: blames {p.blames} (gold {g.blames}) for {g.claimant!r}")
    ev.claim_precision = _ratio(ev.claims_matched, ev.claims_predicted)
    ev.claim_recall = _ratio(ev.claims_matched, ev.claims_gold)
    p, r = ev.claim_precision, ev.claim_recall
    ev.claim_f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    if ev.claims_matched:
        ev.claimant_right = _ratio(claimants, ev.claims_matched)
        ev.blames_right = _ratio(blames, ev.claims_matched)


def fakes_admin1_agreement(
    articles: list[Article],
    extractions: dict[str, ArticleExtraction],
    governorates: dict[str, str | None] | None = None,
) -> tuple[int, float | None]:
    """Return (rows with a location, share whose governorate is that location).

    An article's governorate is its main incident's; where it has none (no incident, or an
    incident with no place) it is the article-level one of ``governorates`` when given
    (:func:`warclaims.extract.pipeline.article_governorate`: the place of title and lead).
    """
    rows = [a for a in articles if str(a.metadata.get("location") or "").strip()]
    if not rows:
        return 0, None
    governorates = governorates or {}
    agree = 0
    for article in rows:
        covered = FAKES_LOCATIONS.get(str(article.metadata["location"]).strip().lower(), frozenset())
        incidents = extractions[article.id].incidents if article.id in extractions else []
        predicted = incidents[0].admin1 if incidents else None
        if predicted is None:
            predicted = governorates.get(article.id)
        if predicted is not None and predicted in covered:
            agree += 1
    return len(rows), _ratio(agree, len(rows))


def evaluate_extraction(
    gold: list[GoldArticle], articles: Iterable[Article], *, batch_size: int = 16
) -> ExtractEvaluation:
    """Return the ExtractEvaluation of the extractor on a corpus against its gold articles."""
    return score(gold, *extract_corpus(gold, articles, batch_size=batch_size))


def evaluate_extraction_by_split(
    gold: list[GoldArticle], articles: Iterable[Article], *, batch_size: int = 16
) -> dict[str, ExtractEvaluation]:
    """Return the evaluations of each gold split and of all gold (see :func:`score_by_split`)."""
    return score_by_split(gold, *extract_corpus(gold, articles, batch_size=batch_size))


def extract_corpus(
    gold: list[GoldArticle], articles: Iterable[Article], *, batch_size: int = 16
) -> tuple[dict[str, Article], dict[str, ArticleExtraction], dict[str, str | None]]:
    """Return (corpus by id, extractions by id, article governorates by id) of a corpus; a gold
    line's publication date fills in where the corpus has none."""
    corpus = {}
    for article in articles:
        corpus.setdefault(article.id, article)
    for g in gold:  # the gold line's publication date wins when the corpus has none
        if g.id in corpus and corpus[g.id].published is None and g.published:
            corpus[g.id].published = parse_date(g.published)
    extractions: dict[str, ArticleExtraction] = {}
    governorates: dict[str, str | None] = {}
    for extraction, governorate in extract_articles_with_governorate(list(corpus.values()), batch_size=batch_size):
        extractions[extraction.article_id] = extraction
        governorates[extraction.article_id] = governorate
    return corpus, extractions, governorates


def score_by_split(
    gold: list[GoldArticle],
    corpus: dict[str, Article],
    extractions: dict[str, ArticleExtraction],
    governorates: dict[str, str | None] | None = None,
) -> dict[str, ExtractEvaluation]:
    """Return ``{"tune": ..., "check": ..., "all": ...}``: the evaluation of each split of the
    gold (splits with no article are left out), and of the whole file."""
    out = {}
    for name in SPLITS:
        part = [g for g in gold if g.split == name]
        if part:
            ev = score(part, corpus, extractions, governorates)
            ev.fakes_rows, ev.fakes_admin1_agreement = 0, None  # a corpus-wide figure: under "all" only
            out[name] = ev
    out["all"] = score(gold, corpus, extractions, governorates)
    return out


def score(
    gold: list[GoldArticle],
    corpus: dict[str, Article],
    extractions: dict[str, ArticleExtraction],
    governorates: dict[str, str | None] | None = None,
) -> ExtractEvaluation:
    """Return the ExtractEvaluation of given extractions (no extraction run); ``governorates``
    are article-level governorates for the FA-KES agreement (see fakes_admin1_agreement)."""
    ev = ExtractEvaluation(articles=len(gold))
    ev.missing_articles = [g.id for g in gold if g.id not in corpus]
    present = [g for g in gold if g.id in corpus]
    pairs = []
    nulls_right = nulls = found = 0
    for g in present:
        incidents = extractions[g.id].incidents if g.id in extractions else []
        pred = incidents[0] if incidents else None
        if g.incident is None:
            nulls += 1
            nulls_right += pred is None
        else:
            found += pred is not None
            pairs.append((g.id, g.incident, pred))
    ev.with_incident = len(pairs)
    ev.null_articles = nulls
    ev.null_detection_accuracy = _ratio(nulls_right, nulls) if nulls else None
    ev.incident_recall = _ratio(found, len(pairs)) if pairs else None
    _score_fields(ev, pairs)
    _score_claims(ev, pairs, {aid: corpus[aid].text for aid, _, _ in pairs},
                  {aid: corpus[aid].outlet for aid, _, _ in pairs})
    ev.fakes_rows, ev.fakes_admin1_agreement = fakes_admin1_agreement(
        list(corpus.values()), extractions, governorates)
    return ev
