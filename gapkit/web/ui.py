"""What every route of the web app shares: the templates, the loaded workspace, the page cache, who is signed in,
the messages a page shows once after a save, and the work running in the background.

The routes live in modules by area (``routes_*.py``), each a function ``routes(app, ui)`` that adds its routes;
:func:`gapkit.web.app.create_app` builds one :class:`Ui` and passes it to each.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.datastructures import FormData

from gapkit import nlp
from gapkit.citations import Citation, CitationError, instrument_of
from gapkit.model import Clause
from gapkit.review import SCALE, in_lang, load_mappings, text_map
from gapkit.texts import ShownText, official_text, shown_text
from gapkit.web import highlight, suggestions, views
from gapkit.web.i18n import LANGS, Translator
from gapkit.web.pagecache import CSRF_MARK, FLASH_MARK, REVIEWER_MARK, PageCache, personalise
from gapkit.web.state import WebState
from gapkit.workspace import Workspace
from gapkit.yamlio import YamlError

HERE = Path(__file__).parent


@dataclass
class Job:
    """Work running in a thread (suggestions, a report): what the pages show of it while it runs."""

    kind: str  # suggestions | report
    label: str  # what it makes (a Convention's code, a report's kind)
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    result: str = ""  # a report's file name
    error: str = ""

    @property
    def running(self) -> bool:
        return self.finished is None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "done": self.done, "total": self.total,
                "running": self.running, "seconds": round((self.finished or time.monotonic()) - self.started, 1),
                "result": self.result, "error": self.error}


class Jobs:
    """The background work of the app, one thread each; a page asks what is running."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def start(self, key: str, job: Job, work: Callable[[Job], str], done: Callable[[], None]) -> Job:
        """Run ``work(job)`` in a thread unless a job of that key runs already (that one is returned); ``done`` is
        called in that thread when it ends (keep it to setting a flag: the pages' thread owns the workspace)."""
        with self._lock:
            running = self._jobs.get(key)
            if running is not None and running.running:
                return running
            self._jobs[key] = job

        def run() -> None:
            try:
                job.result = work(job)
            except Exception as e:  # shown on the page; the details in the log
                import logging

                logging.getLogger("gapkit.web").exception("background work %s failed", key)
                job.error = f"{type(e).__name__}: {e}"
            finally:
                job.finished = time.monotonic()
                done()

        threading.Thread(target=run, name=f"gapkit-{key}", daemon=True).start()
        return job

    def get(self, key: str) -> Job | None:
        return self._jobs.get(key)

    def all(self) -> dict[str, Job]:
        return dict(self._jobs)


@dataclass
class Flash:
    kind: str  # ok | err | warn
    key: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Page:
    """A page rendered for the page cache (what :meth:`Ui.cached` keeps and sends)."""

    html: str


