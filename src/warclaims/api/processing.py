"""Ingest and process: articles stored, extracted, linked, reconciled and assessed; the
store's pipeline state checked and repaired (:func:`doctor`).

Progress is reported through an optional callback ``progress(stage, done, total)``
where ``stage`` is ``"ingest"``, ``"process"``, ``"link"`` or ``"assess"`` and ``total`` may be
None (unknown).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import importlib
import multiprocessing
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warclaims.api._db import ProgressCallback, engine_for, notify
from warclaims.api.extraction import EXTRACT_BATCH, PIPELINE, Outcome, extract_chunk, warm_up_worker
from warclaims.errors import E, WarclaimsError
from warclaims.ingest import read_inputs
from warclaims.ingest.normalize import warning, warnings_of
from warclaims.models import Article, IngestFailure
from warclaims.services.assess import assess_stored
from warclaims.store import articles as article_store
from warclaims.store import extractions as extraction_store
from warclaims.store import ledger as ledger_store
from warclaims.store import progress as progress_store

if TYPE_CHECKING:
    import sqlalchemy as sa

    from warclaims.store.articles import Duplicate


PROCESS_PAGE = 512
"""Articles read from the store at a time by :func:`process` (bounds memory on large stores)."""


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
    if isinstance(inputs, str):
        inputs = [inputs]
    report = IngestReport(run_id=uuid.uuid4().hex)
    with engine_for(db) as engine:
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
    with engine_for(db) as engine:
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
    seen = 0
    batch: list[Article] = []
    for item in items:
        seen += 1
        if isinstance(item, IngestFailure):
            (report.warnings if item.warning else report.failures).append(item)
        else:
            report.warnings.extend(warnings_of(item))
            batch.append(item)
        if len(batch) >= article_store.BATCH_SIZE:
            _store_batch(engine, batch, report)
            batch = []
        notify(progress, "ingest", seen, None)
    _store_batch(engine, batch, report)
    report.failed = len(report.failures)
    article_store.record_failures(engine, [*report.failures, *report.warnings], run_id=report.run_id)
    notify(progress, "ingest", seen, seen)
    if process:
        report.processed = _process(engine, workers=workers, progress=progress)
        stored_now = set(report.article_ids)
        report.processed.resumed["extract"] = sum(1 for a in report.processed.article_ids if a not in stored_now)


def _store_batch(engine: sa.Engine, batch: list[Article], report: IngestReport) -> None:
    """Store one batch of articles and count what the store did with them."""
    if not batch:
        return
    result = article_store.add_articles(engine, batch)
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
    ``warclaims load``) left unlinked or unassessed (``ProcessReport.resumed`` says how much).
    ``workers > 1`` runs extraction in that many worker processes, each loading spaCy once.
    Returns a ProcessReport; failed articles are stored as errors (W2xx) and not retried by later
    runs. ``pipeline`` names another module with the same two functions as
    :mod:`warclaims.extract.pipeline` (an alternative extractor, or a stub in tests).
    """
    with engine_for(db) as engine:
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

    # What an interrupted run left for the link and assess stages (nothing looked at without resume).
    left = progress_store.stage_counts(engine) if resume else progress_store.StageCounts()
    total = article_store.count_unprocessed(engine)
    total = min(total, limit) if limit is not None else total
    report = ProcessReport()
    notify(progress, "process", 0, total)
    done = 0
    # One pool for the whole run: each worker loads spaCy once, not once per page.
    with _extraction_pool(workers, total, batch_size, pipeline) as pool:
        # Page through the store: every handled article gets a processed marker (even on
        # failure), so each page query returns only articles not seen yet.
        while done < total:
            page = article_store.unprocessed_articles(engine, limit=min(PROCESS_PAGE, total - done))
            if not page:
                break
            chunks = [page[i : i + batch_size] for i in range(0, len(page), batch_size)]
            revisions = {a.id: a.revision for a in page}
            _record_cut_texts(engine, page, report, pipeline)
            for outcomes in _extract_chunks(chunks, pool=pool, batch_size=batch_size, pipeline=pipeline):
                _store_outcomes(engine, outcomes, revisions, report)
                done += len(outcomes)
                notify(progress, "process", done, total)
    report.resumed = {"link": left.unlinked_reports, "reconcile": left.stale_incidents, "assess": left.unassessed}
    if report.article_ids or left.unlinked_reports or left.stale_incidents or left.unassessed:
        _link_and_assess(engine, report, progress)
    return report


