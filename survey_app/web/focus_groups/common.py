"""What the focus-group views share: the blueprint, the CSRF-only form, lookups and
the answer to a refused form (HTML page or JSON error, in the request's language)."""
from flask import Blueprint
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from ...fieldwork import campaigns
from ...fieldwork import focus_groups as fg
from ..auth.access import current_user
from ..errors import ApiError, error_response, wants_json
from ..extensions import get_storage
from ..i18n import current_lang
from ...questionnaire.registry import QuestionnaireUnavailable, get_registry

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
        raise ApiError(409, "no_map_question", reason(exc)) from None


def questionnaire_or_404(questionnaire_id):
    """The questionnaire; 404 as ApiError when it is unknown or cannot be loaded."""
    try:
        return get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable:
        raise ApiError(404, "not_found", _("There is no questionnaire with this address.")) from None


def load_record(fg_id) -> dict:
    record = fg.get_session(get_storage(), fg_id)
    if record is None:
        raise ApiError(404, "not_found", _("There is no focus group %(id)s.", id=fg_id))
    return record


def reason(exc) -> str:
    """A catalogued error's reason (focus_group_messages) in the request's language."""
    return exc.message(current_lang())


def refused(status, error, message, page, exc=None):
    """The answer to a form that cannot be accepted: for a JSON client
    `{"error", "message"}` (plus `field` and `code` of a catalogued `exc`), for a
    browser `page(message, status)`, the form's page with the message on it."""
    if wants_json():
        extra = {} if exc is None else {"code": exc.code, **({"field": exc.field} if exc.field else {})}
        return error_response(status, error, message, **extra)
    return page(message, status)


def expired(page):
    """A form whose CSRF token is missing or stale: 400, as `refused` answers it."""
    return refused(400, "csrf", _("The form has expired. Please reload the page and try again."), page)
