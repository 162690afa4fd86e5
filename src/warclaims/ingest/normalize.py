"""Text normalisation, hashing, ids, encoding and language: done once, at ingestion.

Every reader builds its :class:`~warclaims.models.Article` through :func:`make_article`
so the same article gets the same ``text`` and ``content_hash`` whether it was read
from a CSV row, an HTML page, a WARC record or a feed entry.

What normalisation does and does not do:

* Unicode NFC; ``\\r\\n`` and lone ``\\r`` become ``\\n``;
* control characters (Unicode category ``Cc``) are removed except ``\\n`` and ``\\t``;
* non-breaking spaces, curly quotes and every other printable character are KEPT, so
  quotes copied from the source page are exact substrings of ``Article.text``.

``content_hash`` is computed over a whitespace-collapsed form of the text (every run of
Unicode whitespace, NBSP included, becomes one space) so paragraph breaks and
indentation that differ between formats do not defeat de-duplication.
"""

from __future__ import annotations

import codecs
import collections
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag

from warclaims._lazy import require
from warclaims.errors import E, WarclaimsError
from warclaims.models import Article, IngestFailure

# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; keep TAB and LF.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Bytes that never occur in text files (all C0 controls except TAB, LF, FF, CR, ESC).
_NON_TEXT_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_BINARY_SAMPLE = 8192
_BINARY_RATIO = 0.05


# --- failures -------------------------------------------------------------------------


def one_line(value: object, limit: int = 300) -> str:
    """Return ``value`` as a single line of at most ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failure(code: E, item: str, **fields: object) -> IngestFailure:
    """Return an IngestFailure for ``item`` whose message is the catalogue template, on one line."""
    fields = {k: one_line(v) if isinstance(v, str) else v for k, v in fields.items()}
    err = WarclaimsError(code, item=item, **fields)
    return IngestFailure(
        source_ref=item,
        code=code.value,
        message=one_line(err.message, limit=500),
        created=dt.datetime.now(dt.UTC),
    )


def warning(code: E, item: str, **fields: object) -> IngestFailure:
    """Return a warning record (an IngestFailure with ``warning`` set) for ``item``."""
    record = failure(code, item, **fields)
    record.warning = True
    return record


def add_warning(meta: dict[str, Any], code: E, item: str, **fields: object) -> None:
    """Append the catalogue message ``[CODE] ...`` to ``meta["warnings"]`` (recorded by ingest); returns None."""
    meta.setdefault("warnings", []).append(str(WarclaimsError(code, item=item, **fields)))


_WARNING_TEXT = re.compile(r"^\[(W\d{3})\] (.*)$", re.S)


def warnings_of(article: Article) -> list[IngestFailure]:
    """Return the coded warnings in an article's ``metadata["warnings"]`` as warning records."""
    out = []
    for text in article.metadata.get("warnings") or []:
        match = _WARNING_TEXT.match(str(text))
        code, message = (match.group(1), match.group(2)) if match else ("W100", str(text))
        out.append(IngestFailure(source_ref=article.source_ref, code=code, message=one_line(message, limit=500),
                                 created=dt.datetime.now(dt.UTC), warning=True))
    return out


def failure_from_error(err: WarclaimsError, item: str) -> IngestFailure:
    """Return an IngestFailure carrying an already-raised catalogue error."""
    return IngestFailure(
        source_ref=item,
        code=err.code.value,
        message=one_line(err.message, limit=500),
        created=dt.datetime.now(dt.UTC),
    )


# --- text -----------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC with newlines unified and control characters (except \\n, \\t) removed."""
    text = unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))
    return _CONTROLS.sub("", text)