def _link_and_assess(engine: sa.Engine, report: ProcessReport, progress: ProgressCallback | None) -> None:
    """Attach the newly extracted reports to cross-source incidents, then score the new articles.

    Linking is incremental (only the new reports' blocking windows are loaded), and the
    credibility of an article depends on its incident's other reports, so it runs after.
    """
    notify(progress, "link", 0, None)
    run = ledger_store.attach_new(engine)
    report.linked_reports = run.reports
    report.linked_created = run.created
    report.linked_updated = run.updated
    report.incidents_total = run.incidents
    ids = list(report.article_ids)
    if report.resumed.get("assess"):  # and those an interrupted run left unassessed
        with engine.connect() as conn:
            ids = list(dict.fromkeys([*ids, *progress_store.unassessed_article_ids(conn)]))
    for n, _cred in enumerate(assess_stored(engine, ids), start=1):
        report.assessed = n
        notify(progress, "assess", n, len(ids))


@contextlib.contextmanager
def _extraction_pool(workers: int, total: int, batch_size: int, pipeline: str) -> Iterator[Any]:
    """Yield one pool of worker processes for a whole ``process`` run, or None when the run
    extracts in this process (one worker, or no more than one chunk of articles)."""
    chunks = -(-total // batch_size)
    if workers <= 1 or chunks <= 1:
        yield None
        return
    # spawn: workers start clean (no inherited DB connections or threads) on every platform.
    ctx = multiprocessing.get_context("spawn")
    # looked up on the module when called, so a test can count the pools started
    pool = concurrent.futures.ProcessPoolExecutor(
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

    futures = [pool.submit(extract_chunk, chunk, batch_size, pipeline) for chunk in chunks]
    try:
        for future in concurrent.futures.as_completed(futures):
            yield future.result()
    finally:
        for future in futures:  # a page abandoned midway leaves nothing queued
            future.cancel()


def _record_cut_texts(engine: sa.Engine, page: list[Article], report: ProcessReport, pipeline: str) -> None:
    """Record what extraction will not read, so nothing is left out silently: W205 for each
    article longer than the extraction reads, W206 for each article in a language it does
    not read (it yields no incident, which is not the same as reporting none)."""
    module = importlib.import_module(pipeline)
    limit = getattr(module, "MAX_TEXT_CHARS", None)
    unsupported = getattr(module, "unsupported_language", None)
    notes = []
    if limit is not None:  # an extractor without a text cap reads everything
        notes += [warning(E.W205, a.id, limit=limit, size=len(a.text)) for a in page if len(a.text) > limit]
    if unsupported is not None:
        notes += [warning(E.W206, a.id, language=lang) for a in page if (lang := unsupported(a))]
    article_store.record_failures(engine, notes)
    report.warnings.extend(notes)


def _store_outcomes(
    engine: sa.Engine, outcomes: list[Outcome], revisions: dict[str, int], report: ProcessReport
) -> None:

    good = []
    for aid, ex, _fail in outcomes:
        if ex is not None:
            ex.article_id = aid  # the stored id, even if the extractor echoed another form of it
            good.append((ex, revisions[aid]))
    saved = set(extraction_store.save_new_extractions(engine, good))
    good = [(ex, rev) for ex, rev in good if ex.article_id in saved]  # not those another process stored
    for ex, _ in good:
        report.processed += 1
        report.article_ids.append(ex.article_id)
        report.incidents += len(ex.incidents)
        report.claims += sum(len(inc.claims) for inc in ex.incidents)
    failures = [fail for _, ex, fail in outcomes if fail is not None]
    for fail in failures:
        extraction_store.record_extraction_failure(
            engine, fail.source_ref, revisions[fail.source_ref], code=fail.code, message=fail.message
        )
    article_store.record_failures(engine, failures)
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
    with engine_for(db) as engine:
        report = DoctorReport(before=progress_store.stage_counts(engine))
        if repair and not report.before.consistent:
            report.deleted = progress_store.delete_orphans(engine)
            report.processed = _process(engine, workers=workers, progress=progress)
            report.after = progress_store.stage_counts(engine)
    return report

