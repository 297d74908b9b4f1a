"""JSON API v1: questionnaires and response submission.

CSRF-exempt (no cookies are needed to submit) but strictly validated and size-limited.
Every error is JSON with `error` and `message`.
"""
from flask import Blueprint, current_app, json, jsonify, request
from flask_babel import force_locale, gettext as _

from ...responses.answers import InvalidAnswers
from ..errors import ApiError
from ..extensions import csrf, get_storage
from ..i18n import LANGUAGES
from ..input_guard import check_json_body
from ...web.registry import get_registry
from ..rate_limits import allow
from .submit_lane import COUNTED
from ..survey.messages import answer_messages
from ...responses.submissions import InvalidSubmission, parse_submission, submit

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _summary(questionnaire):
    return {"id": questionnaire.id, "version": questionnaire.version,
            "title": questionnaire.title, "audience": questionnaire.audience}


@bp.get("/questionnaires")
def list_questionnaires():
    return jsonify([_summary(q) for q in get_registry().all()])


@bp.get("/questionnaires/<questionnaire_id>")
def get_questionnaire(questionnaire_id):
    return jsonify(get_registry().get(questionnaire_id).to_dict())


def _read_json_body():
    limit = current_app.config["API_MAX_BODY"]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "too_large", _("The request body is larger than %(limit)d bytes.", limit=limit))
    request.max_content_length = limit
    if request.mimetype != "application/json":
        # A form or text/plain POST needs no CORS preflight: any web page could make its
        # visitors' browsers submit. Only application/json is taken.
        raise ApiError(415, "unsupported_media_type",
                       _("Send the body as JSON with the header Content-Type: application/json."))
    raw = request.get_data(cache=False)  # raises 413 past the limit for chunked bodies
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "malformed_json", _("The body is not valid JSON: %(reason)s", reason=str(exc))) from None
    except RecursionError:  # e.g. 60,000 nested "[" fit in 64 KB (found by tests/test_fuzz_api.py)
        raise ApiError(400, "malformed_json", _("The body is not valid JSON: it is nested too deeply.")) from None
    check_json_body(raw, body)  # lone surrogates ("\\ud800") and characters XML cannot hold: 422
    return body


def _field_error(field, message):
    return ApiError(422, "invalid", message, errors={field: message})


def _submission_error(exc: InvalidSubmission) -> ApiError:
    if exc.code == "not_an_object":
        return ApiError(400, "malformed_json", _("The body must be a JSON object."))
    messages = {
        "unknown_field": lambda: _("Unknown field '%(field)s'.", field=exc.field),
        "submission_id": lambda: _("submission_id must be a UUID string."),
        "lang": lambda: _("lang must be one of: %(langs)s.", langs=", ".join(LANGUAGES)),
        "answers": lambda: _("answers must be a JSON object keyed by question id."),
    }
    return _field_error(exc.field, messages[exc.code]())


def _check_submit_rate():
    """SURVEY_SUBMIT_RATE_LIMIT per client address (rate_limits.py), unless the submit
    lane counted this request already (submit_lane.py)."""
    allowed = request.environ.get(COUNTED)
    if allowed is None:
        allowed = allow(current_app.config["SUBMIT_RATE_LIMIT"], "api-submit")
    if not allowed:
        raise ApiError(429, "too_many_requests", _("Too many attempts. Please wait a moment and try again."))


@bp.post("/questionnaires/<questionnaire_id>/responses")
def post_response(questionnaire_id):
    _check_submit_rate()
    questionnaire = get_registry().get(questionnaire_id)
    try:
        submission_id, lang, answers = parse_submission(_read_json_body(), LANGUAGES)
    except InvalidSubmission as exc:
        raise _submission_error(exc) from None
    try:
        record, created = submit(get_storage(), questionnaire, submission_id, lang, answers)
    except InvalidAnswers as exc:
        errors = answer_messages(exc, questionnaire, lang)
        with force_locale(lang):  # the whole answer in the language the client asked for
            summary = _("Some answers are not valid.")
        raise ApiError(422, "invalid", summary, errors=errors) from None
    return jsonify({"id": record["id"], "submission_id": record["submission_id"]}), (201 if created else 200)
