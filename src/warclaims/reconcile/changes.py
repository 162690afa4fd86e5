"""Change events: the difference between an incident's observed state and its current ledger.

:func:`incident_state` turns a :class:`~warclaims.reconcile.Ledger` (and its articles'
credibility) into a small JSON-ready state; :func:`diff_states` compares two states of one
incident and returns the events, each a dict with ``kind``, ``incident_id``,
``article_ids``, ``summary`` (one line), ``before`` and ``after``.

Kinds (:data:`EVENT_KINDS`): ``new_incident``; ``new_report`` (another article reports a
known incident); ``toll_revised`` (the ledger's killed/injured best, low or high moved, or a
claimant gave a newer figure); ``became_contested``; ``contradiction_added`` (a further
disagreement in an incident already contested); ``credibility_changed`` (an article's
credibility label changed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from warclaims.models import format_interval
from warclaims.reconcile.ledger import Ledger

EVENT_KINDS = (
    "new_incident",
    "new_report",
    "toll_revised",
    "became_contested",
    "contradiction_added",
    "credibility_changed",
)
MEASURES = ("killed", "injured")


def _estimate(est: Any) -> dict[str, int | None]:
    return {"best": est.best, "low": est.low, "high": est.high}


def _latest_figures(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """Return each claimant's latest killed figure: ``{claimant key: {claimant, killed, article_id}}``."""
    latest: dict[str, tuple[tuple, dict[str, Any]]] = {}
    for claim in ledger.claims:
        if claim.killed is None:
            continue
        order = (claim.published or dt.date.min, claim.supersedes_earlier, -claim.index)
        current = latest.get(claim.claimant_key)
        if current is None or order > current[0]:
            latest[claim.claimant_key] = (
                order,
                {"claimant": claim.claimant, "killed": format_interval(claim.killed),
                 "article_id": claim.article_id},
            )
    return {key: value for key, (_, value) in sorted(latest.items())}


def _contradictions(ledger: Ledger) -> list[dict[str, Any]]:
    """Return the contradictions with, on each side, the value and the claims that state it."""
    out = []
    for c in ledger.contradictions:
        sides = []
        for side in c.sides:
            claims = [ledger.claims[i] for i in side.claims if 0 <= i < len(ledger.claims)]
            sides.append({
                "value": side.value,
                "articles": list(side.articles),
                "claims": [f"{cl.claimant} ({cl.outlet or cl.article_id})" for cl in claims],
            })
        out.append({"kind": c.kind, "detail": c.detail, "sides": sides})
    return out


