"""HTML pages through trafilatura: main text, title, date, outlet and canonical URL.

Page furniture (navigation, share buttons, comment forms) is left out by trafilatura's
main-content extraction; paragraphs become lines of ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from warclaims.errors import E, WarclaimsError
from warclaims._lazy import require
from warclaims.ingest.base import DEFAULT_MAX_BYTES, READERS, Item, read_file_bytes
from warclaims.ingest.normalize import Decoded, decode_bytes, failure, failure_from_error, make_article

MIN_MAIN_TEXT_CHARS = 40
"""Fewer letters than this after extraction means the page has no article (a menu, a form)."""

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# trafilatura turns NBSP into plain spaces; quotes must stay exact substrings of the page
# text, so NBSPs travel through extraction as a letter it leaves alone and come back after.
_NBSP_IN_HTML = re.compile(r"\xa0|&nbsp;|&#160;|&#x0*a0;", re.I)
_NBSP_STANDIN = "\ua66e"
_ASCII_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section")


def declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in a ``<meta>`` tag of its first 4 KB, or None."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes, item: str, header_charset: str | None = None) -> tuple[str, str]:
    """Return ``(html_text, encoding)``; raise W104/W102 for binary or undecodable bytes."""
    decoded = decode_html_bytes(data, item, header_charset)
    return decoded.text, decoded.encoding


def decode_html_bytes(data: bytes, item: str, header_charset: str | None = None) -> Decoded:
    """Return the Decoded text of an HTML page (its encoding and how it was found); raise W104/W102."""
    return decode_bytes(data, item, declared=header_charset or declared_charset(data))


def _run_trafilatura(html: str, url: str | None) -> Any:
    trafilatura = require("trafilatura")  # 145 ms to import: only when a page is parsed

    return trafilatura.bare_extraction(
        _NBSP_IN_HTML.sub(_NBSP_STANDIN, html),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"original_date": True},
    )


def _restore(value: str | None) -> str | None:
    return value.replace(_NBSP_STANDIN, "\xa0") if value else value


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def extract_html(
    html: str,
    *,
    source_ref: str,
    url: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Item:
    """Return the Article of one HTML page, or a W108 failure when it has no main text.

    ``url`` is where the page was found (a WARC target URI, a fetched URL); the page's
    canonical link, when it has one, becomes ``Article.url`` and the id's source.
    """
    try:
        doc = _run_trafilatura(html, url)
    except Exception as exc:  # noqa: BLE001  # lxml/trafilatura raise many types on broken markup
        return _no_text(source_ref, exc)
    text = _restore(doc.text) if doc is not None else None
    title = _restore(doc.title) if doc is not None else None
    text = drop_title_line(text, title)
    if not text or _letters(text) < MIN_MAIN_TEXT_CHARS:
        return failure(E.W108, source_ref)
    meta = dict(metadata or {})
    page_url = doc.url or url
    if url and page_url != url:
        meta["fetched_url"] = url
    for key in ("author", "hostname"):
        if getattr(doc, key, None):
            meta[key] = getattr(doc, key)
    return make_article(
        text=text,
        title=title,
        url=page_url,
        outlet=doc.sitename or doc.hostname,
        published=doc.date,
        source_ref=source_ref,
        metadata=meta,
    )


def drop_title_line(text: str | None, title: str | None) -> str | None:
    """Return ``text`` without its first line when that line is the title (kept in Article.title).

    trafilatura keeps an ``<h1>`` inside the article body; dropping it makes the text of
    a page equal to the same article's text in a CSV or feed, so content hashes match.
    """
    if not text or not title:
        return text
    first, _, rest = text.partition("\n")
    return rest if " ".join(first.split()) == " ".join(title.split()) else text


def _no_text(source_ref: str, exc: Exception) -> Item:
    item = failure(E.W108, source_ref)
    item.message = f"{item.message} ({type(exc).__name__})"
    return item


def parse_html_bytes(
    data: bytes,
    *,
    source_ref: str,
    url: str | None = None,
    header_charset: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Item:
    """Return the Article (or failure) for the raw bytes of an HTML page."""
    try:
        decoded = decode_html_bytes(data, source_ref, header_charset)
    except WarclaimsError as err:
        return failure_from_error(err, source_ref)
    meta = {"encoding": decoded.encoding, **(metadata or {})}
    decoded.warn_if_guessed(meta, source_ref)
    return extract_html(decoded.text, source_ref=source_ref, url=url, metadata=meta)


@READERS.register("html", extensions=(".html", ".htm", ".xhtml"), items="file")
def read_html(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, **_: Any) -> Iterator[Item]:
    """Yield the one Article of an HTML file, or its failure (W113, W101, W104, W102, W108, W111)."""
    try:
        data = read_file_bytes(path, max_bytes=max_bytes)
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    yield parse_html_bytes(data, source_ref=path)


def fragment_text(fragment: str) -> str:
    """Return the text of an HTML fragment (a feed entry's content), one line per block element."""
    lxml_html = require("lxml.html")  # 27 ms: only for feed entries with markup
    parser_error = require("lxml.etree").ParserError
    if not fragment.strip():
        return ""
    if "<" not in fragment:  # plain text in a feed field
        return fragment
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (parser_error, ValueError):
        return ""  # nothing parseable: the caller reports empty text
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    # Collapse ASCII whitespace only: NBSPs are part of the stored text.
    lines = (_ASCII_SPACES.sub(" ", line).strip(" ") for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line.strip())
