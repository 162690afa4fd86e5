"""warclaims: a cross-checked ledger of casualty claims from conflict news.

Stages live in sub-packages in the order data flows through them: ``ingest``,
``extract``, ``link``, ``reconcile``, ``assess``, ``store``, ``export``, ``web``,
``engines``, ``cli``. Importing this package has no side effects.
"""

__version__ = "0.1.0"
