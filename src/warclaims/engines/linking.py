"""Linking and reconciliation for the engines: the link stage's own code, run per block.

The link stage (:mod:`warclaims.link.cluster`) only ever compares a report with incidents
of the same blocking region (:func:`~warclaims.link.cluster.region_of`: governorate, else
country), so the region is an exact partition: linking each region's reports with
:func:`~warclaims.link.cluster.link_reports` gives the same incidents as linking them all at
once. Engines therefore shuffle reports by :func:`block_keys` and call :func:`link_block`
once per block (in a worker process, or a Spark task), then reconcile each linked incident
(:func:`reconcile_group`) with :mod:`warclaims.reconcile`.

Records travel between stages as ``{"incident_key", "payload"}`` with the report (article
metadata + the incident with its claims) as JSON text, so they fit a Spark column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from warclaims.engines.layout import dumps
from warclaims.models import Article, incident_from_dict, parse_date

Record = dict[str, Any]


def link_records(articles: Sequence[Article], incidents: list[dict], claims: list[dict]) -> list[Record]:
    """Return one link record per incident row of ``articles`` (incidents with their claims)."""
    from warclaims.engines.stages import row_incident

    by_id = {a.id: a for a in articles}
    by_key: dict[str, list[dict]] = {}
    for c in claims:
        by_key.setdefault(c["incident_key"], []).append(c)
    records = []
    for row in incidents:
        art = by_id.get(row["article_id"])
        inc = row_incident(row, by_key.get(row["incident_key"], []))
        payload = {
            "article": {"id": row["article_id"], "outlet": art.outlet if art else None,
                        "published": art.published if art else None, "title": art.title if art else None},
            "incident": inc,
        }
        records.append({"incident_key": row["incident_key"], "payload": dumps(payload)})
    return records


def report_of(record: Record):
    """Return the link stage's Report of a record."""
    from warclaims.link.records import Report, lead_of

    data = json.loads(record["payload"])
    inc = incident_from_dict(data["incident"])
    art = data["article"]
    inc.article_id = art["id"]
    for claim in inc.claims:
        claim.article_id = claim.article_id or art["id"]
    return Report(article_id=art["id"], incident=inc, outlet=art.get("outlet"),
                  published=parse_date(art.get("published")), lead=lead_of(inc, art.get("title")))


def block_keys(record: Record) -> list[str]:
    """Return the blocking keys of a record: its linking region (one key: regions partition reports)."""
    from warclaims.link.cluster import region_of

    return [region_of(report_of(record))]


def group_blocks(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Return ``{block key: records}`` (keys and records sorted, for deterministic work lists)."""
    blocks: dict[str, list[Record]] = {}
    for rec in records:
        for key in block_keys(rec):
            blocks.setdefault(key, []).append(rec)
    return {k: sorted(blocks[k], key=lambda r: r["incident_key"]) for k in sorted(blocks)}


def link_block(records: Sequence[Record]) -> list[dict[str, Any]]:
    """Return the ``links`` rows of one block (:func:`warclaims.link.records.link_rows` of each incident)."""
    from warclaims.link.cluster import link_reports
    from warclaims.link.records import link_rows

    reports = (report_of(r) for r in sorted(records, key=lambda r: r["incident_key"]))
    return [row for inc in link_reports(reports) for row in link_rows(inc)]


def group_members(records: Iterable[Record], links: Iterable[dict[str, Any]]) -> list[tuple[str, list[dict]]]:
    """Return ``[(linked_id, member rows)]`` where a member row is a link row plus its ``payload``."""
    payloads = {r["incident_key"]: r["payload"] for r in records}
    groups: dict[str, list[dict]] = {}
    for link in links:
        groups.setdefault(link["linked_id"], []).append({**link, "payload": payloads[link["incident_key"]]})
    return sorted(groups.items())


def linked_incident(linked_id: str, members: Sequence[dict[str, Any]]):
    """Return the link stage's LinkedIncident rebuilt from its member rows (link row + payload)."""
    from warclaims.link.records import linked_from_rows

    return linked_from_rows(linked_id, list(members), report_of)


def reconcile_group(group: tuple[str, Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """Return the ``ledger`` row of one linked incident: member count and its Ledger as JSON."""
    from warclaims.reconcile import reconcile

    linked_id, members = group
    incident = linked_incident(linked_id, members)
    return {"linked_id": linked_id, "members": len(members), "ledger": dumps(reconcile(incident))}