def collapse_whitespace(text: str) -> str:
    """Return ``text`` with every run of whitespace (NBSP included) replaced by one space, stripped."""
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of the whitespace-collapsed, normalised text."""
    return hashlib.sha256(collapse_whitespace(normalize_text(text)).encode("utf-8")).hexdigest()


def trim_blank_lines(text: str) -> str:
    """Return ``text`` without leading blank lines and without trailing whitespace.

    Leading spaces of the first text line and spaces inside lines are kept, so
    character offsets of quotes stay those of the source lines.
    """
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


# --- ids ------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """Return ``url`` normalised for use as an identity (lowercase host, no fragment, sorted query).

    courlan (trafilatura's URL library) also drops tracking parameters (``utm_*``); its
    strict mode is not used because it drops parameters that name the article (``?story=55``).
    """
    normalize_url = require("courlan").normalize_url  # 77 ms to import: only when a URL is seen

    try:
        normal = normalize_url(url.strip())
    except Exception:  # noqa: BLE001  # courlan rejects odd URLs; the raw string is still stable
        normal = url.strip()
    return urldefrag(normal).url


def url_id(url: str) -> str:
    """Return the stable article id derived from a URL: ``url-`` + 16 hex chars of its sha256."""
    return "url-" + hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def article_id(*, dataset_id: str | None, url: str | None, digest: str) -> str:
    """Return the article id: the dataset id, else one derived from the URL, else hash[:16]."""
    if dataset_id is not None and str(dataset_id).strip():
        return str(dataset_id).strip()
    if url:
        return url_id(url)
    return digest[:16]


# --- encoding -------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and how it was chosen."""

    text: str
    encoding: str
    how: str
    """``bom``, ``utf-8``, ``declared`` or ``detected`` (a guess: see :attr:`guessed`)."""

    @property
    def guessed(self) -> bool:
        """Return True when the encoding was guessed from the bytes, not known (a W118 warning)."""
        return self.how == "detected"

    def warn_if_guessed(self, meta: dict[str, Any], item: str) -> None:
        """Add the W118 warning to ``meta`` when the encoding was guessed; returns None."""
        if self.guessed:
            add_warning(meta, E.W118, item, encoding=self.encoding, reason="not UTF-8 and no usable declaration")


def looks_binary(data: bytes) -> str | None:
    """Return why ``data`` looks like a binary file (NUL bytes, control bytes), or None for text."""
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return "contains NUL bytes"
    if sample:
        odd = sum(1 for b in sample if b in _NON_TEXT_BYTES)
        if odd / len(sample) > _BINARY_RATIO:
            return f"{odd} control bytes in the first {len(sample)}"
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, item: str, declared: str | None = None) -> Decoded:
    """Return the text of ``data``; raise WarclaimsError W104 (binary) or W102 (undecodable).

    Order: a byte-order mark; strict UTF-8 (bytes that decode as UTF-8 almost surely are,
    whatever a page declares); the declared charset, strictly; then charset-normalizer.
    A wrong declaration therefore falls through to detection instead of producing mojibake.
    """
    bom = _bom_encoding(data)
    if bom and (text := _try_decode(data, bom)) is not None:
        return Decoded(text=text.lstrip("\ufeff"), encoding=bom, how="bom")
    if reason := looks_binary(data):
        raise WarclaimsError(E.W104, item=item, reason=reason)
    if (text := _try_decode(data, "utf-8")) is not None:
        return Decoded(text=text, encoding="utf-8", how="utf-8")
    if declared and (text := _try_decode(data, declared)) is not None and not _is_single_byte(declared):
        return Decoded(text=text, encoding=declared, how="declared")
    return _detect(data, item, declared)


def _is_latin(encoding: str) -> bool:
    """Return True for latin-1/cp1252 (which browsers read alike) and their aliases."""
    try:
        return codecs.lookup(encoding).name in {"latin-1", "iso8859-1", "cp1252"}
    except LookupError:
        return False


