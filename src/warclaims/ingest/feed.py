"""RSS and Atom feeds through feedparser, from a file or a URL: one Article per entry.

An entry's text is its full content (``content:encoded`` / Atom ``content``) when the
feed carries it, else its summary (``metadata["feed_text"] == "summary"``). Source
references are ``feed.xml#entry=N`` (N from 1, in feed order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from warclaims._lazy import require
from warclaims.errors import E, WarclaimsError
from warclaims.ingest.base import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, READERS, Item, read_file_bytes
from warclaims.ingest.html import fragment_text
from warclaims.ingest.normalize import failure, failure_from_error, looks_binary, make_article, warning
from warclaims.ingest.url import fetch, is_url
from warclaims.models import Article

_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf")


def looks_like_feed(data: bytes) -> bool:
    """Return True when a document's first KB opens an RSS, Atom or RDF feed."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml"):
        return any(root in head for root in _FEED_ROOTS)
    return head.startswith(_FEED_ROOTS)


def parse_feed_bytes(data: bytes, source_ref: str) -> Iterator[Item]:
    """Yield one Article per entry of a feed document; W109 when it is not a feed."""
    feedparser = require("feedparser")  # 53 ms to import: only when a feed is read

    if reason := looks_binary(data):
        yield failure(E.W109, source_ref, reason=reason)
        return
    parsed = feedparser.parse(data)
    malformed = _xml_error(parsed)
    if not parsed.entries:
        # A feed with no entry stores nothing: say why instead of exiting quietly. A valid feed
        # that is empty for now (a watched source between stories) is a warning, not a failure.
        if malformed or not parsed.get("version"):
            yield failure(E.W109, source_ref, reason=malformed or "no RSS or Atom root element")
        else:
            yield warning(E.W109, source_ref, reason="the feed has no entries")
        return
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        ref = f"{source_ref}#entry={number}"
        try:
            item = entry_article(entry, ref, outlet=outlet)
        except Exception as exc:  # noqa: BLE001  # one odd entry must not lose the others
            item = failure(E.W109, ref, reason=f"bad entry: {type(exc).__name__}: {exc}")
        if malformed and not isinstance(item, Article):  # the XML error, not "empty text", is the cause
            item = failure(E.W109, ref, reason=f"{malformed}; this entry has no readable text")
        yield item
    if malformed:  # entries were recovered from a broken document: some may be missing or cut
        yield warning(E.W109, source_ref, reason=f"{malformed}; {len(parsed.entries)} entries recovered")


def _xml_error(parsed: Any) -> str | None:
    """Return the XML error feedparser recovered from (``bozo``), or None for a well-formed feed."""
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if error is None or type(error).__name__ in _HARMLESS_BOZO:
        return None
    return f"malformed XML: {type(error).__name__}: {error}"


# feedparser also flags these, but they do not lose content: a declared encoding that
# differs from the transport's, or a feed served with a non-XML content type.
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")


def entry_article(entry: Any, source_ref: str, *, outlet: str | None = None) -> Item:
    """Return the Article of one feedparser entry (full content preferred over summary)."""
    contents = entry.get("content") or []
    html = "\n".join(c.get("value", "") for c in contents) if contents else ""
    kind = "content"
    if not html.strip():
        html, kind = entry.get("summary", ""), "summary"
    meta: dict[str, Any] = {"feed_text": kind}
    if entry.get("id"):
        meta["feed_entry_id"] = entry["id"]
    return make_article(
        text=fragment_text(html),
        title=entry.get("title"),
        url=entry.get("link"),
        outlet=outlet,
        published=_entry_date(entry),
        source_ref=source_ref,
        metadata=meta,
    )


def _entry_date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


@READERS.register("feed", extensions=(".rss", ".atom", ".xml"))
def read_feed(
    path_or_url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT, **_: Any
) -> Iterator[Item]:
    """Yield the entries of a feed file or feed URL as Articles, or the failure of the whole feed."""
    try:
        if is_url(path_or_url):
            data = fetch(path_or_url, max_bytes=max_bytes, timeout=timeout).body
        else:
            data = read_file_bytes(path_or_url)
    except WarclaimsError as err:
        yield failure_from_error(err, path_or_url)
        return
    yield from parse_feed_bytes(data, path_or_url)
