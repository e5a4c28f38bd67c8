"""The reviewer's tools beyond one requirement: the review workbook (download, upload), the OSCAL export, the status
of a CEACR point, the progress of a roadmap measure, and today's work.

- ``GET /workbook``: the page; ``GET /workbook/download?conventions=C081&book_lang=ru`` (or ``lang=ru``, which
  also switches the pages' language): the Excel workbook
  ``gapkit export review`` makes; ``POST /workbook/upload`` (``file``, ``dry_run``): a filled workbook checked as
  ``gapkit import review`` checks it, as the signed-in reviewer. The web applies a workbook whole or not at all: a
  file with a refused or conflicting row writes nothing and lists every problem (sheet, row, why), so the same file,
  mended, can be sent again (rows applied from a half-accepted file would come back as conflicts).
- ``GET /oscal/{code}``: the OSCAL mapping collection of a Convention (``gapkit export oscal``).
- ``POST /comments/points/{point}/status`` (``status``, ``set_by``, ``note``, ``was``): through
  :func:`gapkit.comments.status.set_point_status` (in place in the comment file, with an audit line).
- ``POST /roadmap/measures/{measure}/progress`` (``status``, ``evidence``, ``note``): a record appended to
  roadmap/progress.jsonl (:func:`gapkit.roadmap.progress.append_record`).
- ``GET /work?day=YYYY-MM-DD``: per reviewer what they did that day (UTC) and in all, from the audit logs, and the
  day's changes, newest first.

Uploads go to a temporary folder outside the workspace, removed once read. Every write is made by the name of the
reviewer who is signed in (or the local user's name), never by a name typed in the form.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from gapkit.citations import instrument_of
from gapkit.comments import load_comments
from gapkit.comments.model import STATUSES
from gapkit.comments.status import (
    MAX_NOTE,
    StatusConflict,
    StatusError,
    audit_entries,
    set_point_status,
    sources_for,
    valid_source,
)
from gapkit.errors import GapkitError
from gapkit.exchange import words as W
from gapkit.exchange.oscal import OscalError, mapping_collection
from gapkit.exchange.review_import import Decision, ImportResult, ReviewImportError, RowResult, import_review
from gapkit.exchange.workbook import ExportError, export_review
from gapkit.review import ANALYSIS_TEAM, load_mappings, read_audit, replay
from gapkit.roadmap import ProgressError, append_record, load, load_progress, measure_id
from gapkit.roadmap.model import RECORD_STATUSES, ProgressRecord
from gapkit.web import views
from gapkit.web.i18n import Translator
from gapkit.web.routes_auth import local
from gapkit.web.routes_review import Refused, check_name
from gapkit.web.ui import Ui, form_text
from gapkit.workspace import NoSuchConvention, Workspace, convention_code

log = logging.getLogger("gapkit.web")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 20 * 1024 * 1024
MAX_UNPACKED = 300 * 1024 * 1024  # an .xlsx unpacked (the shipped workspace's seven Conventions: about 10 MB)
#: what the per-reviewer table counts, by audit action
CATEGORY: dict[str, str] = {"confirm": "confirmed", "confirm_preliminary": "confirmed", "approve": "approved",
                            "reject": "rejected", "propose": "proposals"}
CATEGORIES: tuple[str, ...] = ("confirmed", "approved", "rejected", "proposals", "points", "progress", "other")
#: the audit actions the pages have words for (work.action.*); others are "other"
ACTIONS: tuple[str, ...] = ("confirm", "confirm_preliminary", "approve", "reject", "unreject", "propose", "withdraw",
                            "reset", "revert", "assess", "reclassify", "if_adopted", "point_status", "progress")
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
#: what the /work page read of the logs (:func:`work_log`), kept in ``ws.cache``: a key gapkit.web.state does not
#: name, so it is dropped whenever a mappings, comment or roadmap file changes (every change the logs record
#: rewrites one of them, or is the roadmap's progress.jsonl)
WORK_CACHE = "web.work"


def routes(app: FastAPI, ui: Ui) -> None:
    state = ui.state
    # what the forms of the comments' and the roadmap's pages offer
    ui.env.globals.update({"work_point_statuses": STATUSES, "work_measure_statuses": RECORD_STATUSES,
                           "work_status_sources": status_sources, "work_max_note": MAX_NOTE})

    # ---- the review workbook ---------------------------------------------------------------------------

    def workbook_page(request: Request, status: int = 200, **extra: Any) -> Response:
        ws = state.fresh()
        chosen = [c.upper() for c in request.query_params.getlist("conventions")]
        data: dict[str, Any] = {"conventions": conventions(ws), "chosen": chosen, "book_langs": W.LANGS,
                                "book_lang": request.query_params.get("book_lang") or request.state.lang,
                                "error": None, "result": None, "lang_base": "/workbook"}
        data.update(extra)
        return ui.page(request, "workbook.html.j2", data, status)

    @app.get("/workbook")
    async def workbook(request: Request) -> Response:
        return workbook_page(request)

    @app.get("/workbook/download")
    async def workbook_download(request: Request) -> Response:
        t = Translator(request.state.lang)
        codes = [c.strip() for c in request.query_params.getlist("conventions") if c.strip()]
        # the page's form names it book_lang: ?lang= would also switch the pages' language (the guard's cookie)
        lang = (request.query_params.get("book_lang") or request.query_params.get("lang")
                or request.state.lang)
        if not codes:
            return workbook_page(request, 400, error=t("work.workbook.choose"))
        if lang not in W.LANGS:
            return workbook_page(request, 400, error=t("work.workbook.bad_lang", value=lang[:20]))

        def work() -> tuple[list[str], bytes]:
            folder = Path(tempfile.mkdtemp(prefix="gapkit-workbook-"))
            try:
                result = export_review(state.detached(), codes, lang, folder / "workbook.xlsx")
                return list(result.sheets), result.path.read_bytes()
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        try:
            sheets, content = await run_in_threadpool(work)
        except ExportError as e:
            return workbook_page(request, 400, error=t("work.workbook.not_exported", message=str(e)))
        name = "-".join(["review-workbook", *sheets, lang]) + ".xlsx"
        return Response(content, media_type=XLSX, headers={"content-disposition": f'attachment; filename="{name}"'})

    @app.post("/workbook/upload")
    async def workbook_upload(request: Request) -> Response:
        t = Translator(request.state.lang)
        if not request.state.can_decide:
            return ui.refuse(request, t("work.error.role"))
        try:
            form = await request.form(max_files=1, max_fields=20)
        except HTTPException as e:
            return workbook_page(request, 400, error=t("work.workbook.not_taken", message=str(e.detail)))
        upload = form.get("file")
        dry_run = form_text(form, "dry_run").strip() in ("1", "on", "true")
        try:
            reviewer = _reviewer(request, t)
        except Refused as e:
            return workbook_page(request, 400, error=str(e))
        if not isinstance(upload, UploadFile) or not upload.filename:
            return workbook_page(request, 400, error=t("work.workbook.no_file"))
        shown = Path(upload.filename.replace("\\", "/")).name[:200] or "workbook.xlsx"
        content = await upload.read(MAX_UPLOAD + 1)
        await upload.close()
        if not content:
            return workbook_page(request, 400, error=t("work.workbook.empty", name=shown))
        if len(content) > MAX_UPLOAD:
            return workbook_page(request, 400, error=t("work.workbook.too_large", name=shown,
                                                       mb=MAX_UPLOAD // 1024 // 1024))

        def work() -> tuple[ImportResult, bool]:
            """Checked dry first; applied only when every changed row can land."""
            folder = Path(tempfile.mkdtemp(prefix="gapkit-upload-"))
            path = folder / "upload.xlsx"
            try:
                path.write_bytes(content)
                check_archive(path)
                ws = state.detached()
                try:
                    checked = import_review(ws, path, reviewer, dry_run=True)
                except GapkitError:
                    raise
                except Exception as e:  # anyone's file, read by openpyxl: whatever it raises, the file is refused
                    log.warning("an uploaded workbook could not be read", exc_info=True)
                    raise ReviewImportError(f"{path}: cannot be read as an Excel workbook "
                                            f"({type(e).__name__}: {e})") from e
                if dry_run or checked.of("refused", "conflict") or not checked.of("would_apply"):
                    return checked, False
                return import_review(ws, path, reviewer, dry_run=False), True
            except ReviewImportError as e:  # the message names the temporary file: name the reviewer's instead
                raise ReviewImportError(str(e).replace(str(path), shown)) from e
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        try:
            result, applied = await run_in_threadpool(work)
        except ReviewImportError as e:
            return workbook_page(request, 400, error=t("work.workbook.not_taken", message=str(e)), file_name=shown)
        if applied:
            state.written()
        refused = bool(result.of("refused", "conflict"))
        return workbook_page(request, 400 if refused and not applied else 200, file_name=shown,
                             result=result_view(result, applied, dry_run, reviewer))

    # ---- OSCAL ----------------------------------------------------------------------------------------

    @app.get("/oscal/{code}")
    async def oscal(request: Request, code: str) -> Response:
        t = Translator(request.state.lang)
        ws = state.fresh()
        try:
            canonical = convention_code(ws, code)
        except NoSuchConvention:
            return ui.not_found(request, t("work.oscal.no_convention", code=code[:40]))
        try:
            doc = mapping_collection(ws, canonical)
        except OscalError as e:
            return workbook_page(request, 400, error=t("work.oscal.failed", message=str(e)))
        body = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        return Response(body.encode("utf-8"), media_type="application/json",
                        headers={"content-disposition": f'attachment; filename="{canonical}-oscal-mapping.json"'})

    # ---- a CEACR point's status, a roadmap measure's progress ------------------------------------------------

    async def status_form(request: Request, t: Translator, area: str, statuses: tuple[str, ...], page: str,
                          anchor: str, write: Callable[[FormData, str, str, str], tuple[str, dict[str, Any]]]
                          ) -> Response:
        """A status form of the comments' or the roadmap's page (``area``: point | progress, its words under
        work.<area>): for who may decide, by the name signed in, a status of ``statuses`` and a note of at most
        :data:`MAX_NOTE` characters; ``write(form, status, reviewer, note)`` writes and names the message to show.
        Whatever comes of it, back to the page the form came from, at what it changes."""
        if not request.state.can_decide:
            return ui.refuse(request, t("work.error.role"))
        form = await request.form()
        back = RedirectResponse(_back(form_text(form, "next"), page) + "#" + anchor, 303)
        status = form_text(form, "status").strip()
        try:
            reviewer = _reviewer(request, t)
            if status not in statuses:
                raise Refused(t(f"work.{area}.bad_status", value=status[:40]))
            note = form_text(form, "note").strip()
            if len(note) > MAX_NOTE:
                raise Refused(t("work.error.too_long", n=len(note), limit=MAX_NOTE))
            key, values = write(form, status, reviewer, note)
        except StatusConflict:  # the page was stale: the next one shows the status as it is now
            ui.flash(request, "work.point.conflict", kind="err")
            return back
        except (Refused, StatusError, ProgressError) as e:
            ui.flash(request, f"work.{area}.refused", kind="err", message=str(e))
            return back
        state.written()
        ui.flash(request, key, **values)
        return back

    @app.post("/comments/points/{point_id:path}/status")
    async def point_status(request: Request, point_id: str) -> Response:
        t = Translator(request.state.lang)
        ws = state.fresh()
        if point_id not in load_comments(ws).points:
            return ui.not_found(request, t("work.point.no_point", id=point_id[:200]))

        def write(form: FormData, status: str, reviewer: str, note: str) -> tuple[str, dict[str, Any]]:
            change = set_point_status(ws, point_id, status, reviewer, form_text(form, "set_by").strip() or None, note,
                                      expect_status=form_text(form, "was").strip() or None)
            return ("work.point.saved", {"status": t.label("point", status)}) if change.changed \
                else ("work.point.unchanged", {})

        return await status_form(request, t, "point", STATUSES, "/comments", quote(point_id, safe=":/"), write)

    @app.post("/roadmap/measures/{mid}/progress")
    async def measure_progress(request: Request, mid: str) -> Response:
        t = Translator(request.state.lang)
        ws = state.fresh()
        rm = load(ws).roadmap
        canonical = measure_id(mid)
        if rm is None or canonical is None or canonical not in rm.measures:
            return ui.not_found(request, t("work.progress.no_measure", id=mid[:40]))
        number = rm.measures[canonical].number

        def write(form: FormData, status: str, reviewer: str, note: str) -> tuple[str, dict[str, Any]]:
            evidence = web_evidence(ws, form_text(form, "evidence"), t)
            record = append_record(ws, canonical, status, reviewer, evidence, note or None)
            return "work.progress.saved", {"number": number, "status": t.label("measure", record.status)}

        return await status_form(request, t, "progress", RECORD_STATUSES, "/roadmap", quote(canonical, safe=":"),
                                 write)

    # ---- today's work --------------------------------------------------------------------------------

    @app.get("/work")
    async def work_page(request: Request) -> Response:
        today = datetime.now(UTC).date()
        try:
            day = date.fromisoformat(request.query_params.get("day") or today.isoformat())
        except ValueError:
            day = today
        ws = state.fresh()
        log: tuple[list[dict[str, Any]], int] | None = ws.cache.get(WORK_CACHE)
        if log is None:
            version = state.version
            log = await run_in_threadpool(work_log, state.root, load_progress(ws).records)
            if state.version == version:  # no change seen while the logs were read: what was read is current
                ws.cache[WORK_CACHE] = log
        data = work_data(log[0], log[1], day)
        ws = state.fresh()
        points = load_comments(ws).points
        data.update({"day": day, "today": today, "prev_day": day - timedelta(days=1),
                     "next_day": day + timedelta(days=1) if day < today else None,
                     "conventions": conventions(ws), "measure_numbers": _measure_numbers(ws),
                     "point_titles": {f["subject"]: points[f["subject"]].title_in(request.state.lang)
                                      for f in data["feed"] if f["kind"] == "point" and f["subject"] in points},
                     "team_name": ANALYSIS_TEAM})
        return ui.page(request, "work.html.j2", data)


# ---- helpers ------------------------------------------------------------------------------------------------


def check_archive(path: Path) -> None:
    """An uploaded .xlsx is a zip archive of a sane size once unpacked (a small file can unpack to gigabytes)."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as e:
        raise ReviewImportError(f"{path}: not an Excel workbook (.xlsx) ({e})") from e
    if size > MAX_UNPACKED:
        raise ReviewImportError(f"{path}: unpacks to {size // 1024 // 1024} MB, more than a review workbook holds")