def _is_single_byte(encoding: str) -> bool:
    """Single-byte charsets decode any bytes, so a declaration of one proves nothing."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name in {"latin-1", "iso8859-1", "cp1252", "ascii"} or name.startswith(("iso8859", "cp12"))


# Western European text in cp1252/latin-1 is the commonest non-UTF-8 input, and detectors
# often call it cp1257 or cp1251 ("à" -> "ą"). It is preferred when every non-ASCII
# character it gives is a Latin-1 letter or common punctuation and such letters stay a
# minority, as in French, Spanish or German; cp1251 Russian decoded as cp1252 gives only
# accented letters ("Ïðèâåò") and fails the ratio.
_CP1252_LETTERS = frozenset(chr(c) for c in range(0xC0, 0x100)) - {"\xd7", "\xf7"} | set("ŒœŠšŽžŸƒ")
_CP1252_MARKS = frozenset("\xa0’‘‚“”„–—…€«»°·©®™£¡¿§•ªº´¨")
_MAX_ACCENTED_SHARE = 0.3


def _plausible_cp1252(data: bytes) -> str | None:
    """Return ``data`` decoded as cp1252 when that reads as Western European text, else None."""
    text = _try_decode(data, "cp1252")
    if text is None:
        return None
    letters = accented = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
        elif ch in _CP1252_LETTERS:
            letters += 1
            accented += 1
        elif ch not in _CP1252_MARKS:
            return None
    if letters == 0 or accented / letters > _MAX_ACCENTED_SHARE:
        return None
    return text


def _detect(data: bytes, item: str, declared: str | None) -> Decoded:
    from_bytes = require("charset_normalizer").from_bytes  # 22 ms: only for undeclared, non-UTF-8 bytes

    if (text := _plausible_cp1252(data)) is not None:
        how = "declared" if declared and _is_latin(declared) else "detected"
        return Decoded(text=text, encoding="cp1252", how=how)
    best = from_bytes(data).best()
    if best is not None:
        return Decoded(text=str(best), encoding=best.encoding, how="detected")
    if declared and (text := _try_decode(data, declared)) is not None:
        return Decoded(text=text, encoding=declared, how="declared")
    declared_note = f"declared {declared!r} does not fit; " if declared else ""
    raise WarclaimsError(E.W102, item=item, reason=f"{declared_note}no encoding fits the bytes")


# --- language -------------------------------------------------------------------------

# A stopword-ratio heuristic: no model files, about 0.1 ms per article, and good enough
# for the question the pipeline asks ("is this English?"). Scripts without spaces
# between words or with their own alphabet are told by their code points instead.
_STOPWORDS = {
    "en": "the of and to in a is that for on was with by as at from it his he said were are have has be "
    "this which an had not but they been after their who",
    "fr": "le la les de des du et en un une est que qui dans pour sur par au aux pas plus avec ce il elle "
    "sont ont été",
    "de": "der die das und ist nicht den dem des ein eine zu mit auf für sich von im wurde wurden auch "
    "als bei",
    "es": "el la los las de del y en un una que por con para es se al su lo como más fue han sido",
    "it": "il lo la gli le di del della e che un una per con non sono è nel alla ha stato",
    "pt": "o a os as de do da dos das e em um uma que para com não por foi são no na",
    "nl": "de het een en van in is dat op te met voor zijn niet door werd er",
    "tr": "ve bir bu da de ile için olarak olan gibi daha çok ama ancak",
}
_WORD_LANGS: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, words in _STOPWORDS.items() if word in words.split())
    for word in {w for words in _STOPWORDS.values() for w in words.split()}
}
_SCRIPTS = (
    ("ar", re.compile("[\u0600-\u06ff]")),
    ("ru", re.compile("[\u0400-\u04ff]")),
    ("he", re.compile("[\u0590-\u05ff]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    ("zh", re.compile("[\u4e00-\u9fff]")),
)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_RATIO = 0.08


def detect_language(text: str, *, sample_chars: int = 4000) -> str | None:
    """Return an ISO 639-1 code ("en", "ar", ...) for ``text``, or None when it cannot tell."""
    sample = text[:sample_chars]
    words = _WORD.findall(sample)
    if not words:
        return None
    if not sample.isascii():
        letters = sum(len(w) for w in words)
        for code, script in _SCRIPTS:
            if len(script.findall(sample)) > letters / 2:
                return code
    scores: collections.Counter[str] = collections.Counter()
    for word in words:
        scores.update(_WORD_LANGS.get(word.lower(), ()))
    if not scores:
        return None
    lang, hits = scores.most_common(1)[0]
    return lang if hits / len(words) >= _MIN_RATIO else None


# --- dates ----------------------------------------------------------------------------


def parse_published(value: Any) -> dt.date | None:
    """Return a date from ISO (``2017-04-08``, ``2017-04-08T10:00Z``), ``M/D/YYYY`` or RFC 2822.

    Returns None for None/empty; raises ValueError for text that is none of these.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        return dt.date(int(m[3]), int(m[1]), int(m[2]))
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text[:10])
    # email.utils (with the email package, ~10 ms) only for an RFC 2822 date: not on every start.
    parsedate_to_datetime = require("email.utils").parsedate_to_datetime
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError("not ISO, M/D/YYYY or RFC 2822") from exc


