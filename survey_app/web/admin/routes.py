"""Blueprint `admin` (/admin): the home dashboard and the users list. The questionnaire
pages are in questionnaire_views.py, on the same blueprint. Every view carries an access
decorator; tests/test_role_matrix.py fails for a view under /admin without one."""
from flask import Blueprint, jsonify, render_template

from ..auth.access import current_user, login_required, permission_required
from ..auth.accounts import get_users
from ..errors import wants_json
from .nav import permission_labels, role_label, sections
from .questionnaire_views import register_on

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def no_store(response):
    # Admin pages show data and who is logged in: never from a cache, e.g. after logout.
    response.headers["Cache-Control"] = "no-store, max-age=0"
    return response


@bp.app_context_processor
def admin_context():
    # Lazily: templates of other blueprints extending admin/base.html get the menu too.
    return {"admin_sections": lambda: sections(current_user()), "admin_user": current_user}


@bp.get("/")
@login_required
def home():
    user = current_user()
    return render_template("admin/home.html", user=user, sections=sections(user),
                           role=role_label(user), may=permission_labels(user))


@bp.get("/users")
@permission_required("users")
def users():
    people = get_users().list()
    if wants_json():
        return jsonify(people)
    return render_template("admin/users.html", users=people)


register_on(bp)  # the /admin/questionnaires pages, on this blueprint
