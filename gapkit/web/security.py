"""What keeps the local web app safe on a shared machine: the optional access token, CSRF tokens on every
form, a Host check against DNS rebinding, and response headers that forbid inline scripts and framing.

- Access token (``GAPKIT_TOKEN`` or ``--token``): every request carries it, in the ``gapkit_token`` cookie
  (set once the user has typed it, or opened a link ending in ``?token=...``) or the ``X-Gapkit-Token``
  header. Anything else gets 401 and a form to type it.
- CSRF: a random value in the ``gapkit_csrf`` cookie (HttpOnly, SameSite=Strict), repeated in a hidden
  ``csrf_token`` field of every form; a POST whose field does not equal its cookie is refused, as is a POST
  whose ``Origin`` names another site. Another site can neither read the cookie nor set it.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

TOKEN_COOKIE = "gapkit_token"
TOKEN_HEADER = "x-gapkit-token"
CSRF_COOKIE = "gapkit_csrf"
CSRF_FIELD = "csrf_token"
LANG_COOKIE = "gapkit_lang"
REVIEWER_COOKIE = "gapkit_reviewer"

#: Content-Security-Policy: scripts and styles only from the app's own files; forms post only to the app
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS: dict[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two secrets; two empty values are not the same secret."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(host_header: str, bound: str) -> bool:
    """A server bound to loopback answers only requests addressed to a loopback name (a page of another
    site whose name was re-pointed at 127.0.0.1 cannot read it); one bound elsewhere answers any name."""
    if not is_loopback(bound):
        return True
    name = urlsplit("//" + host_header).hostname or ""
    return is_loopback(name)


def origin_allowed(origin: str | None, host_header: str) -> bool:
    """A POST from a page of this app (or from a client that sends no Origin, like a test or curl)."""
    if not origin:
        return True
    return urlsplit(origin).netloc == host_header  # "null" (a sandboxed page) is refused too
