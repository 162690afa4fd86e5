"""The Python API of warclaims: what the CLI and the web app call.

Every function takes ``db`` as a SQLAlchemy URL, a SQLite file path, an already open
Engine, or None (``$WARCLAIMS_DB``, else ``./warclaims.db``); a URL is opened (and
migrated) for the call and closed afterwards.

    >>> from warclaims import api
    >>> report = api.ingest(["data/fakes/fakes-dev.csv"], fmt="fakes", process=False)  # doctest: +SKIP
    >>> report.ingested, report.duplicates, report.failed  # doctest: +SKIP

Progress is reported through an optional callback ``progress(stage, done, total)``
where ``stage`` is ``"ingest"`` or ``"process"`` and ``total`` may be None (unknown).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warclaims.errors import E, WarclaimsError
from warclaims.models import Article, ArticleExtraction, IngestFailure

if TYPE_CHECKING:
    import sqlalchemy as sa

    from warclaims.store.articles import Duplicate

ProgressCallback = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``: called as items are handled; ``total`` None when unknown."""

EXTRACT_BATCH = 16
PROCESS_PAGE = 512
"""Articles read from the store at a time by :func:`process` (bounds memory on large stores)."""
PIPELINE = "warclaims.extract.pipeline"
"""The module providing ``extract_articles`` and ``extract_article`` (the extract contract)."""


@dataclass(slots=True, kw_only=True)
class ProcessReport:
    """The outcome of :func:`process`: counts, and the articles whose extraction failed."""

    processed: int = 0
    """Article revisions extracted and stored (failures excluded)."""
    incidents: int = 0
    claims: int = 0
    failed: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    """One per failed article: ``source_ref`` is the article id, ``code`` W2xx."""
    warnings: list[IngestFailure] = field(default_factory=list)
    """Things recorded about extracted articles, e.g. W205 for a text cut for extraction."""
    article_ids: list[str] = field(default_factory=list)
    """Articles extracted in this run (linked and assessed after extraction)."""
    linked_reports: int = 0
    """Article incidents attached to cross-source incidents after extraction."""
    linked_created: int = 0
    """Cross-source incidents founded by that linking."""
    linked_updated: int = 0
    """Existing cross-source incidents that linking gave new reports."""
    incidents_total: int = 0
    """Cross-source incidents in the store after linking."""
    assessed: int = 0
    """Articles given a credibility score after linking."""
    resumed: dict[str, int] = field(default_factory=dict)
    """Work an interrupted earlier run left and this run finished: ``extract`` (articles),
    ``link`` (reports), ``reconcile`` (incidents whose summary was stale), ``assess`` (articles)."""

    @property
    def ok(self) -> bool:
        """Return True when no article failed."""
        return self.failed == 0


@dataclass(slots=True, kw_only=True)
class IngestReport:
    """The outcome of :func:`ingest`: counts, failures and duplicates, and processing when run."""

    run_id: str
    ingested: int = 0
    """New articles stored (revision 1)."""
    duplicates: int = 0
    """Items whose text was already stored (not failures)."""
    revisions: int = 0
    """New revisions of stored articles (same id or URL, changed text)."""
    corrected: int = 0
    """Stored articles whose fields (date, title, outlet, URL) a re-ingest of the same text corrected."""
    failed: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestFailure] = field(default_factory=list)
    """Things recorded about items read anyway or skipped on purpose (guessed encoding, unknown file type...)."""
    duplicate_items: list[Duplicate] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    """Ids of the articles stored or revised in this run."""
    processed: ProcessReport | None = None

    @property
    def ok(self) -> bool:
        """Return True when no item failed to ingest and no article failed to process."""
        return self.failed == 0 and (self.processed is None or self.processed.ok)


@dataclass(slots=True, kw_only=True)
class ArticleDetail:
    """One stored article with its revisions, processing state and extraction (if any)."""

    article: Article
    revisions: list[int] = field(default_factory=list)
    processed: dict[str, Any] | None = None
    """The processed marker: revision, extractor_version, processed_at, incidents, error_code/message."""
    extraction: ArticleExtraction | None = None
    credibility: Any | None = None
    reference: list[dict[str, Any]] = field(default_factory=list)
    """Per incident (in extraction order): the matched reference records and each claim's verdict."""
    """The stored :class:`warclaims.assess.records.Credibility` verdict, when assessed."""


@contextlib.contextmanager
def _engine(db: str | sa.Engine | None) -> Iterator[sa.Engine]:
    """Yield an Engine for ``db``: the one given, or a freshly opened one disposed afterwards."""
    import sqlalchemy as sa

    from warclaims.store.engine import open_store

    if isinstance(db, sa.Engine):
        yield db
        return
    engine = open_store(db)
    try:
        yield engine
    finally:
        engine.dispose()


def _notify(progress: ProgressCallback | None, stage: str, done: int, total: int | None) -> None:
    if progress is not None:
        progress(stage, done, total)


def _reader_options(**options: Any) -> dict[str, Any]:
    """Return only the reader options that were given, so readers keep their own defaults."""
    return {k: v for k, v in options.items() if v is not None}


