"""Who may do what: the roles table and the access decorators.

A browser without a login is sent to /login; a JSON client gets 401; a logged-in user
without the role gets 403. Roles are data: a new permission is a new row, not an if.
"""
import hmac
import time
from functools import wraps

from flask import current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _

from ..errors import ApiError, wants_json
from ..extensions import get_storage

# Role -> what it may do (the table lives in roles.py, which has no Flask import, so
# that the pure user module and the CLI can check role names too).
from ...accounts.roles import ROLES  # noqa: E402,F401 - re-exported public name


def load_user(user_id):
    """The active user with this TinyDB doc id, or None."""
    if not isinstance(user_id, int):
        return None
    user = get_storage().table("users").get(doc_id=user_id)
    if user is None or not user.get("active", True):
        return None
    return {**user, "id": user.doc_id}


def current_user():
    """The logged-in user of this request (cached on g), or None. Logout, a changed
    password or a disabled account end existing sessions: the session carries the
    account's random session token, which those replace (users.py)."""
    if "current_user" not in g:
        user = load_user(session.get("user_id"))
        if user is not None and not session_token_matches(user):
            user = None
        if user is not None and idle_expired():
            user = None
        g.current_user = user
    return g.current_user


DEFAULT_IDLE_MINUTES = 120


def idle_expired() -> bool:
    """True when the login has not been used for ADMIN_IDLE_MINUTES (app config,
    default 120): a browser left logged in on a shared computer at the community
    centre must not keep showing raw answers. Refreshes the time stamp at most once
    a minute, so most requests do not rewrite the cookie."""
    limit = (current_app.config.get("ADMIN_IDLE_MINUTES") or DEFAULT_IDLE_MINUTES) * 60
    now, seen = int(time.time()), session.get("user_seen")
    if not isinstance(seen, int) or now - seen > limit:
        return True
    if now - seen >= 60:
        session["user_seen"] = now
    return False


def session_token_matches(user) -> bool:
    stored, carried = user.get("session_token"), session.get("user_token")
    return (isinstance(stored, str) and isinstance(carried, str) and bool(stored)
            and hmac.compare_digest(stored.encode(), carried.encode()))


def can(user, permission) -> bool:
    return user is not None and permission in ROLES.get(user.get("role"), set())


def _deny_anonymous():
    if wants_json():
        raise ApiError(401, "unauthorized", _("Please log in."))
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def permission_required(permission):
    """Allow the view to users whose role grants `permission`."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                return _deny_anonymous()
            if not can(user, permission):
                raise ApiError(403, "forbidden", _("You do not have access to this page."))
            return view(*args, **kwargs)
        wrapped.required_permission = permission
        return wrapped
    return decorator


def login_required(view):
    """Any logged-in user."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return _deny_anonymous()
        return view(*args, **kwargs)
    wrapped.required_permission = None
    return wrapped
