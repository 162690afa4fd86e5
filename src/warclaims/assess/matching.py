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
* **Kind and sides**: the government, its allies and Israel never appear in a GED non-state
  conflict (``type_of_violence`` 2), the coalition and Turkey do (strikes in support of the SDF
  or of Turkish-backed groups); one-sided violence (3) kills civilians, so an incident whose
  victims are combatants is not it; a record whose sides name nobody of the perpetrator's bloc
  (:data:`SIDE_BLOCS`) is not it either.
* **Confidence**: each candidate gets :func:`match_confidence`, the sum of :data:`WEIGHTS` for
  its evidence (same day, its place named in the article, near, GED headline words echoed,
  sides, victims, toll fit) less summaries, unclear records and far tolls.
* **What is cited**: the best record, with the parts of its event (:func:`same_event`: GED's same
  headline or the same named place that day), only when its confidence reaches
  :data:`CITE_THRESHOLD` and no record of another event comes within :data:`AMBIGUITY_MARGIN`;
  otherwise the set is ``ambiguous`` or ``uncertain`` and no toll is judged. The comparable
  figure of a cited set is an interval from the cited record's low to the sum of the highs of
  it and its parts: the article may report that one event or the sum of GED's parts.

Pure functions: no store access. Every match keeps its evidence (:class:`RecordMatch`).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warclaims.assess.ledger import incident_killed
from warclaims.assess.records import ReferenceRecord
from warclaims.geo.places import governorate as _governorate
from warclaims.geo.places import haversine_km, normalise_place, place_key

# Records repeat a few dozen admin1 spellings; the gazetteer look-up is kept per spelling.
governorate = functools.lru_cache(maxsize=4096)(_governorate)
from warclaims.models import INCIDENT_FACTS, Incident, Interval

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
SIDE_BLOCS = {
    "syrian_government": "government", "russia": "government", "iran_hezbollah": "government",
    "opposition_rebels": "rebels", "hts_nusra": "rebels", "isis": "isis", "kurdish_forces": "kurds",
    "israel": "israel",
}
"""Perpetrators whose side GED always names, grouped in blocs whose members articles and GED
mix up (Russia's strikes are coded as the Syrian government's; "rebels" are often Nusra). The
coalition and Turkey are not here: GED codes their strikes under the dyads of the groups they
support, so no dyad contradicts them."""
BLOC_WORDS = {
    "government": ("government of syria", "government of russia", "government of iran", "hezbollah"),
    "rebels": ("syrian insurgents", "free syrian army", "jaysh", "ahrar", "hts", "jabhat fateh al-sham",
               "jabhat al-nusra", "hayat tahrir", "faylaq", "nour al-din", "jund"),
    "isis": ("is",),
    "kurds": ("sdf", "ypg", "pyd", "kurdish"),
    "israel": ("government of israel",),
}
MAIN_DYAD = ("syrian_government", "russia", "iran_hezbollah", "opposition_rebels", "hts_nusra")
"""Perpetrators of the war's main dyad, present on both sides of most of its records."""
VERDICTS = ("consistent", "above", "below", "ambiguous", "uncertain", "no record")
"""``ambiguous``: several records of the same day and area fit equally, none is cited;
``uncertain``: the best record is under the confidence threshold, none is cited."""


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
    disagreeing: list[str] = field(default_factory=list)
    """Fields that speak against the record being the article's event: ``toll`` (far from its figure)."""
    headline_share: float = 0.0
    """Share of the telling words of the best-echoed GED headline in the article (:func:`headline_fit`)."""
    confidence: float = 0.0
    """How sure the match is that this record is the article's event (:func:`match_confidence`)."""

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
            "disagreeing": list(self.disagreeing), "confidence": self.confidence,
        }