def ingest(
    inputs: str | Sequence[str],
    *,
    db: str | sa.Engine | None = None,
    fmt: str | None = None,
    process: bool = True,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    mapping: dict[str, str] | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
) -> IngestReport:
    """Read ``inputs`` (paths, directories, URLs), store their articles, and extract them.

    Returns an IngestReport: ingested / duplicates / revisions / failed counts, each
    failure (also stored, see :func:`errors`), and the ProcessReport when ``process``.
    Per-item problems never raise; a problem with the whole call (unknown format,
    database cannot be opened) raises WarclaimsError.
    """
    from warclaims.ingest import read_inputs

    if isinstance(inputs, str):
        inputs = [inputs]
    report = IngestReport(run_id=uuid.uuid4().hex)
    with _engine(db) as engine:
        items = read_inputs(
            list(inputs), fmt, **_reader_options(mapping=mapping, max_bytes=max_bytes, timeout=timeout)
        )
        _ingest_items(engine, items, report, process=process, workers=workers, progress=progress)
    return report


def ingest_items(
    items: Iterable[Article | IngestFailure],
    *,
    db: str | sa.Engine | None = None,
    process: bool = True,
    workers: int = 1,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Store already read items (Articles and IngestFailures) exactly as :func:`ingest` stores its inputs.

    For callers that read the items themselves (``warclaims watch`` parses a feed it fetched
    with a conditional request); failures are recorded, articles stored and, when
    ``process``, extracted, linked and assessed. Returns the IngestReport.
    """
    report = IngestReport(run_id=uuid.uuid4().hex)
    with _engine(db) as engine:
        _ingest_items(engine, items, report, process=process, workers=workers, progress=progress)
    return report


def _ingest_items(
    engine: sa.Engine,
    items: Iterable[Article | IngestFailure],
    report: IngestReport,
    *,
    process: bool,
    workers: int,
    progress: ProgressCallback | None,
) -> None:
    """Store ``items`` in batches, record the failures and warnings, then process the store
    when asked (finishing what an interrupted run left, see ``ProcessReport.resumed``)."""
    from warclaims.ingest.normalize import warnings_of
    from warclaims.store.articles import BATCH_SIZE, add_articles, record_failures

    seen = 0
    batch: list[Article] = []
    for item in items:
        seen += 1
        if isinstance(item, IngestFailure):
            (report.warnings if item.warning else report.failures).append(item)
        else:
            report.warnings.extend(warnings_of(item))
            batch.append(item)
        if len(batch) >= BATCH_SIZE:
            _store_batch(engine, batch, report, add_articles)
            batch = []
        _notify(progress, "ingest", seen, None)
    _store_batch(engine, batch, report, add_articles)
    report.failed = len(report.failures)
    record_failures(engine, [*report.failures, *report.warnings], run_id=report.run_id)
    _notify(progress, "ingest", seen, seen)
    if process:
        report.processed = _process(engine, workers=workers, progress=progress)
        stored_now = set(report.article_ids)
        report.processed.resumed["extract"] = sum(1 for a in report.processed.article_ids if a not in stored_now)


def _store_batch(engine: sa.Engine, batch: list[Article], report: IngestReport, add_articles) -> None:
    if not batch:
        return
    result = add_articles(engine, batch)
    report.ingested += len(result.ingested)
    report.revisions += len(result.revisions)
    report.duplicates += len(result.duplicates)
    report.duplicate_items.extend(result.duplicates)
    report.corrected += len(result.corrected)
    report.article_ids.extend(aid for aid, _ in result.corrected)
    report.article_ids.extend(result.ingested)
    report.article_ids.extend(aid for aid, _ in result.revisions)


def process(
    db: str | sa.Engine | None = None,
    *,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    limit: int | None = None,
    batch_size: int = EXTRACT_BATCH,
    pipeline: str = PIPELINE,
    resume: bool = True,
) -> ProcessReport:
    """Extract incidents and claims from every stored article revision not yet processed.

    Resumable: results are stored as they come, and an interrupted run continues where it
    stopped; with ``resume`` it also links and assesses what an interrupted run (or a
    ``warclaims load``) left unlinked or unassessed (``ProcessReport.resumed`` says how much). ``workers > 1`` runs extraction in that many worker processes, each loading
    spaCy once. Returns a ProcessReport; failed articles are stored as errors (W2xx) and
    not retried by later runs. ``pipeline`` names another module with the same two
    functions as :mod:`warclaims.extract.pipeline` (an alternative extractor, or a stub in tests).
    """
    with _engine(db) as engine:
        return _process(engine, workers=workers, progress=progress, limit=limit, batch_size=batch_size,
                        pipeline=pipeline, resume=resume)


def _process(
    engine: sa.Engine,
    *,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    limit: int | None = None,
    batch_size: int = EXTRACT_BATCH,
    pipeline: str = PIPELINE,
    resume: bool = True,
) -> ProcessReport:
    from warclaims.store.articles import count_unprocessed, unprocessed_articles
    from warclaims.store.progress import StageCounts, stage_counts

    # What an interrupted run left for the link and assess stages (nothing looked at without resume).
    left = stage_counts(engine) if resume else StageCounts()
    total = count_unprocessed(engine)
    total = min(total, limit) if limit is not None else total
    report = ProcessReport()
    _notify(progress, "process", 0, total)
    done = 0
    # One pool for the whole run: each worker loads spaCy once, not once per page.
    with _extraction_pool(workers, total, batch_size, pipeline) as pool:
        # Page through the store: every handled article gets a processed marker (even on
        # failure), so each page query returns only articles not seen yet.
        while done < total:
            page = unprocessed_articles(engine, limit=min(PROCESS_PAGE, total - done))
            if not page:
                break
            chunks = [page[i : i + batch_size] for i in range(0, len(page), batch_size)]
            revisions = {a.id: a.revision for a in page}
            _record_cut_texts(engine, page, report, pipeline)
            for outcomes in _extract_chunks(chunks, pool=pool, batch_size=batch_size, pipeline=pipeline):
                _store_outcomes(engine, outcomes, revisions, report)
                done += len(outcomes)
                _notify(progress, "process", done, total)
    report.resumed = {"link": left.unlinked_reports, "reconcile": left.stale_incidents, "assess": left.unassessed}
    if report.article_ids or left.unlinked_reports or left.stale_incidents or left.unassessed:
        _link_and_assess(engine, report, progress)
    return report


def _link_and_assess(engine: sa.Engine, report: ProcessReport, progress: ProgressCallback | None) -> None:
    """Attach the newly extracted reports to cross-source incidents, then score the new articles.

    Linking is incremental (only the new reports' blocking windows are loaded), and the
    credibility of an article depends on its incident's other reports, so it runs after.
    """
    from warclaims.services.assess import assess_stored
    from warclaims.store.ledger import attach_new
    from warclaims.store.progress import unassessed_article_ids

    _notify(progress, "link", 0, None)
    run = attach_new(engine)
    report.linked_reports = run.reports
    report.linked_created = run.created
    report.linked_updated = run.updated
    report.incidents_total = run.incidents
    ids = list(report.article_ids)
    if report.resumed.get("assess"):  # and those an interrupted run left unassessed
        with engine.connect() as conn:
            ids = list(dict.fromkeys([*ids, *unassessed_article_ids(conn)]))
    for n, _cred in enumerate(assess_stored(engine, ids), start=1):
        report.assessed = n
        _notify(progress, "assess", n, len(ids))


Outcome = tuple[str, "ArticleExtraction | None", "IngestFailure | None"]


@contextlib.contextmanager
def _extraction_pool(workers: int, total: int, batch_size: int, pipeline: str) -> Iterator[Any]:
    """Yield one pool of worker processes for a whole ``process`` run, or None when the run
    extracts in this process (one worker, or no more than one chunk of articles)."""
    chunks = -(-total // batch_size)
    if workers <= 1 or chunks <= 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: workers start clean (no inherited DB connections or threads) on every platform.
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(workers, chunks),
        mp_context=ctx,
        initializer=warm_up_worker,
        initargs=(pipeline,),
    )
    try:
        yield pool
    finally:
        # On Ctrl-C or an error, drop the queued chunks instead of extracting them all first.
        pool.shutdown(wait=True, cancel_futures=True)


def _extract_chunks(
    chunks: list[list[Article]], *, pool: Any, batch_size: int, pipeline: str
) -> Iterator[list[Outcome]]:
    """Yield the outcomes of each chunk (in completion order), in ``pool`` or, when ``pool``
    is None, in this process."""
    if pool is None:
        for chunk in chunks:
            yield extract_chunk(chunk, batch_size, pipeline)
        return
    from concurrent.futures import as_completed

    futures = [pool.submit(extract_chunk, chunk, batch_size, pipeline) for chunk in chunks]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        for future in futures:  # a page abandoned midway leaves nothing queued
            future.cancel()


def warm_up_worker(pipeline: str = PIPELINE) -> None:
    """Load the extraction pipeline (spaCy) once in a worker process; returns None."""
    import importlib

    with contextlib.suppress(Exception):  # a failure here shows up again, per article, later
        warm = Article(id="warm-up", text="Two people were killed in Aleppo on Monday.")
        importlib.import_module(pipeline).extract_article(warm)


def _failure(article: Article, exc: Exception) -> IngestFailure:
    if isinstance(exc, WarclaimsError):
        err = exc
    else:
        err = WarclaimsError(E.W201, item=article.id, reason=f"{type(exc).__name__}: {exc}")
    return IngestFailure(source_ref=article.id, code=err.code.value, message=" ".join(err.message.split()))


def extract_chunk(
    articles: list[Article], batch_size: int = EXTRACT_BATCH, pipeline: str = PIPELINE
) -> list[Outcome]:
    """Return ``(article_id, extraction, None)`` or ``(article_id, None, failure)`` per article.

    Runs the batch through the pipeline; if the batch fails, each article is retried
    alone so one bad article does not fail its neighbours.
    """
    import importlib

    module = importlib.import_module(pipeline)
    extract_articles, extract_article = module.extract_articles, module.extract_article
    try:
        results = list(extract_articles(articles, batch_size=batch_size))
        if len(results) == len(articles):
            return [(a.id, r, None) for a, r in zip(articles, results, strict=True)]
    except Exception:  # noqa: BLE001 - fall back to one article at a time to isolate the culprit
        pass
    outcomes: list[Outcome] = []
    for article in articles:
        try:
            outcomes.append((article.id, extract_article(article), None))
        except Exception as exc:  # noqa: BLE001 - recorded as W201 for this article only
            outcomes.append((article.id, None, _failure(article, exc)))
    return outcomes


def _record_cut_texts(engine: sa.Engine, page: list[Article], report: ProcessReport, pipeline: str) -> None:
    """Record what extraction will not read, so nothing is left out silently: W205 for each
    article longer than the extraction reads, W206 for each article in a language it does
    not read (it yields no incident, which is not the same as reporting none)."""
    import importlib

    from warclaims.errors import E
    from warclaims.ingest.normalize import warning
    from warclaims.store.articles import record_failures

    module = importlib.import_module(pipeline)
    limit = getattr(module, "MAX_TEXT_CHARS", None)
    unsupported = getattr(module, "unsupported_language", None)
    notes = []
    if limit is not None:  # an extractor without a text cap reads everything
        notes += [warning(E.W205, a.id, limit=limit, size=len(a.text)) for a in page if len(a.text) > limit]
    if unsupported is not None:
        notes += [warning(E.W206, a.id, language=lang) for a in page if (lang := unsupported(a))]
    record_failures(engine, notes)
    report.warnings.extend(notes)


def _store_outcomes(
    engine: sa.Engine, outcomes: list[Outcome], revisions: dict[str, int], report: ProcessReport
) -> None:
    from warclaims.store.articles import record_failures
    from warclaims.store.extractions import record_extraction_failure, save_new_extractions

    good = []
    for aid, ex, _fail in outcomes:
        if ex is not None:
            ex.article_id = aid  # the stored id, even if the extractor echoed another form of it
            good.append((ex, revisions[aid]))
    saved = set(save_new_extractions(engine, good))
    good = [(ex, rev) for ex, rev in good if ex.article_id in saved]  # not those another process stored
    for ex, _ in good:
        report.processed += 1
        report.article_ids.append(ex.article_id)
        report.incidents += len(ex.incidents)
        report.claims += sum(len(inc.claims) for inc in ex.incidents)
    failures = [fail for _, ex, fail in outcomes if fail is not None]
    for fail in failures:
        record_extraction_failure(
            engine, fail.source_ref, revisions[fail.source_ref], code=fail.code, message=fail.message
        )
    record_failures(engine, failures)
    report.failed += len(failures)
    report.failures.extend(failures)


@dataclass(slots=True, kw_only=True)
class DoctorReport:
    """What :func:`doctor` found (``before``), removed, finished, and what is left (``after``)."""

    before: Any
    """The store's StageCounts when the check started."""
    deleted: dict[str, int] = field(default_factory=dict)
    processed: ProcessReport | None = None
    after: Any = None
    """The StageCounts after repairing (None without ``repair``)."""

    @property
    def ok(self) -> bool:
        """Return True when the store is (now) consistent."""
        return (self.after or self.before).consistent


def doctor(db: str | sa.Engine | None = None, *, repair: bool = False, workers: int = 1,
           progress: ProgressCallback | None = None) -> DoctorReport:
    """Check the store's pipeline state; with ``repair``, delete orphaned rows and finish every stage.

    Reports revisions awaiting extraction, reports not linked, incidents whose summary is
    stale, extracted articles not assessed, and rows whose parent is missing. Repairing
    deletes the orphans, then runs :func:`process`, which extracts, links, reconciles and
    assesses what is left.
    """
    from warclaims.store.progress import delete_orphans, stage_counts

    with _engine(db) as engine:
        report = DoctorReport(before=stage_counts(engine))
        if repair and not report.before.consistent:
            report.deleted = delete_orphans(engine)
            report.processed = _process(engine, workers=workers, progress=progress)
            report.after = stage_counts(engine)
    return report


def articles(
    db: str | sa.Engine | None = None,
    *,
    search: str | None = None,
    outlet: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[Article]:
    """Return stored articles (latest revisions), newest first, filtered by text search and outlet."""
    from warclaims.store.articles import list_articles

    with _engine(db) as engine:
        return list_articles(engine, search=search, outlet=outlet, limit=limit, offset=offset)


def count_articles(
    db: str | sa.Engine | None = None, *, search: str | None = None, outlet: str | None = None
) -> int:
    """Return how many stored articles match the filters of :func:`articles`."""
    from warclaims.store.articles import count_articles as count

    with _engine(db) as engine:
        return count(engine, search=search, outlet=outlet)


def article(
    article_id: str, db: str | sa.Engine | None = None, *, revision: int | None = None
) -> ArticleDetail:
    """Return the article with its revisions, processing state and extraction; raises W302 when unknown."""
    from warclaims.services.assess import incident_reference
    from warclaims.store.articles import article_revisions, get_article
    from warclaims.store.credibility import get_credibility
    from warclaims.store.extractions import load_extraction, processing_state

    with _engine(db) as engine:
        found = get_article(engine, article_id, revision)
        if found is None:
            raise WarclaimsError(E.W302, item=article_id)
        state = processing_state(engine, article_id)
        extraction = None
        if state is not None and state["revision"] == found.revision and state["error_code"] is None:
            extraction = load_extraction(engine, article_id)
        return ArticleDetail(
            article=found,
            revisions=article_revisions(engine, article_id),
            processed=state,
            extraction=extraction,
            credibility=get_credibility(engine, article_id),
            reference=[incident_reference(engine, inc, f"{found.title or ''}\n{found.text}")
                       for inc in (extraction.incidents if extraction else [])],
        )


def errors(
    db: str | sa.Engine | None = None, *, run_id: str | None = None, limit: int | None = None
) -> list[IngestFailure]:
    """Return stored ingest and extraction failures, oldest first (optionally one run's only)."""
    from warclaims.store.articles import list_errors

    with _engine(db) as engine:
        return list_errors(engine, run_id=run_id, limit=limit)


def extractions(db: str | sa.Engine | None = None) -> Iterable[ArticleExtraction]:
    """Return the stored extractions of every article's latest revision, as a list by article id."""
    from warclaims.store.extractions import iter_extractions

    with _engine(db) as engine:
        return list(iter_extractions(engine))


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
    import tempfile
    import time

    from warclaims.extract.evaluate import read_gold, score_by_split
    from warclaims.link.evaluate import read_gold as read_gold_lines
    from warclaims.reconcile.evaluate import CorpusEvaluation, lost_coordinates, score_corpus, split_lines
    from warclaims.store.articles import list_articles
    from warclaims.store.ledger import count_incidents, get_incident, incidents_of_article, iter_linked_incidents

    started = time.perf_counter()
    gold_articles, lines = read_gold(gold), read_gold_lines(gold)
    with tempfile.TemporaryDirectory(prefix="warclaims-eval-") as tmp:
        with _engine(db or str(Path(tmp) / "eval.db")) as engine:
            report = ingest(corpus, db=engine, fmt=fmt, workers=workers, progress=progress)
            # A gold article whose text is byte-identical to one stored before it is stored once
            # (content hash): it is judged by what its stored twin became.
            twin = {d.article_id: d.existing_id for d in report.duplicate_items}
            stored = {a.id: a for a in list_articles(engine, limit=None)}
            stored.update({aid: stored[tid] for aid, tid in twin.items() if tid in stored})
            extracted = {e.article_id: e for e in extractions(engine)}
            extracted.update({aid: extracted[tid] for aid, tid in twin.items() if tid in extracted})
            placed = {}
            for line in lines:
                aid = str(line["id"])
                found = incidents_of_article(engine, twin.get(aid, aid))
                if found:
                    placed[aid] = found[0]
            ledgers = {iid: get_incident(engine, iid) for iid in dict.fromkeys(placed.values())}
            incidents = count_incidents(engine)
            lost = [inc.id for inc, ledger in iter_linked_incidents(engine) if lost_coordinates(inc, ledger)]
    result = CorpusEvaluation(corpus_articles=len(stored), incidents=incidents, failed=report.failed,
                              incidents_lost_coordinates=lost)
    result.extraction = score_by_split(gold_articles, stored, extracted)
    result.linking = {name: score_corpus(part, placed, ledgers) for name, part in split_lines(lines).items()}
    result.seconds = round(time.perf_counter() - started, 1)
    return result


# --- incidents, claims and outlets as the dashboard and the CLI query them -------------------
# Incident filters are the keywords of :func:`warclaims.store.ledger.list_incidents`; claim
# filters add those of :data:`warclaims.store.claims.CLAIM_FILTERS`.


def incident_page(db: str | sa.Engine | None = None, *, cursor: str | None = None, limit: int = 50,
                  **filters: Any):
    """Return one :class:`warclaims.store.ledger.IncidentPage` of incident summaries matching the
    incident filters, newest first, with the next cursor (W902 for a malformed cursor)."""
    from warclaims.store.ledger import list_incidents

    with _engine(db) as engine:
        return list_incidents(engine, cursor=cursor, limit=limit, **filters)


def incident(incident_id: str, db: str | sa.Engine | None = None):
    """Return the reconciled :class:`warclaims.reconcile.Ledger` of a stored incident; W303 when unknown."""
    from warclaims.store.ledger import get_incident

    with _engine(db) as engine:
        return get_incident(engine, incident_id)


def ledgers(db: str | sa.Engine | None = None, **filters: Any) -> Iterator[Any]:
    """Yield the reconciled ledger of every incident matching the incident filters, newest first."""
    from warclaims.store.ledger import iter_ledgers

    with _engine(db) as engine:
        yield from iter_ledgers(engine, **filters)


def incident_ids_of_article(article_id: str, db: str | sa.Engine | None = None) -> list[str]:
    """Return the ids of the linked incidents an article reports, in the article's order."""
    from warclaims.store.ledger import incidents_of_article

    with _engine(db) as engine:
        return incidents_of_article(engine, article_id)


def incident_rows(db: str | sa.Engine | None, ids: list[str]) -> list[Any]:
    """Return the incident summary rows of the given ids, in the order given (unknown ids skipped)."""
    from warclaims.store.incidents import incident_rows as rows

    with _engine(db) as engine:
        return rows(engine, ids)


def incident_facet(db: str | sa.Engine | None, name: str, *, outlet_codes: dict[str, str],
                   **filters: Any) -> list[tuple[Any, int]]:
    """Return ``(value, incidents)`` of an overview facet under the incident filters
    (:func:`warclaims.store.incidents.incident_facet`)."""
    from warclaims.store.incidents import incident_facet as facet

    with _engine(db) as engine:
        return facet(engine, name, outlet_codes=outlet_codes, **filters)


def map_incidents(db: str | sa.Engine | None = None, *, limit: int, **filters: Any) -> list[Any]:
    """Return up to ``limit`` incident summary rows matching the filters, largest best-killed first."""
    from warclaims.store.incidents import map_rows

    with _engine(db) as engine:
        return map_rows(engine, limit=limit, **filters)


def killed_per_day(db: str | sa.Engine | None = None, **filters: Any) -> list[Any]:
    """Return killed and injured summed per day of the incidents matching the filters
    (:func:`warclaims.store.incidents.killed_per_day`)."""
    from warclaims.store.incidents import killed_per_day as per_day

    with _engine(db) as engine:
        return per_day(engine, **filters)


def report_credibility(db: str | sa.Engine | None, incident_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Return {incident id: (reports judged credible, reports assessed)} from the stored verdicts."""
    from warclaims.store.credibility import report_credibility as verdicts

    with _engine(db) as engine:
        return verdicts(engine, incident_ids)


def article_outlets(db: str | sa.Engine | None = None) -> list[str]:
    """Return the distinct outlet values of stored articles (latest revisions)."""
    from warclaims.store.incidents import article_outlets as outlets

    with _engine(db) as engine:
        return outlets(engine)


def articles_per_outlet(db: str | sa.Engine | None = None) -> list[tuple[str | None, int]]:
    """Return ``(stored outlet value, articles)`` over the stored articles' latest revisions."""
    from warclaims.store.incidents import articles_per_outlet as per_outlet

    with _engine(db) as engine:
        return per_outlet(engine)


def outlet_verdicts(db: str | sa.Engine | None = None) -> list[tuple[str | None, str, float]]:
    """Return ``(outlet, label, score)`` of the stored credibility verdict of every assessed article."""
    from warclaims.store.credibility import outlet_verdicts as verdicts

    with _engine(db) as engine:
        return verdicts(engine)


def ledger_state(db: str | sa.Engine | None = None) -> tuple[str, ...]:
    """Return a value that changes whenever any incident's ledger may (to cache what is computed over them)."""
    from warclaims.store.incidents import ledger_state as state

    with _engine(db) as engine:
        return state(engine)


def claim_rows(db: str | sa.Engine | None = None, *, offset: int = 0, limit: int | None = None,
               **filters: Any) -> list[Any]:
    """Return the claims matching the claim and incident filters, in the claims view's order, each
    with its claim in its incident's ledger (``(row, ledger claim or None)``)."""
    from warclaims.store.claims import claim_rows as rows
    from warclaims.store.claims import ledger_claims_of

    with _engine(db) as engine:
        found = rows(engine, offset=offset, limit=limit, **filters)
        return list(zip(found, ledger_claims_of(engine, found), strict=True))


def count_claims(db: str | sa.Engine | None = None, **filters: Any) -> int:
    """Return how many claims match the claim and incident filters."""
    from warclaims.store.claims import count_claims as count

    with _engine(db) as engine:
        return count(engine, **filters)


def claim_facet(db: str | sa.Engine | None, name: str, *, outlet_codes: dict[str, str],
                **filters: Any) -> list[tuple[Any, int]]:
    """Return ``(value, claims)`` of a claims view facet under the filters
    (:func:`warclaims.store.claims.claim_facet`)."""
    from warclaims.store.claims import claim_facet as facet

    with _engine(db) as engine:
        return facet(engine, name, outlet_codes=outlet_codes, **filters)


def view_claims(db: str | sa.Engine | None = None, **filters: Any) -> Iterator[tuple[Any, Any]]:
    """Yield ``(ledger, ledger claim)`` of every claim matching the claim and incident filters, in
    the claims view's order."""
    from warclaims.store.claims import iter_view_claims

    with _engine(db) as engine:
        yield from iter_view_claims(engine, **filters)


def view_ledgers(db: str | sa.Engine | None = None, **filters: Any) -> Iterator[Any]:
    """Yield the ledgers of the incidents with a claim matching the claim and incident filters, newest first."""
    from warclaims.store.claims import view_incidents
    from warclaims.store.ledger import iter_ledgers

    with _engine(db) as engine:
        yield from iter_ledgers(engine, within=view_incidents(**filters))


# --- the store opened, articles stored and read one by one ----------------------------------


def open_db(db: str | None = None) -> sa.Engine:
    """Return an Engine on the store at ``db`` (URL, SQLite path, or None: ``$WARCLAIMS_DB``, else
    ``./warclaims.db``), migrated to the current schema; the caller disposes of it."""
    from warclaims.store.engine import open_store

    return open_store(db)


def stored_article(article_id: str, db: str | sa.Engine | None = None, *,
                   revision: int | None = None) -> Article | None:
    """Return a stored article (its latest revision, or ``revision``), None when unknown."""
    from warclaims.store.articles import get_article

    with _engine(db) as engine:
        return get_article(engine, article_id, revision)


def stored_credibility(article_id: str, db: str | sa.Engine | None = None):
    """Return the stored :class:`warclaims.assess.records.Credibility` verdict of an article's
    latest assessed revision, None when it was never assessed."""
    from warclaims.store.credibility import get_credibility

    with _engine(db) as engine:
        return get_credibility(engine, article_id)


def store_articles(articles: Sequence[Article], db: str | sa.Engine | None = None, *, revise: bool = True):
    """Store articles as they are (no failures recorded, nothing extracted) and return the
    store's :class:`warclaims.store.articles.AddResult` (ingested, revisions, duplicates,
    refused: a changed text of a stored article when ``revise`` is False)."""
    from warclaims.store.articles import add_articles

    with _engine(db) as engine:
        return add_articles(engine, list(articles), revise=revise)


def store_checked(article: Article, extraction: ArticleExtraction,
                  db: str | sa.Engine | None = None) -> tuple[str, bool]:
    """Store a checked article and the extraction made of it as a new article, never as a revision
    of a stored one; return ``(article id, duplicate)``, ``duplicate`` when its text was already
    stored (under that id; nothing written). Raise W607 when an article with its id or URL but
    another text is stored."""
    from warclaims.store.articles import add_articles
    from warclaims.store.extractions import save_extraction

    with _engine(db) as engine:
        result = add_articles(engine, [article], revise=False)
        if result.duplicates:
            return result.duplicates[0].existing_id, True
        if result.refused:  # stored meanwhile (or same URL): the check must not replace it
            raise WarclaimsError(E.W607, item=result.refused[0])
        stored_id = result.ingested[0]
        extraction.article_id = stored_id
        save_extraction(engine, extraction)
        return stored_id, False


def watch_events(db: str | sa.Engine | None = None, *, cursor: str | None = None, limit: int = 50,
                 **filters: Any):
    """Return one page of the change events ``warclaims watch`` recorded, newest first, matching
    the filters of :func:`warclaims.store.watch.list_events` (rows and next cursor)."""
    from warclaims.store.watch import list_events

    with _engine(db) as engine:
        return list_events(engine, cursor=cursor, limit=limit, **filters)


# --- the CLI's use cases: schema, linking, assessment, export, reference sets ----------------


def last_store_url() -> str:
    """Return the URL (password hidden) of the store most recently opened, for error messages."""
    from warclaims.store.engine import last_opened_url

    return last_opened_url()


def upgrade_db(db: str | None = None) -> tuple[str | None, str | None]:
    """Migrate the store at ``db`` to the newest schema (created when missing); return the schema
    revision before (None: empty) and after."""
    from warclaims.store.engine import upgrade

    return upgrade(db)


def schema_revisions(db: str | None = None) -> tuple[str | None, str]:
    """Return the store's schema revision (None: empty) and the newest one, migrating nothing."""
    from warclaims.store.engine import create_engine, current_revision, head_revision

    engine = create_engine(db)
    try:
        return current_revision(engine), head_revision()
    finally:
        engine.dispose()


def relink(db: str | sa.Engine | None = None, *, new_only: bool = False):
    """Link the stored reports into cross-source incidents and reconcile them: all of them again,
    or with ``new_only`` only the reports not linked yet; return the store's ``LinkRun`` counts."""
    from warclaims.store.ledger import attach_new
    from warclaims.store.ledger import relink as relink_all

    with _engine(db) as engine:
        return attach_new(engine) if new_only else relink_all(engine)


def assess(article_ids: Sequence[str] | None, db: str | sa.Engine | None = None, *,
           bundle: Any = None) -> Iterator[Any]:
    """Yield the stored :class:`warclaims.assess.records.Credibility` verdict computed now (and
    saved) for each of ``article_ids`` (None: every processed article), with the model ``bundle``
    (None: the packaged one)."""
    from warclaims.services.assess import assess_stored

    with _engine(db) as engine:
        yield from assess_stored(engine, article_ids, bundle=bundle)


def export_incidents(fmt: str, output: str, db: str | sa.Engine | None = None, **filters: Any) -> int:
    """Write the ledgers of the incidents matching the incident filters, with their reference
    check, to ``output`` in format ``fmt`` (:data:`warclaims.export.FORMATS`); return how many."""
    from warclaims.export import export_ledgers
    from warclaims.services.assess import reference_checker
    from warclaims.store.ledger import iter_ledgers

    with _engine(db) as engine:
        return export_ledgers(iter_ledgers(engine, **filters), fmt, output, reference_checker(engine))


def checked_incident(incident_id: str | None, db: str | sa.Engine | None = None, *,
                     most_reported: bool = False) -> tuple[Any, dict[str, Any]]:
    """Return ``(ledger, reference check)`` of a stored incident, or with ``most_reported`` of the
    one reported by the most articles; W303 when unknown (or the store has no incidents)."""
    from warclaims.services.assess import reference_check
    from warclaims.store.ledger import get_incident, most_reported_incident

    with _engine(db) as engine:
        if most_reported:
            incident_id = most_reported_incident(engine)
            if incident_id is None:
                raise WarclaimsError(E.W303, item="(the store has no incidents)")
        ledger = get_incident(engine, incident_id)
        return ledger, reference_check(engine, ledger)


def import_reference(path: str, fmt: str, info: Any, records: Sequence[Any], skipped: Sequence[IngestFailure],
                     db: str | sa.Engine | None = None):
    """Store a read reference file's records as the reference set ``info`` (a
    :class:`warclaims.assess.bundled.ReferenceSetInfo`) and record its ``skipped`` rows (listed by
    :func:`errors`); return the store's import outcome (stored, action, dataset, message)."""
    from warclaims.store.articles import record_failures
    from warclaims.store.credibility import import_reference_set

    with _engine(db) as engine:
        outcome = import_reference_set(engine, info, fmt, path, list(records))
        record_failures(engine, list(skipped))
        return outcome


def reference_sets(db: str | sa.Engine | None = None) -> list[Any]:
    """Return the imported reference sets (:class:`warclaims.assess.bundled.ReferenceSetInfo`)."""
    from warclaims.store.credibility import list_reference_sets

    with _engine(db) as engine:
        return list_reference_sets(engine)


# --- the watcher's store: sources, seen items, events, alert cursors, webhook outbox ---------


def record_failure(failure: IngestFailure, db: str | sa.Engine | None = None) -> None:
    """Store one failure (listed by :func:`errors`)."""
    from warclaims.store.articles import record_failure as record

    with _engine(db) as engine:
        record(engine, failure)


def webhook_outbox(engine: sa.Engine, name: str, maxsize: int):
    """Return the stored outbox of watcher ``name``'s webhook deliveries (at most ``maxsize``
    pending), a :class:`warclaims.store.watch.StoreOutbox`."""
    from warclaims.store.watch import StoreOutbox

    return StoreOutbox(engine, name, maxsize)


# --- a batch engine's output loaded into the store --------------------------------------------


@dataclass(slots=True, kw_only=True)
class LoadedBatch:
    """What :func:`store_processed` stored of one batch."""

    stored: int = 0
    """New articles and new revisions stored."""
    duplicates: int = 0
    extractions: int = 0
    """Extractions saved (extraction failures are recorded, not counted)."""


def store_processed(items: Sequence[tuple[Article, ArticleExtraction | IngestFailure]],
                    db: str | sa.Engine | None = None) -> LoadedBatch:
    """Store articles extracted elsewhere (a batch engine) with their extraction, or their
    extraction failure (``code``, ``message``), each saved for the revision the store gave the
    article (its stored twin's for a duplicate); return the counts."""
    from warclaims.store.articles import add_articles
    from warclaims.store.extractions import record_extraction_failure, save_extractions

    batch = [article for article, _ in items]
    with _engine(db) as engine:
        result = add_articles(engine, batch)
        where = _stored_revisions(result, batch)
        todo = []
        for article, outcome in items:
            sid, rev = where[article.id]
            if isinstance(outcome, IngestFailure):
                record_extraction_failure(engine, sid, rev, code=outcome.code, message=outcome.message)
                continue
            outcome.article_id = sid
            todo.append((outcome, rev))
        saved = save_extractions(engine, todo)
    return LoadedBatch(stored=result.stored, duplicates=len(result.duplicates), extractions=saved)


def _stored_revisions(result: Any, batch: list[Article]) -> dict[str, tuple[str, int]]:
    """Return ``{incoming id: (stored id, stored revision)}`` from an AddResult."""
    where: dict[str, tuple[str, int]] = {aid: (aid, 1) for aid in result.ingested}
    for aid, rev in result.revisions:
        where[aid] = (aid, rev)
    for dup in result.duplicates:
        where[dup.article_id] = (dup.existing_id, dup.existing_revision)
    for art in batch:  # a new revision found by URL is stored under the existing id
        where.setdefault(art.id, (art.id, art.revision))
    return where


def record_failures(failures: Iterable[IngestFailure], db: str | sa.Engine | None = None) -> int:
    """Store failures (listed by :func:`errors`); return how many."""
    from warclaims.store.articles import record_failures as record

    with _engine(db) as engine:
        return record(engine, failures)


def save_links(rows: Sequence[dict[str, Any]], db: str | sa.Engine | None = None) -> int:
    """Store links computed elsewhere (every row of a linked incident in one call) and recompute
    the ledgers of their incidents; return how many were stored."""
    from warclaims.store.ledger import save_links as save

    with _engine(db) as engine:
        return save(engine, rows)
