"""The Python API of warclaims: the one orchestration layer the CLI, the web app and the engines call.

Every use case is a function here: ingest and process (:mod:`.processing`), extraction without a
store (:mod:`.extraction`), queries over the store (:mod:`.queries`), the store's own upkeep and
direct writes (:mod:`.admin`), credibility (:mod:`.assessment`), checking a submitted article
(:mod:`.checking`), reference sets (:mod:`.reference`), export (:mod:`.export`), evaluation
(:mod:`.evaluation`), the records and errors they take and return (:mod:`.records`).

Every function taking ``db`` takes a SQLAlchemy URL, a SQLite file path, an already open Engine,
or None (``$WARCLAIMS_DB``, else ``./warclaims.db``); a URL is opened (and migrated) for the call
and closed afterwards.

    >>> from warclaims import api
    >>> report = api.ingest(["data/fakes/fakes-dev.csv"], fmt="fakes", process=False)  # doctest: +SKIP
    >>> report.ingested, report.duplicates, report.failed  # doctest: +SKIP

``warclaims.api.NAME`` loads the submodule defining NAME on first use (:func:`warclaims._lazy.attach`):
importing this package imports none of them, so ``warclaims extract`` (:mod:`.extraction`) does not
load the store. The CLI and the web app import the submodules they use (``from warclaims.api import
queries``), which keeps their imports visible to import-linter.
"""

from __future__ import annotations

from warclaims._lazy import attach

_SUBMODULE_OF = {
    **dict.fromkeys(["ProgressCallback"], "_db"),
    **dict.fromkeys(["EXTRACT_BATCH", "PIPELINE", "Outcome", "warm_up_worker", "extract_chunk",
                     "read_source", "parse_published", "extract_articles", "extract_article",
                     "extraction_json"], "extraction"),
    **dict.fromkeys(["PROCESS_PAGE", "ProcessReport", "IngestReport", "ingest", "ingest_items", "process",
                     "DoctorReport", "doctor"], "processing"),
    **dict.fromkeys(["ArticleDetail", "articles", "count_articles", "article", "errors", "extractions",
                     "incident_page", "incident", "ledgers", "incident_ids_of_article", "incident_rows",
                     "incident_facet", "map_incidents", "killed_per_day", "report_credibility",
                     "article_outlets", "articles_per_outlet", "outlet_verdicts", "ledger_state",
                     "claim_rows",
                     "count_claims", "claim_facet", "view_claims", "view_ledgers", "stored_article",
                     "stored_credibility", "watch_events", "checked_incident"], "queries"),
    **dict.fromkeys(["open_db", "store_articles", "store_checked", "last_store_url", "upgrade_db",
                     "schema_revisions", "relink", "record_failure", "webhook_outbox", "LoadedBatch",
                     "store_processed", "record_failures", "save_links"], "admin"),
    **dict.fromkeys(["assess", "train_model", "load_model"], "assessment"),
    **dict.fromkeys(["SubmittedArticle", "warm_up", "to_article", "credibility_of", "ingest_submitted"],
                    "checking"),
    **dict.fromkeys(["import_reference", "import_reference_file", "reference_sets", "reference_set_rows",
                     "reference_events"], "reference"),
    **dict.fromkeys(["evaluate_corpus", "evaluate_extraction", "evaluate_links", "evaluate_credibility",
                     "evaluate_reference"], "evaluation"),
    **dict.fromkeys(["export_incidents", "ledger_text", "claim_text"], "export"),
}
"""Each public name of the API and the submodule defining it."""

__getattr__, __dir__ = attach(__name__, _SUBMODULE_OF)
__all__ = sorted(_SUBMODULE_OF)