@dataclass(slots=True, kw_only=True)
class MatchSet:
    """The records matched to one incident and the comparable figure they give."""

    matches: list[RecordMatch]
    status: str = "cited"
    """``cited`` (the best record is the incident's event, confidently), ``ambiguous`` (records of
    other events fit as well: none cited) or ``uncertain`` (the best fits too poorly: none cited)."""
    confidence: float = 0.0
    """The best record's confidence."""
    rivals: list[str] = field(default_factory=list)
    """Ids of the records of other events that fit as well as the best one (an ambiguous set)."""
    summed: list[str] = field(default_factory=list)
    """Ids of the records whose highs add up to ``high``: the cited record and the parts of its event."""
    low: int | None
    high: int | None
    best: int | None

    @property
    def cited(self) -> RecordMatch | None:
        """Return the cited match, None when the set is ambiguous or uncertain."""
        return self.matches[0] if self.status == "cited" else None

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
    if sides_contradict(perp, record):
        return False, []
    if kind in ("1", "2", "3"):
        agreeing.append("kind")
    sides = f"{record.actor1 or ''} | {record.actor2 or ''}".lower()
    words = SIDE_WORDS.get(perp, ())
    if any(_names_side(w, sides) for w in words):
        agreeing.append("sides")
    if victims_agree(incident.victims, record) is True:
        agreeing.append("victims")
    return True, agreeing


def victims_agree(victims: str | None, record: ReferenceRecord) -> bool | None:
    """Return whether the incident's victims (civilians/combatants) agree with whom the record
    counts dead: one-sided violence (type 3) or GED's ``deaths_civilians`` against its total;
    None when either side does not say."""
    if victims not in ("civilians", "combatants"):
        return None
    if (record.event_type or "").strip() == "3":
        return victims == "civilians"
    try:
        civilians = int((record.extra or {}).get("deaths_civilians") or "")
    except ValueError:
        return None
    total = record.deaths_best or 0
    if total <= 0:
        return None
    if victims == "civilians":
        return civilians > 0
    return civilians < total  # some of the dead were fighters


def sides_contradict(perpetrator: str | None, record: ReferenceRecord) -> bool:
    """Return True when the incident's perpetrator belongs to a bloc (:data:`SIDE_BLOCS`) that
    neither of the record's sides names: IS's execution is not a record of "Government of Syria
    - Syrian insurgents". Records of other datasets without sides never contradict."""
    bloc = SIDE_BLOCS.get(perpetrator or "")
    sides = f"{record.actor1 or ''} | {record.actor2 or ''}".lower()
    if bloc is None or not sides.replace("|", "").strip():
        return False
    return not any(_names_side(w, sides) for w in BLOC_WORDS[bloc])


def _names_side(word: str, sides: str) -> bool:
    """Return True when ``word`` is a side's whole name or starts it ("IS" is not in "Syrian insurgents")."""
    return any(side.strip() == word or side.strip().startswith(word + " ") or
               (len(word) > 3 and word in side) for side in sides.split("|"))


MAX_NAME_WORDS = 4
"""Longest place name (in words) looked for in the article's text."""
MIN_NAME_KEY = 4
"""Shortest place key (consonants) that counts as naming a place."""
HEADLINE_AGREES = 2
"""Telling words shared with one GED source headline for ``headline`` to count as agreeing."""
HEADLINE_SHARE = (0.25, 0.5)
"""Share of that headline's telling words the article must have: for ``headline`` to agree, and
for it to count fully (:data:`WEIGHTS`)."""


