"""warclaims.web: the REST API and the dashboard (needs the ``web`` extra: fastapi, uvicorn, Jinja2).

Entry point: :func:`warclaims.web.app.create_app(db_url=None)` -> FastAPI app (``warclaims serve``
runs it with uvicorn). Routes are thin over :mod:`warclaims.api` and ``warclaims.store.*``:

* ``/api/...`` (:mod:`warclaims.web.api`): incidents, articles, outlets, export, check, ingest.
* pages (:mod:`warclaims.web.pages`): ``/``, ``/incidents/{id}``, ``/articles``, ``/articles/{id}``,
  ``/check``, ``/outlets``, each with a JSON twin (``.json`` or ``?format=json``); ``/docs``.

Front-end libraries and the basemap are installed from npm and copied into
``static/vendor/`` by ``scripts/build_web_assets.sh`` (git-ignored, served by the app).
Nothing is imported here, so ``import warclaims.web`` works without the extra.
"""
