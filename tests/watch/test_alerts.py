"""Webhooks against a real receiver on loopback (retries, 500s, a hanging hook); the rules: tests/reconcile/test_rules.py."""

from __future__ import annotations

import time

from warclaims.reconcile.rules import parse_rule
from warclaims.watch.alerts import Alerter, WebhookSender


def event(kind="new_incident", admin1="Idlib", killed=15, contested=False, outlets=("Ahram Online",), id=1):
    return {"id": id, "kind": kind, "summary": "s", "incident": {
        "admin1": admin1, "killed": killed, "contested": contested, "outlets": list(outlets),
        "place": "Urum al-Joz", "event_type": "airstrike", "perpetrator": "russia", "injured": None}}


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
