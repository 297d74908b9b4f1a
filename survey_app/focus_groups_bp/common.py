"""What the focus-group views share: the blueprint, the CSRF-only form, lookups."""
from flask import Blueprint
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from .. import campaigns, focus_groups as fg
from ..auth.access import current_user
from ..errors import ApiError
from ..extensions import get_storage
from ..registry import QuestionnaireUnavailable, get_registry

bp = Blueprint("focus_groups", __name__)


@bp.after_request
def no_store(response):
    # These pages show what children said: never from a cache, e.g. after logout.
    response.headers["Cache-Control"] = "no-store, max-age=0"
    return response


class CsrfForm(FlaskForm):
    """Only the CSRF token: the fields of these forms depend on the questionnaire
    (age bands, categories, tally options) and are parsed by focus_groups.py, which
    names the bad field in its error."""


def user_email() -> str:
    user = current_user() or {}
    return user.get("email") or f"user {user.get('id')}"


def campaign_lookup(campaign_id):
    return campaigns.get_campaign(get_storage(), campaign_id)


def spec_of(questionnaire_id) -> tuple[object, fg.Spec]:
    """(questionnaire, Spec); 404/503 as ApiError when it cannot be used."""
    try:
        questionnaire = get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable:
        raise ApiError(503, "questionnaire_unavailable",
                       _("The questionnaire %(id)s cannot be loaded.", id=questionnaire_id)) from None
    try:
        return questionnaire, fg.spec_for(questionnaire)
    except fg.FocusGroupError as exc:
        raise ApiError(409, "no_map_question", exc.message) from None


def load_record(fg_id) -> dict:
    record = fg.get_session(get_storage(), fg_id)
    if record is None:
        raise ApiError(404, "not_found", _("There is no focus group %(id)s.", id=fg_id))
    return record
