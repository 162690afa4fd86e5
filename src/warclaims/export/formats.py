"""The export formats, registered by name, and the dispatcher that writes one.

Three registries, each filled by decorator where the format is written
(:mod:`warclaims.export.writers` for the built-in ones):

* :data:`EXPORTERS`: file writers ``write(ledgers, path, reference_of=None) -> int`` (incidents
  written), what ``warclaims export --format`` and :func:`export_ledgers` choose from;
* :data:`TEXT_FORMATS`: incident-level chunk generators ``chunks(ledgers, reference_of=None)``,
  registered with their ``media_type`` (what a file holds is what an HTTP body streams);
* :data:`CLAIM_TEXT_FORMATS`: claim-level chunk generators over ``(ledger, claim)`` pairs.

A new format is one module with a decorated writer (and, for a text format, its chunk
generator), imported by :mod:`warclaims.export` (or an entry point in ``warclaims.exporters``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from warclaims.reconcile.ledger import Ledger
from warclaims.registry import Names, Registry

ReferenceOf = Callable[[Ledger], dict[str, Any]]
Writer = Callable[..., int]
Chunks = Callable[..., Iterator[str]]

EXPORTERS: Registry[Writer] = Registry("format", group="exporters")
"""Format name -> file writer, in registration order."""
TEXT_FORMATS: Registry[Chunks] = Registry("text format")
"""Incident-level text formats -> chunk generator (``media_type`` in the metadata)."""
CLAIM_TEXT_FORMATS: Registry[Chunks] = Registry("claim-level format")
"""Claim-level text formats -> chunk generator over ``(ledger, claim)`` pairs."""
FORMATS: Names = EXPORTERS.view()
"""The names ``fmt`` may take in :func:`export_ledgers` (a live view of :data:`EXPORTERS`)."""


def export_ledgers(ledgers: Iterable[Ledger], fmt: str, path: str | Path,
                   reference_of: ReferenceOf | None = None) -> int:
    """Write ``ledgers`` to ``path`` in ``fmt`` (one of :data:`FORMATS`); return the incidents written.
    With ``reference_of``, each incident carries its matched reference records and verdict.

    Raises W902 for an unknown format and W901 when Parquet is asked for without pyarrow.
    """
    return EXPORTERS.get(fmt)(ledgers, path, reference_of)
