"""The review page of a requirement and every change a reviewer makes on it: confirm (and save and go on),
accept the analysis team's assessment, reject or restore a suggestion, propose or withdraw an amendment, reset,
revert to an earlier revision, approve (four eyes).

Every form carries the revision of the record the page was rendered at; a save without one, or made on a stale
page, is refused and the page comes back with what was typed kept in the form (and, on a conflict, the other
reviewer's saved decision beside it), so nothing is lost. Every field is checked against its vocabulary and its
length here, with the refusal in the page's language, before the review store checks it again.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from gapkit.citations import instrument_of
from gapkit.fields import MAX_NAME
from gapkit.review import (
    CHANGES,
    MAX_TEXT,
    RELATIONS,
    VERDICTS,
    ConflictError,
    Mapping,
    MappingStore,
    ReviewError,
    check_limits,
    in_lang,
    text_map,
)
from gapkit.web import views
from gapkit.web.i18n import Translator
from gapkit.web.ui import Page, Ui, form_text
from gapkit.workspace import Workspace
from gapkit.yamlio import YamlError

#: the text fields of each form, with the message key that names them
TEXT_FIELDS: dict[str, str] = {
    "reason": "review.reason", "reason_other": "review.reason", "recommendation": "review.recommendation",
    "recommendation_other": "review.recommendation", "practice_note": "review.practice_note",
    "other_provisions": "review.other_provisions", "proposed": "propose.proposed",
    "justification": "propose.justification",
}
#: the fields whose value comes from a vocabulary ("" allowed where the form offers a blank)
CHOICES: dict[str, tuple[tuple[str, ...], bool]] = {
    "relation": (RELATIONS, False), "verdict": (VERDICTS, False), "practice_verdict": (VERDICTS, True),
    "change": (CHANGES, True),
}
ACTIONS = ("confirm", "accept", "reject", "propose", "unreject", "withdraw", "reset", "revert", "approve")


class Refused(Exception):
    """A form refused before it reached the store: the message, in the page's language."""


def rurl(rid: str) -> str:
    return "/requirements/" + quote(rid, safe=":()")


