"""The one way warclaims imports a heavy optional library: when first needed, with a coded error.

The optional extras (``pip install 'warclaims[EXTRA]'``) are not installed everywhere, and the
large libraries take seconds to import; a module that needs one imports it through
:func:`require` inside the function that uses it, so ``import warclaims`` and the commands that
do not need it stay fast, and a missing extra is reported as W901 naming what to install:

    >>> pq = require("pyarrow.parquet", "parquet", feature="Parquet export")  # doctest: +SKIP

=============  ===========  =============================================
library        extra        used by
=============  ===========  =============================================
pyarrow        parquet      export, the engines' Parquet input and output
pyspark        spark        the Spark engine
fastapi        web          the dashboard (``warclaims serve``)
uvicorn        web          ``warclaims serve``
psycopg        postgres     a ``postgresql://`` store (loaded by SQLAlchemy)
=============  ===========  =============================================

A core dependency that is heavy to import and needed by some paths only (trafilatura, httpx,
feedparser, warcio, courlan, charset-normalizer, lxml in ingest) loads through the same helper
with ``extra=None``: it is always installed, so a failure to import it is re-raised as is.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from warclaims.errors import missing_extra


def require(module: str, extra: str | None = None, *, feature: str | None = None) -> ModuleType:
    """Import and return ``module`` (a dotted name); raise W901 naming ``extra`` when it is missing.

    ``feature`` says what needs it in the message (default: the module's name). With no
    ``extra`` (a core dependency) an ImportError is a broken install and propagates unchanged.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if extra is None:
            raise
        raise missing_extra(feature or module, extra, exc) from exc
