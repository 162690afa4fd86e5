"""Where the events that match the alert rules go: stdout (JSON Lines) and webhooks.

The rules (``admin1=Idlib,killed>=10``, ``contested``, ``all``; an ``[[alert]]`` table of a
sources file may add ``webhook = "https://..."``) are defined in :mod:`warclaims.reconcile.rules`,
which the event feeds filter with too.

Webhooks are POSTed from a background thread through a bounded outbox (in the store under
``warclaims watch``, so a restarted watcher sends what was pending), retried with back-off; a
delivery that fails every attempt, or an alert that finds the outbox full, is recorded (W803,
W804) through the ``record`` callback, and the watch loop never waits for it.
"""

from __future__ import annotations

import collections
import itertools
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from warclaims._lazy import require
from warclaims.config import user_agent
from warclaims.errors import E
from warclaims.reconcile.rules import Rule

WEBHOOK_TIMEOUT_S = 5.0
WEBHOOK_RETRIES = (1.0, 2.0, 4.0)
"""Seconds to wait before each retry of a failed delivery (so 4 attempts in all)."""
QUEUE_SIZE = 1000


def alert_payload(rule: Rule, event: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON object sent for an event that matched ``rule``."""
    return {"alert": rule.text, "event": event}


class StdoutSink:
    """Writes each alert as one JSON line (flushed, so a pipe reader sees it at once)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, rule: Rule, event: dict[str, Any]) -> None:
        """Write the alert line."""
        self.stream.write(json.dumps(alert_payload(rule, event), ensure_ascii=False, default=str) + "\n")
        self.stream.flush()


class MemoryOutbox:
    """Deliveries waiting in memory (at most ``maxsize``): :class:`WebhookSender` without a store."""

    def __init__(self, maxsize: int = QUEUE_SIZE) -> None:
        self.maxsize = maxsize
        self._jobs: collections.deque[tuple[int, str, dict[str, Any]]] = collections.deque()
        self._next = itertools.count(1)
        self._lock = threading.Lock()

    def pending(self) -> int:
        """Return how many deliveries wait."""
        return len(self._jobs)

    def add(self, url: str, payload: dict[str, Any]) -> bool:
        """Queue one delivery; return False when ``maxsize`` wait already."""
        with self._lock:
            if len(self._jobs) >= self.maxsize:
                return False
            self._jobs.append((next(self._next), url, payload))
            return True

    def take(self, limit: int) -> list[tuple[int, str, dict[str, Any]]]:
        """Remove and return up to ``limit`` deliveries, oldest first."""
        with self._lock:
            return [self._jobs.popleft() for _ in range(min(limit, len(self._jobs)))]

    def finish(self, job: int, delivered: bool, attempts: int, reason: str | None) -> None:
        """Nothing to keep in memory once a delivery is done."""


class WebhookSender:
    """POSTs alerts to webhooks from one background thread, retrying with back-off.

    Deliveries wait in ``outbox``: a :class:`MemoryOutbox` by default, or one kept in the
    store (:class:`warclaims.store.watch.StoreOutbox`) so a restarted watcher sends what was
    pending. ``record(url, code, fields)`` is called (from the thread) when a delivery fails
    for good (W803) and, from the caller, when the outbox is full (W804). ``retries`` are the
    waits before each new attempt. :meth:`send` never waits for the network.
    """

    def __init__(
        self,
        record: Callable[[str, E, dict[str, Any]], None],
        *,
        timeout: float = WEBHOOK_TIMEOUT_S,
        retries: tuple[float, ...] = WEBHOOK_RETRIES,
        maxsize: int = QUEUE_SIZE,
        outbox: Any = None,
    ) -> None:
        self.record = record
        self.timeout = timeout
        self.retries = retries
        self.outbox = outbox if outbox is not None else MemoryOutbox(maxsize)
        self.delivered = 0
        self.failed = 0
        self._wake = threading.Event()
        self._stopping = False
        self._busy = False
        self._thread = threading.Thread(target=self._run, name="warclaims-webhooks", daemon=True)
        self._thread.start()

    def send(self, url: str, payload: dict[str, Any]) -> bool:
        """Add one delivery to the outbox without waiting; return False (and record W804) when it is full."""
        if not self.outbox.add(url, payload):
            self.failed += 1
            self.record(url, E.W804, {"limit": self.outbox.maxsize, "event": payload["event"].get("id")})
            return False
        self._wake.set()
        return True

    def _run(self) -> None:
        httpx = require("httpx")
        with httpx.Client(timeout=self.timeout, headers={"User-Agent": user_agent()}) as client:
            while True:
                self._busy = True
                try:
                    jobs = self.outbox.take(50)
                    for job, url, payload in jobs:
                        self._deliver(client, job, url, payload)
                except Exception as exc:  # noqa: BLE001 - a store hiccup must not end the thread
                    sys.stderr.write(f"webhook outbox: {type(exc).__name__}: {exc}\n")
                    jobs = []
                finally:
                    self._busy = False
                if not jobs:
                    if self._stopping:
                        return
                    self._wake.wait(1.0)
                    self._wake.clear()

    def _deliver(self, client: Any, job: int, url: str, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
        reason = ""
        for attempt, wait in enumerate((0.0, *self.retries), start=1):
            time.sleep(wait)
            try:
                response = client.post(url, content=body, headers={"Content-Type": "application/json"})
                if response.status_code < 300:
                    self.delivered += 1
                    self.outbox.finish(job, True, attempt, None)
                    return
                reason = f"HTTP {response.status_code}"
            except Exception as exc:  # noqa: BLE001 - any transport error is a failed attempt, recorded below
                reason = f"{type(exc).__name__}: {exc}".strip()
        self.failed += 1
        self.outbox.finish(job, False, attempt, reason)
        self.record(url, E.W803, {"attempts": attempt, "reason": reason, "event": payload["event"].get("id")})

    def close(self, wait: float = 0.0) -> None:
        """Stop the thread when the outbox is empty, waiting at most ``wait`` s (the rest stays pending)."""
        deadline = time.monotonic() + wait
        while (self.outbox.pending() or self._busy) and time.monotonic() < deadline:
            time.sleep(0.05)
        self._stopping = True
        self._wake.set()
        self._thread.join(max(0.0, deadline - time.monotonic()) + 0.1)


@dataclass(slots=True, kw_only=True)
class Alerter:
    """Matches events against rules and sends the matches to stdout and the rules' webhooks."""

    rules: list[Rule]
    stdout: StdoutSink | None = None
    webhooks: WebhookSender | None = None
    sent: int = 0

    def dispatch(self, events: list[dict[str, Any]]) -> int:
        """Send every (event, first matching rule) pair; return how many events matched a rule."""
        matched = 0
        for event in events:
            hits = [r for r in self.rules if r.matches(event)]
            if not hits:
                continue
            matched += 1
            if self.stdout is not None:
                self.stdout.send(hits[0], event)
            for url in dict.fromkeys(r.webhook for r in hits if r.webhook):
                if self.webhooks is not None:
                    rule = next(r for r in hits if r.webhook == url)
                    self.webhooks.send(url, alert_payload(rule, event))
        self.sent += matched
        return matched
