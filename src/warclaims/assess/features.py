"""Feature rows for the credibility model: every signal of an article, plus its text and metadata.

:func:`collect_signals` gathers the signals of one article (ledger, reference, sourcing,
extraction shape) as pure functions of its inputs; :func:`feature_row` flattens them
into the dict the model's DictVectorizer reads. A signal that cannot be measured (no peers,
no figure) is 0 with a ``<name>_missing`` indicator set, so "unknown" is not read as "0".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from warclaims.assess.ledger import PeerReport, incident_killed, ledger_signals, main_incident
from warclaims.assess.records import ReferenceRecord, Signal
from warclaims.assess.reference import reference_signals
from warclaims.assess.sourcing import full_text, sourcing_signals, word_count
from warclaims.models import Article, ArticleExtraction


SHIFT_ONLY = ("toll_outside", "toll_in_range", "attributed_share", "claimant_monitor_ngo",
              "claimant_international_org", "claimant_activist_local", "partisan_share", "lex_sensational")
"""Signals applied as fixed evidence shifts and sourcing priors (score.py), never learned, so no
evidence is counted twice: FA-KES cannot teach their direction (its labels are noisy; a learned
toll weight came out with the wrong sign), and reference data is not in the training corpus."""


@dataclass(slots=True, kw_only=True)
class AssessInput:
    """Everything the credibility of one article is computed from."""

    article: Article
    extraction: ArticleExtraction | None
    peers: list[PeerReport] = field(default_factory=list)
    references: list[ReferenceRecord] | None = None
    """Matched reference records; None when no reference dataset is loaded at all."""


def extraction_signals(article: Article, extraction: ArticleExtraction | None) -> list[Signal]:
    """Return signals of what the extraction found: toll size, date and place specificity."""
    inc = main_incident(extraction)
    killed = incident_killed(inc) if inc else None
    injured = inc.injured if inc else None
    words = word_count(full_text(article))  # the lexicon rates' denominator too
    out = [
        Signal(name="has_incident", value=float(inc is not None), group="text",
               evidence="a violent incident is reported" if inc else "no violent incident found"),
        Signal(name="log_killed", value=math.log1p(killed.point) if killed and killed.point is not None else None,
               group="text", evidence=f"toll of {killed.point} killed" if killed else "no death toll"),
        Signal(name="log_injured", value=math.log1p(injured.point) if injured and injured.point is not None else None,
               group="text", evidence=f"{injured.point} injured" if injured else "no injured figure"),
        Signal(name="open_ended", value=float(killed is not None and killed.high is None), group="text",
               evidence="the toll is open-ended ('at least')" if killed is not None and killed.high is None
               else "the toll is a closed figure"),
        Signal(name="date_day", value=float(bool(inc and inc.date and inc.date_precision == "day")), group="text",
               evidence="the incident's day is stated" if inc and inc.date_precision == "day" else "no exact day"),
        Signal(name="has_place", value=float(bool(inc and inc.place)), group="text",
               evidence=f"place named: {inc.place}" if inc and inc.place else "no specific place named"),
        Signal(name="incidents", value=float(len(extraction.incidents) if extraction else 0), group="text",
               evidence=f"{len(extraction.incidents) if extraction else 0} incident(s) reported"),
        Signal(name="log_words", value=math.log(words), group="text", evidence=f"{words} words"),
    ]
    return out


def collect_signals(data: AssessInput) -> list[Signal]:
    """Return every signal of one article, in a fixed order."""
    inc = main_incident(data.extraction)
    signals = [
        *ledger_signals(data.extraction, data.peers, data.article.outlet),
        *sourcing_signals(data.article, data.extraction),
        *extraction_signals(data.article, data.extraction),
    ]
    if data.references is not None:
        text = f"{data.article.title or ''}\n{data.article.text}"
        signals.extend(reference_signals(inc, data.references, text))
    return signals


def categorical_features(data: AssessInput) -> dict[str, str]:
    """Return the categorical features: outlet, event type, perpetrator, victims."""
    inc = main_incident(data.extraction)
    return {
        "outlet": (data.article.outlet or "unknown").strip().lower(),
        "event_type": inc.event_type if inc else "none",
        "perpetrator": inc.perpetrator if inc else "none",
        "victims": inc.victims if inc else "none",
    }


def feature_row(signals: list[Signal], categorical: dict[str, str]) -> dict[str, Any]:
    """Return the flat feature dict of one article (DictVectorizer input)."""
    row: dict[str, Any] = {}
    for s in signals:
        if s.group == "reference" or s.name in SHIFT_ONLY:
            continue
        row[s.name] = 0.0 if s.value is None else float(s.value)
        row[f"{s.name}_missing"] = float(s.value is None)
    row.update(categorical)  # strings become one-hot columns "outlet=sana"
    return row


def model_text(article: Article) -> str:
    """Return the text the model's TF-IDF block reads: title and body."""
    return full_text(article)


def model_item(data: AssessInput, signals: list[Signal] | None = None) -> dict[str, Any]:
    """Return the model input of one article: ``{"row": features, "text": text}``."""
    signals = collect_signals(data) if signals is None else signals
    return {"row": feature_row(signals, categorical_features(data)), "text": model_text(data.article)}
