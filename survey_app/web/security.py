"""Security headers on every response, and the Origin check of form posts.

The CSP allows only the app's own scripts and styles; map tiles may come from the
tile servers that the questionnaires configure, nothing else leaves the host. The
policy is fixed text plus origins that match `scheme://host[:port]` exactly, so no
questionnaire can add a directive.

Behind an HTTPS proxy Flask-WTF would want a Referer on every POST (WTF_CSRF_SSL_STRICT);
we keep the referrer policy strict and check the Origin header ourselves instead
(docs/security.md).
"""
import re
import time
from urllib.parse import urlsplit

from flask import request
from flask_babel import gettext as _

from ..web.registry import EXTENSION as REGISTRY
from . import input_guard
from .errors import ApiError

# The policy depends on the questionnaires' tile servers. Rebuilding it means a
# registry refresh (a stat of every questionnaire file) on every response, static
# files included: recompute it at most this often instead. A new tile server is
# allowed at most this long after its questionnaire appears.
CSP_MAX_AGE_SECONDS = 1.0
# What may stand in the policy as a tile origin: https, a DNS name (optionally "*." for
# Leaflet's {s} subdomains) and a port. Nothing else: no spaces, ';', quotes or paths.
ORIGIN_RE = re.compile(r"https://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?")
# Sent for same-origin requests only (Flask-WTF and our Origin check may read it);
# tile servers and links to other sites get nothing.
REFERRER_POLICY = "same-origin"
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SECURITY_HEADERS = "security_headers"  # app.extensions key of headers_for (init_app)
# Sent with every response, beside the Content-Security-Policy.
FIXED_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", REFERRER_POLICY),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
)


def tile_origin(url):
    """`scheme://host[:port]` of a tile URL when it is a plain https origin, else None."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.replace("{s}", "*"))
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "")
    origin = f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")
    return origin if ORIGIN_RE.fullmatch(origin) and parts.netloc.lower() == origin[8:] else None


def tile_origins(questionnaires):
    origins = set()
    for questionnaire in questionnaires:
        for question in questionnaire.questions:
            basemap = (question.config or {}).get("basemap") or {}
            origin = tile_origin(basemap.get("url")) if isinstance(basemap, dict) else None
            if origin:
                origins.add(origin)
    return sorted(origins)


def content_security_policy(questionnaires):
    images = " ".join(["'self'", "data:", "blob:"] + tile_origins(questionnaires))
    return ("default-src 'self'; "
            f"img-src {images}; "
            "script-src 'self'; style-src 'self'; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def same_origin(url: str) -> bool:
    """True when `url` (an Origin or Referer header) is this request's own origin."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == request.scheme and parts.netloc.lower() == request.host.lower()


def check_origin():
    """before_request: a form post from another site is refused even before its token is
    read. Browsers send Origin on every POST; when it is missing (old browsers, scripts)
    a Referer, if any, must be ours; with neither the CSRF token alone decides."""
    if request.method not in UNSAFE_METHODS or request.path.startswith("/api/"):
        return  # the JSON API takes no cookies and no forms (415 for anything but JSON)
    origin = request.headers.get("Origin")
    referer = request.headers.get("Referer")
    if origin not in (None, "") and not same_origin(origin):
        raise ApiError(400, "csrf", _("This form was sent from another site."))
    if not origin and referer and not same_origin(referer):
        raise ApiError(400, "csrf", _("This form was sent from another site."))


def init_app(app):
    cached = {"until": 0.0, "policy": ""}  # per app; a race only computes it twice
    # The token and our Origin check protect the forms (WTF_CSRF_SSL_STRICT is off in
    # config.py: its Referer requirement refused every form over HTTPS).
    app.before_request(check_origin)
    input_guard.init_app(app)

    def current_policy():
        now = time.monotonic()
        if now >= cached["until"]:
            cached["policy"] = content_security_policy(app.extensions[REGISTRY].all())
            cached["until"] = now + CSP_MAX_AGE_SECONDS
        return cached["policy"]

    def headers_for(present=frozenset()) -> list:
        """The security headers a response gets, less those it sets itself (`present`,
        lower-case names). Also used by the submit lane, which answers without Flask."""
        missing = [] if "content-security-policy" in present else [("Content-Security-Policy", current_policy())]
        return missing + [(key, value) for key, value in FIXED_HEADERS if key.lower() not in present]

    app.extensions[SECURITY_HEADERS] = headers_for

    @app.after_request
    def add_security_headers(response):
        # One pass over the response's headers instead of a setdefault scan per header
        # (measured: 20 µs of every request, 6 µs now). A view's own value wins.
        headers = response.headers
        headers.extend(headers_for({key.lower() for key in headers.keys()}))
        return response
