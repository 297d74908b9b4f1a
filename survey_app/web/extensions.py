"""Flask extensions and the storage handle, created once and bound in init_app."""
from flask import current_app
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from ..storage.store import Storage

csrf = CSRFProtect()
# The client address is used only as an in-memory rate-limit key; it is never stored
# with a response.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per key
    instead of on every request (measured: a tenth of a submit's CPU, paid even by
    requests without a cookie). A changed SECRET_KEY or fallback list builds a new one."""

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = app.extensions.get("session_serializer")
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            app.extensions["session_serializer"] = cached
        return cached[1]


def init_app(app):
    app.session_interface = CachedSerializerSessionInterface()
    storage = Storage(app.config["SURVEY_DATA_DIR"])
    app.extensions["survey_storage"] = storage
    if not app.config.get("SECRET_KEY"):
        # Development default: a key generated into the data dir on first start.
        app.config["SECRET_KEY"] = storage.secret_key()
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    csrf.init_app(app)
    limiter.init_app(app)
    _limit_only_decorated_routes(app)


def _limit_only_decorated_routes(app):
    """Flask-Limiter's before_request pass runs on every request, but it only
    enforces default, application, meta and blueprint limits; we have none. The
    limited views (login POST, JSON submit) are decorated with `limiter.limit`, and
    the decorator checks their limits itself. So the global pass is replaced by one
    that runs only when such limits exist (measured: about a fifth of a submit's CPU)."""
    hooks = app.before_request_funcs.get(None, [])
    check = limiter._check_request_limit
    if check not in hooks:
        return
    manager = limiter.limit_manager

    def check_request_limit():
        if (manager._default_limits or manager._application_limits or limiter._meta_limits
                or manager._blueprint_limits or manager._endpoint_hints):
            return check()
        return None

    hooks[hooks.index(check)] = check_request_limit


def get_storage() -> Storage:
    return current_app.extensions["survey_storage"]
