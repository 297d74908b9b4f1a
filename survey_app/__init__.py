"""survey_app: participatory safety surveys for Litvínov.

`create_app(config=None)` is the only entry point: configuration, extensions and
blueprints are wired here and nowhere else.
"""
import hashlib
from pathlib import Path

from flask import Flask

from .web import config as config_module


def create_app(config=None):
    """Build the Flask app. `config` (a dict) overrides environment and defaults."""
    app = Flask(__name__, instance_relative_config=True, template_folder="web/templates")
    config_module.configure(app, config or {})

    from .web import errors
    from .web import extensions
    from .web import i18n
    from .web import proxy
    from .web import registry
    from .web import security
    from .web import templating
    from .web.api import submit_lane
    submit_lane.init_app(app)  # before ProxyFix wraps the app: the lane sees the client's address
    proxy.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    registry.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)

    from .web.blueprints import register_blueprints
    register_blueprints(app)

    from .cli import init_app as init_cli
    init_cli(app)
    _serve_static(app)
    return app


FINGERPRINT_MAX_AGE = 365 * 24 * 3600


def _serve_static(app):
    """/static/... through WhiteNoise: gzip/brotli files made by `make assets` are sent to
    browsers that accept them, and url_for("static", ...) adds ?v=<content hash>, which
    WhiteNoise answers with a year's immutable cache (a changed file gets a new URL).
    URLs without the hash keep working with a short cache."""
    from whitenoise import WhiteNoise

    from .web.registry import get_registry
    from .web.security import content_security_policy

    with app.app_context():
        policy = content_security_policy(get_registry().all())
    fingerprints = {}

    def fingerprint(filename):
        root = Path(app.static_folder).resolve()
        path = (root / filename).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None  # never hash a file outside the static folder
        key = (filename, path.stat().st_mtime_ns)
        if key not in fingerprints:
            fingerprints[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        return fingerprints[key]

    @app.url_defaults
    def static_fingerprint(endpoint, values):
        if endpoint == "static" and "v" not in values:
            version = fingerprint(values.get("filename", ""))
            if version:
                values["v"] = version

    def security_headers(headers, path, url):
        headers["Content-Security-Policy"] = policy
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"

    static = WhiteNoise(app.wsgi_app, root=app.static_folder, prefix=app.static_url_path,
                        max_age=300, add_headers_function=security_headers)

    def serve(environ, start_response):
        query = environ.get("QUERY_STRING", "")
        path = environ.get("PATH_INFO", "")
        prefix = app.static_url_path + "/"
        if query.startswith("v=") and path.startswith(prefix) and query[2:] == fingerprint(path[len(prefix):]):
            def immutable(status, headers, exc_info=None):
                headers = [(k, v) for k, v in headers if k.lower() != "cache-control"]
                headers.append(("Cache-Control", f"public, max-age={FINGERPRINT_MAX_AGE}, immutable"))
                return start_response(status, headers, exc_info)
            return static(environ, immutable)
        return static(environ, start_response)

    app.wsgi_app = serve


PACKAGE_DIR = Path(__file__).resolve().parent