def routes(app: FastAPI, ui: Ui) -> None:
    state = ui.state

    @app.get("/requirements/{rid}")
    async def requirement(request: Request, rid: str) -> Response:
        def show(ws: Workspace, found: str) -> Response | Page:
            source = request.query_params.get("from", "")
            if source:  # «apply to the corresponding requirement»: the form prefilled, never saved unseen
                return ui.page(request, "requirement.html.j2", review_data(request, ws, found, prefill_from=source))
            return ui.cacheable(request, "requirement.html.j2", review_data(request, ws, found))

        return ui.clause_page(request, rid, "requirement", show)

    async def decide(request: Request, rid: str, action: str) -> Response:
        ws = state.fresh()
        t = Translator(request.state.lang)
        if not views.is_requirement(ws, rid):
            return ui.not_found(request, t("error.no_requirement", id=rid))
        if not request.state.can_decide or (action == "approve" and not request.state.can_approve):
            return ui.refuse(request, t("error.role_" + ("approve" if action == "approve" else "decide")))
        form = await request.form()
        typed = typed_fields(form, action)
        # with accounts the name is the account's, whatever a form says; one local user gives theirs
        typed_name = "" if request.state.accounts else form_text(form, "reviewer")
        reviewer = typed_name or request.state.reviewer
        reviewer = " ".join(reviewer.split())
        revision_text = form_text(form, "revision")
        revision = int(revision_text) if re.fullmatch(r"\d{1,9}", revision_text) else None
        store = MappingStore(ws)
        lang = request.state.lang

        def write() -> None:
            current = views.mapping_of(ws, rid)
            if action == "confirm":
                save_confirm(ws, store, rid, lang, typed, reviewer, revision, current)
            elif action == "accept":
                store.accept(rid, reviewer, revision)
            elif action == "reject":
                store.reject(rid, typed["provision"], typed["reason"], reviewer, revision)
            elif action == "unreject":
                store.unreject(rid, typed["provision"], reviewer, revision)
            elif action == "propose":
                store.propose(rid, typed["provision"], typed["proposed"], typed["justification"], reviewer,
                              revision, typed["change"] or None)
            elif action == "withdraw":
                store.withdraw(rid, typed["provision"], reviewer, revision)
            elif action == "reset":
                store.reset(rid, reviewer, revision)
            elif action == "revert":
                to = typed["to_revision"]
                if not to.isdigit():
                    raise Refused(t("error.bad_value", field=t("history.revision"), value=to[:80]))
                store.revert(rid, int(to), reviewer, revision)
            elif action == "approve":
                store.approve(rid, reviewer, revision)

        try:
            check_form(t, typed, reviewer, revision)
            # in a worker thread: reading, checking and writing the decisions file takes a tenth of a second or
            # more, during which the other reviewers' pages are still served
            with state.writing():
                await run_in_threadpool(write)
        except ConflictError:
            state.written()  # someone else wrote: read their version
            ws = state.fresh(force=True)
            return review_page(request, ws, rid, kept(action, typed, reviewer, revision, conflict=True), 409)
        except (Refused, ReviewError) as e:
            return review_page(request, ws, rid, {**kept(action, typed, reviewer, revision), "error": str(e)}, 400)
        except YamlError as e:  # the mappings file was broken by hand: say where, write nothing
            state.fresh(force=True)  # and the next page reads the files again, not a page from before
            return review_page(request, ws, rid, {**kept(action, typed, reviewer, revision), "error": str(e)}, 500)
        state.written(requirement=rid)
        ws = state.ws
        saved = views.mapping_of(ws, rid)
        ui.flash(request, "review.saved_" + action, revision=saved.revision if saved else "")
        target = rurl(rid) + "#decision"
        if action == "confirm" and form_text(form, "then") == "next":
            nxt = views.neighbours(ws, rid)["next_to_review"]
            target = rurl(nxt) if nxt else target
        resp = RedirectResponse(target, 303)
        if not request.state.accounts and reviewer and reviewer != request.state.reviewer:
            from gapkit.web.guard import set_cookie
            from gapkit.web.security import REVIEWER_COOKIE

            set_cookie(resp, REVIEWER_COOKIE, quote(reviewer, safe=""))
        return resp

    def review_page(request: Request, ws: Workspace, rid: str, extra: dict[str, Any], status: int = 200) -> Response:
        return ui.page(request, "requirement.html.j2", {**review_data(request, ws, rid), **extra}, status)

    def handler(action: str) -> Any:
        async def post(request: Request, rid: str) -> Response:
            return await decide(request, rid, action)

        return post

    for action in ACTIONS:
        app.add_api_route(f"/requirements/{{rid}}/{action}", handler(action), methods=["POST"], name=f"review-{action}")


# ---- the form -------------------------------------------------------------------------------------------------


def typed_fields(form: FormData, action: str) -> dict[str, Any]:
    """What the reviewer typed, whole (never cut: a text over its limit is refused and shown back)."""
    if action == "confirm":
        return {"provisions": [p for p in form.getlist("provisions") if isinstance(p, str) and p],
                **{k: form_text(form, k) for k in ("other_provisions", "relation", "verdict", "reason", "reason_other",
                                               "recommendation", "recommendation_other", "practice_verdict",
                                               "practice_note")}}
    if action in ("reject", "unreject", "withdraw"):
        return {"provision": form_text(form, "provision"), "reason": form_text(form, "reason")}
    if action == "propose":
        return {k: form_text(form, k) for k in ("provision", "proposed", "justification", "change")}
    if action == "revert":
        return {"to_revision": form_text(form, "to_revision")}
    return {}


def check_name(t: Translator, name: str) -> None:
    """A name the review store takes (one line, at most MAX_NAME characters), or the refusal in the page's
    language."""
    try:
        check_limits(names={"reviewer": name})
    except ReviewError:
        raise Refused(t("error.bad_name", limit=MAX_NAME)) from None