class Ui:
    """The app's shared parts; the routes call :meth:`page`, :meth:`cached`, :meth:`not_found` and :meth:`flash`."""

    def __init__(self, state: WebState, page_cache: bool = True):
        self.state = state
        self.pages = PageCache(enabled=page_cache)
        self.env = _env()
        self.jobs = Jobs()
        self._flashes: dict[str, list[Flash]] = {}

    @property
    def root(self) -> Path:
        return self.state.root

    # -- messages shown once ------------------------------------------------------------------
    def flash(self, request: Request, key: str, kind: str = "ok", **values: Any) -> None:
        """A message for this browser's next page («Решение сохранено»): kept on the server, never in the address,
        so a link cannot make a page say something was saved."""
        who = request.state.csrf
        self._flashes.setdefault(who, []).append(Flash(kind, key, values))
        if len(self._flashes) > 5000:  # browsers that never came back
            self._flashes.pop(next(iter(self._flashes)))

    def _take_flashes(self, request: Request) -> str:
        items = self._flashes.pop(request.state.csrf, [])
        if not items:
            return ""
        t = Translator(request.state.lang)
        out = []
        for f in items:
            role = "alert" if f.kind == "err" else "status"
            out.append(f'<p class="flash {f.kind}" role="{role}">{escape(t(f.key, **f.values))}</p>')
        return "".join(out)

    # -- pages --------------------------------------------------------------------------------
    def send(self, request: Request, html: str, status: int = 200) -> HTMLResponse:
        """A rendered page with this browser's values put in (CSRF token, name, its messages)."""
        return HTMLResponse(personalise(html, request.state.csrf, request.state.reviewer,
                                        self._take_flashes(request)), status)

    def render(self, request: Request, ws: Workspace, template: str, data: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context(request, ws, data))

    def page(self, request: Request, template: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
        return self.send(request, self.render(request, self.state.fresh(), template, data), status)

    def cached(self, request: Request, build: Callable[[], Response | Page]) -> Response:
        """A GET page from the page cache, or built, kept and sent (``build`` answers a :class:`Page` to keep, or a
        response to send as it is: a redirect, a 404). A page depends on the workspace's version, the address, the
        language, the date and the role: never on who is looking."""
        self.state.fresh()
        version = self.state.version
        query = tuple((k, v) for k, v in request.query_params.multi_items() if k != "lang")
        key = (request.url.path, query, request.state.lang, request.state.role, bool(request.state.reviewer),
               date.today())
        html = self.pages.get(version, key)
        if html is None:
            built = build()
            if not isinstance(built, Page):
                return built
            html = built.html
            self.pages.put(version, key, html)
        return self.send(request, html)

    def cacheable(self, request: Request, template: str, data: dict[str, Any]) -> Page:
        """A page for :meth:`cached`: rendered once, sent to this browser, kept for the others."""
        return Page(self.render(request, self.state.fresh(), template, data))

    def clause_page(self, request: Request, given: str, kind: str,
                    show: Callable[[Workspace, str], Response | Page]) -> Response:
        """The page of a requirement or a provision (``kind``), found by its id or by a citation as people write it
        (redirected to its id), or a 404 that says what was asked."""
        def build() -> Response | Page:
            ws = self.state.fresh()
            found = views.resolve(ws, given, kind)
            if found is None:
                return self.not_found(request, Translator(request.state.lang)(f"error.no_{kind}", id=given))
            if found != given:
                return RedirectResponse(views.clause_href(ws, found), 303)
            return show(ws, found)

        return self.cached(request, build)

    def not_found(self, request: Request, message: str) -> HTMLResponse:
        return self.page(request, "error.html.j2", {"title": "404", "message": message}, 404)

    def refuse(self, request: Request, message: str, status: int = 403) -> HTMLResponse:
        return self.page(request, "error.html.j2", {"title": str(status), "message": message, "kept": []}, status)


def form_text(form: FormData, name: str) -> str:
    """A text field of a submitted form, whole ("" when absent or a file): never cut here, a text over its limit
    is refused where it is checked, and shown back."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


# ---- templates ---------------------------------------------------------------------------------------


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["u"] = lambda s: quote(str(s), safe=":()")
    env.filters["when"] = when
    env.globals["shown"] = _shown
    env.globals["reason_text"] = lambda v: in_lang(text_map(v), "ru") if v else ""
    env.globals["official_text"] = official_text
    return env


def _shown(ws: Workspace, provision: str, lang: str) -> ShownText | None:
    """A provision's text for a page: the official wording where loaded (acts have none in English), else our
    summary; the page says which."""
    inst = ws.instruments.get(instrument_of(provision))
    return shown_text(inst, provision, lang) if inst is not None else None


def when(iso: str) -> str:
    """An audit time as people read it: 2026-11-26 01:07 UTC."""
    m = re.match(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(\+00:00|Z)?", iso or "")
    if not m:
        return iso or ""
    return f"{m.group(1)} {m.group(2)}" + (" UTC" if m.group(3) else "")


def context(request: Request, ws: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    """What every template sees. The CSRF token, the name and the messages are placeholders, put in when the
    page is sent (see pagecache.py): one rendering serves every browser."""
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
        return views.clause_href(ws, cid)

    def mark(text: str, text_lang: str, concepts: list[str]) -> Any:
        return highlight.mark(nlp.tagger(ws), text, text_lang, concepts, concept, lang)

    if data.get("lang_base"):  # a page answering a POST: switch on the page it came from
        base, rest = data["lang_base"], []
    else:
        base = request.url.path
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]

    def lang_url(target: str) -> str:
        return base + "?" + urlencode([*rest, ("lang", target)])

    role = getattr(request.state, "role", "")
    return {"t": t, "lang": lang, "langs": LANGS, "ws": ws, "csrf": CSRF_MARK,
            "reviewer": REVIEWER_MARK if request.state.reviewer else "", "has_name": bool(request.state.reviewer),
            "flash_slot": Markup(FLASH_MARK), "role": role,
            "accounts": bool(getattr(request.state, "accounts", False)),
            "can_decide": role in ("reviewer", "approver", "local"), "can_approve": role == "approver",
            "path": request.url.path,
            "here": request.url.path + (("?" + request.url.query) if request.url.query else ""),
            "cite": cite, "label": label, "concept": concept, "colour": highlight.colour, "clause_url": clause_url,
            "mark": mark, "lang_url": lang_url, "query": request.query_params.get("q", ""),
            "strength": suggestions.strength, "shared_words": suggestions.words,
            "scale": SCALE, "mappings": _mappings_or_none(ws),
            "verdict_of": lambda cid: views.verdict_of(ws, cid),
            "is_requirement": lambda cid: views.is_requirement(ws, cid), **data}


def _mappings_or_none(ws: Workspace) -> dict[str, Any]:
    """The decisions for the page's frame; none when their file cannot be read (the page that says so still shows)."""
    try:
        return load_mappings(ws)
    except YamlError:
        return {}
