"""Alert rules over change events (reconcile/rules.py): conditions, parsing errors, [[alert]] tables."""

from __future__ import annotations

import pytest

from warclaims.errors import WarclaimsError
from warclaims.reconcile.rules import matches_any, parse_rule, rule_from_table


def event(kind="new_incident", admin1="Idlib", killed=15, contested=False, outlets=("Ahram Online",), id=1):
    return {"id": id, "kind": kind, "summary": "s", "incident": {
        "admin1": admin1, "killed": killed, "contested": contested, "outlets": list(outlets),
        "place": "Urum al-Joz", "event_type": "airstrike", "perpetrator": "russia", "injured": None}}


@pytest.mark.parametrize("rule,ev,expected", [
    ("admin1=Idlib", event(), True),
    ("admin1=idlib", event(), True),
    ("admin1=Aleppo", event(), False),
    ("killed>=10", event(killed=10), True),
    ("killed>=10", event(killed=9), False),
    ("killed>=10", event(killed=None), False),
    ("killed<5", event(killed=3), True),
    ("contested", event(contested=True), True),
    ("contested", event(), False),
    ("contested=false", event(), True),
    ("admin1=Idlib,killed>=10", event(killed=21), True),
    ("admin1=Idlib,killed>=10", event(killed=3), False),
    ("kind=toll_revised|became_contested", event(kind="toll_revised"), True),
    ("kind=toll_revised|became_contested", event(), False),
    ("toll_revised", event(kind="toll_revised"), True),
    ("outlet=ahram online", event(), True),
    ("type=airstrike,perpetrator!=russia", event(), False),
    ("injured>0", event(), False),
    ("all", event(), True),
])
def test_rules_match(rule, ev, expected):
    assert parse_rule(rule).matches(ev) is expected


@pytest.mark.parametrize("rule,reason", [
    ("killed>=ten", "whole number"),
    ("colour=red", "unknown field"),
    ("admin1>Idlib", "only be compared"),
    ("kind=explosion", "unknown kind"),
    ("", "empty rule"),
    ("admin1", "not FIELD OP VALUE"),
])
def test_bad_rules_are_w805(rule, reason):
    with pytest.raises(WarclaimsError, match="W805") as info:
        parse_rule(rule)
    assert reason in str(info.value)


def test_webhook_must_be_http():
    with pytest.raises(WarclaimsError, match="W805"):
        parse_rule("all", webhook="file:///tmp/x")


def test_alert_tables():
    rule = rule_from_table({"admin1": "Idlib", "killed": ">=10", "contested": True, "webhook": "http://h/x"})
    assert rule.text == "admin1=Idlib,killed>=10,contested=true" and rule.webhook == "http://h/x"
    assert rule.matches(event(killed=12, contested=True)) and not rule.matches(event(killed=12))
    assert rule_from_table({"match": "kind=new_report"}).matches(event(kind="new_report"))


def test_any_rule_matching_lets_an_event_through_and_no_rule_lets_all():
    rules = [parse_rule("admin1=Aleppo"), parse_rule("killed>=10")]
    assert matches_any(rules, event(killed=12)) and not matches_any(rules, event(killed=3))
    assert matches_any([], event())
