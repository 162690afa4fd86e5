"""Matching an incident to reference casualty records, and comparing tolls as intervals.

The rules (docs/reference.md says the same in plain words):

* **Date**: the record's ``date .. date_end`` must come within a window of the incident's
  date that depends on its precision: a day-precise incident within ``DAY_WINDOW`` day(s)
  (reports are published the next day and say "yesterday"); a month-precise one anywhere in
  that month; a year-precise incident is not matched (a year of war is not one event).
* **Place**: the distance from the incident's point to the record's point must be within a
  tolerance that adds the incident's (``INCIDENT_TOLERANCE_KM`` by ``geo_precision``) and the
  record's (``GED_TOLERANCE_KM`` by GED ``where_prec``). A governorate-level incident, or one
  whose place is named like its governorate ("Idlib": city or province?), matches records
  anywhere in the same governorate, but *weakly*; a record located only to its governorate
  (where_prec 4) or coarser matches by governorate only, weakly.
* **Kind**: the government, its allies and Israel never appear in a GED non-state conflict
  (``type_of_violence`` 2), the coalition and Turkey do (strikes in support of the SDF or of
  Turkish-backed groups); one-sided violence (3) kills civilians, so an incident whose victims
  are combatants is not it.
  The sides are not a filter (GED codes coalition strikes under various dyads) but count as an
  agreeing field when the perpetrator is one of them.
* **Aggregation**: GED splits one report into several events (places, days). The match set is
  the strong matches (else the weak ones; both for a governorate-named place), best first:
  named in the article's text, most telling words shared with GED's headlines, one-day records
  before records spread over weeks, same day, most agreeing fields, then nearest and largest
  (largest first for a broad place). The comparable figure is an interval from the best record's low to the sum of the
  highs of the best record and the other matched records of its day: the article may report
  that one event or the sum of GED's parts.

Pure functions: no store access. Every match keeps its evidence (:class:`RecordMatch`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from warclaims.assess.records import ReferenceRecord
from warclaims.geo.places import governorate as _governorate
from warclaims.geo.places import haversine_km, normalise_place, place_key

# Records repeat a few dozen admin1 spellings; the gazetteer look-up is kept per spelling.
governorate = functools.lru_cache(maxsize=4096)(_governorate)
from warclaims.models import Incident, Interval

DAY_WINDOW = 1
INCIDENT_TOLERANCE_KM = {"point": 10.0, "city": 25.0}
"""How far from its stated point an incident may have happened, by its ``geo_precision``."""
GED_TOLERANCE_KM = {1: 0.0, 2: 25.0, 3: 50.0}
"""UCDP GED ``where_prec``: 1 exact place, 2 within 25 km, 3 second-order area (district)."""
GOVERNORATE_ONLY_PREC = 4
"""``where_prec`` 4 (governorate) matches by governorate; 5-7 (country, waters) never match."""
GOVERNMENT_SIDE = ("syrian_government", "russia", "iran_hezbollah", "israel")
"""Perpetrators never coded in a GED non-state conflict (type 2): the government, its allies, Israel.
The coalition and Turkey are: GED codes their strikes in support of the SDF or of Turkish-backed
groups under those groups' dyads (the coalition's Tokhar strikes of 2016-07-19 are "IS - SDF")."""
SIDE_WORDS = {
    "syrian_government": ("government of syria",),
    "russia": ("government of russia",),
    "us_led_coalition": ("government of united states", "government of iraq", "coalition", "sdf"),
    "isis": ("is",),
    "opposition_rebels": ("syrian insurgents", "free syrian army", "jaysh", "ahrar"),
    "hts_nusra": ("hts", "jabhat fateh al-sham", "jabhat al-nusra", "hayat tahrir"),
    "kurdish_forces": ("sdf", "ypg", "pyd", "kurdish"),
    "turkey": ("government of turkey", "hawar kilis"),
    "israel": ("government of israel",),
    "iran_hezbollah": ("hezbollah", "government of iran"),
}
VERDICTS = ("consistent", "above", "below", "no record")


@dataclass(slots=True, kw_only=True)
class RecordMatch:
    """One record that matches an incident, with the evidence of the match."""

    record: ReferenceRecord
    strength: str
    """``strong`` (place within tolerance) or ``weak`` (same governorate only)."""
    distance_km: float | None
    day_offset: int
    """Days between the incident's date and the record's date range (0: inside it)."""
    agreeing: list[str] = field(default_factory=list)
    """Fields that agree: ``date``, ``place``, ``governorate``, ``kind``, ``sides``, ``victims``,
    ``named`` (the record's place is named in the article's text), ``headline`` (the article shares
    at least ``HEADLINE_AGREES`` telling words with GED's source headlines)."""
    headline_overlap: int = 0
    """How many telling words (places, numbers, weapons) of GED's headlines the article has."""

    def to_dict(self) -> dict:
        """Return the JSON form: the record's fields and the evidence."""
        rec = self.record
        return {
            "dataset": rec.dataset, "record_id": rec.record_id, "date": rec.date.isoformat(),
            "date_end": (rec.date_end or rec.date).isoformat(), "place": rec.place, "admin1": rec.admin1,
            "latitude": rec.latitude, "longitude": rec.longitude, "side_a": rec.actor1, "side_b": rec.actor2,
            "type_of_violence": rec.event_type, "low": rec.deaths_low, "best": rec.deaths_best,
            "high": rec.deaths_high, "headline": record_headline(rec), "source": record_source(rec),
            "strength": self.strength, "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "day_offset": self.day_offset, "agreeing": list(self.agreeing),
        }


@dataclass(slots=True, kw_only=True)
class MatchSet:
    """The records matched to one incident and the comparable figure they give."""

    matches: list[RecordMatch]
    summed: list[str] = field(default_factory=list)
    """Ids of the records whose highs add up to ``high``: the best match and the others on its day."""
    low: int | None
    high: int | None
    best: int | None

    @property
    def ids(self) -> list[str]:
        """Return the matched record ids, best match first."""
        return [m.record.record_id for m in self.matches]

    def interval_text(self) -> str:
        """Return the comparable figure as text: ``90`` or ``38–128``."""
        if self.low is None or self.high is None:
            return "-"
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(slots=True, kw_only=True)
class ClaimVerdict:
    """One claim's killed figure judged against the match set."""

    claimant: str
    killed: str
    verdict: str
    """``consistent``, ``above``, ``below`` or ``no record``."""
    text: str

    def to_dict(self) -> dict:
        """Return the JSON form."""
        return {"claimant": self.claimant, "killed": self.killed, "verdict": self.verdict, "text": self.text}


def record_headline(record: ReferenceRecord) -> str | None:
    """Return the GED ``source_headline`` of a record (first headline), None when it has none."""
    text = (record.extra or {}).get("source_headline") or ""
    return text.split(";")[0].strip() or None


def record_source(record: ReferenceRecord) -> str | None:
    """Return who GED read the record from (``source_office``, else ``source_original``)."""
    extra = record.extra or {}
    return (extra.get("source_office") or extra.get("source_original") or "").strip() or None


def where_prec(record: ReferenceRecord) -> int:
    """Return the GED ``where_prec`` of a record; 1 (exact) for records of other datasets with a point."""
    try:
        return int((record.extra or {}).get("where_prec") or 1)
    except ValueError:
        return 1


def date_window(incident: Incident) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day a matching record may touch, None when the date is too vague."""
    if incident.date is None:
        return None
    precision = incident.date_precision or "day"
    if precision == "day":
        return incident.date - dt.timedelta(days=DAY_WINDOW), incident.date + dt.timedelta(days=DAY_WINDOW)
    if precision == "month":
        first = incident.date.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    return None


def day_offset(incident_date: dt.date, record: ReferenceRecord) -> int:
    """Return how many days the incident's date lies outside the record's date range (0 inside)."""
    end = record.date_end or record.date
    if incident_date < record.date:
        return (record.date - incident_date).days
    if incident_date > end:
        return (incident_date - end).days
    return 0


def named_like_governorate(incident: Incident) -> bool:
    """Return True when the incident's place is just a governorate's name ("Idlib", "Deir ez-Zor
    province"): the article may mean the city or the whole province."""
    admin1 = governorate(incident.admin1) if incident.admin1 else None
    return bool(incident.place) and admin1 is not None and governorate(incident.place) == admin1


def place_strength(incident: Incident, record: ReferenceRecord) -> tuple[str | None, float | None]:
    """Return (``strong``/``weak``/None, distance in km) for the record's place against the incident's."""
    prec = where_prec(record) if None not in (record.latitude, record.longitude) else GOVERNORATE_ONLY_PREC
    if prec > GOVERNORATE_ONLY_PREC:
        return None, None
    admin1 = governorate(incident.admin1) if incident.admin1 else None
    same_gov = admin1 is not None and admin1 == governorate(record.admin1)
    has_points = None not in (incident.latitude, incident.longitude, record.latitude, record.longitude)
    distance = (haversine_km(incident.latitude, incident.longitude, record.latitude, record.longitude)  # type: ignore[arg-type]
                if has_points else None)
    # An incident with a point but no stated precision is taken as a town.
    tolerance = INCIDENT_TOLERANCE_KM.get(incident.geo_precision or "city")
    if distance is not None and tolerance is not None and prec in GED_TOLERANCE_KM:
        if distance <= tolerance + GED_TOLERANCE_KM[prec]:
            return "strong", distance
    weak_incident = incident.geo_precision in (None, "admin1") or named_like_governorate(incident)
    if same_gov and (weak_incident or prec == GOVERNORATE_ONLY_PREC):
        return "weak", distance
    return None, distance


# ACLED sub-event types (and common words in mapped CSVs) -> our event types.
_TYPE_WORDS = (
    ("suicide", "suicide_bombing"), ("chemical", "chemical_attack"), ("air", "airstrike"), ("drone", "airstrike"),
    ("shelling", "shelling"), ("artillery", "shelling"), ("missile", "shelling"), ("mortar", "shelling"),
    ("explosive", "bombing"), ("landmine", "bombing"), ("ied", "bombing"), ("bomb", "bombing"),
    ("clash", "armed_clash"), ("abduction", "abduction_detention"), ("disappearance", "abduction_detention"),
)
# Our types that a reference record of another type may still describe (a "massacre" may be shelling).
_LOOSE_TYPES = ("other", "massacre_execution", "shooting")


def reference_event_type(text: str | None) -> str | None:
    """Return our event type for a reference record's type text, None when it does not say
    (UCDP's numeric ``type_of_violence`` says who fought, not how)."""
    if not text or text.strip().isdigit():
        return None
    low = text.lower()
    return next((ours for word, ours in _TYPE_WORDS if word in low), None)


def types_compatible(incident: Incident, record: ReferenceRecord) -> bool:
    """Return False only when both sides name a clear event type and they differ."""
    theirs = reference_event_type(record.event_type)
    if theirs is None or incident.event_type in _LOOSE_TYPES:
        return True
    return theirs == incident.event_type or {theirs, incident.event_type} <= {"bombing", "suicide_bombing"}


def kind_agreement(incident: Incident, record: ReferenceRecord) -> tuple[bool, list[str]]:
    """Return (compatible, agreeing fields) for the incident's type, perpetrator and victims against
    the record's ``type_of_violence`` (or ACLED-style type words) and sides."""
    if not types_compatible(incident, record):
        return False, []
    kind = (record.event_type or "").strip()
    perp = incident.perpetrator
    agreeing: list[str] = []
    if kind == "2" and perp in GOVERNMENT_SIDE:
        return False, []
    if kind == "3" and incident.victims == "combatants":
        return False, []
    if kind in ("1", "2", "3"):
        agreeing.append("kind")
    sides = f"{record.actor1 or ''} | {record.actor2 or ''}".lower()
    words = SIDE_WORDS.get(perp, ())
    if any(_names_side(w, sides) for w in words):
        agreeing.append("sides")
    if kind == "3" and incident.victims == "civilians":
        agreeing.append("victims")
    return True, agreeing


def _names_side(word: str, sides: str) -> bool:
    """Return True when ``word`` is a side's whole name or starts it ("IS" is not in "Syrian insurgents")."""
    return any(side.strip() == word or side.strip().startswith(word + " ") or
               (len(word) > 3 and word in side) for side in sides.split("|"))


MAX_NAME_WORDS = 4
"""Longest place name (in words) looked for in the article's text."""
MIN_NAME_KEY = 4
"""Shortest place key (consonants) that counts as naming a place."""
HEADLINE_AGREES = 2
"""Telling words shared with GED's source headlines for ``headline`` to count as agreeing."""


def text_place_keys(text: str | None) -> frozenset[str]:
    """Return the place keys (:func:`warclaims.geo.places.place_key`) of every run of one to
    ``MAX_NAME_WORDS`` words of ``text``, to find a record's place named in an article."""
    if not text:
        return frozenset()
    words = normalise_place(text).split()
    keys = {w for w in words if w.isdigit() and len(w) >= 2}
    # The key of a run of normalised words is the join of the words' keys (place_key drops the
    # spaces), so each word is keyed once (cached) instead of every run being normalised again.
    word_keys = [place_key(w) for w in words]
    for n in range(1, MAX_NAME_WORDS + 1):
        for i in range(len(words) - n + 1):
            key = "".join(word_keys[i:i + n])
            if len(key) >= MIN_NAME_KEY:
                keys.add(key)
    return frozenset(keys)


GENERIC_WORDS = frozenset("""
killed kill kills killing people persons person civilians civilian children child women including members
regime forces force yesterday least were with from their after more than about countryside city town
village villages casualties casualty injuries injured wounded wounding martyrs martyr syria syrian shelling
shells shell airstrikes airstrike strikes strike aerial bombardment bombing warplanes warplane raids raid
clashes clash organization state islamic loyal militiamen militants fighters other others targeting target
targets targeted areas area continue continues continued continuous renewed violent dozens tens cause
causes caused leave leaves left rise rises raise death toll losses human near several amid among
""".split())
"""Words every GED headline and war report shares; they do not tell one day's records apart."""


def headline_words(record: ReferenceRecord) -> frozenset[str]:
    """Return the telling words of the record's GED source headlines (place names, numbers, weapons),
    as place keys (spelling-tolerant) and digits."""
    text = (record.extra or {}).get("source_headline") or ""
    words = set()
    for word in normalise_place(text).split():
        if word in GENERIC_WORDS:
            continue
        if word.isdigit():
            if len(word) >= 2:
                words.add(word)
        elif len(place_key(word)) >= MIN_NAME_KEY:
            words.add(place_key(word))
    return frozenset(words)


def headline_overlap(record: ReferenceRecord, keys: frozenset[str]) -> int:
    """Return how many telling words of the record's headlines the article's text has."""
    return len(headline_words(record) & keys) if keys else 0


def named_in_text(record: ReferenceRecord, keys: frozenset[str]) -> bool:
    """Return True when the record's own place (not just its governorate's name) is named in the text."""
    key = place_key(record.place)
    if len(key) < MIN_NAME_KEY:
        return False  # "Tall Ohod" (tld) would be found in "told"
    if record.admin1 and key == place_key(record.admin1):
        return False  # "Aleppo town" is named by every Aleppo story: it tells nothing apart
    return key in keys


def match_one(incident: Incident, record: ReferenceRecord, keys: frozenset[str] = frozenset()) -> RecordMatch | None:
    """Return the match of one record to the incident, with its evidence, or None; ``keys`` are
    the place keys of the article's text (:func:`text_place_keys`), to note a record named there."""
    window = date_window(incident)
    if window is None or incident.date is None:
        return None
    if (record.date_end or record.date) < window[0] or record.date > window[1]:
        return None
    strength, distance = place_strength(incident, record)
    if strength is None:
        return None
    compatible, agreeing = kind_agreement(incident, record)
    if not compatible:
        return None
    offset = day_offset(incident.date, record)
    fields = (["date"] if offset == 0 else []) + (["place"] if strength == "strong" else ["governorate"]) + agreeing
    if keys and named_in_text(record, keys):
        fields.append("named")
    overlap = headline_overlap(record, keys)
    if overlap >= HEADLINE_AGREES:
        fields.append("headline")
    return RecordMatch(record=record, strength=strength, distance_km=distance, day_offset=offset, agreeing=fields,
                       headline_overlap=overlap)


def _rank(m: RecordMatch, broad: bool) -> tuple:
    """Return the sort key of a match: named in the text, most telling words shared with GED's
    headlines, then one-day records before records spread
    over weeks (GED's "somewhere in June" summaries), same day, most agreeing fields, then nearest
    and largest (largest first when the incident's place is broad: a province's "dozens killed")."""
    span = ((m.record.date_end or m.record.date) - m.record.date).days
    size, distance = -(m.record.deaths_best or 0), m.distance_km if m.distance_km is not None else 1e9
    order = (size, distance) if broad else (distance, size)
    return ("named" not in m.agreeing, -m.headline_overlap, span > 3, m.day_offset, span > 0, -len(m.agreeing),
            *order, m.record.record_id)


def match_incident(incident: Incident | None, records: Iterable[ReferenceRecord],
                   text: str | None = None) -> MatchSet | None:
    """Return the match set of an incident among ``records`` (best match first), None when none
    matches; ``text`` (the article's, or the ledger's quotes) lets a record named in it rank first."""
    if incident is None:
        return None
    keys = text_place_keys(text)
    found = [m for m in (match_one(incident, r, keys) for r in records) if m is not None]
    if not found:
        return None
    # "Idlib" may be the city or the province: every record of the governorate competes, largest first.
    broad = named_like_governorate(incident)
    strong = [m for m in found if m.strength == "strong"]
    pool = found if broad else (strong or found)
    chosen = sorted(pool, key=lambda m: _rank(m, broad or not strong))
    primary = chosen[0]
    summed = [m for m in chosen if m.day_offset == primary.day_offset]
    highs = [h for h in (_high(m.record) for m in summed) if h is not None]
    return MatchSet(matches=chosen, summed=[m.record.record_id for m in summed], low=_low(primary.record),
                    high=sum(highs) if highs else None, best=primary.record.deaths_best)


def _low(record: ReferenceRecord) -> int | None:
    return record.deaths_low if record.deaths_low is not None else record.deaths_best


def _high(record: ReferenceRecord) -> int | None:
    return record.deaths_high if record.deaths_high is not None else record.deaths_best


def compare_interval(killed: Interval | None, low: int | None, high: int | None) -> str:
    """Return ``consistent``, ``above`` or ``below`` for a killed interval against ``low..high``
    (open ends stay open: "at least 60" is consistent with 90); ``no record`` when either is missing."""
    if killed is None or killed.point is None or low is None or high is None:
        return "no record"
    if killed.low is not None and killed.low > high:
        return "above"
    if killed.high is not None and killed.high < low:
        return "below"
    return "consistent"


def figure_words(killed: Interval) -> str:
    """Return a killed interval as the article would say it: '60', 'at least 60', 'up to 30', '10-15'."""
    if killed.high is None:
        return f"at least {killed.low}"
    if killed.low is None:
        return f"up to {killed.high}"
    return str(killed)


def record_words(match_set: MatchSet) -> str:
    """Return what the records say, citing the best one: 'UCDP GED 227936 records 90 deaths at
    Jabal Thurdah on 2016-09-17' (plus the other records of the set and their sum)."""
    top = match_set.matches[0].record
    name = "UCDP GED" if top.dataset.startswith("ucdp-ged") else top.dataset
    deaths = _deaths_words(top)
    when = top.date.isoformat() if (top.date_end or top.date) == top.date else f"{top.date}..{top.date_end}"
    text = f"{name} {top.record_id} records {deaths} at {top.place or top.admin1 or 'an unnamed place'} on {when}"
    others = [i for i in match_set.summed if i != top.record_id]
    if others:
        more = len(others) - 3
        listed = ", ".join(others[:3]) + (f" and {more} more" if more > 0 else "")
        text += f" (with {listed} the same day near it: {match_set.interval_text()} in all)"
    if match_set.matches[0].strength == "weak":
        text += ", matched by governorate only"
    return text


def _deaths_words(record: ReferenceRecord) -> str:
    low, best, high = _low(record), record.deaths_best, _high(record)
    if best is None:
        return "deaths of unknown number"
    if low == high == best:
        return f"{best} deaths"
    return f"{best} deaths ({low}–{high})"


def claim_verdicts(incident: Incident, match_set: MatchSet | None) -> list[ClaimVerdict]:
    """Return the verdict of each killed claim of the incident (the incident's own figure when it has no claim)."""
    figures = [(c.claimant or "the article", c.killed) for c in incident.claims
               if c.killed is not None and c.killed.point is not None]
    if not figures and incident.killed is not None and incident.killed.point is not None:
        figures = [("the article", incident.killed)]
    return [verdict_for(claimant, killed, match_set) for claimant, killed in figures]


def verdict_for(claimant: str, killed: Interval, match_set: MatchSet | None) -> ClaimVerdict:
    """Return the verdict of one killed figure against the match set, with the sentence that says it."""
    said = f"{possessive(claimant)} '{figure_words(killed)}'"
    if match_set is None:
        return ClaimVerdict(claimant=claimant, killed=str(killed), verdict="no record",
                            text=f"no reference record matches; {said} cannot be checked")
    verdict = compare_interval(killed, match_set.low, match_set.high)
    tail = {"consistent": "is consistent", "above": f"is above {match_set.interval_text()}",
            "below": f"is below {match_set.interval_text()}", "no record": "cannot be compared"}[verdict]
    return ClaimVerdict(claimant=claimant, killed=str(killed), verdict=verdict,
                        text=f"{record_words(match_set)}; {said} {tail}")


def possessive(name: str) -> str:
    """Return "officials'" for "officials", "the Russian army's" for "the Russian army"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def ledger_incident(ledger: Any) -> Incident:
    """Return a linked incident's ledger (:class:`warclaims.reconcile.ledger.Ledger`) as an
    :class:`Incident` to match: its date, place, kind and reconciled killed interval."""
    killed = None
    if ledger.killed.low is not None or ledger.killed.high is not None:
        killed = Interval(low=ledger.killed.low, high=ledger.killed.high)
    return Incident(event_type=ledger.event_type, date=ledger.date, date_precision=ledger.date_precision,
                    admin1=ledger.admin1, place=ledger.place, latitude=ledger.latitude,
                    longitude=ledger.longitude, geo_precision=ledger.geo_precision,
                    perpetrator=ledger.perpetrator, victims=ledger.victims, killed=killed)


def ledger_text(ledger: Any) -> str:
    """Return the words a linked incident's reports give about it: its place and the claims' quotes."""
    return "\n".join([ledger.place or "", *(c.quote for c in ledger.claims if c.quote)])


COMPARED_STATUSES = ("counted", "superseded")
"""Ledger claim statuses judged against the records (a different-victims or absurd claim is not)."""


def reference_check_record(ledger: Any, found: MatchSet | None) -> dict[str, Any]:
    """Return the JSON form of a linked incident's reference check: ``matched`` (records with their
    evidence), ``interval`` of the records, the ledger's own ``verdict`` and one per claim (by index)."""
    claims = []
    for claim in ledger.claims:
        if claim.killed is None or claim.killed.point is None:
            continue
        if claim.status not in COMPARED_STATUSES:
            claims.append({"index": claim.index, "claimant": claim.claimant, "killed": str(claim.killed),
                           "verdict": "not compared", "text": f"not compared: claim is {claim.status.replace('_', ' ')}"})
            continue
        verdict = verdict_for(claim.claimant or "the claimant", claim.killed, found)
        claims.append({"index": claim.index, **verdict.to_dict()})
    incident = ledger_incident(ledger)
    own = verdict_for("the ledger", incident.killed, found) if incident.killed is not None else None
    return {
        "matched": [m.to_dict() for m in found.matches] if found else [],
        "interval": None if found is None else {"low": found.low, "high": found.high, "best": found.best},
        "summary": record_words(found) if found else "no reference record matches this incident",
        "verdict": own.verdict if own else "no record",
        "claims": claims,
    }


def incident_check_record(incident: Incident, found: MatchSet | None) -> dict[str, Any]:
    """Return the JSON form of one article incident's reference check: ``matched`` records with
    their evidence, the records' ``interval``, a ``summary`` citing the best record and ``claims``
    (claimant, killed, verdict, text)."""
    return {
        "index": incident.index,
        "matched": [m.to_dict() for m in found.matches] if found else [],
        "interval": None if found is None else {"low": found.low, "high": found.high, "best": found.best},
        "summary": record_words(found) if found else "no reference record matches this incident",
        "claims": [v.to_dict() for v in claim_verdicts(incident, found)],
    }
