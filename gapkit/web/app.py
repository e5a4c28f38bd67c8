"""The review web app: server-rendered pages over the workspace, every write through the feature's store.

The routes are grouped by area, each module adding its own (``routes(app, ui)``):

- :mod:`~gapkit.web.routes_pages`: ``/`` dashboard (with filters), ``/conventions/{code}`` (the tree, with filters),
  ``/provisions/{id}``, ``/acts/{code}``, ``/comments``, ``/roadmap``, ``/search``;
- :mod:`~gapkit.web.routes_review`: ``/requirements/{id}`` and its POSTs (confirm, accept, reject, unreject,
  propose, withdraw, reset, revert, approve);
- :mod:`~gapkit.web.routes_work`: the review workbook, OSCAL, CEACR point status, roadmap progress, today's work;
- :mod:`~gapkit.web.routes_reports`: ``/reports`` and the work running in the background (``/progress``);
- :mod:`~gapkit.web.routes_auth`: ``/login``, ``/logout``, ``/reviewer``.

What every request passes through (host, sign-in, CSRF, roles, headers) is :mod:`gapkit.web.guard`.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from gapkit import nlp
from gapkit.errors import GapkitError
from gapkit.web import routes_auth, routes_pages, routes_reports, routes_review, routes_work
from gapkit.web.guard import Guard
from gapkit.web.i18n import LANGS, Translator
from gapkit.web.sessions import Sessions
from gapkit.web.state import WebState
from gapkit.web.ui import HERE, Ui
from gapkit.workspace import Workspace
from gapkit.yamlio import YamlError

log = logging.getLogger("gapkit.web")


def create_app(root: Path, token: str | None = None, host: str = "127.0.0.1", warm: bool = True,
               page_cache: bool = True, background: bool = False) -> FastAPI:
    """The app over the workspace at ``root``. ``token``: required on every request when given (one local user);
    when the workspace has accounts (``gapkit users add``), everyone signs in with a name and password instead.
    ``page_cache``: keep rendered pages until the workspace changes; ``background``: compute missing or stale
    suggestions in the background from the start."""
    state = WebState(Path(root))
    ui = Ui(state, page_cache=page_cache)
    sessions = Sessions(state.root)
    if warm:  # build, while the first pages are served, what the review pages would otherwise wait for
        threading.Thread(target=_warm, args=(state.ws,), name="gapkit-warm", daemon=True).start()
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, title="gapkit")
    app.state.web = state
    app.state.ui = ui
    app.state.pages = ui.pages
    app.state.sessions = sessions
    app.state.token = token
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    app.add_middleware(
        Guard, token=token, host=host, sessions=sessions,
        default_lang=lambda: next((lg for lg in state.ws.languages if lg in LANGS), LANGS[0]),
        login_page=lambda request, status, failed: routes_auth.login_page(ui, request, status, failed),
        refused_page=lambda request, message: ui.refuse(request, message))

    @app.exception_handler(YamlError)
    async def unreadable(request: Request, exc: YamlError) -> Response:
        """A workspace file that cannot be read: the page says which and where, so that it can be fixed; nothing
        is shown as if the file were empty."""
        state.fresh(force=True)  # the next page looks at the files again rather than serve one from before
        kept: list[tuple[str, str]] = []
        if request.method == "POST":  # what the reviewer typed is shown back, never lost with the failed save
            form = await request.form()
            kept = [(k, str(v)) for k, v in form.multi_items()
                    if k not in ("csrf_token", "revision") and isinstance(v, str) and v.strip()]
        return ui.page(request, "error.html.j2", {"title": "503", "message": str(exc.problem), "kept": kept,
                                                  "unreadable": True}, 503)

    @app.exception_handler(GapkitError)
    async def refused(request: Request, exc: GapkitError) -> Response:
        """Any other error of the family that a page did not answer itself: its message on a page in the
        reviewer's language (400: what was asked cannot be done as asked), never a traceback."""
        return ui.page(request, "error.html.j2", {"title": "400", "message": str(exc), "kept": []}, 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """Unknown addresses and methods: a page in the reviewer's language, not a JSON error."""
        t = Translator(getattr(request.state, "lang", LANGS[0]))
        if exc.status_code == 404:
            return ui.not_found(request, t("error.no_page"))
        return PlainTextResponse(str(exc.detail), exc.status_code)

    for area in (routes_auth, routes_pages, routes_review, routes_work, routes_reports):
        area.routes(app, ui)
    if background:
        routes_reports.keep_suggestions_current(ui)
    return app


def _warm(ws: Workspace) -> None:
    from gapkit import graph

    graph.build(ws)
    nlp.tagger(ws)

