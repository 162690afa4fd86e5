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
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from warclaims.errors import missing_extra


def require(module: str, extra: str, *, feature: str | None = None) -> ModuleType:
    """Import and return ``module`` (a dotted name); raise W901 naming ``extra`` when it is missing.

    ``feature`` says what needs it in the message (default: the module's name).
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
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
