"""Security headers on every response.

The CSP allows only the app's own scripts and styles; map tiles may come from the
tile servers that the questionnaires configure, nothing else leaves the host.
"""
from urllib.parse import urlsplit

from .registry import get_registry


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
    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy(get_registry().all()))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response
