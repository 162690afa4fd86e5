"""Polling one source: a conditional request for feeds and listings, a scan for directories.

:func:`poll_source` returns a :class:`Poll`: the source's new items (each under the key
that marks it seen: a feed entry's id, a listing link, a file's path, size and mtime),
failures to record, and the validators for the next conditional request. Items are read
with the ingest readers and the same size limit, timeout and URL rules as ``ingest``;
nothing here touches the store.
"""

from __future__ import annotations

import html.parser
import os
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.ingest import format_by_extension, read_inputs
from warclaims.ingest.directory import iter_files
from warclaims.ingest.feed import looks_like_feed, parse_feed_bytes
from warclaims.ingest.normalize import decode_bytes, failure, failure_from_error, warnings_of
from warclaims.ingest.url import FEED_TYPES, HTML_TYPES, fetch, is_url
from warclaims.models import Article, IngestFailure
from warclaims.watch.sources import Source

Item = Article | IngestFailure
MAX_LISTING_LINKS = 200
TRANSIENT_CODES = frozenset({"W110", "W115"})
"""Failures of an item worth retrying at the next poll (network); other failures are final."""
_IGNORED_SCHEMES = ("mailto:", "tel:", "#")
_DROPPED_LINK = re.compile(r"ignored link '([^']*)'")
"""How :func:`warclaims.ingest.normalize.make_article` warns about a link it did not keep (W120)."""


@dataclass(slots=True, kw_only=True)
class Poll:
    """What one poll of a source found."""

    kind: str | None = None
    not_modified: bool = False
    error: IngestFailure | None = None
    """The failure of the whole source (fetch failed, not a feed): the source backs off."""
    items: dict[str, list[Item]] = field(default_factory=dict)
    """New items by key (one feed entry, one followed link, one file: usually one item each)."""
    notes: list[IngestFailure] = field(default_factory=list)
    """Failures that do not stop the source (a skipped ``javascript:`` link, too many links)."""
    etag: str | None = None
    last_modified: str | None = None
    seen: int = 0
    """Items the source lists in all (new or not)."""


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Return the ``If-None-Match`` / ``If-Modified-Since`` headers of the stored validators."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def is_http(link: str) -> bool:
    """Return True for an absolute http(s) URL."""
    return is_url(link) and bool(urllib.parse.urlsplit(link).netloc)


def _entry_key(item: Item) -> str:
    if isinstance(item, IngestFailure):
        return item.source_ref
    return str(item.metadata.get("feed_entry_id") or item.url or item.content_hash)


def _checked_entry(item: Item, outlet: str | None, notes: list[IngestFailure]) -> Item:
    """Return a feed entry with the source's outlet, its link dropped (and noted) when not http(s)."""
    if isinstance(item, IngestFailure):
        return item
    if outlet:
        item.outlet = outlet
    # The ingest readers already keep non-web links out of Article.url (a page would render
    # them as an href) and say so in the warnings: the watch records each as W802.
    for warning in warnings_of(item):
        if warning.code == E.W120.value:  # "ignored link 'javascript:...': not an http(s) URL"
            found = _DROPPED_LINK.search(warning.message)
            notes.append(failure(E.W802, item.source_ref, link=found.group(1) if found else warning.message))
    return item


def feed_items(body: bytes, source: Source, seen: Callable[[Iterable[str]], set[str]], result: Poll) -> None:
    """Parse a feed document into ``result``: its new entries by key, or the failure of the whole feed."""
    entries = list(parse_feed_bytes(body, source.source))
    whole = [e for e in entries if isinstance(e, IngestFailure) and e.source_ref == source.source]
    if len(entries) == 1 and whole and not whole[0].warning:
        result.error = entries[0]
        return
    if len(entries) == 1 and whole:  # a valid feed with no entries yet: nothing new, no failure
        return
    keyed = {}
    for entry in entries:
        keyed.setdefault(_entry_key(entry), entry)
    result.seen = len(keyed)
    known = seen(keyed)
    for key, entry in keyed.items():
        if key not in known:
            result.items[key] = [_checked_entry(entry, source.outlet, result.notes)]


