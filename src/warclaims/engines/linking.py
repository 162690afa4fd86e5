"""Linking and reconciliation for the engines: the link stage's own code, run per block.

The link stage (:mod:`warclaims.link.cluster`) only ever compares a report with incidents
of the same blocking region (:func:`~warclaims.link.cluster.region_of`: governorate, else
country), so the region is an exact partition: linking each region's reports with
:func:`~warclaims.link.cluster.link_reports` gives the same incidents as linking them all at
once. Engines therefore link each region's reports as one task (:func:`link_block`, or per time
bucket below; in a worker process, or a Spark task), then reconcile each linked incident
(:func:`reconcile_group`) with :mod:`warclaims.reconcile`.

Big regions (Aleppo is 39% of FA-KES) are further split into time buckets that link in
parallel (:func:`bucket_tasks`, :func:`link_bucket`, :func:`merge_buckets`): each bucket
links its own reports after re-linking the :data:`WARMUP_DAYS` before it, which rebuilds the
incidents a report of the bucket can join. The result is checked, not assumed: the incidents
a bucket starts from must be exactly those its predecessor ends with (same members in the
same order); when they differ (an incident older than the warm-up still open), the region is
linked whole. Either way the incidents are those of linking the region at once.

Records travel between stages as ``{"incident_key", "payload"}`` with the report (article
metadata + the incident with its claims) as JSON text, so they fit a Spark column.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from warclaims.api.batch import (
    DATE_WINDOW_DAYS,
    Linker,
    MONTH_REACH_DAYS,
    NO_DATE_LOOKBACK_DAYS,
    Report,
    lead_of,
    link_order,
    link_reports,
    link_rows,
    linked_from_rows,
    order_day,
    reconcile,
    region_of,
)
from warclaims.engines.layout import dumps
from warclaims.engines.stages import row_incident
from warclaims.models import Article, incident_from_dict, parse_date

Record = dict[str, Any]


def link_records(articles: Sequence[Article], incidents: list[dict], claims: list[dict]) -> list[Record]:
    """Return one link record per incident row of ``articles`` (incidents with their claims)."""
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


def record_of(report) -> Record:
    """Return the link record of a link stage Report (the inverse of :func:`report_of`)."""
    article = {"id": report.article_id, "outlet": report.outlet, "published": report.published, "title": None}
    return {"incident_key": report.key, "payload": dumps({"article": article, "incident": report.incident})}


def report_of(record: Record):
    """Return the link stage's Report of a record."""
    data = json.loads(record["payload"])
    inc = incident_from_dict(data["incident"])
    art = data["article"]
    inc.article_id = art["id"]
    for claim in inc.claims:
        claim.article_id = claim.article_id or art["id"]
    return Report(article_id=art["id"], incident=inc, outlet=art.get("outlet"),
                  published=parse_date(art.get("published")), lead=lead_of(inc, art.get("title")))


def link_block(records: Sequence[Record]) -> list[dict[str, Any]]:
    """Return the ``links`` rows of one block (:func:`warclaims.link.records.link_rows` of each incident)."""
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
    return linked_from_rows(linked_id, list(members), report_of)


