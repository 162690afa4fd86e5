"""ASGI middleware: the request body size cap (on the raw stream) and security headers; check slots.

:class:`BodyLimitMiddleware` reads the whole body before the app sees it, counting bytes
as they arrive, so a chunked upload or a lying ``Content-Length`` cannot get past the cap;
a declared length over the cap is refused before anything is read. Refusals are 413
with the catalogue error W601.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from warclaims.api.records import E, WarclaimsError

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 5 * 1024 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class BodyTooLarge(Exception):
    """Raised inside the middleware when the body passes the cap."""


async def send_error(send: Send, err: WarclaimsError) -> None:
    """Send ``err`` as the API's JSON error response; returns None."""
    body = json.dumps(err.to_dict()).encode()
    await send({"type": "http.response.start", "status": err.http_status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _read_capped(receive: Receive, limit: int) -> tuple[list[Message], bool]:
    """Return the body messages and whether the client disconnected; raise BodyTooLarge past ``limit``."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return messages, True
        size += len(message.get("body", b""))
        if size > limit:
            raise BodyTooLarge
        messages.append(message)
        if not message.get("more_body", False):
            return messages, False


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with 413 (W601); add security headers to responses."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope; returns None."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        declared = _declared_length(scope)
        too_large = WarclaimsError(E.W601, limit=self.limit)
        if declared is not None and declared > self.limit:
            await send_error(send, too_large)
            return
        try:
            messages, disconnected = await _read_capped(receive, self.limit)
        except BodyTooLarge:
            await send_error(send, too_large)
            return
        await self.app(scope, _replay(messages, disconnected, receive), send)


def _replay(messages: list[Message], disconnected: bool, receive: Receive) -> Receive:
    """Return a receive callable that yields the buffered body, then defers to the real one."""
    pending = list(messages) or ([] if disconnected else [{"type": "http.request", "body": b"", "more_body": False}])

    async def replay() -> Message:
        """Return the next buffered message, then the real ones."""
        if pending:
            return pending.pop(0)
        if disconnected:
            return {"type": "http.disconnect"}
        return await receive()

    return replay


def _with_headers(send: Send) -> Send:
    """Return a send callable that adds the security headers to the response start."""

    async def wrapped(message: Message) -> None:
        """Send ``message`` with the security headers added to a response start; returns None."""
        if message["type"] == "http.response.start":
            headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(SECURITY_HEADERS)]
            message = {**message, "headers": headers + SECURITY_HEADERS}
        await send(message)

    return wrapped


MAX_CONCURRENT_CHECKS = 2
"""Checks (extraction of a submitted article) running at once; one more is refused with 429."""
CHECK_TIMEOUT_S = 30.0
"""Seconds a check may take before the request is answered 503."""


class CheckSlots:
    """Run checks in worker threads, at most ``limit`` at once, each answered within ``timeout`` seconds.

    A check still running when its request times out keeps its slot until it really ends (a
    thread cannot be killed), so the number of running extractions never exceeds ``limit``;
    it is told through a ``cancelled`` event not to store anything.
    """

    def __init__(self, limit: int = MAX_CONCURRENT_CHECKS, timeout: float = CHECK_TIMEOUT_S) -> None:
        self.limit = limit
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(limit)

    async def run(self, work: Callable[..., Any], **kwargs: Any) -> Any:
        """Return ``work(**kwargs, cancelled=event)``; raise W610 when all slots are busy, W611 on timeout."""
        if not self._slots.acquire(blocking=False):
            raise WarclaimsError(E.W610, limit=self.limit)
        cancelled = threading.Event()

        def in_thread() -> Any:
            try:
                return work(**kwargs, cancelled=cancelled)
            finally:
                self._slots.release()

        try:
            future = asyncio.get_running_loop().run_in_executor(None, in_thread)
        except BaseException:
            self._slots.release()
            raise
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError:
            cancelled.set()
            raise WarclaimsError(E.W611, timeout=self.timeout) from None
