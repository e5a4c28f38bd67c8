"""What every request passes through before a route sees it (a plain ASGI middleware: the pages are
rendered in a few milliseconds, and Starlette's BaseHTTPMiddleware would add a good part of that again):

- the Host check;
- who is asking: a signed-in account (when the workspace has accounts: nothing but the sign-in page without one),
  or the one local user (with the access token when one is set); failed attempts are slowed
  (:class:`~gapkit.web.sessions.Brake`);
- the CSRF cookie (made on the first visit) and, on a POST, the token of the form compared with it; a reader's
  POST is refused;
- the page language (``?lang=`` sets the cookie), the reviewer's name and role, put in ``request.state``;
- the security headers (``Cache-Control: no-store`` on everything but the static files) and the cookies set on the
  way out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gapkit.web import security
from gapkit.web.i18n import LANGS, Translator
from gapkit.web.sessions import SESSION_COOKIE, Sessions

COOKIE_AGE = 365 * 24 * 3600
MAX_BODY = 16 * 1024 * 1024  # a form larger than this is neither a review form nor a review workbook
_CSRF_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")


#: what a visitor who is not signed in may still reach
OPEN_PATHS = ("/login", "/static/")


def cookie_header(name: str, value: str, max_age: int | None = COOKIE_AGE) -> tuple[bytes, bytes]:
    """A Set-Cookie header for one of the app's cookies: a year (or the browser's session), HttpOnly,
    SameSite=Strict."""
    r = Response()
    r.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", path="/")
    return next((k, v) for k, v in r.raw_headers if k == b"set-cookie")


def set_cookie(resp: Response, name: str, value: str, max_age: int | None = COOKIE_AGE) -> None:
    resp.raw_headers.append(cookie_header(name, value, max_age))


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


class Guard:
    """The middleware. ``login_page(request, status, failed)`` and ``refused_page(request, message)`` make the
    pages it answers with itself; ``default_lang()`` is the workspace's first language the pages speak."""

    def __init__(self, app: ASGIApp, *, token: str | None, host: str, default_lang: Callable[[], str],
                 login_page: Callable[[Request, int, bool], Response],
                 refused_page: Callable[[Request, str], Response], sessions: Sessions):
        self.app = app
        self.token = token
        self.sessions = sessions  # when the workspace has accounts, everyone signs in
        self.host = host
        self.default_lang = default_lang
        self.login_page = login_page
        self.refused_page = refused_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not security.host_allowed(request.headers.get("host", ""), self.host):
            resp = HTMLResponse("This server answers only requests to 127.0.0.1 or localhost.", 421)
            await self._send(resp, scope, receive, send)
            return
        cookies: list[tuple[bytes, bytes]] = []
        csrf = request.cookies.get(security.CSRF_COOKIE) or ""
        if not _CSRF_RE.fullmatch(csrf):
            csrf = security.new_token()
            cookies.append(cookie_header(security.CSRF_COOKIE, csrf))
        lang = request.query_params.get("lang")
        if lang in LANGS:
            cookies.append(cookie_header(security.LANG_COOKIE, lang))
        else:
            lang = request.cookies.get(security.LANG_COOKIE)
            if lang not in LANGS:
                lang = self.default_lang()
        request.state.lang = lang  # kept in scope["state"]: the route's request sees it
        request.state.csrf = csrf
        request.state.client = client_of(request)
        self._who(request)
        early = self._early(request)
        if early is not None:
            await self._send(early, scope, receive, send, cookies)
            return

        if request.method == "POST":
            body = await _read_body(receive)
            if body is None:
                await self._send(HTMLResponse("Request too large.", 413), scope, receive, send, cookies)
                return
            receive = _replay(body, receive)
            if request.url.path != "/login" or request.state.accounts:
                refused = self._csrf_refusal(request, body)
                if refused:
                    await self._send(self.refused_page(request, refused), scope, receive, send, cookies)
                    return
            if request.state.role == "reader" and request.url.path not in ("/login", "/logout"):
                page = self.refused_page(request, Translator(lang)("error.role_reader"))
                await self._send(page, scope, receive, send, cookies)
                return

        static = request.url.path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_headers(message.get("headers", []), cookies, static)}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _who(self, request: Request) -> None:
        """The reviewer's name and role: the signed-in account's, or the one local user's (the name they gave)."""
        accounts = self.sessions.accounts_now()
        request.state.accounts = active = accounts is None or bool(accounts)
        account = self.sessions.account(request.cookies.get(SESSION_COOKIE), accounts or {}) if active else None
        if account is not None:
            name, role = account.name, account.role
        elif active:
            name, role = "", "anonymous"
        else:
            name, role = unquote(request.cookies.get(security.REVIEWER_COOKIE, ""))[:100], "local"
        request.state.reviewer = name
        request.state.role = role
        request.state.can_decide = role in ("reviewer", "approver", "local")
        request.state.can_approve = role == "approver"

    def _early(self, request: Request) -> Response | None:
        """The answer to a request that goes no further: not signed in, missing token, token in the address."""
        path = request.url.path
        if request.state.accounts:
            if request.state.role != "anonymous" or path.startswith(OPEN_PATHS):
                return None
            if request.method == "GET":
                return RedirectResponse("/login?" + urlencode({"next": request.url.path}), 303)
            return self.login_page(request, 401, False)
        if not self.token:
            return None
        in_query = request.query_params.get("token")
        if in_query and security.same(in_query, self.token):  # a link with the token: keep it in a cookie
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            resp = RedirectResponse(request.url.path + (("?" + urlencode(rest)) if rest else ""), 303)
            resp.raw_headers.append(cookie_header(security.TOKEN_COOKIE, self.token))
            return resp
        given = request.cookies.get(security.TOKEN_COOKIE) or request.headers.get(security.TOKEN_HEADER)
        if security.same(given, self.token) or (request.method == "POST" and path == "/login"):
            return None
        return self.login_page(request, 401, False)

    def _csrf_refusal(self, request: Request, body: bytes) -> str | None:
        t = Translator(request.state.lang)
        if not security.origin_allowed(request.headers.get("origin"), request.headers.get("host", "")):
            return t("error.origin")
        given = request.headers.get("x-csrf-token", "")
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=5000)
            given = (fields.get(security.CSRF_FIELD) or [given])[0]
        elif content_type.startswith("multipart/form-data"):  # an upload form (the review workbook)
            given = multipart_field(body, content_type, security.CSRF_FIELD) or given
        if not security.same(given, request.cookies.get(security.CSRF_COOKIE)):
            return t("error.csrf")
        return None

    async def _send(self, resp: Response, scope: Scope, receive: Receive, send: Send,
                    cookies: list[tuple[bytes, bytes]] | None = None) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_headers(message.get("headers", []), cookies or [])}
            await send(message)

        await resp(scope, receive, send_with_headers)


def _with_headers(headers: Any, cookies: list[tuple[bytes, bytes]], static: bool = False
                  ) -> list[tuple[bytes, bytes]]:
    out = list(headers)
    present = {k.lower() for k, _v in out}
    out += [(k.encode(), v.encode()) for k, v in security.HEADERS.items() if k.encode() not in present]
    if not static and b"cache-control" not in present:  # pages carry CSRF tokens and reviewers' work
        out.append((b"cache-control", b"no-store"))
    return out + cookies


def multipart_field(body: bytes, content_type: str, name: str) -> str | None:
    """The value of the plain (not file) field ``name`` of a multipart/form-data body, or None."""
    m = re.search(r'boundary="?([^";,\s]+)"?', content_type)
    if not m:
        return None
    wanted = f'name="{name}"'.encode()
    for part in body.split(b"--" + m.group(1).encode("latin-1")):
        head, sep, value = part.partition(b"\r\n\r\n")
        if sep and wanted in head and b"filename=" not in head:
            return value.removesuffix(b"\r\n").decode("utf-8", "replace")
    return None


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body (None when it is larger than MAX_BODY)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the route the body already read, then waits as the server's own would."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
