"""Evaluation against gold files and labelled data: extraction, linking, credibility, the reference
check, and the whole pipeline scored on a corpus through a store (:func:`evaluate_corpus`)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warclaims.api._db import ProgressCallback, engine_for
from warclaims.api.extraction import extract_articles, read_inputs
from warclaims.api.processing import ingest
from warclaims.api.queries import extractions
from warclaims.assess import reference_eval
from warclaims.assess import evaluate as credibility_eval
from warclaims.assess.corpus import build_inputs, read_labelled
from warclaims.extract import evaluate as extraction_eval
from warclaims.extract.evaluate import read_gold, score_by_split
from warclaims.link import Report, lead_of, report_from_gold
from warclaims.link import evaluate as link_eval
from warclaims.link.evaluate import read_gold as read_gold_lines
from warclaims.models import Article
from warclaims.reconcile.evaluate import (
    CorpusEvaluation,
    lost_coordinates,
    reconciled_best,
    score_corpus,
    split_lines,
)
from warclaims.store import articles as article_store
from warclaims.store import ledger as ledger_store

if TYPE_CHECKING:
    import sqlalchemy as sa


def evaluate_corpus(
    gold: str,
    corpus: str | Sequence[str],
    *,
    fmt: str | None = None,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    db: str | None = None,
):
    """Return the :class:`warclaims.reconcile.evaluate.CorpusEvaluation` of a gold file inside
    a whole corpus: the corpus is ingested into a temporary SQLite store (or ``db``) exactly as
    :func:`ingest` does (extract, link, reconcile, assess), then the gold articles' extractions,
    links and ledgers are read back and scored per gold split."""
    started = time.perf_counter()
    gold_articles, lines = read_gold(gold), read_gold_lines(gold)
    with tempfile.TemporaryDirectory(prefix="warclaims-eval-") as tmp:
        with engine_for(db or str(Path(tmp) / "eval.db")) as engine:
            report = ingest(corpus, db=engine, fmt=fmt, workers=workers, progress=progress)
            # A gold article whose text is byte-identical to one stored before it is stored once
            # (content hash): it is judged by what its stored twin became.
            twin = {d.article_id: d.existing_id for d in report.duplicate_items}
            stored = {a.id: a for a in article_store.list_articles(engine, limit=None)}
            stored.update({aid: stored[tid] for aid, tid in twin.items() if tid in stored})
            extracted = {e.article_id: e for e in extractions(engine)}
            extracted.update({aid: extracted[tid] for aid, tid in twin.items() if tid in extracted})
            placed = {}
            for line in lines:
                aid = str(line["id"])
                found = ledger_store.incidents_of_article(engine, twin.get(aid, aid))
                if found:
                    placed[aid] = found[0]
            ledgers = {iid: ledger_store.get_incident(engine, iid) for iid in dict.fromkeys(placed.values())}
            incidents = ledger_store.count_incidents(engine)
            lost = [inc.id for inc, ledger in ledger_store.iter_linked_incidents(engine)
                    if lost_coordinates(inc, ledger)]
    result = CorpusEvaluation(corpus_articles=len(stored), incidents=incidents, failed=report.failed,
                              incidents_lost_coordinates=lost)
    result.extraction = score_by_split(gold_articles, stored, extracted)
    result.linking = {name: score_corpus(part, placed, ledgers) for name, part in split_lines(lines).items()}
    result.seconds = round(time.perf_counter() - started, 1)
    return result


def evaluate_extraction(gold: str, corpus: str, *, fmt: str | None = None) -> dict[str, Any]:
    """Return the extraction scores of the gold articles' texts read from ``corpus`` (format ``fmt``,
    default detected), per gold split (``tune``, ``check`` when the gold has them, and ``all``):
    :class:`warclaims.extract.evaluate.ExtractionEvaluation` each. No store is used."""
    gold_articles = extraction_eval.read_gold(gold)
    articles = (a for a in read_inputs([corpus], fmt=fmt) if isinstance(a, Article))
    return extraction_eval.evaluate_extraction_by_split(gold_articles, articles)


def extracted_reports(lines: list[dict], corpus: str) -> list[Report]:
    """Return the Reports of the main incidents extracted from the corpus articles that are in ``lines``."""
    wanted = {str(line["id"]) for line in lines}
    articles: dict[str, Article] = {}
    for item in read_inputs([corpus]):
        if isinstance(item, Article) and item.id in wanted:
            articles.setdefault(item.id, item)
    reports = []
    for extraction in extract_articles(list(articles.values())):
        article = articles[extraction.article_id]
        main = next((inc for inc in extraction.incidents if inc.index == 0), None)
        if main is None:
            continue
        main.article_id = article.id
        reports.append(Report(article_id=article.id, incident=main, outlet=article.outlet,
                              published=article.published, lead=lead_of(main, article.title)))
    return reports


def evaluate_links(gold: str, corpus: str | None = None) -> dict[str, Any]:
    """Return the pairwise linking scores of the gold articles per gold split (each split linked on
    its own): their incidents extracted from ``corpus``, or with no corpus the gold incidents
    themselves (isolates linking quality). Each is a :class:`warclaims.link.evaluate.LinkEvaluation`,
    with how often the reconciled best estimate equals a gold claim's figure."""
    lines = link_eval.read_gold(gold)
    if corpus is None:
        reports = [r for r in (report_from_gold(line) for line in lines) if r is not None]
        source = "gold-incidents"
    else:
        reports, source = extracted_reports(lines, corpus), "extracted"
    results = {}
    for name, part in split_lines(lines).items():  # tune, check (when the gold has them), all
        ids = {str(line["id"]) for line in part}
        results[name] = link_eval.evaluate_links(part, [r for r in reports if r.article_id in ids],
                                                 source=source, best_of=reconciled_best)
    return results


def evaluate_credibility(train: str, *, test: str | None = None, cv: int | None = None) -> Any:
    """Return the credibility model's scores trained on the labelled file ``train``: on ``test``, or
    with ``cv`` stratified k-fold cross-validation on ``train`` (give one of them)."""
    corpus = read_labelled(train)
    if cv:
        return credibility_eval.cross_validate(corpus, cv)
    return credibility_eval.train_test(corpus, read_labelled(test))  # type: ignore[arg-type]


def evaluate_reference(train: str, *, first: int, last: int, folds: int, rows: str | None = None) -> Any:
    """Return the agreement of the reference check with the labels of the articles of ``train``
    published from year ``first`` to ``last`` (:func:`warclaims.assess.reference_eval.evaluate_reference`,
    ``folds`` for the out-of-fold full score); with ``rows``, write one CSV row per article there."""
    corpus = reference_eval.in_period(read_labelled(train), first, last)
    report = reference_eval.evaluate_reference(corpus, build_inputs(corpus.articles), folds=folds)
    if rows:
        reference_eval.write_rows(report.rows, rows)
    return report
