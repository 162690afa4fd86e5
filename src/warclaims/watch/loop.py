"""The watch loop: poll the due sources, ingest their new items through the API, record events, alert.

One :meth:`Watcher.cycle`:

1. poll every due source (conditional request, or a directory scan) for new items;
2. store, extract, link and assess them with :func:`warclaims.api.ingest_items` (what
   ``warclaims ingest`` does), then mark them seen (``watch_items``);
3. record change events (:func:`warclaims.services.watch.record_changes`);
4. alert the events this watcher has not alerted yet (its cursor in ``watch_cursors``).

Each step is safe to interrupt: items are marked seen only after they are stored (a
restarted watcher reads them again and the store recognises them as duplicates), events
come from a persisted diff, and :meth:`Watcher.recover` finishes what an interrupted
cycle left (articles not extracted, linked or assessed; changes not diffed; events not alerted).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warclaims import api
from warclaims.config import HTTP_TIMEOUT_S, MAX_URL_BYTES
from warclaims.errors import E, WarclaimsError
from warclaims.ingest.url import http_client, is_url
from warclaims.models import IngestFailure, to_dict
from warclaims.services import watch as watched
from warclaims.watch.alerts import Alerter
from warclaims.watch.poll import Poll, is_final, item_article_id, poll_source
from warclaims.watch.sources import Source

if TYPE_CHECKING:
    import sqlalchemy as sa

MAX_BACKOFF_S = 24 * 3600
Say = Callable[[str], None]


@dataclass(slots=True, kw_only=True)
class CycleReport:
    """What one cycle did (the one-line summary prints these)."""

    number: int = 0
    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    new_items: int = 0
    ingested: int = 0
    revisions: int = 0
    duplicates: int = 0
    item_failures: int = 0
    events: int = 0
    alerts: int = 0
    seconds: float = 0.0
    errors: list[IngestFailure] = field(default_factory=list)

    def line(self) -> str:
        """Return the one-line summary of the cycle."""
        return (
            f"cycle {self.number}: polled {self.polled} source(s) ({self.not_modified} not modified, "
            f"{self.failed} failed), {self.new_items} new item(s): ingested {self.ingested}, "
            f"revisions {self.revisions}, duplicates {self.duplicates}, failed {self.item_failures}; "
            f"{self.events} event(s), {self.alerts} alert(s) in {self.seconds:.1f} s"
        )


def backoff_seconds(interval_s: int, failures: int) -> int:
    """Return the wait before polling a source after ``failures`` failures in a row (doubling, capped)."""
    return int(min(interval_s * 2 ** min(max(failures - 1, 0), 10), max(MAX_BACKOFF_S, interval_s)))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Watcher:
    """Watches ``sources`` into the store of ``engine`` and alerts through ``alerter``.

    ``name`` keys this watcher's alert cursor (watchers with other names alert on their own).
    """

    def __init__(
        self,
        engine: sa.Engine,
        sources: list[Source],
        *,
        alerter: Alerter | None = None,
        name: str = "default",
        max_bytes: int | None = None,
        timeout: float | None = None,
        workers: int = 1,
        say: Say | None = None,
    ) -> None:
        self.engine = engine
        self.sources = sources
        self.alerter = alerter
        self.name = name
        self.max_bytes = max_bytes or MAX_URL_BYTES
        self.timeout = timeout or HTTP_TIMEOUT_S
        self.workers = workers
        self.say = say or (lambda _line: None)
        self.client = http_client(self.timeout)
        self.cycles = 0

    def close(self) -> None:
        """Close the HTTP client (webhook deliveries are closed by their owner)."""
        self.client.close()

    # --- recovery and events ---------------------------------------------------------

    def recover(self) -> int:
        """Finish what an interrupted run left: extract, link and assess pending articles, diff, alert.

        Returns the number of events recorded.
        """
        with watched.write_lock(self.engine):
            processed = api.process(self.engine, workers=self.workers)
            if processed.processed:
                self.say(f"recovered: extracted {processed.processed} article(s) left by an interrupted run")
            assessed = watched.assess_unassessed(self.engine)
            if assessed:
                self.say(f"recovered: assessed {assessed} article(s) left by an interrupted run")
            events = self.record_events()
        self.alert()
        return events

    def record_events(self) -> int:
        """Diff the ledger against its observed state; return the number of new events."""
        return watched.record_changes(self.engine)

    def alert(self) -> int:
        """Send the events after this watcher's cursor through the alerter; return how many matched."""
        matched = 0
        for events in watched.new_events(self.engine, self.name):  # a new watcher: none, it alerts from now on
            if self.alerter is not None:
                matched += self.alerter.dispatch(events)
        return matched

    # --- one cycle -------------------------------------------------------------------

    def due(self, now: dt.datetime, force: bool = False) -> list[Source]:
        """Return the sources whose next poll time has come.

        ``force`` (``--once``, cron) polls every source before its interval is over, except
        one backing off after failures: a cron job must not defeat the back-off.
        """
        states = {s.source: s for s in watched.source_states(self.engine)}

        def is_due(source: Source) -> bool:
            st = states.get(source.source)
            if st is None or st.next_poll is None or st.next_poll <= now:
                return True
            return force and st.failures == 0

        return [s for s in self.sources if is_due(s)]

    def next_due(self) -> dt.datetime:
        """Return when the next of this watcher's sources is due."""
        mine = {s.source for s in self.sources}
        times = [s.next_poll for s in watched.source_states(self.engine) if s.source in mine and s.next_poll]
        return min(times) if len(times) == len(mine) else _now()

    def cycle(self, *, force: bool = False, now: dt.datetime | None = None) -> CycleReport:
        """Poll the due sources once, ingest what is new, record events and alert; return the report.

        ``now`` (default: the clock) is the time sources are due by and their next poll counts from.
        """
        t0 = time.perf_counter()
        self.cycles += 1
        report = CycleReport(number=self.cycles)
        now = now or _now()
        polls: list[tuple[Source, Poll]] = []
        for source in self.due(now, force):
            poll = self._poll(source)
            polls.append((source, poll))
            report.polled += 1
            report.not_modified += poll.not_modified
            report.failed += poll.error is not None
            report.new_items += len(poll.items)
            if poll.items:
                self.say(f"{source.source}: {len(poll.items)} new item(s)")
        items = [i for _, p in polls for group in p.items.values() for i in group]
        failures = [f for _, p in polls for f in ([p.error] if p.error else []) + p.notes]
        if items or failures:
            with watched.write_lock(self.engine):
                self._ingest(items, failures, report)
                for source, poll in polls:
                    self._save(source, poll, now)
                if items:
                    report.events = self.record_events()
        else:
            for source, poll in polls:
                self._save(source, poll, now)
        report.alerts = self.alert()
        report.seconds = time.perf_counter() - t0
        return report

    def _ingest(self, items: list[Any], failures: list[IngestFailure], report: CycleReport) -> None:
        """Store, extract, link and assess the new items as ``ingest`` does; count them in ``report``."""
        ingest = api.ingest_items([*items, *failures], db=self.engine, workers=self.workers)
        report.ingested, report.revisions = ingest.ingested, ingest.revisions
        report.duplicates = ingest.duplicates
        report.item_failures = sum(isinstance(i, IngestFailure) for i in items)
        if ingest.processed is not None:
            report.item_failures += ingest.processed.failed
        report.errors = ingest.failures
        self.say(f"stored {ingest.ingested} new article(s), {ingest.revisions} revision(s)")

    def _poll(self, source: Source) -> Poll:
        state = watched.source_state(self.engine, source.source)
        return poll_source(
            source,
            kind=state.kind,
            etag=state.etag,
            last_modified=state.last_modified,
            seen=lambda keys: watched.seen_items(self.engine, source.source, keys),
            client=self.client,
            max_bytes=self.max_bytes,
            timeout=self.timeout,
        )

    def _save(self, source: Source, poll: Poll, now: dt.datetime) -> None:
        """Mark the poll's stored items seen and update the source's state (back-off on failure)."""
        final = {key: item_article_id(group) for key, group in poll.items.items() if is_final(group)}
        added = watched.mark_seen(self.engine, source.source, final) if final else 0
        state = watched.source_state(self.engine, source.source)
        state.kind = poll.kind or state.kind
        state.outlet = source.outlet
        state.interval_s = source.interval_s
        state.last_poll = now
        state.items_seen += added
        if poll.error is not None:
            state.failures += 1
            state.last_error_at = now
            state.last_error_code = poll.error.code
            state.last_error = poll.error.message
            wait = backoff_seconds(source.interval_s, state.failures)
        else:
            state.failures = 0
            state.last_success = now
            state.etag, state.last_modified = poll.etag, poll.last_modified
            wait = source.interval_s
        state.next_poll = now + dt.timedelta(seconds=wait)
        watched.save_source_state(self.engine, state)

    # --- the loop --------------------------------------------------------------------

    def run(
        self, *, once: bool = False, cycles: int | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Recover, then run cycles until interrupted (``once``: one forced cycle; ``cycles``: that many)."""
        self.recover()
        done = 0
        while True:
            report = self.cycle(force=once)
            self.say(report.line())
            done += 1
            if once or (cycles is not None and done >= cycles):
                return
            wait = (self.next_due() - _now()).total_seconds()
            sleep(max(wait, 0.5))


def check_sources(sources: list[Source]) -> None:
    """Raise W902 when no source is given or one is neither an http(s) URL nor a directory path."""
    if not sources:
        reason = "give at least one feed URL, listing URL or directory"
        raise WarclaimsError(E.W902, option="SOURCE", reason=reason)
    for s in sources:
        if not is_url(s.source) and not os.path.isdir(s.source):
            raise WarclaimsError(E.W902, option="SOURCE",
                                 reason=f"{s.source!r} is neither an http(s) URL nor a directory")


@contextlib.contextmanager
def opened(watcher: Watcher):
    """Yield ``watcher`` and close its client afterwards."""
    try:
        yield watcher
    finally:
        watcher.close()


def status_rows(engine: sa.Engine) -> list[dict[str, Any]]:
    """Return each watched source's state as a dict (``warclaims sources``)."""
    return [to_dict(s) for s in watched.source_states(engine)]