def reconcile_group(group: tuple[str, Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """Return the ``ledger`` row of one linked incident: member count and its Ledger as JSON."""
    linked_id, members = group
    incident = linked_incident(linked_id, members)
    return {"linked_id": linked_id, "members": len(members), "ledger": dumps(reconcile(incident))}


# --- time buckets of big regions ---------------------------------------------------------

BUCKET_REPORTS = 4000
"""Reports per time bucket of a region: regions with more are split to link in parallel."""
WARMUP_DAYS = 28
"""Days before a bucket re-linked to rebuild the incidents its reports may join (several
times the linker's reach back, ``NO_DATE_LOOKBACK_DAYS``)."""


def reach_days() -> int:
    """Return how far back (days) a report may find an incident: the linker's longest look-back."""
    return max(DATE_WINDOW_DAYS, NO_DATE_LOOKBACK_DAYS, MONTH_REACH_DAYS)


def _day(record: Record) -> int | None:
    """Return the ordinal of the day a record is linked at (None: no date at all)."""
    day = order_day(report_of(record))
    return day.toordinal() if day else None


def region_and_day(record: Record) -> tuple[str, int | None]:
    """Return a record's blocking region and the ordinal of the day it is linked at (None: no date)."""
    report = report_of(record)
    day = order_day(report)
    return region_of(report), (day.toordinal() if day else None)


def bucket_cuts(day_counts: Mapping[str, Mapping[int | None, int]], *,
                bucket_reports: int = BUCKET_REPORTS) -> dict[str, list[int]]:
    """Return ``{region: first days of its buckets after the first}`` from each region's reports
    per linking day: about ``bucket_reports`` reports a bucket, cut between days (a day's
    reports stay together); a region with fewer reports has no cut (one task)."""
    return {region: _cuts(sorted((d, n) for d, n in counts.items() if d is not None), bucket_reports)
            for region, counts in day_counts.items()}


def bucket_bounds(cuts: Sequence[int]) -> list[tuple[int | None, int | None]]:
    """Return the ``[start, end)`` day ordinals of a region's buckets (None: open) from its cuts."""
    return list(zip([None, *cuts], [*cuts, None]))


def holding_buckets(day: int | None, cuts: Sequence[int], warmup_days: int = WARMUP_DAYS) -> list[int]:
    """Return the buckets of a region that hold a report of linking day ``day``: the one that owns
    it and those whose warm-up reaches back to it."""
    return [n for n, (start, end) in enumerate(bucket_bounds(cuts)) if _held(day, start, end, warmup_days)]


def bucket_tasks(records: Iterable[Record], *, bucket_reports: int = BUCKET_REPORTS,
                 warmup_days: int = WARMUP_DAYS) -> list[dict[str, Any]]:
    """Return the link tasks of ``records``: one per region, or per time bucket of a region with
    more than ``bucket_reports`` reports.

    A task is ``{"region", "bucket", "start", "end", "records"}``: the bucket owns the reports
    whose linking day (order_day) is in ``[start, end)`` (ordinals; None: open; reports with no day belong
    to the last bucket) and also holds those of the ``warmup_days`` before ``start``.
    """
    regions: dict[str, list[Record]] = {}
    days: dict[str, int | None] = {}
    counts: dict[str, Counter] = {}
    for rec in records:  # one parse of each record gives its region and its day
        region, day = region_and_day(rec)
        regions.setdefault(region, []).append(rec)
        days[rec["incident_key"]] = day
        counts.setdefault(region, Counter())[day] += 1
    cuts = bucket_cuts(counts, bucket_reports=bucket_reports)
    tasks = []
    for region in sorted(regions):
        recs = sorted(regions[region], key=lambda r: r["incident_key"])  # as link_block orders them
        for n, (start, end) in enumerate(bucket_bounds(cuts[region])):
            held = [r for r in recs if _held(days[r["incident_key"]], start, end, warmup_days)]
            tasks.append({"region": region, "bucket": n, "start": start, "end": end, "records": held})
    return tasks


def _cuts(day_counts: list[tuple[int, int]], size: int) -> list[int]:
    """Return the first days of the buckets after the first from ``(day, reports)`` in day order."""
    cuts, count = [], 0
    for day, n in day_counts:
        if count >= size:
            cuts.append(day)
            count = 0
        count += n
    return cuts


def _held(day: int | None, start: int | None, end: int | None, warmup: int) -> bool:
    if day is None:
        return end is None
    return (start is None or day >= start - warmup) and (end is None or day < end)


def _owned(day: int | None, start: int | None, end: int | None) -> bool:
    if day is None:
        return end is None
    return (start is None or day >= start) and (end is None or day < end)


def _open_incidents(linker, since: int | None) -> dict[str, tuple[str, ...]]:
    """Return ``{incident id: (medoid, member keys...)}`` of the incidents a report on or after
    day ``since`` could still join (a member at most the linker's reach before it)."""
    if since is None:
        return {}
    reach = since - reach_days()
    out = {}
    for inc in linker.incidents:
        if any((d := order_day(r)) is not None and d.toordinal() >= reach for r in inc.reports):
            out[inc.id] = (inc.medoid, *(r.key for r in inc.reports))
    return out


def link_bucket(task: dict[str, Any]) -> dict[str, Any]:
    """Link one task of :func:`bucket_tasks`; return ``{"region", "bucket", "rows", "head", "tail"}``.

    ``rows``: the ``links`` rows of every incident with a report the bucket owns (all its members,
    warm-up ones included); ``head``: the open incidents when the bucket's own days begin;
    ``tail``: those when they end (see :func:`merge_buckets`).
    """
    start, end = task["start"], task["end"]
    reports = sorted((report_of(r) for r in task["records"]), key=link_order)
    linker, head, own = Linker(), None, set()
    for report in reports:
        day = order_day(report)
        ordinal = day.toordinal() if day else None
        if head is None and _owned(ordinal, start, end):
            head = _open_incidents(linker, start)
        if _owned(ordinal, start, end):
            own.add(report.key)
        linker.add(report)
    if head is None:
        head = _open_incidents(linker, start)
    rows = [row for inc in linker.incidents if own.intersection(r.key for r in inc.reports)
            for row in link_rows(inc)]
    return {"region": task["region"], "bucket": task["bucket"], "rows": rows, "head": head,
            "tail": _open_incidents(linker, end)}


def merge_buckets(results: Sequence[dict[str, Any]], tasks: Sequence[dict[str, Any]],
                  relink: Any = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Return (the ``links`` rows of all regions, the regions linked whole again).

    Per region, each bucket's ``head`` must equal its predecessor's ``tail`` (see
    :func:`unchained_regions`): then every incident a bucket can extend was rebuilt exactly,
    and an incident's rows are taken from the last bucket that owns one of its reports.
    Otherwise the region's reports are linked at once (``relink``: a function of a task's
    records, :func:`link_block` by default).
    """
    relink = relink or link_block
    broken = set(unchained_regions(results))
    by_region: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        by_region.setdefault(result["region"], []).append(result)
    rows, relinked = [], []
    for region in sorted(by_region):
        if region not in broken:
            # Later buckets overwrite an incident's rows (they hold its later members) but keep its
            # place: the first bucket owning a report of it owns its founder, so the incidents come
            # in the order linking the region at once creates them.
            latest: dict[str, list[dict[str, Any]]] = {}
            for part in sorted(by_region[region], key=lambda r: r["bucket"]):
                for linked_id, group in _by_incident(part["rows"]).items():
                    latest[linked_id] = group
            rows.extend(row for group in latest.values() for row in group)
        else:
            relinked.append(region)
            records = {r["incident_key"]: r for t in tasks if t["region"] == region for r in t["records"]}
            rows.extend(relink(list(records.values())))
    return rows, relinked


def unchained_regions(states: Iterable[Mapping[str, Any]]) -> list[str]:
    """Return the regions whose buckets do not chain: some bucket's ``head`` (the open incidents
    when its own days begin) differs from its predecessor's ``tail``, so the incidents it
    started from were not rebuilt exactly and the region must be linked whole. ``states``
    are the results of :func:`link_bucket` (only region, bucket, head and tail are read)."""
    by_region: dict[str, list[Mapping[str, Any]]] = {}
    for state in states:
        by_region.setdefault(state["region"], []).append(state)
    return sorted(region for region, parts in by_region.items()
                  if not all(a["tail"] == b["head"] for a, b in
                             itertools.pairwise(sorted(parts, key=lambda r: r["bucket"]))))


def _by_incident(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["linked_id"], []).append(row)
    return out
