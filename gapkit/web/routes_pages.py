"""The pages that show the workspace: the dashboard and the Convention tree (each with filters), a provision, an
act, the CEACR comments, the roadmap, and search."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from gapkit.review import SCALE
from gapkit.web import views
from gapkit.web.i18n import Translator
from gapkit.web.ui import Page, Ui

MAX_LISTED = 300  # rows of a filtered list shown at once


def routes(app: FastAPI, ui: Ui) -> None:
    state = ui.state

    def filter_data(request: Request, codes: list[str]) -> dict[str, Any]:
        ws = state.fresh()
        f = views.filters_of(request.query_params)
        return {"filters": f, "filter_scale": SCALE, "stages": views.STAGE_FILTERS,
                "reviewer_names": views.reviewers(ws),
                "part_options": [p for code in codes for p in views.parts(ws, code)]}

    @app.get("/")
    async def dashboard(request: Request) -> Response:
        def build() -> Response | Page:
            ws = state.fresh()
            today = date.today()
            codes = [i.code for i in views.conventions(ws)]
            data: dict[str, Any] = {**views.dashboard(ws, today), "today": today,
                                    **filter_data(request, codes)}
            code = (request.query_params.get("convention") or "").upper()
            data["filter_code"] = code if code in codes else ""
            # the Part filter once a Convention is chosen (the Parts are each Convention's own)
            data["part_options"] = views.parts(ws, code) if code in codes else []
            if data["filters"] or data["filter_code"]:
                rows = views.filtered(ws, [code] if code in codes else codes, data["filters"])
                data.update({"results": rows[:MAX_LISTED], "nresults": len(rows)})
            else:
                data.update({"results": None, "nresults": 0})
            return ui.cacheable(request, "dashboard.html.j2", data)

        return ui.cached(request, build)

    @app.get("/conventions/{code}")
    async def convention(request: Request, code: str) -> Response:
        def build() -> Response | Page:
            ws = state.fresh()
            inst = ws.instruments.get(code.upper())
            if inst is None or not inst.is_convention:
                return ui.not_found(request, Translator(request.state.lang)("error.no_convention", code=code))
            data = {**views.convention(ws, inst.code), **filter_data(request, [inst.code])}
            f = data["filters"]
            if f:  # only the requirements that pass, with the headings above them
                keep = {r["id"] for r in views.filtered(ws, [inst.code], f)}
                above = {a.id for rid in keep for a in views.ancestors(ws, ws.clause(rid))}  # type: ignore[arg-type]
                data["rows"] = [{**r, "context": r["clause"].id not in keep} for r in data["rows"]
                                if r["clause"].id in keep or r["clause"].id in above]
                data["nshown"] = len(keep)
            data["job"] = ui.jobs.get("suggestions")
            return ui.cacheable(request, "convention.html.j2", data)

        return ui.cached(request, build)

    @app.get("/provisions/{pid}")
    async def provision(request: Request, pid: str) -> Response:
        return ui.clause_page(request, pid, "provision",
                              lambda ws, cid: ui.cacheable(request, "provision.html.j2", views.provision(ws, cid)))

    @app.get("/acts")
    async def acts(request: Request) -> Response:
        def build() -> Response | Page:
            ws = state.fresh()
            return ui.cacheable(request, "acts.html.j2", {"acts": views.acts(ws), "inst": None, "rows": []})

        return ui.cached(request, build)

    @app.get("/acts/{code}")
    async def act(request: Request, code: str) -> Response:
        def build() -> Response | Page:
            ws = state.fresh()
            inst = ws.instruments.get(code.upper())
            if inst is None or inst.kind != "act":
                return ui.not_found(request, Translator(request.state.lang)("error.no_act", code=code))
            return ui.cacheable(request, "acts.html.j2", {"acts": views.acts(ws), **views.act(ws, inst.code)})

        return ui.cached(request, build)

    @app.get("/comments")
    async def comments(request: Request) -> Response:
        def build() -> Response | Page:
            ws = state.fresh()
            open_only = request.query_params.get("open") == "1"
            code = (request.query_params.get("convention") or "").upper() or None
            rows = views.comments(ws, open_only, code)
            every = views.comments(ws, False, None) or []
            return ui.cacheable(request, "comments.html.j2", {
                "comments": rows, "open_only": open_only, "code": code,
                "npoints": sum(len(r["points"]) for r in rows or []),
                "codes": sorted({c for r in every for c in r["conventions"]})})

        return ui.cached(request, build)

    @app.get("/roadmap")
    async def roadmap(request: Request) -> Response:
        def build() -> Response | Page:
            ws = state.fresh()
            try:
                as_of = date.fromisoformat(request.query_params.get("as_of") or date.today().isoformat())
            except ValueError:
                as_of = date.today()
            return ui.cacheable(request, "roadmap.html.j2", {"view": views.roadmap(ws, as_of), "as_of": as_of})

        return ui.cached(request, build)

    @app.get("/search")
    async def search(request: Request) -> Response:
        """One box for everything: a citation goes to its clause; words find requirements, provisions, CEACR
        points and reviewers' reasons."""
        from gapkit import search as finder

        query = " ".join((request.query_params.get("q") or "").split())[:300]
        ws = state.fresh()
        if query:
            target = finder.resolve(ws, query)
            if target is not None:
                url = views.clause_href(ws, target)
                if url:
                    return RedirectResponse(url, 303)
        # in a worker thread: after a change the index is built again (a second or less), meanwhile pages are served
        results = await run_in_threadpool(finder.search, ws, query, request.state.lang, 30) if query else None
        return ui.page(request, "search.html.j2", {"results": results, "q": query})