_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
DATE_NUMBERS = re.compile(
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b\d{{4}}[/.-]\d{{1,2}}[/.-]\d{{1,2}}\b|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?|"
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b(?:19|20)\d\d\b", re.IGNORECASE)
"""Dates and years ("17/09/2016", "16 August", "Aug. 16", "2016"): their numbers are not tolls and
must not count as telling words shared with a headline (a report of the 16th is not "16 killed")."""


def drop_dates(text: str) -> str:
    """Return ``text`` without its dates and years (:data:`DATE_NUMBERS`); month names go with them."""
    return DATE_NUMBERS.sub(" ", text)


def text_place_keys(text: str | None) -> frozenset[str]:
    """Return the place keys (:func:`warclaims.geo.places.place_key`) of every run of one to
    ``MAX_NAME_WORDS`` words of ``text``, to find a record's place named in an article."""
    if not text:
        return frozenset()
    words = normalise_place(drop_dates(text)).split()
    keys = {w for w in words if w.isdigit() and len(w) >= 2}
    # The key of a run of normalised words is the join of the words' keys (place_key drops the
    # spaces), so each word is keyed once (cached) instead of every run being normalised again.
    word_keys = [place_key(w) for w in words]
    keys.update(w for w, k in zip(words, word_keys, strict=True) if len(k) < MIN_NAME_KEY and len(w) >= 5)
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
massacre massacres citizens residents rebels factions faction terrorist terrorists government army troops
soldiers helicopters today dawn morning night hours since during reported report reports monitor observatory
sources source local people's neighbourhoods neighborhoods continued ongoing intense intensive heavy
aleppo idlib homs hama damascus rif dimashq raqqa raqqah daraa deraa deir ezzor zor hasakah hasaka latakia
lattakia tartus quneitra sweida suwayda ghouta
about above after again against along among around because before behind below beneath beside between
beyond could does doing down during each every further having here into itself just later least many might
most much must never once only other ours over same should since some such than that their theirs them then
there these they this those through under until upon very what when where which while whom whose will with
within without would your also still even across toward towards another others being been were while
""".split())
"""Words every GED headline and war report shares (and the governorates' names, and English function
words, which the fallback of :func:`_word_key` would otherwise keep): they tell no record apart."""


def headline_words(record: ReferenceRecord) -> frozenset[str]:
    """Return the telling words of the record's GED source headlines (place names, numbers, weapons),
    as place keys (spelling-tolerant) and digits."""
    return telling_words((record.extra or {}).get("source_headline") or "")


@functools.lru_cache(maxsize=32_768)
def telling_words(headline: str) -> frozenset[str]:
    """Return the telling words of a headline text (cached: a record is matched many times):
    its numbers and the words GED's headlines seldom use (:func:`common_headline_words`), as keys."""
    words = _headline_keys(headline) - common_headline_words()
    return frozenset(w for w in words if not w.isdigit() or len(w) >= 2)


def _headline_keys(headline: str) -> frozenset[str]:
    """Return the keys (:func:`_word_key`) and numbers of a headline's words, less :data:`GENERIC_WORDS`."""
    words = set()
    for word in normalise_place(drop_dates(headline)).split():
        if word in GENERIC_WORDS:
            continue
        key = word if word.isdigit() else _word_key(word)
        if key:
            words.add(key)
    return frozenset(words)


COMMON_SHARE = 0.01
"""A word in more than this share of the bundled GED records' headlines is common ("Aleppo",
"fighting", "regime"): sharing it does not tie an article to one record."""
COMMON_WORDS_FILE = Path(__file__).parent / "data" / "reference" / "ged-headline-common-words.txt"
"""The common words of the bundled set's headlines (:func:`count_common_headline_words`), one
key a line, shipped so that no process has to count 16,566 headlines before its first match."""


def count_common_headline_words(records: Iterable[ReferenceRecord]) -> list[str]:
    """Return, sorted, the word keys used by more than :data:`COMMON_SHARE` of the records'
    headlines (counted once per record; numbers are never common). Regenerates
    :data:`COMMON_WORDS_FILE` from the bundled set; a test checks that the file matches it."""
    counts: Counter[str] = Counter()
    n = 0
    for record in records:
        n += 1
        counts.update(_headline_keys((record.extra or {}).get("source_headline") or ""))
    limit = COMMON_SHARE * max(1, n)
    return sorted(w for w, c in counts.items() if c > limit and not w.isdigit())


@functools.lru_cache(maxsize=1)
def common_headline_words() -> frozenset[str]:
    """Return the common words of GED headlines (:data:`COMMON_WORDS_FILE`), read once per process."""
    return frozenset(COMMON_WORDS_FILE.read_text("utf-8").split())


def headline_overlap(record: ReferenceRecord, keys: frozenset[str]) -> int:
    """Return how many telling words of the record's headlines the article's text has."""
    return len(headline_words(record) & keys) if keys else 0


def headline_fit(record: ReferenceRecord, keys: frozenset[str]) -> tuple[int, float]:
    """Return (shared words, share of its words) for the record's one GED headline (of those
    separated by ';') that the article's text echoes best. A long daily summary shares a few words
    with any war report; a headline most of whose words the article has is its event's."""
    best = (0, 0.0)
    if not keys:
        return best
    for part in ((record.extra or {}).get("source_headline") or "").split(";"):
        words = telling_words(part)
        if len(words) < 2:
            continue  # a bare link or a one-word headline says nothing
        shared = len(words & keys)
        fit = (shared, round(shared / len(words), 3))
        best = max(best, fit, key=lambda x: (x[1] if x[0] >= HEADLINE_AGREES else 0, x[0]))
    return best


def named_in_text(record: ReferenceRecord, keys: frozenset[str]) -> bool:
    """Return True when the record's own place (not just its governorate's name) is named in the text."""
    key = place_key(record.place)
    if len(key) < MIN_NAME_KEY:
        return False  # "Tall Ohod" (tld) would be found in "told"
    if is_city_point(record):
        return False  # "Aleppo town" is named by every Aleppo story: it tells nothing apart
    return key in keys


PLACE_WORDS = frozenset("""
khan kafr kfar deir tall tal jabal jebel mount hill wadi ain ein bab beit bayt sheikh shaykh umm abu
farm farms factory sector road roads junction bridge crossing station plant dam hospital school mosque
market square quarter street camp airport base checkpoint gate valley lake river mountain new old
great small upper lower kabir kabira saghir saghira sharqi sharqiyah gharbi gharbiyah
""".split())
"""Words of GED place names that do not name a place on their own ("Khan", "Farms", "Sharqi")."""


def named_in_part(record: ReferenceRecord, keys: frozenset[str]) -> bool:
    """Return True when a distinctive word of the record's place name is in the text: GED's "Aqtan
    Cotton Factory" for an article's "cotton-spinning plant", "Khan Tuman town" for "Tuman"; the
    words of its governorate's name and generic place words (:data:`PLACE_WORDS`) do not count."""
    return any(key in keys for key in _distinctive_place_keys(record.place, record.admin1))


@functools.lru_cache(maxsize=16_384)
def _distinctive_place_keys(place: str | None, admin1: str | None) -> tuple[str, ...]:
    """Return the keys of the distinctive words of a GED place name (cached: records repeat places)."""
    gov = set(normalise_place(admin1).split()) if admin1 else set()
    words = (w for w in normalise_place(place).split() if w not in PLACE_WORDS and w not in gov
             and w not in GENERIC_WORDS)
    return tuple(k for k in (_word_key(w) for w in words) if k)


_KEY_DROPS = re.compile(r"[aeiouyh]")
"""What :func:`warclaims.geo.places.place_key` drops from a normalised word (vowels and 'h')."""


def _word_key(word: str) -> str:
    """Return the key a single normalised word is compared by: its place key (the same as
    :func:`~warclaims.geo.places.place_key` gives it, without normalising it again), or the word
    itself when the key is too short to tell ("tunnel" has the key "tnl")."""
    key = _KEY_DROPS.sub("", word)
    if len(key) >= MIN_NAME_KEY:
        return key
    return word if len(word) >= 5 else ""


def match_one(incident: Incident, record: ReferenceRecord, keys: frozenset[str] = frozenset(),
              window: tuple[dt.date, dt.date] | None = None) -> RecordMatch | None:
    """Return the match of one record to the incident, with its evidence, or None; ``keys`` are
    the place keys of the article's text (:func:`text_place_keys`), to note a record named there;
    ``window`` the incident's :func:`date_window` when the caller has it already."""
    window = window or date_window(incident)
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
    elif keys and named_in_part(record, keys):
        fields.append("named_part")
    overlap = headline_overlap(record, keys)
    shared, share = headline_fit(record, keys)
    if shared >= HEADLINE_AGREES and share >= HEADLINE_SHARE[0]:
        fields.append("headline")
    return RecordMatch(record=record, strength=strength, distance_km=distance, day_offset=offset, agreeing=fields,
                       headline_overlap=overlap, headline_share=share if shared >= HEADLINE_AGREES else 0.0)


CITE_THRESHOLD = 0.65
"""Confidence (:func:`match_confidence`) the best record needs to be cited."""
AMBIGUITY_MARGIN = 0.15
"""A record of another event within this much confidence of the best one makes the match ambiguous."""
TOLL_FAR = 0.9
"""Log distance (about 2.5 times) beyond which a record's toll is too far from the article's."""
TOLL_NEAR = 0.3
"""Log distance (about 1.35 times) within which a record's toll fits the article's ("11" and GED's 10)."""
OPEN_SPAN = 3
"""An open figure ("at least 16") fits a record only up to this many times its floor: 69 is not it."""
WEIGHTS = {
    "same_day": 0.2, "next_day": 0.05, "named": 0.3, "named_part": 0.2, "near": 0.15, "near_point": 0.25,
    "place": 0.0, "headline_full": 0.3, "headline_part": 0.15, "headline_word": 0.05, "sides": 0.1,
    "sides_dyad": 0.05, "victims": 0.1, "toll": 0.05, "summary": -0.2, "unclear": -0.1, "toll_far": -0.15,
}
"""Evidence weights of :func:`match_confidence` (docs/reference.md lists them). Set by reading matches
of a tuning sample of FA-KES dev articles by hand, never from labels."""


def is_summary(record: ReferenceRecord) -> bool:
    """Return True for a GED record that sums several days (a span over 3 days, or GED ``date_prec``
    3 or more: "somewhere in that week/month"), not one event."""
    span = ((record.date_end or record.date) - record.date).days
    try:
        prec = int((record.extra or {}).get("date_prec") or 1)
    except ValueError:
        prec = 1
    return span > 3 or prec >= 3


def is_unclear(record: ReferenceRecord) -> bool:
    """Return True when GED marks the record's ``event_clarity`` 2 (an aggregate of unclear reports)."""
    return str((record.extra or {}).get("event_clarity") or "1").strip() == "2"


def toll_fit(killed: Interval | None, record: ReferenceRecord) -> str | None:
    """Return ``fits`` when the article's killed interval overlaps the record's low..high, ``far``
    when it is more than :data:`TOLL_FAR` (log) away, None when it cannot say (no figure)."""
    low, high = _low(record), _high(record)
    if killed is None or killed.point is None or low is None or high is None:
        return None
    floor = killed.low or 0
    ceiling = killed.high if killed.high is not None else OPEN_SPAN * max(1, floor)
    if floor > high:
        gap = math.log1p(floor) - math.log1p(high)
    elif ceiling < low:
        gap = math.log1p(low) - math.log1p(ceiling)
    else:
        return "fits"
    if gap <= TOLL_NEAR:
        return "fits"
    return "far" if gap > TOLL_FAR else None


def match_confidence(incident: Incident, m: RecordMatch) -> float:
    """Return the confidence (0..1) that the matched record is the incident's event: the sum of
    :data:`WEIGHTS` for its evidence (same day, place named in the article, near, headline words
    shared, sides, victims, toll within the record's interval) less summaries, unclear records
    and a toll far from the record's; also notes ``toll`` in the agreeing or ``disagreeing`` fields."""
    w, rec = WEIGHTS, m.record
    score = 0.0
    if (incident.date_precision or "day") == "day":
        score += w["same_day"] if m.day_offset == 0 else w["next_day"]
    if "named" in m.agreeing:
        score += w["named"]
    elif "named_part" in m.agreeing:
        score += w["named_part"]
    if m.strength == "strong":
        own = INCIDENT_TOLERANCE_KM.get(incident.geo_precision or "city", 0)
        near = m.distance_km is not None and m.distance_km <= own
        point = incident.geo_precision == "point"
        score += (w["near_point"] if point else w["near"]) if near else w["place"]
    # One shared word is often chance; most words of one headline tie the record to the article.
    if m.headline_share >= HEADLINE_SHARE[1]:
        score += w["headline_full"]
    elif m.headline_share >= HEADLINE_SHARE[0]:
        score += w["headline_part"]
    elif m.headline_overlap:
        score += w["headline_word"]
    if "sides" in m.agreeing:
        # In the war's main dyad ("Government of Syria - Syrian insurgents") either side may have
        # fired: a side there tells less than a one-sided record's perpetrator (type 3), or a
        # side such as IS, the SDF or a foreign government.
        main_dyad = incident.perpetrator in MAIN_DYAD and (rec.event_type or "").strip() != "3"
        score += w["sides_dyad"] if main_dyad else w["sides"]
    victims = victims_agree(incident.victims, rec)
    if victims is not None:
        score += w["victims"] if victims else -w["victims"]
        if not victims:
            m.disagreeing.append("victims")
    score += w["summary"] * is_summary(rec) + w["unclear"] * is_unclear(rec)
    fit = toll_fit(incident_killed(incident), rec)
    if fit == "fits":
        score += w["toll"]
        m.agreeing.append("toll")
    elif fit == "far":
        score += w["toll_far"]
        m.disagreeing.append("toll")
    return round(max(0.0, min(1.0, score)), 3)


def _rank(m: RecordMatch, broad: bool) -> tuple:
    """Return the sort key of a match: highest confidence, then named in the text, most telling
    words shared with GED's headlines, one-day records before records spread over weeks, same day,
    most agreeing fields, then nearest and largest (largest first when the incident's place is
    broad: a province's "dozens killed")."""
    span = ((m.record.date_end or m.record.date) - m.record.date).days
    size, distance = -(m.record.deaths_best or 0), m.distance_km if m.distance_km is not None else 1e9
    order = (size, distance) if broad else (distance, size)
    return (-m.confidence, "named" not in m.agreeing, -m.headline_overlap, span > 3, m.day_offset, span > 0,
            -len(m.agreeing), *order, m.record.record_id)


def same_event(a: RecordMatch, b: RecordMatch) -> bool:
    """Return True when two matched records are parts of one event as GED splits it: the same day
    and either GED's same (first) source headline or the same named place (Jabal Thurdah's two
    records of 2016-09-17). A city's own point ("Aleppo town", "Damascus city") holds many events
    a day, so sharing it does not make two records one event."""
    ra, rb = a.record, b.record
    if ra.date != rb.date or (ra.date_end or ra.date) != (rb.date_end or rb.date):
        return False
    if record_headline(ra) and record_headline(ra) == record_headline(rb):
        return True
    key = place_key(ra.place)
    return bool(key) and key == place_key(rb.place) and not is_city_point(ra)


def is_city_point(record: ReferenceRecord) -> bool:
    """Return True when the record is placed at a governorate's namesake city ("Aleppo town")."""
    return bool(record.admin1) and place_key(record.place) == place_key(record.admin1)


def match_incident(incident: Incident | None, records: Iterable[ReferenceRecord],
                   text: str | None = None) -> MatchSet | None:
    """Return the match set of an incident among ``records`` (best match first), None when none
    matches; ``text`` (the article's, or the ledger's quotes) lets a record named in it rank first.

    The best record is *cited* (``status`` ``cited``, with the comparable interval) only when its
    confidence reaches :data:`CITE_THRESHOLD` and no record of another event comes within
    :data:`AMBIGUITY_MARGIN` of it; else the set is ``ambiguous`` (records of several events fit
    as well) or ``uncertain`` (the best fits too poorly), keeps its records as evidence and gives
    no interval."""
    if incident is None:
        return None
    keys = text_place_keys(text)
    window = date_window(incident)
    if window is None:
        return None
    found = [m for m in (match_one(incident, r, keys, window) for r in records) if m is not None]
    if not found:
        return None
    # "Idlib" may be the city or the province: every record of the governorate competes, largest first.
    broad = named_like_governorate(incident)
    strong = [m for m in found if m.strength == "strong"]
    pool = found if broad else (strong or found)
    for m in pool:
        m.confidence = match_confidence(incident, m)
    chosen = sorted(pool, key=lambda m: _rank(m, broad or not strong))
    primary = chosen[0]
    parts = [m for m in chosen if m is primary or same_event(primary, m)]
    rivals = [m for m in chosen if m not in parts and m.confidence >= primary.confidence - AMBIGUITY_MARGIN]
    # Records of other events as plausible as the best: the set is ambiguous, whatever the level.
    if rivals:
        status = "ambiguous"
    elif primary.confidence < CITE_THRESHOLD:
        status = "uncertain"
    else:
        status = "cited"
    if status != "cited":
        return MatchSet(matches=chosen, status=status, rivals=[m.record.record_id for m in rivals],
                        confidence=primary.confidence, low=None, high=None, best=None)
    highs = [h for h in (_high(m.record) for m in parts) if h is not None]
    return MatchSet(matches=chosen, status=status, confidence=primary.confidence,
                    summed=[m.record.record_id for m in parts], low=_low(primary.record),
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


def _dataset_name(record: ReferenceRecord) -> str:
    return "UCDP GED" if record.dataset.startswith("ucdp-ged") else record.dataset


def _listed(ids: list[str], shown: int = 3) -> str:
    more = len(ids) - shown
    return ", ".join(ids[:shown]) + (f" and {more} more" if more > 0 else "")


def record_words(match_set: MatchSet) -> str:
    """Return what the records say, citing the best one: 'UCDP GED 227936 records 90 deaths at
    Jabal Thurdah on 2016-09-17' (plus the other parts of its event and their sum); for a set that
    cites none, why: 'ambiguous: UCDP GED 234096, 234135 ... fit equally; none is cited'."""
    top = match_set.matches[0].record
    name = _dataset_name(top)
    if match_set.status == "ambiguous":
        ids = [top.record_id, *match_set.rivals]
        return (f"ambiguous: {len(ids)} {name} records of different events fit equally well "
                f"({_listed(ids)}; confidence {match_set.confidence:.2f}); none is cited")
    if match_set.status == "uncertain":
        where = top.place or top.admin1 or "an unnamed place"
        return (f"uncertain: the closest {name} record, {top.record_id} at {where} "
                f"on {top.date}, fits too poorly to be this event (confidence {match_set.confidence:.2f} < "
                f"{CITE_THRESHOLD}); none is cited")
    deaths = _deaths_words(top)
    when = top.date.isoformat() if (top.date_end or top.date) == top.date else f"{top.date}..{top.date_end}"
    text = f"{name} {top.record_id} records {deaths} at {top.place or top.admin1 or 'an unnamed place'} on {when}"
    others = [i for i in match_set.summed if i != top.record_id]
    if others:
        text += f" (with {_listed(others)}, parts of the same event: {match_set.interval_text()} in all)"
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
    if match_set.status != "cited":
        return ClaimVerdict(claimant=claimant, killed=str(killed), verdict=match_set.status,
                            text=f"{record_words(match_set)}; {said} is not judged")
    verdict = compare_interval(killed, match_set.low, match_set.high)
    tail = {"consistent": "is consistent", "above": f"is above {match_set.interval_text()}",
            "below": f"is below {match_set.interval_text()}", "no record": "cannot be compared"}[verdict]
    return ClaimVerdict(claimant=claimant, killed=str(killed), verdict=verdict,
                        text=f"{record_words(match_set)}; {said} {tail}")


def possessive(name: str) -> str:
    """Return "officials'" for "officials", "the Russian army's" for "the Russian army"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


_MATCHED_FACTS = tuple(
    name for name in INCIDENT_FACTS if name not in ("country", "perpetrator_text", "killed", "injured")
)
"""The ledger's facts a reference match reads as they are (its killed estimate becomes an interval)."""


def ledger_incident(ledger: Any) -> Incident:
    """Return a linked incident's ledger (:class:`warclaims.reconcile.ledger.Ledger`) as an
    :class:`Incident` to match: its date, place, kind and reconciled killed interval."""
    killed = None
    if ledger.killed.low is not None or ledger.killed.high is not None:
        killed = Interval(low=ledger.killed.low, high=ledger.killed.high)
    return Incident(**{name: getattr(ledger, name) for name in _MATCHED_FACTS}, killed=killed)


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
        **_status_fields(found),
        "verdict": own.verdict if own else "no record",
        "claims": claims,
    }


def incident_check_record(incident: Incident, found: MatchSet | None) -> dict[str, Any]:
    """Return the JSON form of one article incident's reference check: ``matched`` records with
    their evidence, the records' ``interval``, a ``summary`` citing the best record and ``claims``
    (claimant, killed, verdict, text)."""
    return {
        "index": incident.index,
        **_status_fields(found),
        "claims": [v.to_dict() for v in claim_verdicts(incident, found)],
    }


def _status_fields(found: MatchSet | None) -> dict[str, Any]:
    """Return the JSON fields of a match set shared by the incident and ledger checks: ``status``
    (``cited``, ``ambiguous``, ``uncertain`` or ``none``), ``confidence``, ``cited`` (record id or
    None), ``matched`` records with their evidence, the ``interval`` (cited sets only), ``summary``."""
    if found is None:
        return {"status": "none", "confidence": None, "cited": None, "matched": [], "interval": None,
                "summary": "no reference record matches this incident"}
    cited = found.cited
    return {"status": found.status, "confidence": found.confidence,
            "cited": cited.record.record_id if cited else None,
            "matched": [m.to_dict() for m in found.matches],
            "interval": {"low": found.low, "high": found.high, "best": found.best} if cited else None,
            "summary": record_words(found)}