def _back(given: str, page: str) -> str:
    """The page a form came from, its filters kept (``page`` and its query, without an anchor); else ``page``."""
    target = local(given).split("#")[0]
    return target if target.split("?")[0] == page and len(target) < 500 else page


def _reviewer(request: Request, t: Translator) -> str:
    """The name every write is made by: the signed-in account's, or the one the local user gave (never a name typed
    in a form); refused when there is none."""
    name = " ".join(str(request.state.reviewer or "").split())
    if not name:
        raise Refused(t("work.error.no_name"))
    check_name(t, name)
    return name


def web_evidence(ws: Workspace, given: str, t: Translator) -> str | None:
    """Evidence typed in a form: an http(s) address, or a file inside the workspace (given relative to it); never
    a file elsewhere on the server."""
    given = given.strip()
    if not given:
        return None
    if _URL.match(given):
        return given
    root = ws.root.resolve()
    path = (root / given).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Refused(t("work.progress.bad_evidence", value=given[:200]))
    return str(path)


def conventions(ws: Workspace) -> list[dict[str, Any]]:
    """The Conventions of the workspace, each saying whether an OSCAL mapping can be made of it (a decision that
    names a provision)."""
    mapped = {instrument_of(rid) for rid, m in load_mappings(ws).items() if m.decided and m.provisions}
    return [{"code": inst.code, "title": inst.title, "oscal": inst.code in mapped} for inst in views.conventions(ws)]


