"""Flask extensions and the storage handle, created once and bound in init_app."""
from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

from .storage import Storage

csrf = CSRFProtect()
# The client address is used only as an in-memory rate-limit key; it is never stored
# with a response.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app):
    storage = Storage(app.config["SURVEY_DATA_DIR"])
    app.extensions["survey_storage"] = storage
    if not app.config.get("SECRET_KEY"):
        # Development default: a key generated into the data dir on first start.
        app.config["SECRET_KEY"] = storage.secret_key()
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    csrf.init_app(app)
    limiter.init_app(app)


def get_storage() -> Storage:
    return current_app.extensions["survey_storage"]
