"""Assessing stored articles: gather inputs from the store, score, save the verdicts.

Peers come from the link stage run over the stored extractions (the same grouping the
ledger uses); reference records are the bundled UCDP GED set and the ``reference_records``
table (0004) of imported sets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from warclaims.assess.corpus import link_peers
from warclaims.assess.features import AssessInput
from warclaims.assess.ledger import PeerReport, main_incident
from warclaims.assess.model import ModelBundle, load_model
from warclaims.assess.bundled import BUNDLED_DATASET, bundled_index
from warclaims.assess.matching import (
    date_window,
    incident_check_record,
    ledger_incident,
    ledger_text,
    match_incident,
    reference_check_record,
)
from warclaims.assess.records import Credibility, ReferenceRecord
from warclaims.assess.score import assess
from warclaims.errors import E, WarclaimsError
from warclaims.models import Article, ArticleExtraction, Incident
from warclaims.store import get_article, iter_extractions, load_extraction
from warclaims.store.credibility import has_dataset, has_reference_records, reference_window, save_credibility
from warclaims.store.ledger import get_linked_incident, incidents_of_article

if TYPE_CHECKING:
    from warclaims.reconcile.ledger import Ledger


def stored_corpus(engine: sa.Engine) -> tuple[list[Article], list[ArticleExtraction]]:
    """Return every stored article (latest revision) that has an extraction, with it."""
    articles, extractions = [], []
    for ext in iter_extractions(engine):
        art = get_article(engine, ext.article_id)
        if art is not None:
            articles.append(art)
            extractions.append(ext)
    return articles, extractions


def stored_peers(engine: sa.Engine) -> dict[str, list[PeerReport]]:
    """Return, per stored article id, the other stored reports of its main incident."""
    articles, extractions = stored_corpus(engine)
    if not articles:
        return {}
    return {a.id: p for a, p in zip(articles, link_peers(articles, extractions), strict=True)}


def linked_peers(engine: sa.Engine, article_id: str) -> list[PeerReport] | None:
    """Return the peers of the article's main incident from the stored links (0003), None when not linked."""
    incident_ids = incidents_of_article(engine, article_id)
    if not incident_ids:
        return None
    return incident_peers(engine, incident_ids[0], article_id)


def incident_peers(engine: sa.Engine, incident_id: str, article_id: str | None = None) -> list[PeerReport]:
    """Return the stored reports of a linked incident as peers, leaving out ``article_id``;
    raise W303 for an unknown incident.

    Each peer is the article's report that is linked to this incident, which need not be the
    article's main incident (a story about another attack that recalls this one)."""
    return [
        PeerReport(article_id=r.article_id, outlet=r.outlet, incident=r.incident)
        for r in get_linked_incident(engine, incident_id).reports
        if r.article_id != article_id
    ]


def stored_references(engine: sa.Engine, extraction: ArticleExtraction | None) -> list[ReferenceRecord]:
    """Return the reference records that could match the main incident (by its date window):
    the bundled UCDP GED set (unless an imported ``ucdp-ged`` release replaces it) and the
    imported sets. Matching itself is :func:`warclaims.assess.matching.match_incident`."""
    return reference_candidates_for(engine, main_incident(extraction))


class ReferenceSource:
    """The reference records in use for one store: the bundled UCDP GED set unless an imported
    ``ucdp-ged`` release replaces it, plus the imported sets. What is stored is looked up once,
    so checking many incidents (an export) costs one date-window query each, none when nothing
    is imported."""

    def __init__(self, engine: sa.Engine) -> None:
        """Note whether the store holds imported records and whether they replace the bundled set."""
        self.engine = engine
        self.imported = has_reference_records(engine)  # every incident page asks: probe, do not count
        self.bundled = not (self.imported and has_dataset(engine, BUNDLED_DATASET))

    def between(self, first: dt.date, last: dt.date) -> list[ReferenceRecord]:
        """Return the records in use that touch any day from ``first`` to ``last``."""
        records = reference_window(self.engine, first, last) if self.imported else []
        if self.bundled:
            records.extend(bundled_index().between(first, last))
        return records

    def for_incident(self, incident: Incident | None) -> list[ReferenceRecord]:
        """Return the records within the incident's date window (see
        :func:`warclaims.assess.matching.date_window`); empty for no incident or a vague date."""
        window = date_window(incident) if incident is not None else None
        return self.between(*window) if window is not None else []

    def check(self, ledger: Ledger) -> dict[str, Any]:
        """Return the reference check of one linked incident (see :func:`reference_check`)."""
        incident = ledger_incident(ledger)
        found = match_incident(incident, self.for_incident(incident), ledger_text(ledger))
        return reference_check_record(ledger, found)


def reference_candidates_for(engine: sa.Engine, incident: Incident | None) -> list[ReferenceRecord]:
    """Return the bundled and stored records within the incident's date window (see
    :func:`warclaims.assess.matching.date_window`); empty for no incident or a vague date."""
    return ReferenceSource(engine).for_incident(incident)


def records_between(engine: sa.Engine, first: dt.date, last: dt.date) -> list[ReferenceRecord]:
    """Return the reference records in use that touch any day from ``first`` to ``last``."""
    return ReferenceSource(engine).between(first, last)


def reference_check(engine: sa.Engine, ledger: Ledger) -> dict[str, Any]:
    """Return the reference check of one linked incident (JSON-ready): the matched records with
    their evidence, the records' interval and the verdict of each claim."""
    return ReferenceSource(engine).check(ledger)


def incident_reference(engine: sa.Engine, incident: Incident, text: str | None = None) -> dict[str, Any]:
    """Return the reference check of one article incident (JSON-ready): matched records with their
    evidence, the records' interval and each claim's verdict; ``text`` is the article's."""
    found = match_incident(incident, reference_candidates_for(engine, incident), text)
    return incident_check_record(incident, found)


def reference_checker(engine: sa.Engine):
    """Return a function giving the reference check of a ledger (for the exports' ``reference_of``),
    with the store's reference sets looked up once for all ledgers."""
    return ReferenceSource(engine).check


def _extracted_ids(engine: sa.Engine) -> list[str]:
    return sorted(e.article_id for e in iter_extractions(engine))


def _extraction(engine: sa.Engine, article: Article) -> ArticleExtraction | None:
    return load_extraction(engine, article.id)


def assess_stored(engine: sa.Engine, article_ids: Iterable[str] | None = None, *,
                  bundle: ModelBundle | None = None, save: bool = True) -> Iterator[Credibility]:
    """Yield (and store) the verdict of each given article, or of every extracted article when None.

    Raises W302 for an unknown article id.
    """
    bundle = bundle or load_model()
    source = ReferenceSource(engine)  # the reference sets in use, looked up once for the run
    relinked: dict[str, list[PeerReport]] | None = None
    ids = list(article_ids) if article_ids is not None else _extracted_ids(engine)
    for article_id in ids:
        article = get_article(engine, article_id)
        if article is None:
            raise WarclaimsError(E.W302, item=article_id)
        extraction = _extraction(engine, article)
        # An article with no incident has no peers; only one whose incident is not linked yet
        # (`warclaims relink` not run) needs the stored reports linked now, once per call.
        peers = linked_peers(engine, article_id) if main_incident(extraction) is not None else []
        if peers is None:
            relinked = stored_peers(engine) if relinked is None else relinked
            peers = relinked.get(article_id, [])
        data = AssessInput(article=article, extraction=extraction, peers=peers,
                           references=source.for_incident(main_incident(extraction)))
        cred = assess(data, bundle)
        if save:
            save_credibility(engine, cred)
        yield cred
