"""Exception handlers: every failure leaves the app as the catalogue's one error shape.

API paths and JSON twins answer ``{"ok": false, "error": {...}, "status": N}``; HTML pages
render the same error in the page template. Validation errors become W604 naming the
field; unknown paths W605; wrong methods W606; anything unexpected W701 (500, logged,
with only the exception type in the message).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from warclaims.api.records import E, WarclaimsError
from warclaims.web.pages import render_error

log = logging.getLogger("warclaims.web")


def wants_json(request: Any) -> bool:
    """Return True when the request is for the API or a page's JSON twin."""
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json") or request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: Any, err: WarclaimsError) -> Any:
    """Return the JSON or HTML response for ``err``."""
    headers = {"WWW-Authenticate": "Bearer"} if err.code is E.W602 else None
    if wants_json(request):
        return JSONResponse(err.to_dict(), status_code=err.http_status, headers=headers)
    return render_error(request, err, headers=headers)


def field_of(error: dict[str, Any]) -> str:
    """Return the name of the field a pydantic validation error is about."""
    loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "header", "form")]
    return ".".join(loc) or "body"


def validation_error(exc: Any) -> WarclaimsError:
    """Return W604 for a FastAPI RequestValidationError, naming the first failing field."""
    errors = exc.errors()
    first = errors[0] if errors else {}
    return WarclaimsError(E.W604, field=field_of(first), reason=str(first.get("msg", "invalid value")))


def http_error(request: Any, status: int, detail: Any) -> WarclaimsError:
    """Return the catalogue error for a Starlette HTTPException (404, 405, or a raised one)."""
    if status == 405:
        return WarclaimsError(E.W606, method=request.method, path=request.url.path)
    if status == 404:
        return WarclaimsError(E.W605, path=request.url.path)
    return WarclaimsError(E.W604, field="request", reason=str(detail))


def install(app: Any) -> None:
    """Register the exception handlers on the FastAPI ``app``; returns None."""

    @app.exception_handler(WarclaimsError)
    async def _warclaims(request, exc: WarclaimsError):
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request, exc):
        return error_response(request, validation_error(exc))

    @app.exception_handler(HTTPException)
    async def _http(request, exc):
        return error_response(request, http_error(request, exc.status_code, exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request, exc):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        err = WarclaimsError(E.W701, engine="web", reason=type(exc).__name__)
        return error_response(request, err)