class _Links(html.parser.HTMLParser):
    """Collect the ``href`` of every ``<a>`` of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def listing_links(body: bytes, base_url: str, source_ref: str, notes: list[IngestFailure]) -> list[str]:
    """Return the article links of a listing page: absolute http(s) URLs on the listing's host, in page order.

    Links with another scheme (``javascript:``, ``file:``, ``data:``) are noted as W802;
    ``mailto:``/``tel:`` and fragments are page furniture and skipped silently.
    """
    parser = _Links()
    parser.feed(decode_bytes(body, source_ref).text if body else "")  # W104/W102 raise
    host = urllib.parse.urlsplit(base_url).netloc.lower()
    out: list[str] = []
    for href in parser.hrefs:
        if href.lower().startswith(_IGNORED_SCHEMES):
            continue
        absolute = urllib.parse.urldefrag(urllib.parse.urljoin(base_url, href))[0]
        if not is_http(absolute):
            notes.append(failure(E.W802, source_ref, link=href[:200]))
            continue
        same_site = urllib.parse.urlsplit(absolute).netloc.lower() == host
        if same_site and absolute.rstrip("/") != base_url.rstrip("/"):
            out.append(absolute)
    return list(dict.fromkeys(out))


def _read_items(
    paths: list[str], fmt: str | None, source: Source, options: dict[str, Any]
) -> dict[str, list[Item]]:
    """Read each path or URL with the ingest readers; return its items by path."""
    out: dict[str, list[Item]] = {}
    for path in paths:
        items = list(read_inputs([path], fmt, mapping=source.mapping, **options))
        for item in items:
            if isinstance(item, Article) and source.outlet:
                item.outlet = source.outlet
        out[path] = items
    return out


def _listing_items(
    fetched: Any, source: Source, seen: Callable, result: Poll, options: dict[str, Any]
) -> None:
    try:
        links = listing_links(fetched.body, fetched.url, source.source, result.notes)
    except WarclaimsError as err:
        result.error = failure_from_error(err, source.source)
        return
    if len(links) > MAX_LISTING_LINKS:
        result.notes.append(failure(E.W807, source.source, count=len(links), limit=MAX_LISTING_LINKS))
        links = links[:MAX_LISTING_LINKS]
    result.seen = len(links)
    known = seen(links)
    result.items = _read_items([link for link in links if link not in known], "url", source, options)


def _dir_items(source: Source, seen: Callable, result: Poll, options: dict[str, Any]) -> None:
    if not os.path.isdir(source.source):
        result.error = failure(E.W113, source.source)
        return
    versions: dict[str, str] = {}
    for path in iter_files(source.source):
        if format_by_extension(path) is None:
            continue
        try:
            st = os.stat(path)
        except OSError:
            continue  # removed while scanning: the next poll sees the folder as it is then
        versions[f"{path}|{st.st_size}|{st.st_mtime_ns}"] = path
    result.seen = len(versions)
    known = seen(versions)
    new = {key: path for key, path in versions.items() if key not in known}
    read = _read_items(list(new.values()), None, source, options)
    result.items = {key: read[path] for key, path in new.items()}


def poll_source(
    source: Source,
    *,
    kind: str | None,
    etag: str | None,
    last_modified: str | None,
    seen: Callable[[Iterable[str]], set[str]],
    client: Any = None,
    max_bytes: int,
    timeout: float,
) -> Poll:
    """Poll ``source`` once and return what is new since the keys ``seen`` reports as known.

    ``kind`` is what the source was found to be before (a feed that turns into an HTML page
    is a W801 failure, not a listing); ``etag``/``last_modified`` the stored validators.
    Never raises for a problem of the source: it is the Poll's ``error``.
    """
    kind = source.kind or kind
    options = {"max_bytes": max_bytes, "timeout": timeout}
    if not is_url(source.source):
        result = Poll(kind="dir")
        _dir_items(source, seen, result, options)
        return result
    try:
        fetched = fetch(source.source, max_bytes=max_bytes, timeout=timeout, client=client,
                        headers=conditional_headers(etag, last_modified))
    except WarclaimsError as err:
        error = failure_from_error(err, source.source)
        return Poll(kind=kind, error=error, etag=etag, last_modified=last_modified)
    result = Poll(kind=kind, etag=fetched.etag or etag, last_modified=fetched.last_modified or last_modified)
    if fetched.status == 304:
        result.not_modified = True
        return result
    is_feed = fetched.content_type in FEED_TYPES or looks_like_feed(fetched.body)
    is_html = fetched.content_type in HTML_TYPES
    if kind == "listing" or (kind is None and not is_feed and is_html):
        result.kind = "listing"
        _listing_items(fetched, source, seen, result, options)
    elif kind == "feed" and not is_feed and is_html:
        result.error = failure(E.W801, source.source)
    else:
        result.kind = "feed"
        feed_items(fetched.body, source, seen, result)
    return result


def item_article_id(items: list[Item]) -> str | None:
    """Return the id of the first article among an item's results (what ``watch_items`` links to)."""
    return next((i.id for i in items if isinstance(i, Article)), None)


def is_final(items: list[Item]) -> bool:
    """Return False when an item failed for a reason worth retrying (network), True otherwise."""
    return not any(isinstance(i, IngestFailure) and i.code in TRANSIENT_CODES for i in items)


__all__ = ["Poll", "conditional_headers", "failure_from_error", "is_final", "item_article_id", "poll_source"]
