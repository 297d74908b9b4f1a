"""/login and /logout. Thin: the checks live in users.py, the session rules in access.py."""
import time
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _

from ...storage.login_limits import LoginLimits
from ..errors import error_response, wants_json
from ..rate_limits import client_key, rate_limits_enabled
from .access import current_user
from .accounts import get_users
from .forms import LoginForm, LogoutForm

bp = Blueprint("auth", __name__)

# Kept across login and logout, which otherwise clear the whole session.
KEPT_SESSION_KEYS = ("lang",)


@bp.after_request
def no_store(response):
    # Never cache a page that shows who is logged in or carries a form token.
    response.headers["Cache-Control"] = "no-store, max-age=0"
    return response


def login_limits() -> LoginLimits:
    """The app's shared failed-login counter (one file in the data dir for all workers)."""
    limits = current_app.extensions.get("login_limits")
    if limits is None:
        free = current_app.config["LOGIN_FREE_FAILURES"]
        limits = LoginLimits(current_app.config["SURVEY_DATA_DIR"], current_app.config["SECRET_KEY"],
                             free_per_account=free, free_per_address=2 * free,
                             max_delay=current_app.config["LOGIN_MAX_DELAY_SECONDS"])
        current_app.extensions["login_limits"] = limits
    return limits


def wait_message(seconds: int) -> str:
    if seconds >= 120:
        return _("Too many failed logins. Please wait %(minutes)d min and try again.",
                 minutes=-(-seconds // 60))
    return _("Too many failed logins. Please wait %(seconds)d s and try again.", seconds=seconds)


def _too_many(form, seconds: int):
    """429 saying how long to wait, as the login page or JSON, with Retry-After."""
    message = wait_message(seconds)
    if wants_json():
        response = error_response(429, "too_many_requests", message, retry_after=seconds)
    else:
        form.password.data = ""
        response = current_app.make_response(
            (render_template("auth/login.html", form=form, error=message, user=current_user()), 429))
    response.headers["Retry-After"] = str(seconds)
    return response


def safe_next(target) -> str | None:
    """`target` when it is a path on this site (e.g. /admin/campaigns?x=1), else None.
    Refuses absolute URLs, scheme-relative `//host`, backslashes (browsers read `/\\host`
    as `//host`) and control characters, so a crafted link cannot send a facilitator
    to another site after login."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path in (url_for("auth.login"), url_for("auth.logout")):
        return None
    return target


def _restart_session():
    """Drop everything in the session (against session fixation) except the language."""
    kept = {key: session[key] for key in KEPT_SESSION_KEYS if key in session}
    session.clear()
    session.update(kept)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    error, status = None, 200
    limits = login_limits() if rate_limits_enabled() and request.method == "POST" else None
    address = client_key(request.remote_addr)  # an IPv6 /64 is one; only an HMAC of it is stored
    if limits is not None:
        wait = limits.attempt(address, request.form.get("email"))
        if wait:
            return _too_many(form, wait)
    if form.validate_on_submit():
        user = get_users().verify(form.email.data, form.password.data)
        if user is not None and limits is not None:
            limits.succeeded(address, form.email.data)
        if user is not None:
            _restart_session()
            session["user_id"] = user.doc_id
            session["user_token"] = get_users().session_token(user.doc_id)
            session["user_seen"] = int(time.time())  # see access.idle_expired
            return redirect(safe_next(form.next.data) or url_for("admin.home"), code=303)
        # One message for an unknown email, a wrong password and a disabled account.
        error, status = _("Login failed. Check your email and password."), 401
    elif request.method == "POST":
        status = 422
    form.password.data = ""
    return render_template("auth/login.html", form=form, error=error, user=current_user()), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    form = LogoutForm()
    if request.method == "GET":
        if current_user() is None:
            return redirect(url_for("auth.login"))
        return render_template("auth/logout.html", form=form, user=current_user())
    if not form.validate_on_submit():  # only reached when CSRF is off and the form is odd
        return redirect(url_for("auth.logout"))
    user = current_user()
    if user is not None:
        get_users().end_sessions(user["id"])  # a copied cookie stops working too
    _restart_session()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"), code=303)
