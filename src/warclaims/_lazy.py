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

spaCy and scikit-learn are core dependencies (always installed) that load lazily for speed;
they are imported where used, not through this helper, since there is no extra to name.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from warclaims.errors import missing_extra


def require(module: str, extra: str, *, feature: str | None = None) -> ModuleType:
    """Import and return ``module`` (a dotted name); raise W901 naming ``extra`` when it is missing.

    ``feature`` says what needs it in the message (default: the module's name).
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise missing_extra(feature or module, extra, exc) from exc
