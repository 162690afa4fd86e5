"""The FastAPI application factory of the REST API and the dashboard.

``create_app(db_url)`` opens (and migrates) the store once and mounts the API
(``/api/...``), the server-rendered pages, the static assets (``/static``, including the
npm libraries copied by ``scripts/build_web_assets.sh``) and the OpenAPI UI (``/docs``),
whose assets are served locally too. fastapi is the ``web`` extra: import this module
only after checking it is installed (``warclaims serve`` does).
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from warclaims import __version__
from warclaims.api.admin import open_db
from warclaims.api.checking import fetch_guarded, is_public_address, warm_up
from warclaims.web import api, events, handlers, pages
from warclaims.web.limits import (
    CHECK_TIMEOUT_S,
    MAX_BODY_BYTES,
    MAX_CONCURRENT_CHECKS,
    BodyLimitMiddleware,
    CheckSlots,
)
from warclaims.web.paths import STATIC_DIR

TOKEN_ENV = "WARCLAIMS_API_TOKEN"


@dataclass(slots=True, kw_only=True)
class WebConfig:
    """Settings of one app instance."""

    db_url: str | None = None
    """SQLAlchemy URL or SQLite path; None means $WARCLAIMS_DB, else ./warclaims.db."""
    api_token: str | None = None
    """Bearer token that POST /api/ingest requires; None disables writing (403)."""
    max_body_bytes: int = MAX_BODY_BYTES
    extractor: Callable[..., Any] | None = None
    """``extract_article(article)``; None means warclaims.extract.pipeline.extract_article."""
    allow_fetch: bool = False
    """Whether /api/check, /check and /api/ingest may fetch a given URL (``serve --allow-fetch``)."""
    fetch_allowed: Callable[..., bool] | None = None
    """Which resolved addresses a server-side fetch may reach; None: public unicast only."""
    max_checks: int = MAX_CONCURRENT_CHECKS
    check_timeout: float = CHECK_TIMEOUT_S
    preload_extraction: bool = False
    """Load the extraction pipeline (spaCy, gazetteer, rules), the credibility model and the
    bundled reference records in a background thread from start-up, so the first /api/check
    does not wait seconds for them, and checks in the meantime wait for that load instead of
    starting another (``warclaims serve`` sets it)."""


def fetcher_of(config: WebConfig) -> Callable[[str], Any] | None:
    """Return the server-side URL fetcher the config allows (guarded), or None when fetching is off."""
    if not config.allow_fetch:
        return None


    return functools.partial(fetch_guarded, allowed=config.fetch_allowed or is_public_address)


def config_from_env(db_url: str | None = None, *, allow_fetch: bool = False) -> WebConfig:
    """Return the WebConfig for ``db_url`` with the token read from ``$WARCLAIMS_API_TOKEN``."""
    return WebConfig(db_url=db_url, api_token=os.environ.get(TOKEN_ENV) or None, allow_fetch=allow_fetch)


SERVE_ALLOW_FETCH_ENV = "WARCLAIMS_SERVE_ALLOW_FETCH"
"""Set to ``1`` by ``serve --workers N --allow-fetch`` for its worker processes (they build the app
from the environment: uvicorn starts them fresh and passes no arguments)."""


def served_app() -> Any:
    """Return the app ``warclaims serve`` serves, built from the environment: the store of
    ``$WARCLAIMS_DB``, the token of ``$WARCLAIMS_API_TOKEN``, fetching when
    ``$WARCLAIMS_SERVE_ALLOW_FETCH`` is 1, the extraction pipeline preloaded. uvicorn calls it in
    each worker process of ``serve --workers N`` (a factory, so every worker opens its own engine)."""
    config = config_from_env(None, allow_fetch=os.environ.get(SERVE_ALLOW_FETCH_ENV) == "1")
    config.preload_extraction = True  # the first check must not wait for spaCy to load
    return create_app(None, config=config)


def start_warm_up() -> threading.Event:
    """Start loading what checks need (``api.checking.warm_up``) in a background thread; return the
    event set when it is done. The server answers meanwhile (dashboard, lists); a check
    waits for the event rather than loading a second copy."""
    done = threading.Event()

    def run() -> None:
        try:
            warm_up()
        finally:
            done.set()

    threading.Thread(target=run, name="warclaims-warm-up", daemon=True).start()
    return done


def _done_event() -> threading.Event:
    """Return an event that is already set (nothing to wait for)."""
    event = threading.Event()
    event.set()
    return event


def create_app(db_url: str | None = None, *, config: WebConfig | None = None) -> Any:
    """Return the FastAPI app serving the API and dashboard over the store at ``db_url``."""
    config = config or config_from_env(db_url)
    if db_url is not None:
        config.db_url = db_url
    engine = open_db(config.db_url)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        """Start loading the extraction pipeline when configured to, run the app; dispose of the store's Engine at shutdown."""
        if config.preload_extraction and config.extractor is None:
            _app.state.warmed = start_warm_up()
        yield
        engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="warclaims",
        version=__version__,
        description="Casualty claims in conflict news: incidents, their ledgers, claims, quotes and outlets.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.state.engine = engine
    app.state.check_slots = CheckSlots(config.max_checks, config.check_timeout)
    app.state.warmed = _done_event()  # replaced at start-up when preloading
    app.state.read_slots = anyio.CapacityLimiter(api.READ_THREADS)  # a server database's bounded reads
    app.state.fetcher = fetcher_of(config)
    app.add_middleware(BodyLimitMiddleware, limit=config.max_body_bytes)
    handlers.install(app)
    app.include_router(api.router)
    app.include_router(events.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    return app
