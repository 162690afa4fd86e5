"""Evaluation against gold files: the whole pipeline scored on a corpus (:func:`evaluate_corpus`)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from warclaims.api._db import ProgressCallback, engine_for
from warclaims.api.processing import ingest
from warclaims.api.queries import extractions
from warclaims.extract.evaluate import read_gold, score_by_split
from warclaims.link.evaluate import read_gold as read_gold_lines
from warclaims.reconcile.evaluate import CorpusEvaluation, lost_coordinates, score_corpus, split_lines
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

