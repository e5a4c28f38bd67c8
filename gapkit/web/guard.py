"""What every request passes through before a route sees it (a plain ASGI middleware: the pages are
rendered in a few milliseconds, and Starlette's BaseHTTPMiddleware would add a good part of that again):

- the Host check and the access token (:mod:`gapkit.web.security`);
- the CSRF cookie (made on the first visit) and, on a POST, the token of the form compared with it;
- the page language (``?lang=`` sets the cookie) and the reviewer's name, put in ``request.state``;
- the security headers and the cookies set on the way out.
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

COOKIE_AGE = 365 * 24 * 3600
MAX_BODY = 2 * 1024 * 1024  # a form larger than this is not a review form
_CSRF_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def cookie_header(name: str, value: str) -> tuple[bytes, bytes]:
    """A Set-Cookie header for one of the app's cookies: a year, HttpOnly, SameSite=Strict."""
    r = Response()
    r.set_cookie(name, value, max_age=COOKIE_AGE, httponly=True, samesite="strict", path="/")
    return next((k, v) for k, v in r.raw_headers if k == b"set-cookie")


class Guard:
    """The middleware. ``login_page(request, status, failed)`` and ``refused_page(request, message)`` make the
    pages it answers with itself; ``default_lang()`` is the workspace's first language the pages speak."""

    def __init__(self, app: ASGIApp, *, token: str | None, host: str, default_lang: Callable[[], str],
                 login_page: Callable[[Request, int, bool], Response],
                 refused_page: Callable[[Request, str], Response]):
        self.app = app
        self.token = token
        self.host = host
        self.default_lang = default_lang
        self.login_page = login_page
        self.refused_page = refused_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        early = self._early(request)
        if early is not None:
            await self._send(early, scope, receive, send)
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
        request.state.reviewer = unquote(request.cookies.get(security.REVIEWER_COOKIE, ""))[:200]
        request.state.placeholders = False

        if request.method == "POST":
            body = await _read_body(receive)
            if body is None:
                await self._send(HTMLResponse("Request too large.", 413), scope, receive, send, cookies)
                return
            receive = _replay(body, receive)
            if request.url.path != "/login":
                refused = self._csrf_refusal(request, body)
                if refused:
                    await self._send(self.refused_page(request, refused), scope, receive, send, cookies)
                    return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_headers(message.get("headers", []), cookies)}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _early(self, request: Request) -> Response | None:
        """The answer to a request that goes no further: wrong host, missing token, token in the address."""
        if not security.host_allowed(request.headers.get("host", ""), self.host):
            return HTMLResponse("This server answers only requests to 127.0.0.1 or localhost.", 421)
        if not self.token:
            return None
        in_query = request.query_params.get("token")
        if in_query and security.same(in_query, self.token):  # a link with the token: keep it in a cookie
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            resp = RedirectResponse(request.url.path + (("?" + urlencode(rest)) if rest else ""), 303)
            resp.raw_headers.append(cookie_header(security.TOKEN_COOKIE, self.token))
            return resp
        given = request.cookies.get(security.TOKEN_COOKIE) or request.headers.get(security.TOKEN_HEADER)
        if security.same(given, self.token) or (request.method == "POST" and request.url.path == "/login"):
            return None
        return self.login_page(request, 401, False)

    def _csrf_refusal(self, request: Request, body: bytes) -> str | None:
        t = Translator(request.state.lang)
        if not security.origin_allowed(request.headers.get("origin"), request.headers.get("host", "")):
            return t("error.origin")
        given = request.headers.get("x-csrf-token", "")
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=5000)
            given = (fields.get(security.CSRF_FIELD) or [given])[0]
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


def _with_headers(headers: Any, cookies: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    out = list(headers)
    present = {k.lower() for k, _v in out}
    out += [(k.encode(), v.encode()) for k, v in security.HEADERS.items() if k.encode() not in present]
    return out + cookies


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