def check_form(t: Translator, typed: dict[str, Any], reviewer: str, revision: int | None) -> None:
    """Refuse, in the page's language, a form the store would refuse or cut: no valid revision, a value outside
    its vocabulary, a text over its limit, a name that is not one."""
    if revision is None:
        raise Refused(t("error.no_revision"))
    if not reviewer:
        raise Refused(t("error.no_reviewer"))
    check_name(t, reviewer)
    for name, (vocab, blank) in CHOICES.items():
        value = typed.get(name)
        if value is None or (blank and value == ""):
            continue
        if value not in vocab:
            label = t(f"review.{name}" if name != "change" else "propose.change")
            raise Refused(t("error.bad_value", field=label, value=value[:80]))
    for name, key in TEXT_FIELDS.items():
        value = typed.get(name) or ""
        if len(value) > MAX_TEXT:
            raise Refused(t("error.too_long", field=t(key), n=len(value), limit=MAX_TEXT))


def save_confirm(ws: Workspace, store: MappingStore, rid: str, lang: str, typed: dict[str, Any], reviewer: str,
                 revision: int | None, current: Mapping | None) -> None:
    provisions = typed["provisions"] + parse_provisions(ws, typed["other_provisions"])
    other = "en" if lang == "ru" else "ru"
    for fld in ("reason", "recommendation"):
        # a text changed in the page's language leaves its translation, unchanged, behind: the old
        # translation no longer says what the new text says, so it is not kept
        before = getattr(current, fld) if current else {}
        if typed[fld] != before.get(lang, "") and typed[fld + "_other"] == before.get(other, ""):
            typed[fld + "_other"] = ""

    def both(field: str) -> dict[str, str]:
        """The text typed in each of the two fields, under the language its letters are in; where both are in
        one language, the first field's."""
        out: dict[str, str] = {}
        for value in (typed[field + "_other"], typed[field]):
            out.update(text_map(value))
        return out

    store.confirm(rid, list(dict.fromkeys(provisions)), typed["relation"], typed["verdict"], both("reason"),
                  reviewer, revision, {"verdict": typed["practice_verdict"], "note": typed["practice_note"]},
                  both("recommendation"), current.measure if current else "",
                  list(current.points) if current else [], current.question if current else None)


def parse_provisions(ws: Workspace, text: str) -> list[str]:
    """Provisions typed by hand: ids or citations ("KZ-LC:191(5)", "пункт 5 статьи 191 ТК"), one per line
    or separated by semicolons; each must name a provision the workspace holds."""
    out = []
    for piece in re.split(r"[;\n]+", text):
        piece = piece.strip().strip(",")
        if not piece:
            continue
        cid = views.resolve(ws, piece, "provision")
        if cid is None:
            raise ReviewError(f"{piece!r}: not a provision of the workspace (write e.g. KZ-LC:191(5) or "
                              "«пункт 5 статьи 191 Трудового кодекса»)")
        out.append(cid)
    return out


def kept(action: str, typed: dict[str, Any], reviewer: str, revision: int | None,
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


def review_data(request: Request, ws: Workspace, rid: str, prefill_from: str = "") -> dict[str, Any]:
    """The review page's data, its form filled with the decision as it stands (or, asked to apply another
    requirement's decision, with that decision, for the reviewer to check and save)."""
    data = views.requirement(ws, rid)
    m = data["mapping"]
    lang = request.state.lang
    other = "en" if lang == "ru" else "ru"
    source: Mapping | None = None
    if prefill_from and prefill_from in views.corresponding_requirements(ws, rid):
        source = views.mapping_of(ws, prefill_from)
    shown = source if source is not None and source.decided else m

    def text(field: str, lg: str) -> str:
        return (getattr(shown, field).get(lg, "") if shown else "") or ""

    form = {"provisions": list(shown.provisions) if shown else [], "other_provisions": "",
            "relation": (shown.relation or "") if shown and shown.decided else "",
            "verdict": shown.verdict if shown and shown.decided else "",
            "reason": text("reason", lang), "reason_other": text("reason", other),
            "recommendation": text("recommendation", lang), "recommendation_other": text("recommendation", other),
            "practice_verdict": (shown.practice.get("verdict", "") if shown else ""),
            "practice_note": in_lang(shown.practice.get("note") or {}, lang) if shown else ""}
    data.update({"form": form, "reject_form": {}, "propose_form": {}, "error": None, "conflict": None,
                 "relations": RELATIONS, "verdicts": VERDICTS, "limit": MAX_TEXT,
                 "prefilled_from": prefill_from if source is not None and source.decided else "",
                 "lang_base": rurl(rid), "code": instrument_of(rid)})
    return data