def status_sources(ws: Workspace, point: dict[str, Any]) -> list[str]:
    """What a point's status form offers as having set the status (see :func:`gapkit.comments.status.sources_for`),
    the one recorded among them."""
    data = load_comments(ws)
    found = data.points.get(str(point.get("id", "")))
    if found is None:
        return []
    out = sources_for(ws, found, data)
    recorded = str(point.get("status_set_by") or "")
    if recorded and recorded not in out and valid_source(ws, data, recorded):
        out.append(recorded)
    return out


def _measure_numbers(ws: Workspace) -> dict[str, str]:
    rm = load(ws).roadmap
    return {mid: m.number for mid, m in rm.measures.items()} if rm is not None else {}


def decision_view(d: Decision | dict[str, Any] | None) -> dict[str, Any] | None:
    """A decision as the page shows it: verdict, relation, provisions, reason (or: the preliminary one confirmed)."""
    if d is None:
        return None
    get: Callable[[str], Any] = d.get if isinstance(d, dict) else (lambda k: getattr(d, k, None))
    reason = get("reason") or {}
    return {"accept": bool(get("accept")), "verdict": get("verdict") or "not_reviewed",
            "relation": get("relation") or "", "provisions": list(get("provisions") or []),
            "reason": reason if isinstance(reason, dict) else {"en": str(reason)}}