# --- articles -------------------------------------------------------------------------


_WEB_SCHEMES = ("http://", "https://")


def _web_url_or_warn(url: str | None, meta: dict[str, Any], source_ref: str) -> str | None:
    """Return ``url`` when it is an http(s) URL; otherwise None, with a warning in ``meta``.

    Feeds and datasets can carry any string as a link ("javascript:..."): only web URLs
    become ``Article.url``, which pages render as a link.
    """
    url = (url or "").strip()
    if not url:
        return None
    if url.lower().startswith(_WEB_SCHEMES):
        return url
    add_warning(meta, E.W120, source_ref, url=url[:80])
    return None


def make_article(
    *,
    text: str,
    source_ref: str,
    title: str | None = None,
    dataset_id: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: Any = None,
    language: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Article | IngestFailure:
    """Return a normalised Article, or a W103 failure when no text is left.

    A published value that cannot be parsed does not lose the article: ``published``
    stays None and the W116 message is kept in ``metadata["warnings"]``.
    """
    if bad := _field_with_surrogate(text=text, title=title, id=dataset_id, url=url, outlet=outlet,
                                    **{f"metadata[{k!r}]": v for k, v in (metadata or {}).items()}):
        # A lone surrogate (JSON "\\ud800") cannot be stored as UTF-8: refuse this item, not the batch.
        return failure(E.W102, source_ref, reason=f"lone surrogate code point in {bad}")
    body = trim_blank_lines(normalize_text(text))
    if not body.strip():
        return failure(E.W103, source_ref)
    meta = dict(metadata or {})
    date = _published_or_warn(published, source_ref, meta)
    url = _web_url_or_warn(url, meta, source_ref)
    digest = content_hash(body)
    clean_title = collapse_whitespace(normalize_text(title)) if title else None
    return Article(
        id=article_id(dataset_id=dataset_id, url=url, digest=digest),
        text=body,
        title=clean_title or None,
        url=url or None,
        outlet=(outlet or "").strip() or None,
        published=date,
        language=language or detect_language(body),
        content_hash=digest,
        source_ref=source_ref,
        metadata=meta,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _field_with_surrogate(**fields: Any) -> str | None:
    """Return the name of the first string field holding a lone surrogate, or None."""
    for name, value in fields.items():
        if isinstance(value, str) and _SURROGATE.search(value):
            return name
    return None


def _published_or_warn(value: Any, source_ref: str, meta: dict[str, Any]) -> dt.date | None:
    try:
        return parse_published(value)
    except (ValueError, OverflowError) as exc:
        err = WarclaimsError(E.W116, item=source_ref, value=one_line(value, 80), reason=str(exc))
        meta.setdefault("warnings", []).append(str(err))
        return None
