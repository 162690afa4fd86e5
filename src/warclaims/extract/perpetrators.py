"""Perpetrator of an incident: the actor doing the strike, not its victims or claimants.

Aliases and the context cues live in ``patterns/perpetrators.json``. A named actor counts as
the agent when the text around it says so ("airstrikes by the anti-ISIS coalition", "Russian
warplanes", "ISIS militants stormed"); one named as the victim ("ISIS positions", "soldiers
were killed") or as the source ("the Syrian army said") does not. Two actors offered as
alternatives ("Syrian or Russian warplanes") give ``unknown`` with the text kept, as the
schema asks when the article's own voice does not decide.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

PERPETRATORS_VERSION = "perpetrators-v1"
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


@dataclass(slots=True, kw_only=True)
class ActorMention:
    """A named actor in text: class, char span (in the text given) and agent score."""

    perpetrator: str
    start: int
    end: int
    text: str
    score: int = 0


@dataclass(slots=True, kw_only=True)
class PerpetratorReading:
    """The perpetrator read from a stretch of text, with the words and span it came from."""

    perpetrator: str
    text: str | None
    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class _Rules:
    """The compiled contents of ``patterns/perpetrators.json``."""

    aliases: tuple[tuple[str, re.Pattern[str]], ...]
    agent_before: re.Pattern[str]
    weapon_after: re.Pattern[str]
    agent_verb_after: re.Pattern[str]
    victim_after: re.Pattern[str]
    victim_before: re.Pattern[str]
    claimant_after: re.Pattern[str]
    claimant_before: re.Pattern[str]
    hedge_between: re.Pattern[str]
    self_claim_after: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def load_rules() -> _Rules:
    """Return the compiled alias and cue patterns of ``patterns/perpetrators.json``."""
    path = resources.files("warclaims.extract").joinpath("patterns", "perpetrators.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    aliases = tuple(
        (cls, re.compile(r"(?<![\w-])(?:" + "|".join(pats) + r")(?![\w-])", re.I))
        for cls, pats in data["aliases"].items()
    )
    cues = {key: re.compile(data[key], re.I) for key in _Rules.__slots__ if key != "aliases"}
    return _Rules(aliases=aliases, **cues)


def _normalise(text: str) -> str:
    """Return ``text`` with apostrophes blanked (FA-KES strips them) and no-break spaces as
    spaces, keeping its length so offsets still point into the original."""
    return _APOSTROPHES.sub(" ", text).replace("\xa0", " ")


def _as_written(text: str) -> str:
    """Return the words of ``text`` as written, with runs of whitespace as one space."""
    return " ".join(text.split())


def find_actors(text: str) -> list[ActorMention]:
    """Return the named actors of ``text`` in order, the longest alias winning on overlap."""
    clean = _normalise(text)
    found = []
    for cls, regex in load_rules().aliases:
        for match in regex.finditer(clean):
            if match.group(0).strip():
                found.append(ActorMention(perpetrator=cls, start=match.start(), end=match.end(),
                                          text=_as_written(text[match.start():match.end()])))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ActorMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _score(clean: str, mention: ActorMention) -> int:
    """Return how strongly the context makes ``mention`` the agent (> 0) or not (<= 0)."""
    rules = load_rules()
    before = clean[max(0, mention.start - 60):mention.start]
    after = clean[mention.end:mention.end + 60]
    score = 0
    by_agent = bool(rules.agent_before.search(before))
    if by_agent:
        score += 3
    if rules.weapon_after.search(after) or _names_weapon(mention.text):
        score += 3
    # "killed by the Syrian army": the "by" makes it the agent, not the victim.
    if rules.victim_after.search(after) or (not by_agent and rules.victim_before.search(before)):
        score -= 4
    elif rules.agent_verb_after.search(after):
        score += 2
    if rules.self_claim_after.search(after):
        score += 3  # "the army said it killed ...": the claimant is also the agent
    elif rules.claimant_after.search(after) or rules.claimant_before.search(before):
        score -= 3
    return score


_WEAPON_WORDS = re.compile(
    r"\b(?:warplanes?|war planes?|jets?|aircraft|planes?|helicopters?|air force|air ?strikes?|strikes?|raids?|bombers?|artillery|drones?|missiles?)\b",
    re.I,
)


def _names_weapon(alias_text: str) -> bool:
    """Return True when the alias itself names a weapon ("Russian warplanes")."""
    return bool(_WEAPON_WORDS.search(alias_text))


def _hedged(clean: str, first: ActorMention, second: ActorMention) -> bool:
    """Return True when two different actors are offered as alternatives ("X or Y")."""
    if first.perpetrator == second.perpetrator:
        return False
    return bool(load_rules().hedge_between.search(clean[first.end:second.start]))


def read_perpetrator(text: str) -> PerpetratorReading | None:
    """Return the agent of the event described in ``text``, or None when none is named.

    Alternatives ("Syrian planes or those of government ally Russia") give ``unknown`` with
    the whole phrase as text.
    """
    clean = _normalise(text)
    mentions = find_actors(text)
    for mention in mentions:
        mention.score = _score(clean, mention)
    for i, mention in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if "none" not in (mention.perpetrator, nxt.perpetrator) and max(mention.score, nxt.score) > 0 \
                and _hedged(clean, mention, nxt):
            return PerpetratorReading(perpetrator="unknown", text=_as_written(text[mention.start:nxt.end]),
                                      start=mention.start, end=nxt.end)
    agents = [m for m in mentions if m.score > 0 and m.perpetrator != "none"]
    if not agents:
        return None
    best = max(agents, key=lambda m: (m.score, -m.start))
    return PerpetratorReading(perpetrator=best.perpetrator, text=best.text.strip(),
                              start=best.start, end=best.end)
