"""Alert rules over change events: which events a watcher sends on, and which the event feeds show.

A rule is conditions joined by commas (all must hold); several rules: any may match.

    admin1=Idlib                 the incident's governorate (case-insensitive)
    killed>=10                   the ledger's best killed figure (also injured; =, !=, <, <=, >, >=)
    contested                    the incident is contested (also: contested=false)
    kind=toll_revised            the event kind (also kind=new_incident|became_contested: any of)
    place=Aleppo, type=airstrike, perpetrator=russia, outlet=SANA
    all                          every event

A ``[[alert]]`` table of a sources file gives ``match = "..."`` (or the conditions as keys:
``admin1 = "Idlib"``, ``killed = ">=10"``, ``contested = true``) and optionally
``webhook = "https://..."``. Rules are plain records over the change events of
:mod:`warclaims.reconcile.changes`; sending them is the watcher's (:mod:`warclaims.watch.alerts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.reconcile.changes import EVENT_KINDS

_CONDITION = re.compile(r"^\s*([a-z_0-9]+)\s*(>=|<=|!=|=|>|<)\s*(.*?)\s*$")
NUMBER_FIELDS = ("killed", "injured")
TEXT_FIELDS = {"admin1": "admin1", "place": "place", "type": "event_type", "event_type": "event_type",
               "perpetrator": "perpetrator"}
FIELDS = ("kind", "contested", "outlet", *NUMBER_FIELDS, *TEXT_FIELDS)


@dataclass(slots=True, frozen=True)
class Condition:
    """One ``field op value`` test."""

    field: str
    op: str
    value: str

    def holds(self, event: dict[str, Any]) -> bool:
        """Return True when ``event`` (a stored event dict) satisfies this condition."""
        inc = event.get("incident") or {}
        if self.field == "kind":
            kinds = {k.strip() for k in self.value.split("|")}
            return (event["kind"] in kinds) == (self.op == "=")
        if self.field == "contested":
            wanted = self.value.lower() in ("true", "yes", "1")
            return (bool(inc.get("contested")) == wanted) == (self.op == "=")
        if self.field == "outlet":
            outlets = {o.lower() for o in inc.get("outlets") or []}
            return (self.value.lower() in outlets) == (self.op == "=")
        if self.field in NUMBER_FIELDS:
            return _compare(inc.get(self.field), self.op, int(self.value))
        actual = (inc.get(TEXT_FIELDS[self.field]) or "").lower()
        return (actual == self.value.lower()) == (self.op == "=")


def _compare(actual: int | None, op: str, wanted: int) -> bool:
    if actual is None:
        return False
    return {
        "=": actual == wanted, "!=": actual != wanted, ">": actual > wanted,
        ">=": actual >= wanted, "<": actual < wanted, "<=": actual <= wanted,
    }[op]


@dataclass(slots=True, kw_only=True)
class Rule:
    """Conditions that must all hold, and the webhook of this rule (None: stdout/feeds only)."""

    text: str
    conditions: list[Condition] = field(default_factory=list)
    webhook: str | None = None

    def matches(self, event: dict[str, Any]) -> bool:
        """Return True when every condition holds for ``event``."""
        return all(c.holds(event) for c in self.conditions)


def _condition(part: str, rule: str) -> Condition:
    word = part.strip().lower()
    if word == "contested":
        return Condition("contested", "=", "true")
    if word in EVENT_KINDS:
        return Condition("kind", "=", word)
    match = _CONDITION.match(part)
    if not match:
        raise WarclaimsError(E.W805, item=rule, reason=f"{part.strip()!r} is not FIELD OP VALUE")
    name, op, value = match.group(1), match.group(2), match.group(3)
    if name not in FIELDS:
        choices = ", ".join(FIELDS)
        raise WarclaimsError(E.W805, item=rule, reason=f"unknown field {name!r}; use one of {choices}")
    if name in NUMBER_FIELDS:
        if not value.isdigit():
            raise WarclaimsError(E.W805, item=rule, reason=f"{name} needs a whole number, not {value!r}")
    elif op not in ("=", "!="):
        raise WarclaimsError(E.W805, item=rule, reason=f"{name} can only be compared with = or !=")
    if name == "kind":
        unknown = [k for k in value.split("|") if k.strip() not in EVENT_KINDS]
        if unknown:
            choices = ", ".join(EVENT_KINDS)
            raise WarclaimsError(E.W805, item=rule, reason=f"unknown kind {unknown[0]!r}; use {choices}")
    if not value:
        raise WarclaimsError(E.W805, item=rule, reason=f"{name} has no value")
    return Condition(name, op, value)


def parse_rule(text: str, webhook: str | None = None) -> Rule:
    """Return the Rule of ``text`` (``admin1=Idlib,killed>=10``); W805 naming the bad part."""
    if webhook is not None and not webhook.lower().startswith(("http://", "https://")):
        raise WarclaimsError(E.W805, item=text, reason=f"webhook {webhook!r} is not an http(s) URL")
    if text.strip().lower() in ("all", "*"):
        return Rule(text=text, webhook=webhook)
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise WarclaimsError(E.W805, item=text, reason="empty rule")
    return Rule(text=text, conditions=[_condition(p, text) for p in parts], webhook=webhook)


def rule_from_table(table: dict[str, Any]) -> Rule:
    """Return the Rule of an ``[[alert]]`` table (``match``, or conditions as keys, and ``webhook``)."""
    table = dict(table)
    webhook = table.pop("webhook", None)
    if "match" in table:
        text = str(table.pop("match"))
        if table:
            extra = ", ".join(table)
            raise WarclaimsError(E.W805, item=text, reason=f"give match or conditions, not both ({extra})")
        return parse_rule(text, webhook)
    parts = []
    for name, value in table.items():
        if isinstance(value, bool):
            parts.append(f"{name}={'true' if value else 'false'}")
        elif isinstance(value, str) and value[:1] in "<>!=":
            parts.append(f"{name}{value}")
        else:
            parts.append(f"{name}={value}")
    return parse_rule(",".join(parts) or "all", webhook)


def matches_any(rules: list[Rule], event: dict[str, Any]) -> bool:
    """Return True when ``rules`` is empty or any rule matches ``event`` (the Atom feed's filter)."""
    return not rules or any(r.matches(event) for r in rules)
