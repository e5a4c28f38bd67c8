"""Signing in and out, and the one local user's name.

With accounts (``gapkit users add``): ``/login`` takes ``name`` and ``password`` (and the CSRF token of its form),
and the session cookie says who makes every decision. Without them: the access token, when the app was started with
one, and the name the local user gives once (``/reviewer``).
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gapkit.web import security
from gapkit.web.guard import set_cookie
from gapkit.web.i18n import Translator
from gapkit.web.routes_review import Refused, check_name
from gapkit.web.sessions import SESSION_COOKIE, Sessions
from gapkit.web.ui import Ui, form_text


def local(target: str) -> str:
    """A redirect target on this site only (never //other.site or a full URL)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def login_page(ui: Ui, request: Request, status: int, failed: bool = False, wait: float = 0.0) -> HTMLResponse:
    t = Translator(getattr(request.state, "lang", None) or request.cookies.get(security.LANG_COOKIE) or "ru")
    nxt = request.query_params.get("next") or (request.url.path if request.method == "GET" else "/")
    html = ui.env.get_template("login.html.j2").render({
        "t": t, "lang": t.lang, "next": local(nxt), "failed": failed,
        "accounts": getattr(request.state, "accounts", False),
        "csrf": getattr(request.state, "csrf", ""), "wait": int(wait + 0.999)})
    return HTMLResponse(html, status)


def routes(app: FastAPI, ui: Ui) -> None:
    sessions: Sessions = app.state.sessions

    @app.get("/login")
    async def login_form(request: Request) -> Response:
        if request.state.accounts and request.state.role != "anonymous":
            return RedirectResponse(local(request.query_params.get("next") or "/"), 303)
        return login_page(ui, request, 200)

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()


        who = request.state.client
        wait = sessions.brake.wait(who)
        if wait > 0:  # too soon after failures: not even checked
            return login_page(ui, request, 429, failed=True, wait=wait)
        target = local(form_text(form, "next"))
        resp = RedirectResponse(target, 303)
        if request.state.accounts:
            # a name is one line of at most 100 characters; a longer one cannot be an account's
            name, password = " ".join(form_text(form, "name").split())[:200], form_text(form, "password")[:1000]
            signed = await asyncio.to_thread(sessions.sign_in, name, password) if name and password else None
            if signed is None:
                delay = sessions.brake.failed(who)
                return login_page(ui, request, 401, failed=True, wait=delay)
            set_cookie(resp, SESSION_COOKIE, signed[0], max_age=None)
        else:
            token = app.state.token
            if not token or not security.same(form_text(form, "token"), token):
                delay = sessions.brake.failed(who)
                return login_page(ui, request, 401, failed=True, wait=delay)
            set_cookie(resp, security.TOKEN_COOKIE, token)
        sessions.brake.succeeded(who)
        return resp

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        sessions.sign_out(request.cookies.get(SESSION_COOKIE))
        resp = RedirectResponse("/login", 303)
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp

    @app.post("/reviewer")
    async def set_reviewer(request: Request) -> Response:
        """The local user's name (without accounts only: with accounts the name is the account's)."""
        form = await request.form()
        value = form.get("reviewer")
        name = " ".join(value.split()) if isinstance(value, str) else ""
        nxt = form.get("next")
        back = local(nxt if isinstance(nxt, str) else "/")
        t = Translator(request.state.lang)
        if request.state.accounts:
            return ui.refuse(request, t("error.name_from_account"), 400)
        try:
            check_name(t, name)
        except Refused as e:  # refused, and what was typed shown back to copy
            return ui.page(request, "error.html.j2", {"title": "400", "message": str(e),
                                                       "kept": [(t("reviewer.name"), name)]}, 400)
        resp = RedirectResponse(back, 303)
        if name:
            set_cookie(resp, security.REVIEWER_COOKIE, quote(name, safe=""))
        else:
            resp.delete_cookie(security.REVIEWER_COOKIE)
        return resp
