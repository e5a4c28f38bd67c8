"""The review web app: server-rendered pages over the workspace, every write through the review store.

Routes (kept stable; the tests and the users' bookmarks rely on them): ``/`` dashboard,
``/conventions/{code}``, ``/requirements/{id}`` (review page) with ``POST .../confirm``, ``.../reject`` and
``.../propose``, ``/provisions/{id}``, ``/comments``, ``/roadmap``, ``/reports`` with ``POST /reports/generate``
and ``/reports/download/{name}``.

Every form carries the revision of the record the page was rendered at; a save made on a stale page is
refused by :class:`~gapkit.review.MappingStore` and the page comes back showing the other reviewer's saved
decision beside the one just typed, which is kept in the form, so nothing is lost.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from gapkit import citations, nlp
from gapkit.citations import Citation, CitationError, instrument_of
from gapkit.errors import GapkitError
from gapkit.model import Clause
from gapkit.review import (
    RELATIONS,
    SCALE,
    VERDICTS,
    ConflictError,
    MappingStore,
    ReviewError,
    in_lang,
    load_mappings,
    text_map,
)
from gapkit.texts import ShownText, official_text, shown_text
from gapkit.web import highlight, reports, security, suggestions, views
from gapkit.web.guard import Guard, cookie_header
from gapkit.web.i18n import LANGS, Translator
from gapkit.web.pagecache import CSRF_MARK, REVIEWER_MARK, PageCache, personalise
from gapkit.web.state import WebState
from gapkit.workspace import Workspace
from gapkit.yamlio import YamlError

HERE = Path(__file__).parent
log = logging.getLogger("gapkit.web")
MAX_FIELD = 20_000  # characters kept of one form field (a reason, a proposed wording)


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["u"] = lambda s: quote(str(s), safe=":()")
    env.filters["when"] = _when
    env.globals["shown"] = _shown
    env.globals["reason_text"] = lambda v: in_lang(text_map(v), "ru") if v else ""
    env.globals["official_text"] = official_text
    return env


def _shown(ws: Workspace, provision: str, lang: str) -> ShownText | None:
    """A provision's text for a page: the official wording where loaded (acts have none in English), else our
    summary; the page says which."""
    inst = ws.instruments.get(instrument_of(provision))
    return shown_text(inst, provision, lang) if inst is not None else None


def create_app(root: Path, token: str | None = None, host: str = "127.0.0.1", warm: bool = True,
               page_cache: bool = True) -> FastAPI:
    """The app over the workspace at ``root``; ``token``: required on every request when given;
    ``page_cache``: keep rendered pages until the workspace changes (off: every page rendered anew)."""
    state = WebState(Path(root))
    pages = PageCache(enabled=page_cache)
    if warm:  # build what the first page would otherwise wait for
        _warm(state.ws)
    env = _env()
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, title="gapkit")
    app.state.web = state
    app.state.pages = pages
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # ---- what every request passes through: see guard.py --------------------------------------
    app.add_middleware(
        Guard, token=token, host=host,
        default_lang=lambda: next((lg for lg in state.ws.languages if lg in LANGS), LANGS[0]),
        login_page=lambda request, status, failed: _login_page(env, request, status, failed),
        refused_page=lambda request, message: _page(env, request, state.ws, "error.html.j2",
                                                     {"title": "403", "message": message}, 403))

    def page(request: Request, template: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        return _page(env, request, state.fresh(), template, data, status)

    def cached(request: Request, build: Callable[[], Response]) -> Response:
        """A GET page from the page cache, or built, kept (when it is a 200) and sent."""
        state.fresh()
        version = state.version
        query = tuple((k, v) for k, v in request.query_params.multi_items() if k != "lang")
        key = (request.url.path, query, request.state.lang, bool(request.state.reviewer), date.today())
        html = pages.get(version, key)
        if html is None:
            request.state.placeholders = True
            try:
                resp = build()
            finally:
                request.state.placeholders = False
            if not isinstance(resp, HTMLResponse):
                return resp
            html = bytes(resp.body).decode("utf-8")
            if resp.status_code != 200:
                return HTMLResponse(personalise(html, request.state.csrf, request.state.reviewer), resp.status_code)
            pages.put(version, key, html)
        return HTMLResponse(personalise(html, request.state.csrf, request.state.reviewer))

    def not_found(request: Request, message: str) -> HTMLResponse:
        return page(request, "error.html.j2", {"title": "404", "message": message}, 404)

    @app.exception_handler(YamlError)
    async def unreadable(request: Request, exc: YamlError) -> Response:
        """A workspace file that cannot be read: the page says which and where, so that it can be fixed; nothing
        is shown as if the file were empty."""
        state.fresh(force=True)  # the next page looks at the files again rather than serve one from before
        kept: list[tuple[str, str]] = []
        if request.method == "POST":  # what the reviewer typed is shown back, never lost with the failed save
            form = await request.form()
            kept = [(k, str(v)) for k, v in form.multi_items()
                    if k not in ("csrf_token", "expect_revision") and isinstance(v, str) and v.strip()]
        return page(request, "error.html.j2", {"title": "503", "message": str(exc.problem), "kept": kept,
                                               "unreadable": True}, 503)

    @app.exception_handler(GapkitError)
    async def refused(request: Request, exc: GapkitError) -> Response:
        """Any other error of the family that a page did not answer itself: its message on a page in the
        reviewer's language (400: what was asked cannot be done as asked), never a traceback."""
        return page(request, "error.html.j2", {"title": "400", "message": str(exc), "kept": []}, 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """Unknown addresses and methods: a page in the reviewer's language, not a JSON error."""
        t = Translator(getattr(request.state, "lang", LANGS[0]))
        if exc.status_code == 404:
            return not_found(request, t("error.no_page"))
        return PlainTextResponse(str(exc.detail), exc.status_code)

    # ---- pages -----------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    async def dashboard(request: Request) -> Response:
        def build() -> Response:
            ws = state.fresh()
            today = date.today()
            return page(request, "dashboard.html.j2", {**views.dashboard(ws, today), "today": today})

        return cached(request, build)

    @app.get("/conventions/{code}", response_class=HTMLResponse)
    async def convention(request: Request, code: str) -> Response:
        def build() -> Response:
            ws = state.fresh()
            inst = ws.instruments.get(code.upper())
            if inst is None or not inst.is_convention:
                return not_found(request, Translator(request.state.lang)("error.no_convention", code=code))
            return page(request, "convention.html.j2", views.convention(ws, inst.code))

        return cached(request, build)

    @app.post("/conventions/{code}/suggest")
    async def suggest(request: Request, code: str) -> Response:
        ws = state.fresh()
        inst = ws.instruments.get(code.upper())
        if inst is None or not inst.is_convention:
            return not_found(request, Translator(request.state.lang)("error.no_convention", code=code))
        def work() -> int:
            return suggestions.compute(state.detached(), inst.code)

        await run_in_threadpool(work)
        state.written()
        return RedirectResponse(f"/conventions/{quote(inst.code)}?computed=1", 303)

    def clause_page(request: Request, given: str, kind: str, show: Callable[[Workspace, str], Response]) -> Response:
        """The page of a requirement or a provision: found by id or by a citation as people write it
        (redirected to its id), or a 404 that says what was asked."""
        def build() -> Response:
            ws = state.fresh()
            is_kind = views.is_requirement if kind == "requirement" else views.is_provision
            found = _resolve(ws, given, is_kind)
            if found is None:
                return not_found(request, Translator(request.state.lang)(f"error.no_{kind}", id=given))
            if found != given:
                return RedirectResponse(f"/{kind}s/{quote(found, safe=':()')}", 303)
            return show(ws, found)

        return cached(request, build)

    @app.get("/requirements/{rid}", response_class=HTMLResponse)
    async def requirement(request: Request, rid: str) -> Response:
        return clause_page(request, rid, "requirement", lambda ws, cid: review_page(request, ws, cid, {}))

    def review_page(request: Request, ws: Workspace, rid: str, extra: dict[str, Any],
                    status: int = 200) -> HTMLResponse:
        data = views.requirement(ws, rid)
        m = data["mapping"]
        lang = request.state.lang
        other = "en" if lang == "ru" else "ru"

        def text(field: str, lg: str) -> str:
            return (getattr(m, field).get(lg, "") if m else "") or ""

        form = {"provisions": list(m.provisions) if m else [], "other_provisions": "",
                "relation": (m.relation or "") if m and m.decided else "",
                "verdict": m.verdict if m and m.decided else "",
                "reason": text("reason", lang), "reason_other": text("reason", other),
                "recommendation": text("recommendation", lang), "recommendation_other": text("recommendation", other),
                "practice_verdict": (m.practice.get("verdict", "") if m else ""),
                "practice_note": in_lang(m.practice.get("note") or {}, lang) if m else ""}
        data.update({"form": form, "reject_form": {}, "propose_form": {}, "error": None, "conflict": None,
                     "saved": request.query_params.get("saved"), "relations": RELATIONS, "verdicts": VERDICTS,
                     "lang_base": f"/requirements/{quote(rid, safe=':()')}"})
        data.update(extra)
        return page(request, "requirement.html.j2", data, status)

    async def decide(request: Request, rid: str, action: str) -> Response:
        ws = state.fresh()
        if not views.is_requirement(ws, rid):
            return not_found(request, Translator(request.state.lang)("error.no_requirement", id=rid))
        form = await request.form()
        reviewer = _field(form, "reviewer") or request.state.reviewer
        revision = _int(_field(form, "revision"))
        store = MappingStore(ws)
        typed: dict[str, Any] = {}
        try:
            if action == "confirm":
                picked = [p for p in form.getlist("provisions") if isinstance(p, str) and p]
                typed = {"provisions": picked, "other_provisions": _field(form, "other_provisions"),
                         "relation": _field(form, "relation"), "verdict": _field(form, "verdict"),
                         "reason": _field(form, "reason"), "reason_other": _field(form, "reason_other"),
                         "recommendation": _field(form, "recommendation"),
                         "recommendation_other": _field(form, "recommendation_other"),
                         "practice_verdict": _field(form, "practice_verdict"),
                         "practice_note": _field(form, "practice_note")}
                provisions = picked + _parse_provisions(ws, typed["other_provisions"])
                def both(field: str) -> dict[str, str]:
                    """The text typed in each of the two fields, under the language its letters are in; where both
                    are in one language, the first field's."""
                    out: dict[str, str] = {}
                    for value in (typed[field + "_other"], typed[field]):
                        out.update(text_map(value))
                    return out

                current = views.requirement(ws, rid)["mapping"]
                lang = request.state.lang
                other = "en" if lang == "ru" else "ru"
                for fld in ("reason", "recommendation"):
                    # a text changed in the page's language leaves its translation, unchanged, behind: the old
                    # translation no longer says what the new text says, so it is not kept
                    before = getattr(current, fld) if current else {}
                    if typed[fld] != before.get(lang, "") and typed[fld + "_other"] == before.get(other, ""):
                        typed[fld + "_other"] = ""
                store.confirm(rid, list(dict.fromkeys(provisions)), typed["relation"], typed["verdict"],
                              both("reason"), reviewer, revision,
                              {"verdict": typed["practice_verdict"], "note": typed["practice_note"]},
                              both("recommendation"), current.measure if current else "",
                              list(current.points) if current else [], current.question if current else None)
            elif action == "accept":
                store.accept(rid, reviewer, revision)
            elif action == "reject":
                typed = {"provision": _field(form, "provision"), "reason": _field(form, "reason")}
                store.reject(rid, typed["provision"], typed["reason"], reviewer, revision)
            else:
                typed = {"provision": _field(form, "provision"), "proposed": _field(form, "proposed"),
                         "justification": _field(form, "justification"), "change": _field(form, "change")}
                store.propose(rid, typed["provision"], typed["proposed"], typed["justification"], reviewer,
                              revision, typed["change"] or None)
        except ConflictError:
            state.written()  # someone else wrote: read their version
            ws = state.fresh(force=True)
            return review_page(request, ws, rid, _kept(action, typed, reviewer, revision, conflict=True), 409)
        except ReviewError as e:
            return review_page(request, ws, rid, {**_kept(action, typed, reviewer, revision), "error": str(e)}, 400)
        except YamlError as e:  # the mappings file was broken by hand: say where, write nothing
            state.fresh(force=True)  # and the next page reads the files again, not a page from before
            return review_page(request, ws, rid, {**_kept(action, typed, reviewer, revision), "error": str(e)}, 500)
        state.written()
        resp = RedirectResponse(f"/requirements/{quote(rid, safe=':()')}?saved={action}#decision", 303)
        if reviewer and reviewer != request.state.reviewer:
            _cookie(resp, security.REVIEWER_COOKIE, quote(reviewer, safe=""))
        return resp

    @app.post("/requirements/{rid}/confirm")
    async def confirm(request: Request, rid: str) -> Response:
        return await decide(request, rid, "confirm")

    @app.post("/requirements/{rid}/accept")
    async def accept(request: Request, rid: str) -> Response:
        return await decide(request, rid, "accept")

    @app.post("/requirements/{rid}/reject")
    async def reject(request: Request, rid: str) -> Response:
        return await decide(request, rid, "reject")

    @app.post("/requirements/{rid}/propose")
    async def propose(request: Request, rid: str) -> Response:
        return await decide(request, rid, "propose")

    @app.get("/provisions/{pid}", response_class=HTMLResponse)
    async def provision(request: Request, pid: str) -> Response:
        return clause_page(request, pid, "provision",
                           lambda ws, cid: page(request, "provision.html.j2", views.provision(ws, cid)))

    @app.get("/comments", response_class=HTMLResponse)
    async def comments(request: Request) -> Response:
        def build() -> Response:
            ws = state.fresh()
            open_only = request.query_params.get("open") == "1"
            code = (request.query_params.get("convention") or "").upper() or None
            rows = views.comments(ws, open_only, code)
            every = views.comments(ws, False, None) or []
            return page(request, "comments.html.j2", {
                "comments": rows, "open_only": open_only, "code": code,
                "npoints": sum(len(r["points"]) for r in rows or []),
                "codes": sorted({c for r in every for c in r["conventions"]})})

        return cached(request, build)

    @app.get("/roadmap", response_class=HTMLResponse)
    async def roadmap(request: Request) -> Response:
        def build() -> Response:
            ws = state.fresh()
            try:
                as_of = date.fromisoformat(request.query_params.get("as_of") or date.today().isoformat())
            except ValueError:
                as_of = date.today()
            return page(request, "roadmap.html.j2", {"view": views.roadmap(ws, as_of), "as_of": as_of})

        return cached(request, build)

    @app.get("/reports", response_class=HTMLResponse)
    async def reports_page(request: Request) -> Response:
        return reports_view(request, {})

    def reports_view(request: Request, extra: dict[str, Any], status: int = 200) -> HTMLResponse:
        ws = state.fresh()
        data = {"kinds": reports.KINDS, "files": reports.listing(state.root), "conventions": views.conventions(ws),
                "made": request.query_params.get("made"), "error": None, "formats": reports.FORMATS,
                "lang_base": "/reports"}
        data.update(extra)
        return page(request, "reports.html.j2", data, status)

    @app.post("/reports/generate")
    async def generate(request: Request) -> Response:
        form = await request.form()
        kind = _field(form, "kind")
        codes = [c for c in form.getlist("conventions") if isinstance(c, str)]
        lang, fmt = _field(form, "lang") or request.state.lang, _field(form, "format") or "docx"
        def work() -> Path:
            return reports.generate(state.detached(), kind, codes, lang, fmt)

        try:
            path = await run_in_threadpool(work)
        except reports.ReportError as e:
            return reports_view(request, {"error": str(e)}, 400)
        except Exception as e:  # a builder's own failure: say so on the page, keep the details in the log
            log.exception("the %s report failed", kind)
            return reports_view(request, {"error": f"{type(e).__name__}: {e}"}, 500)
        state.written()  # the roadmap's pages show the new file at once
        return RedirectResponse(f"/reports?made={quote(path.name)}", 303)

    @app.get("/reports/download/{name}")
    async def download(request: Request, name: str) -> Response:
        path = reports.servable(state.root, name)
        if path is None:
            return not_found(request, Translator(request.state.lang)("error.no_report", name=name))
        return FileResponse(path, media_type=reports.MEDIA_TYPES[path.suffix], filename=path.name,
                            content_disposition_type="attachment")

    # ---- who is reviewing, and the access token ---------------------------------------------
    @app.post("/reviewer")
    async def set_reviewer(request: Request) -> Response:
        form = await request.form()
        name = " ".join(_field(form, "reviewer").split())[:200]
        back = _local(_field(form, "next"))
        resp = RedirectResponse(back, 303)
        if name:
            _cookie(resp, security.REVIEWER_COOKIE, quote(name, safe=""))
        else:
            resp.delete_cookie(security.REVIEWER_COOKIE)
        return resp

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        if not token or not security.same(_field(form, "token"), token):
            return _login_page(env, request, status=401, failed=True)
        resp = RedirectResponse(_local(_field(form, "next")), 303)
        _cookie(resp, security.TOKEN_COOKIE, token)
        return resp

    return app


# ---- helpers -----------------------------------------------------------------------------------------


def _warm(ws: Workspace) -> None:
    from gapkit import graph

    graph.build(ws)
    nlp.tagger(ws)


def _when(iso: str) -> str:
    """An audit time as people read it: 2026-11-26 01:07 UTC."""
    m = re.match(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(\+00:00|Z)?", iso or "")
    if not m:
        return iso or ""
    return f"{m.group(1)} {m.group(2)}" + (" UTC" if m.group(3) else "")


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[:MAX_FIELD] if isinstance(value, str) else ""


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _local(target: str) -> str:
    """A redirect target on this site only (never //other.site or a full URL)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _cookie(resp: Response, name: str, value: str) -> None:
    resp.raw_headers.append(cookie_header(name, value))


def _resolve(ws: Workspace, given: str, ok: Callable[[Workspace, str], bool]) -> str | None:
    """The canonical id of a clause given by id or by a citation as people write it."""
    try:
        cid = str(Citation.parse(given))
    except CitationError:
        found = citations.find(given, ws.names)
        cid = str(found[0].citation) if len(found) == 1 else ""
    return cid if cid and ok(ws, cid) else None


def _parse_provisions(ws: Workspace, text: str) -> list[str]:
    """Provisions typed by hand: ids or citations ("KZ-LC:191(5)", "пункт 5 статьи 191 ТК"), one per line
    or separated by semicolons; each must name a provision the workspace holds."""
    out = []
    for piece in re.split(r"[;\n]+", text):
        piece = piece.strip().strip(",")
        if not piece:
            continue
        cid = _resolve(ws, piece, views.is_provision)
        if cid is None:
            raise ReviewError(f"{piece!r}: not a provision of the workspace (write e.g. KZ-LC:191(5) or "
                              "«пункт 5 статьи 191 Трудового кодекса»)")
        out.append(cid)
    return out


def _kept(action: str, typed: dict[str, Any], reviewer: str, revision: int | None,
          conflict: bool = False) -> dict[str, Any]:
    """What the reviewer typed, put back in the form it came from (after a conflict or an error)."""
    out: dict[str, Any] = {"typed_reviewer": reviewer, "submitted_revision": revision, "action": action}
    if action == "confirm":
        out["form"] = typed
    elif action == "reject":
        out["reject_form"] = typed
    elif action == "propose":
        out["propose_form"] = typed
    if conflict:
        out["conflict"] = {"action": action, "typed": typed, "revision": revision}
    return out


def _context(request: Request, ws: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    t = Translator(request.state.lang)
    lang = t.lang

    cited = ws.cache.setdefault("web.cite", {})  # the names of the instruments only: kept until a reload

    def cite(cid: str) -> str:
        key = (cid, lang)
        if key not in cited:
            try:
                cited[key] = Citation.parse(cid).format(lang, ws.names)
            except (CitationError, KeyError):
                cited[key] = cid
        return cited[key]

    def label(c: Clause) -> str:
        """How a clause is named in a tree or a breadcrumb: "Статья 12 Полномочия ...", "(1) ...", a Part by
        its heading."""
        cit = Citation.parse(c.id)
        heading = t.pick(c.heading)
        if cit.is_division:
            return heading or cite(c.id)
        number = t("clause.article", n=c.number) if cit.is_article and not cit.subs else c.number
        return f"{number} {heading}".strip()

    def concept(cid: str) -> str:
        c = ws.concepts.get(cid)
        return t.pick(c.label) if c else cid.replace("_", " ")

    def clause_url(cid: str) -> str:
        c = ws.clause(cid)
        if c is not None and ws.instruments[c.instrument].kind == "act":
            return "/provisions/" + quote(cid, safe=":()")
        if views.is_requirement(ws, cid):
            return "/requirements/" + quote(cid, safe=":()")
        code = instrument_of(cid)
        return f"/conventions/{quote(code)}#{quote(cid, safe=':()')}" if code in ws.instruments else ""

    def mark(text: str, text_lang: str, concepts: list[str]) -> Any:
        return highlight.mark(nlp.tagger(ws), text, text_lang, concepts, concept, lang)

    if data.get("lang_base"):  # a page answering a POST: switch on the page it came from
        base, rest = data["lang_base"], []
    else:
        base = request.url.path
        rest = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "saved", "made", "computed")]

    def lang_url(target: str) -> str:
        return base + "?" + urlencode([*rest, ("lang", target)])

    if getattr(request.state, "placeholders", False):  # a page for the page cache: see pagecache.py
        csrf, reviewer = CSRF_MARK, (REVIEWER_MARK if request.state.reviewer else "")
    else:
        csrf, reviewer = request.state.csrf, request.state.reviewer
    return {"t": t, "lang": lang, "langs": LANGS, "ws": ws, "csrf": csrf,
            "reviewer": reviewer, "path": request.url.path,
            "here": request.url.path + (("?" + request.url.query) if request.url.query else ""),
            "cite": cite, "label": label, "concept": concept, "colour": highlight.colour, "clause_url": clause_url,
            "mark": mark, "lang_url": lang_url,
            "scale": SCALE, "mappings": _mappings_or_none(ws),
            "verdict_of": lambda cid: views.verdict_of(ws, cid),
            "is_requirement": lambda cid: views.is_requirement(ws, cid), **data}


def _mappings_or_none(ws: Workspace) -> dict[str, Any]:
    """The decisions for the page's frame; none when their file cannot be read (the page that says so still shows)."""
    try:
        return load_mappings(ws)
    except YamlError:
        return {}


def _page(env: jinja2.Environment, request: Request, ws: Workspace, template: str, data: dict[str, Any],
          status: int = 200) -> HTMLResponse:
    html = env.get_template(template).render(_context(request, ws, data))
    return HTMLResponse(html, status)


def _login_page(env: jinja2.Environment, request: Request, status: int, failed: bool = False) -> HTMLResponse:
    t = Translator(request.cookies.get(security.LANG_COOKIE) or "ru")
    nxt = request.url.path if request.method == "GET" else "/"
    html = env.get_template("login.html.j2").render({"t": t, "lang": t.lang, "next": nxt, "failed": failed})
    return HTMLResponse(html, status)
