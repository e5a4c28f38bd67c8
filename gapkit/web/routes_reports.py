"""Reports from the browser, and the work that runs in the background while the pages stay quick: making a report,
computing suggestions (when the app starts, when the texts change, or when asked), with their progress
(``/progress.json``, which the pages poll)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from gapkit.web import reports, suggestions, views
from gapkit.web.i18n import Translator
from gapkit.web.ui import Job, Ui, form_text

SUGGESTIONS = "suggestions"


def to_compute(ui: Ui) -> list[str]:
    """The Conventions whose suggestions are missing or were computed on texts that have changed since."""
    ws = ui.state.fresh()
    out = []
    for inst in views.conventions(ws):
        stored = suggestions.computed(ws, inst.code)
        if stored is None or stored.stale:
            out.append(inst.code)
    return out


def suggest_in_background(ui: Ui, codes: list[str] | None = None) -> Job | None:
    """Compute the suggestions of ``codes`` (default: those missing or stale) in a thread; the job, or None when
    there is nothing to do."""
    todo = to_compute(ui) if codes is None else codes
    if not todo:
        return None

    def work(job: Job) -> str:
        ws = ui.state.detached()
        for code in todo:
            job.label = code
            suggestions.compute(ws, code)
            job.done += 1
        return ""

    return ui.jobs.start(SUGGESTIONS, Job(SUGGESTIONS, todo[0], total=len(todo)), work, ui.state.look_again)


def keep_suggestions_current(ui: Ui) -> None:
    """Compute the missing or stale suggestions now, in the background, and again whenever the texts change."""
    def again() -> None:
        suggest_in_background(ui)

    ui.state.on_reload = again
    again()


def routes(app: FastAPI, ui: Ui) -> None:
    state = ui.state

    @app.post("/conventions/{code}/suggest")
    async def suggest(request: Request, code: str) -> Response:
        ws = state.fresh()
        inst = ws.instruments.get(code.upper())
        if inst is None or not inst.is_convention:
            return ui.not_found(request, Translator(request.state.lang)("error.no_convention", code=code))
        if suggest_in_background(ui, [inst.code]) is not None:
            ui.flash(request, "convention.computing", code=inst.code)
        return RedirectResponse(f"/conventions/{quote(inst.code)}", 303)

    @app.get("/progress.json")
    async def progress(request: Request) -> Response:
        """What runs in the background, for the pages' progress lines; this browser's report job with it."""
        mine = ui.jobs.get("report:" + request.state.csrf)
        sugg = ui.jobs.get(SUGGESTIONS)
        return JSONResponse({"suggestions": sugg.as_dict() if sugg else None,
                             "report": mine.as_dict() if mine else None})

    @app.get("/reports")
    async def reports_page(request: Request) -> Response:
        return reports_view(request, {})

    def reports_view(request: Request, extra: dict[str, Any], status: int = 200) -> Response:
        ws = state.fresh()
        job = ui.jobs.get("report:" + request.state.csrf)
        data = {"kinds": reports.KINDS, "files": reports.listing(state.root), "conventions": views.conventions(ws),
                "error": None, "formats": reports.FORMATS, "lang_base": "/reports", "job": job}
        data.update(extra)
        return ui.page(request, "reports.html.j2", data, status)

    @app.post("/reports/generate")
    async def generate(request: Request) -> Response:
        form = await request.form()


        kind = form_text(form, "kind")
        codes = [c for c in form.getlist("conventions") if isinstance(c, str)]
        lang, fmt = form_text(form, "lang") or request.state.lang, form_text(form, "format") or "docx"
        try:
            reports.checked(state.fresh(), kind, codes, lang, fmt)
        except reports.ReportError as e:
            return reports_view(request, {"error": str(e)}, 400)

        def work(job: Job) -> str:
            path = reports.generate(state.detached(), kind, codes, lang, fmt)
            return path.name

        key = "report:" + request.state.csrf
        running = ui.jobs.get(key)
        if running is not None and running.running:
            ui.flash(request, "reports.busy", kind="warn")
        else:
            ui.jobs.start(key, Job("report", kind, total=1), work, state.look_again)
        return RedirectResponse("/reports", 303)

    @app.get("/reports/download/{name}")
    async def download(request: Request, name: str) -> Response:
        path = reports.servable(state.root, name)
        if path is None:
            return ui.not_found(request, Translator(request.state.lang)("error.no_report", name=name))
        return FileResponse(path, media_type=reports.MEDIA_TYPES[path.suffix], filename=path.name,
                            content_disposition_type="attachment")