def row_view(r: RowResult) -> dict[str, Any]:
    return {"sheet": r.sheet, "row": r.row, "requirement": r.requirement, "outcome": r.outcome, "reason": r.reason,
            "before": decision_view(r.before), "yours": decision_view(r.yours), "theirs": decision_view(r.theirs),
            "theirs_by": (r.theirs or {}).get("reviewer") or "", "revision": r.revision}


def result_view(result: ImportResult, applied: bool, dry_run: bool, reviewer: str) -> dict[str, Any]:
    landed = result.of("applied")
    return {"applied": applied, "dry_run": dry_run, "reviewer": reviewer, "unchanged": result.unchanged,
            "landed": [row_view(r) for r in landed],
            "would": [row_view(r) for r in result.of("would_apply")],
            "refused": [row_view(r) for r in result.of("refused")],
            "conflicts": [row_view(r) for r in result.of("conflict")]}


# ---- today's work ---------------------------------------------------------------------------------------------


def _utc(text: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def action_word(action: str) -> str:
    """The key under work.action of an audit action (a bill's ``if_adopted:<bill>`` is one)."""
    base = action.split(":", 1)[0]
    return base if base in ACTIONS else "other"


def work_log(root: Path, progress: list[ProgressRecord]) -> tuple[list[dict[str, Any]], int]:
    """Every change the logs record, oldest first (within one second, in the order read: review, points, roadmap),
    each as the /work page counts and lists it (kind, time in UTC, reviewer, action, category, subject, after); and
    the number of damaged lines in the review audit logs. Read from the review audit logs (each requirement's
    changes replayed for the verdict after each, as gapkit.review.history does; a change whose writer stopped
    before its file was replaced is left out, as the history shows it), comments/audit.jsonl and ``progress`` (the
    records of roadmap/progress.jsonl). A change of the analysis team's has no reviewer."""
    entries, damaged = read_audit(root)
    events = [{"kind": "review", "time": when, "reviewer": str(e.get("reviewer") or ""),
               "action": action_word(str(e.get("action") or "")),
               "category": CATEGORY.get(str(e.get("action") or ""), "other"),
               "subject": str(e.get("requirement") or ""), "after": e["after"].get("verdict") or ""}
              for e in replay(entries) if e["landed"] and (when := _utc(e.get("time"))) is not None]
    for entry in audit_entries(root):
        when, name = _utc(entry.get("time")), str(entry.get("reviewer") or "")
        if when is None or not name:
            continue
        after = entry.get("after")
        events.append({"kind": "point", "time": when, "reviewer": name, "action": "point_status", "category": "points",
                       "subject": str(entry.get("point") or ""),
                       "after": str(after.get("status") or "") if isinstance(after, dict) else ""})
    for rec in progress:  # a record's time has its UTC offset (gapkit.roadmap.parse_progress)
        events.append({"kind": "progress", "time": rec.time.astimezone(UTC), "reviewer": rec.by, "action": "progress",
                       "category": "progress", "subject": rec.measure, "after": rec.status})
    events.sort(key=lambda e: e["time"])  # stable: within one second, in the order read
    return events, len(damaged)


def work_data(events: list[dict[str, Any]], damaged: int, day: date) -> dict[str, Any]:
    """What the reviewers did on ``day`` (UTC) and in all, from :func:`work_log`'s ``events``: per reviewer the
    counts of :data:`CATEGORIES`, the day's changes newest first (the later written first within one second), and
    how many of the analysis team's the day holds."""
    per: dict[str, dict[str, dict[str, int]]] = {}
    feed: list[dict[str, Any]] = []
    team_today = 0
    for event in events:
        on_day = event["time"].date() == day
        if not event["reviewer"]:  # the analysis team's assessments: counted, not listed
            team_today += on_day
            continue
        row = per.setdefault(event["reviewer"], {"today": dict.fromkeys(CATEGORIES, 0),
                                                 "total": dict.fromkeys(CATEGORIES, 0)})
        row["total"][event["category"]] += 1
        if on_day:
            row["today"][event["category"]] += 1
            feed.append(event)
    feed.reverse()
    reviewers = sorted(per.items(), key=lambda kv: (-sum(kv[1]["today"].values()), -sum(kv[1]["total"].values()),
                                                    kv[0].casefold()))
    return {"reviewers": [{"name": name, **counts} for name, counts in reviewers], "feed": feed,
            "team_today": team_today, "damaged": damaged, "categories": CATEGORIES}
