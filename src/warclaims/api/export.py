"""Export of reconciled incident ledgers to files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from warclaims.api._db import engine_for
from warclaims.export import CLAIM_TEXT_FORMATS, FORMATS, TEXT_FORMATS, export_ledgers, ledger_record
from warclaims.services.assess import reference_checker
from warclaims.store import ledger as ledger_store

if TYPE_CHECKING:
    import sqlalchemy as sa


def export_incidents(fmt: str, output: str, db: str | sa.Engine | None = None, **filters: Any) -> int:
    """Write the ledgers of the incidents matching the incident filters, with their reference
    check, to ``output`` in format ``fmt`` (:data:`warclaims.export.FORMATS`); return how many."""
    with engine_for(db) as engine:
        found = ledger_store.iter_ledgers(engine, **filters)
        return export_ledgers(found, fmt, output, reference_checker(engine))


def ledger_text(fmt: str, ledgers: Iterable[Any], db: str | sa.Engine | None = None) -> Iterator[str]:
    """Yield the text chunks of ``ledgers`` in format ``fmt`` (:data:`warclaims.export.TEXT_FORMATS`),
    with their reference check: byte for byte what :func:`export_incidents` writes."""
    with engine_for(db) as engine:
        yield from TEXT_FORMATS[fmt](ledgers, reference_checker(engine))


def claim_text(fmt: str, claims: Iterable[Any]) -> Iterator[str]:
    """Yield the text chunks of one row per ``(ledger, ledger claim)`` in format ``fmt``
    (:data:`warclaims.export.CLAIM_TEXT_FORMATS`)."""
    return CLAIM_TEXT_FORMATS[fmt](claims)


__all__ = ["CLAIM_TEXT_FORMATS", "FORMATS", "TEXT_FORMATS", "claim_text", "export_incidents", "ledger_record",
           "ledger_text"]
