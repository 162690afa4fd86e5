"""Reading a fetched URL: the dispatcher that picks the reader of a :class:`~warclaims.ingest.url.Fetched` body.

HTML pages go to :mod:`warclaims.ingest.html`, RSS/Atom to :mod:`warclaims.ingest.feed`, plain
text to :mod:`warclaims.ingest.text`. :mod:`warclaims.ingest.url` only fetches the bytes, so the
feed reader (which fetches a feed URL) and the URL reader do not import each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims.ingest.base import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, READERS, Item
from warclaims.ingest.feed import looks_like_feed, parse_feed_bytes
from warclaims.ingest.html import parse_html_bytes
from warclaims.ingest.normalize import failure, failure_from_error
from warclaims.ingest.text import parse_text
from warclaims.ingest.url import FEED_TYPES, HTML_TYPES, Fetched, fetch


def parse_fetched(fetched: Fetched, source_ref: str) -> Iterator[Item]:
    """Yield the Article(s) of a fetched body, read as HTML, feed or plain text by its type."""
    if fetched.content_type in FEED_TYPES or looks_like_feed(fetched.body):
        yield from parse_feed_bytes(fetched.body, source_ref)
    elif fetched.content_type == "text/plain":
        yield parse_text(fetched.body, source_ref, url=fetched.url)
    elif fetched.content_type in HTML_TYPES or not fetched.content_type:
        meta = {"fetched_url": fetched.url} if fetched.url != source_ref else {}
        yield parse_html_bytes(
            fetched.body,
            source_ref=source_ref,
            url=fetched.url,
            header_charset=fetched.charset,
            metadata=meta,
        )
    else:
        yield failure(E.W110, source_ref, reason=f"unsupported content type {fetched.content_type!r}")


@READERS.register("url")
def read_url(
    url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT, **_: Any
) -> Iterator[Item]:
    """Yield the Article(s) at ``url`` (one page, or a feed's entries), or the fetch failure."""
    try:
        fetched = fetch(url, max_bytes=max_bytes, timeout=timeout)
    except WarclaimsError as err:
        yield failure_from_error(err, url)
        return
    yield from parse_fetched(fetched, url)
