"""Alert rules, and webhooks against a real receiver on loopback (retries, 500s, a hanging hook)."""

from __future__ import annotations

import time

import pytest

from warclaims.errors import WarclaimsError
from warclaims.watch.alerts import Alerter, WebhookSender, parse_rule, rule_from_table


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


def _sender(records, **kw):
    return WebhookSender(lambda url, code, fields: records.append((code.value, fields)), **kw)


def test_webhook_retries_after_500_and_delivers(hook):
    hook.statuses = [500, 500]
    records: list = []
    sender = _sender(records, retries=(0.05, 0.05, 0.05))
    Alerter(rules=[parse_rule("all", webhook=hook.url)], webhooks=sender).dispatch([event(id=7)])
    assert hook.arrived.wait(10)
    sender.close(wait=5)
    assert hook.attempts == 3 and [r["event"]["id"] for r in hook.received] == [7] and records == []


def test_webhook_failing_every_attempt_is_recorded_w803(hook):
    hook.statuses = [500] * 10
    records: list = []
    sender = _sender(records, retries=(0.05, 0.05))
    Alerter(rules=[parse_rule("all", webhook=hook.url)], webhooks=sender).dispatch([event(id=3)])
    sender.close(wait=10)
    assert hook.attempts == 3 and hook.received == []
    assert records == [("W803", {"attempts": 3, "reason": "HTTP 500", "event": 3})]


def test_hanging_webhook_never_blocks_dispatch(hook):
    hook.hang = 2.0
    records: list = []
    sender = _sender(records, timeout=0.3, retries=(0.05,))
    alerter = Alerter(rules=[parse_rule("all", webhook=hook.url)], webhooks=sender)
    t0 = time.perf_counter()
    assert alerter.dispatch([event(id=n) for n in range(1, 6)]) == 5
    assert time.perf_counter() - t0 < 0.2
    sender.close(wait=15)
    assert [r[0] for r in records] == ["W803"] * 5
    assert "ReadTimeout" in records[0][1]["reason"]


def test_full_queue_is_recorded_w804(hook):
    hook.hang = 1.0
    records: list = []
    sender = _sender(records, timeout=0.2, retries=(), maxsize=1)
    alerter = Alerter(rules=[parse_rule("all", webhook=hook.url)], webhooks=sender)
    alerter.dispatch([event(id=n) for n in range(1, 5)])
    full = [r for r in records if r[0] == "W804"]
    assert len(full) >= 2 and full[0][1]["limit"] == 1
    sender.close(wait=5)