def incident_state(ledger: Ledger, credibility: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return the JSON-ready state of an incident that change events are computed from.

    ``credibility`` maps article ids to ``{"label", "score"}`` (articles not assessed are absent).
    """
    return {
        "event_type": ledger.event_type,
        "date": ledger.date.isoformat() if ledger.date else None,
        "admin1": ledger.admin1,
        "place": ledger.place,
        "perpetrator": ledger.perpetrator,
        "killed": _estimate(ledger.killed),
        "injured": _estimate(ledger.injured),
        "contested": bool(ledger.contested),
        "contradictions": _contradictions(ledger),
        "articles": sorted(ledger.articles),
        "outlets": list(ledger.outlets),
        "claimants": _latest_figures(ledger),
        "credibility": {aid: credibility[aid] for aid in sorted(ledger.articles) if aid in credibility},
    }


def incident_context(state: dict[str, Any]) -> dict[str, Any]:
    """Return what alert rules and feeds show of an incident: place, type, date, toll, contested, outlets."""
    return {
        "event_type": state["event_type"],
        "date": state["date"],
        "admin1": state["admin1"],
        "place": state["place"],
        "perpetrator": state["perpetrator"],
        "killed": state["killed"]["best"],
        "killed_low": state["killed"]["low"],
        "killed_high": state["killed"]["high"],
        "injured": state["injured"]["best"],
        "contested": state["contested"],
        "outlets": state["outlets"],
    }


def _where(state: dict[str, Any]) -> str:
    place = state.get("place") or "unknown place"
    admin1 = state.get("admin1")
    where = f"{place} ({admin1})" if admin1 and admin1 != place else place
    when = f" on {state['date']}" if state.get("date") else ""
    return f"{state.get('event_type') or 'incident'} in {where}{when}"


def _toll(est: dict[str, Any]) -> str:
    if est["best"] is None:
        return "no figure"
    if est["low"] == est["high"] == est["best"]:
        return str(est["best"])
    return f"{est['best']} ({est['low']}-{est['high']})"


def _new_incident(cid: str, after: dict[str, Any]) -> dict[str, Any]:
    outlets = ", ".join(after["outlets"]) or "unknown outlet"
    return {
        "kind": "new_incident",
        "incident_id": cid,
        "article_ids": after["articles"],
        "summary": f"New incident: {_where(after)}, killed {_toll(after['killed'])} (reported by {outlets})",
        "before": None,
        "after": {"killed": after["killed"], "injured": after["injured"], "articles": after["articles"]},
    }


def _new_reports(cid: str, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    added = [a for a in after["articles"] if a not in set(before["articles"])]
    return [
        {
            "kind": "new_report",
            "incident_id": cid,
            "article_ids": [aid],
            "summary": f"New report of {_where(after)}: article {aid} ({len(after['articles'])} reports now)",
            "before": {"articles": before["articles"]},
            "after": {"articles": after["articles"]},
        }
        for aid in added
    ]


def _revised_claimants(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Return claimants whose latest killed figure changed: ``{claimant, before, after, article_id}``."""
    out = []
    for key, now in after["claimants"].items():
        then = before["claimants"].get(key)
        if then is not None and then["killed"] != now["killed"]:
            out.append({"claimant": now["claimant"], "before": then["killed"], "after": now["killed"],
                        "article_id": now["article_id"]})
    return out


def _toll_revised(
    cid: str, before: dict[str, Any], after: dict[str, Any], new: list[str]
) -> list[dict[str, Any]]:
    moved = [m for m in MEASURES if before[m] != after[m]]
    revised = _revised_claimants(before, after)
    if not moved and not revised:
        return []
    parts = [f"{m} {_toll(before[m])} -> {_toll(after[m])}" for m in moved]
    parts += [f"{r['claimant']} now says {r['after']} (was {r['before']})" for r in revised]
    articles = list(dict.fromkeys([*(r["article_id"] for r in revised), *new])) or after["articles"]
    return [{
        "kind": "toll_revised",
        "incident_id": cid,
        "article_ids": articles,
        "summary": f"Toll revised for {_where(after)}: " + "; ".join(parts),
        "before": {m: before[m] for m in MEASURES} | {"claimants": [r["before"] for r in revised]},
        "after": {m: after[m] for m in MEASURES} | {"claimants": [r["after"] for r in revised],
                                                   "revised_by": [r["claimant"] for r in revised]},
    }]


def _side(side: dict[str, Any]) -> str:
    """Return ``value [claimants or articles]`` of one side of a contradiction."""
    return f"{side['value']} [{', '.join(side['claims']) or ', '.join(side['articles'])}]"


def _contradiction_events(
    cid: str, before: dict[str, Any], after: dict[str, Any], new: list[str]
) -> list[dict[str, Any]]:
    known = {(c["kind"], c["detail"]) for c in before["contradictions"]}
    added = [c for c in after["contradictions"] if (c["kind"], c["detail"]) not in known]
    if not after["contested"] or not added:
        return []
    kind = "contradiction_added" if before["contested"] else "became_contested"
    what = "; ".join(f"{c['detail']}: " + " vs ".join(_side(s) for s in c["sides"]) for c in added)
    verb = "now contested" if kind == "became_contested" else "further contradiction"
    articles = list(dict.fromkeys(a for c in added for s in c["sides"] for a in s["articles"])) or new
    return [{
        "kind": kind,
        "incident_id": cid,
        "article_ids": articles,
        "summary": f"{_where(after)} {verb}: {what}",
        "before": {"contested": before["contested"], "contradictions": before["contradictions"]},
        "after": {"contested": True, "contradictions": added},
    }]


def _credibility_events(cid: str, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for aid, now in after["credibility"].items():
        then = before["credibility"].get(aid)
        if then is not None and then["label"] != now["label"]:
            out.append({
                "kind": "credibility_changed",
                "incident_id": cid,
                "article_ids": [aid],
                "summary": (f"Credibility of article {aid} ({_where(after)}): "
                            f"{then['label']} -> {now['label']}"),
                "before": then,
                "after": now,
            })
    return out


def diff_states(cid: str, before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the change events between the observed ``before`` state of incident ``cid`` and ``after``.

    ``before`` None: the incident is new (one ``new_incident``). Events come in a fixed
    order (reports, toll, contradictions, credibility) so a rerun produces the same list.
    """
    if before is None:
        return [_new_incident(cid, after)]
    new = [a for a in after["articles"] if a not in set(before["articles"])]
    return [
        *_new_reports(cid, before, after),
        *_toll_revised(cid, before, after, new),
        *_contradiction_events(cid, before, after, new),
        *_credibility_events(cid, before, after),
    ]


def event_key(event: dict[str, Any], observed_at: str | None) -> str:
    """Return the unique key of an event: its kind, incident and values, and the observation it departs from.

    Two watchers computing the same change from the same observed state get the same key,
    so the store keeps one event.
    """
    parts = [event["kind"], event["incident_id"], observed_at, event["article_ids"], event["after"]]
    payload = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
