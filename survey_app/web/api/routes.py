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
from ..survey.messages import answer_messages
from ...responses.submissions import InvalidSubmissionId, parse_submission_id, submit

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


def _check_submit_rate():
    """SURVEY_SUBMIT_RATE_LIMIT per client address (rate_limits.py)."""
    if not allow(current_app.config["SUBMIT_RATE_LIMIT"], "api-submit"):
        raise ApiError(429, "too_many_requests", _("Too many attempts. Please wait a moment and try again."))


@bp.post("/questionnaires/<questionnaire_id>/responses")
def post_response(questionnaire_id):
    _check_submit_rate()
    questionnaire = get_registry().get(questionnaire_id)
    body = _read_json_body()
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", _("The body must be a JSON object."))
    unknown = sorted(set(body) - {"submission_id", "lang", "answers"})
    if unknown:
        raise _field_error(unknown[0], _("Unknown field '%(field)s'.", field=unknown[0]))
    try:
        submission_id = parse_submission_id(body.get("submission_id"))
    except InvalidSubmissionId:
        raise _field_error("submission_id", _("submission_id must be a UUID string.")) from None
    lang = body.get("lang", "cs")
    if not isinstance(lang, str) or lang not in LANGUAGES:  # a list is unhashable: 500 (fuzz)
        raise _field_error("lang", _("lang must be one of: %(langs)s.", langs=", ".join(LANGUAGES)))
    answers = body.get("answers")
    if not isinstance(answers, dict):
        raise _field_error("answers", _("answers must be a JSON object keyed by question id."))
    try:
        record, created = submit(get_storage(), questionnaire, submission_id, lang, answers)
    except InvalidAnswers as exc:
        errors = answer_messages(exc, questionnaire, lang)
        with force_locale(lang):  # the whole answer in the language the client asked for
            summary = _("Some answers are not valid.")
        raise ApiError(422, "invalid", summary, errors=errors) from None
    return jsonify({"id": record["id"], "submission_id": record["submission_id"]}), (201 if created else 200)
