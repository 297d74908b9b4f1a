"""Security headers on every response.

The CSP allows only the app's own scripts and styles; map tiles may come from the
tile servers that the questionnaires configure, nothing else leaves the host.
"""
import time
from urllib.parse import urlsplit

from ..questionnaire.registry import get_registry

# The policy depends on the questionnaires' tile servers. Rebuilding it means a
# registry refresh (a stat of every questionnaire file) on every response, static
# files included: recompute it at most this often instead. A new tile server is
# allowed at most this long after its questionnaire appears.
CSP_MAX_AGE_SECONDS = 1.0


def tile_origins(questionnaires):
    origins = set()
    for questionnaire in questionnaires:
        for question in questionnaire.questions:
            basemap = (question.config or {}).get("basemap") or {}
            url = basemap.get("url") if isinstance(basemap, dict) else None
            if url:
                parts = urlsplit(url.replace("{s}", "*"))
                if parts.scheme in ("http", "https") and parts.netloc:
                    origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def content_security_policy(questionnaires):
    images = " ".join(["'self'", "data:", "blob:"] + tile_origins(questionnaires))
    return ("default-src 'self'; "
            f"img-src {images}; "
            "script-src 'self'; style-src 'self'; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def init_app(app):
    cached = {"until": 0.0, "policy": ""}  # per app; a race only computes it twice

    def current_policy():
        now = time.monotonic()
        if now >= cached["until"]:
            cached["policy"] = content_security_policy(get_registry().all())
            cached["until"] = now + CSP_MAX_AGE_SECONDS
        return cached["policy"]

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", current_policy())
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response
