"""Assessing stored articles: gather inputs from the store, score, save the verdicts.

Peers come from the link stage run over the stored extractions (the same grouping the
ledger uses); reference records come from the ``reference_records`` table (0004).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlalchemy as sa

from warclaims.assess.corpus import link_peers
from warclaims.assess.features import AssessInput
from warclaims.assess.ledger import PeerReport, main_incident
from warclaims.assess.model import ModelBundle, load_model
from warclaims.assess.records import Credibility, ReferenceRecord
from warclaims.assess.reference import match_records
from warclaims.assess.score import assess
from warclaims.errors import E, WarclaimsError
from warclaims.models import Article, ArticleExtraction


def stored_corpus(engine: sa.Engine) -> tuple[list[Article], list[ArticleExtraction]]:
    """Return every stored article (latest revision) that has an extraction, with it."""
    from warclaims.store import get_article, iter_extractions

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
    from warclaims.store.ledger import incidents_of_article

    incident_ids = incidents_of_article(engine, article_id)
    if not incident_ids:
        return None
    return incident_peers(engine, incident_ids[0], article_id)


def incident_peers(engine: sa.Engine, incident_id: str, article_id: str | None = None) -> list[PeerReport]:
    """Return the stored reports of a linked incident as peers, leaving out ``article_id``;
    raise W303 for an unknown incident.

    Each peer is the article's report that is linked to this incident, which need not be the
    article's main incident (a story about another attack that recalls this one)."""
    from warclaims.store.ledger import get_linked_incident

    return [
        PeerReport(article_id=r.article_id, outlet=r.outlet, incident=r.incident)
        for r in get_linked_incident(engine, incident_id).reports
        if r.article_id != article_id
    ]


def stored_references(engine: sa.Engine, extraction: ArticleExtraction | None) -> list[ReferenceRecord] | None:
    """Return the reference records matching the main incident; None when no reference data is loaded."""
    from warclaims.store.credibility import count_reference_records, reference_candidates

    if count_reference_records(engine) == 0:
        return None
    inc = main_incident(extraction)
    if inc is None or inc.date is None:
        return []
    return match_records(inc, reference_candidates(engine, inc.date))


def _extracted_ids(engine: sa.Engine) -> list[str]:
    from warclaims.store import iter_extractions

    return sorted(e.article_id for e in iter_extractions(engine))


def _extraction(engine: sa.Engine, article: Article) -> ArticleExtraction | None:
    from warclaims.store import load_extraction

    return load_extraction(engine, article.id)


def assess_stored(engine: sa.Engine, article_ids: Iterable[str] | None = None, *,
                  bundle: ModelBundle | None = None, save: bool = True) -> Iterator[Credibility]:
    """Yield (and store) the verdict of each given article, or of every extracted article when None.

    Raises W302 for an unknown article id.
    """
    from warclaims.store import get_article
    from warclaims.store.credibility import save_credibility

    bundle = bundle or load_model()
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
                           references=stored_references(engine, extraction))
        cred = assess(data, bundle)
        if save:
            save_credibility(engine, cred)
        yield cred
