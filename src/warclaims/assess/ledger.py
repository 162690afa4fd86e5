"""Ledger signals: does the article agree with the other reports of the same incident?

Input is the article's main incident and its *peers*: the other articles' reports of the
same linked incident (from the store's ledger, or, for training on FA-KES, from reports of
the corpus grouped by date and governorate). Pure functions; no store access here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from warclaims.assess.records import Signal
from warclaims.models import ArticleExtraction, Claim, Incident, Interval

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
UNKNOWN = (None, "", "unknown", "other")


@dataclass(slots=True, kw_only=True)
class PeerReport:
    """Another article's report of the same incident."""

    article_id: str
    outlet: str | None
    incident: Incident


def main_incident(extraction: ArticleExtraction | None) -> Incident | None:
    """Return the article's main incident (index 0, else the first), or None."""
    if extraction is None or not extraction.incidents:
        return None
    return min(extraction.incidents, key=lambda i: i.index)


def incident_killed(incident: Incident) -> Interval | None:
    """Return the incident's killed figure, else its first claim's killed figure."""
    if incident.killed is not None and incident.killed.point is not None:
        return incident.killed
    for claim in incident.claims:
        if claim.killed is not None and claim.killed.point is not None:
            return claim.killed
    return None


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("the ", " ").split())


def _same_victims(own: Incident, claim: Claim) -> bool:
    """Return False when both name victims and they differ (soldiers vs civilians are not one toll)."""
    known = ("civilians", "combatants")
    return not (own.victims in known and claim.victims in known and own.victims != claim.victims)


def independent_claims(own: Incident, peers: list[PeerReport]) -> list[Claim]:
    """Return peers' killed claims made by claimants this article does not itself cite, about the same victims."""
    own_names = {_norm(c.claimant) for c in own.claims if c.claimant}
    out: list[Claim] = []
    for peer in peers:
        claims = peer.incident.claims or []
        if not claims and peer.incident.killed is not None:
            claims = [Claim(claimant=peer.outlet or peer.article_id, claimant_type="news_outlet",
                            killed=peer.incident.killed)]
        for claim in claims:
            if claim.killed is None or claim.killed.point is None:
                continue
            if _norm(claim.claimant or "") in own_names or not _same_victims(own, claim):
                continue
            out.append(claim)
    return out


def _count_words(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def _fmt_range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def range_signals(own: Incident, peers: list[PeerReport]) -> list[Signal]:
    """Return whether the article's toll falls inside the range independent claimants give.

    ``toll_outside`` is the signed log distance of the article's toll from the peers' range
    (0 inside, > 0 above, < 0 below); None when there is nothing to compare.
    """
    figure = incident_killed(own)
    claims = independent_claims(own, peers)
    if figure is None or not claims:
        why = "the article states no death toll" if figure is None else "no other claimant gives a toll"
        return [Signal(name="toll_outside", value=None, group="ledger", evidence=why),
                Signal(name="toll_in_range", value=None, group="ledger", evidence=why),
                Signal(name="independent_claimants", value=0.0, group="ledger", evidence=why)]
    lows = [c.killed.point for c in claims]  # type: ignore[union-attr]
    highs = [c.killed.high if c.killed.high is not None else c.killed.point for c in claims]  # type: ignore[union-attr]
    low, high = min(lows), max(highs)
    # "at least 60" is consistent with 62; "up to 30" with 12: open ends are open.
    own_low = figure.low if figure.low is not None else 0
    own_high = figure.high if figure.high is not None else math.inf
    n_claimants = len({_norm(c.claimant) for c in claims})
    who = f"{_count_words(n_claimants)} other claimants give" if n_claimants > 1 else "one other claimant gives"
    if own_high < low:
        dist = -(math.log1p(low) - math.log1p(own_high))
        text = f"its toll of {own_high} is below the {_fmt_range(low, high)} that {who}"
    elif own_low > high:
        dist = math.log1p(own_low) - math.log1p(high)
        text = f"its toll of {own_low} is above the {_fmt_range(low, high)} that {who}"
    else:
        dist = 0.0
        text = f"its toll of {figure.point} is within the {_fmt_range(low, high)} that {who}"
    return [Signal(name="toll_outside", value=dist, group="ledger", evidence=text),
            Signal(name="toll_in_range", value=float(dist == 0.0), group="ledger", evidence=text),
            Signal(name="independent_claimants", value=float(n_claimants), group="ledger",
                   evidence=f"{n_claimants} independent claimant(s) give a toll")]


def _field(incident: Incident, name: str) -> str | None:
    value = getattr(incident, name)
    if name == "date":
        return value.isoformat() if value is not None else None
    return None if value in UNKNOWN else str(value)


def majority_signals(own: Incident, peers: list[PeerReport]) -> list[Signal]:
    """Return, per field (perpetrator, victims, event type, date, place), agreement with the peers' majority."""
    out = []
    for name in ("perpetrator", "victims", "event_type", "date", "admin1"):
        mine = _field(own, name)
        votes = Counter(v for p in peers if (v := _field(p.incident, name)) is not None)
        label = name.replace("_", " ").replace("admin1", "governorate")
        if mine is None or not votes:
            out.append(Signal(name=f"agree_{name}", value=None, group="ledger",
                              evidence=f"{label}: nothing to compare"))
            continue
        majority, n = votes.most_common(1)[0]
        agree = mine == majority or (name == "date" and _near_date(mine, votes))
        out.append(Signal(
            name=f"agree_{name}", value=float(agree), group="ledger",
            evidence=(f"{label} {mine} agrees with the other reports" if agree
                      else f"its {label} {mine} differs from {majority} given by {n} of {sum(votes.values())} other report(s)"),
        ))
    return out


def _near_date(mine: str, votes: Counter[str]) -> bool:
    """Dates one day apart count as agreeing (a night strike is reported on either day)."""
    majority = dt.date.fromisoformat(votes.most_common(1)[0][0])
    return abs((dt.date.fromisoformat(mine) - majority).days) <= 1


def ledger_signals(extraction: ArticleExtraction | None, peers: list[PeerReport], outlet: str | None = None) -> list[Signal]:
    """Return all ledger signals of an article: sole source, toll range, field agreement."""
    own = main_incident(extraction)
    outlets = {(p.outlet or p.article_id).lower() for p in peers if (p.outlet or "").lower() != (outlet or "").lower()}
    n = len(outlets)
    sole = Signal(
        name="only_source", value=float(n == 0), group="ledger",
        evidence=("no other source reports this incident" if n == 0
                  else f"{_count_words(n)} other outlet(s) report this incident"),
    )
    count = Signal(name="other_sources", value=math.log1p(n), group="ledger", evidence=sole.evidence)
    # An article with no incident still gets every signal (as unmeasured) so rows align.
    own = own or Incident()
    return [sole, count, *range_signals(own, peers), *majority_signals(own, peers)]
