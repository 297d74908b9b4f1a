"""Flask extensions and the storage handle, created once and bound in init_app."""
from flask import current_app
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from ..storage.store import Storage

csrf = CSRFProtect()


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


def get_storage() -> Storage:
    return current_app.extensions["survey_storage"]
