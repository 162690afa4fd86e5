"""The one error catalogue: codes and message templates shared by CLI and API.

Every failure a user can see has a code here. Raise :class:`WarclaimsError` with a
code and the template's fields; the CLI prints ``[W101] path: reason`` and the REST
API returns ``{"ok": false, "error": {"code": ..., "message": ...}, "status": ...}``.

Add new codes at the end of their block; never renumber (users search for them).
Blocks: 1xx ingest, 2xx extract, 3xx store, 4xx link/reconcile, 5xx assess and
reference data, 6xx web/API, 7xx engines, 8xx watch and alerts, 9xx configuration and optional extras.
"""

from __future__ import annotations

from enum import Enum


class E(str, Enum):
    """Catalogue of error codes. The value is the message template."""

    def __new__(cls, code: str, template: str, http_status: int = 400):
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.template = template  # type: ignore[attr-defined]
        obj.http_status = http_status  # type: ignore[attr-defined]
        return obj

    # 1xx ingest
    W100 = ("W100", "{item}: {reason}")
    W101 = ("W101", "cannot read {item}: {reason}")
    W102 = ("W102", "{item}: cannot decode text ({reason})")
    W103 = ("W103", "{item}: empty text after extraction")
    W104 = ("W104", "{item}: binary file, not text ({reason})")
    W105 = ("W105", "{item}: malformed CSV row ({reason})")
    W106 = ("W106", "{item}: malformed JSON line ({reason})")
    W107 = ("W107", "{item}: truncated or invalid WARC record ({reason})")
    W108 = ("W108", "{item}: HTML page with no main text")
    W109 = ("W109", "{item}: not a valid RSS/Atom feed ({reason})")
    W110 = ("W110", "{item}: URL fetch failed ({reason})")
    W111 = ("W111", "{item}: larger than the size cap of {limit} bytes")
    W112 = ("W112", "{item}: unknown input format {fmt!r}; choose one of {choices}")
    W113 = ("W113", "{item}: no such file or directory")
    W114 = ("W114", "{item}: missing required column(s) {columns} for format {fmt!r}")
    W115 = ("W115", "{item}: URL timed out after {timeout} s")
    W116 = ("W116", "{item}: bad date {value!r} ({reason})")
    W117 = ("W117", "{item}: skipped: not an article file type ({reason}); give --format to read it")
    W118 = ("W118", "{item}: text encoding guessed as {encoding} ({reason}); check its accented letters")
    W119 = ("W119", "{item}: column(s) {columns} not mapped to an article field (kept in metadata only); "
                    "map them with --map COLUMN=FIELD")
    W120 = ("W120", "{item}: ignored link {url!r}: not an http(s) URL")

    # 2xx extract
    W201 = ("W201", "{item}: extraction failed ({reason})", 500)
    W202 = ("W202", "{item}: text too long for extraction ({size} > {limit} characters)", 413)
    W203 = ("W203", "spaCy English pipeline not installed: {reason}. Run `make install`.", 500)
    W204 = ("W204", "{item}: gold file line {line} is invalid ({reason})")
    W205 = ("W205", "{item}: text cut to its first {limit} characters for extraction ({size} characters)")
    W206 = ("W206", "{item}: language not supported ({language}): no incident extracted")

    # 3xx store
    W301 = ("W301", "cannot open database {url}: {reason}", 500)
    W302 = ("W302", "no article with id {item!r}", 404)
    W303 = ("W303", "no incident with id {item!r}", 404)
    W304 = ("W304", "database {url} needs migrating: run `warclaims db upgrade` ({reason})", 500)

    # 4xx link / reconcile
    W401 = ("W401", "{item}: absurd figure {value} excluded from estimates ({reason})")

    # 5xx assess / reference data
    W501 = ("W501", "{item}: row {row}: {reason}")
    W502 = ("W502", "{item}: model file incompatible ({reason}); retrain with `warclaims credibility train`")
    W503 = ("W503", "{item}: unknown reference format {fmt!r}; choose one of {choices}")

    # 6xx web / API
    W601 = ("W601", "request body larger than {limit} bytes", 413)
    W602 = ("W602", "missing or wrong bearer token", 401)
    W603 = ("W603", "writing is disabled: set WARCLAIMS_API_TOKEN on the server", 403)
    W604 = ("W604", "invalid field {field!r}: {reason}", 422)
    W605 = ("W605", "no page at {path}", 404)
    W606 = ("W606", "method {method} not allowed on {path}", 405)
    W607 = ("W607", "{item}: an article with this id or URL is already stored; a check never replaces it "
                    "(send a new revision to /api/ingest with the token)", 409)
    W608 = ("W608", "this server does not fetch URLs: paste the article's text instead "
                    "(the operator can start it with `warclaims serve --allow-fetch`)", 403)
    W609 = ("W609", "the server cannot fetch that URL", 422)
    W610 = ("W610", "too many checks at once (at most {limit}): try again shortly", 429)
    W611 = ("W611", "the check took longer than {timeout} s and was stopped", 503)

    # 7xx engines
    W701 = ("W701", "{engine} engine failed: {reason}", 500)

    # 8xx watch and alerts
    W801 = ("W801", "{item}: HTML page where a feed was expected (the source was a feed before)")
    W802 = ("W802", "{item}: link {link!r} is not an http(s) URL; not followed")
    W803 = ("W803", "webhook {item}: delivery failed after {attempts} attempt(s) ({reason})")
    W804 = ("W804", "webhook {item}: alert queue full ({limit} waiting); event {event} not sent")
    W805 = ("W805", "invalid alert rule {item!r}: {reason}")
    W806 = ("W806", "{item}: invalid sources file ({reason})")
    W807 = ("W807", "{item}: listing has {count} links; only the first {limit} are followed")

    # 9xx configuration / extras
    W901 = ("W901", "{feature} needs the optional extra {extra!r}: pip install 'warclaims[{extra}]'", 500)
    W902 = ("W902", "invalid option {option}: {reason}")


WARNING_CODES = frozenset({"W100", "W116", "W117", "W118", "W119", "W120", "W205"})
"""Codes recorded about items that were read anyway or skipped on purpose: warnings, never failures."""


class WarclaimsError(Exception):
    """An error with a catalogue code; ``str()`` gives ``[CODE] message``."""

    def __init__(self, code: E, **fields: object) -> None:
        self.code = code
        self.fields = fields
        try:
            self.message = code.template.format(**fields)  # type: ignore[attr-defined]
        except (KeyError, IndexError):  # a missing field must not hide the error itself
            self.message = f"{code.template} {fields}"  # type: ignore[attr-defined]
        super().__init__(f"[{code.value}] {self.message}")

    @property
    def http_status(self) -> int:
        """Return the HTTP status the API answers with for this error."""
        return self.code.http_status  # type: ignore[attr-defined]

    def to_dict(self) -> dict[str, object]:
        """Return the API error body ``{"ok": false, "error": {...}, "status": N}``."""
        return {
            "ok": False,
            "error": {"code": self.code.value, "message": self.message},
            "status": self.http_status,
        }


def missing_extra(feature: str, extra: str, exc: ImportError) -> WarclaimsError:
    """Return the error to raise when an optional extra is not installed."""
    err = WarclaimsError(E.W901, feature=feature, extra=extra)
    err.__cause__ = exc
    return err
