"""warclaims.store: the SQL store of articles, ingest errors and extractions.

Entry points: :func:`open_store` (an Engine migrated to head), :func:`upgrade`, and the
functions of :mod:`warclaims.store.articles` and :mod:`warclaims.store.extractions`,
re-exported here lazily so ``import warclaims.store`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "open_store": "engine",
    "upgrade": "engine",
    "downgrade": "engine",
    "current_revision": "engine",
    "head_revision": "engine",
    "AddResult": "articles",
    "Duplicate": "articles",
    "add_articles": "articles",
    "record_failure": "articles",
    "record_failures": "articles",
    "list_articles": "articles",
    "count_articles": "articles",
    "get_article": "articles",
    "list_errors": "articles",
    "unprocessed_articles": "articles",
    "save_extraction": "extractions",
    "record_extraction_failure": "extractions",
    "load_extraction": "extractions",
    "iter_extractions": "extractions",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warclaims.store' has no attribute {name!r}")
    return getattr(importlib.import_module(f"warclaims.store.{module}"), name)
