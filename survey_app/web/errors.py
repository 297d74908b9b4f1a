"""One error catalogue: every failure answers HTML for browsers and JSON for API
clients, with what went wrong and where, never a bare 500."""
import logging

from flask import jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..storage.store import StorageUnavailable
from ..vocabulary import N_
from .registry import QuestionnaireUnavailable

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status, a machine code and a human message."""

    def __init__(self, status, error, message, **extra):
        super().__init__(message)
        self.status, self.error, self.message, self.extra = status, error, message, extra


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


# HTTP status -> (machine code, user-facing title); titles are translated when shown.
HTTP_ERRORS = {
    400: ("bad_request", N_("The request could not be understood.")),
    401: ("unauthorized", N_("Please log in.")),
    403: ("forbidden", N_("You do not have access to this page.")),
    404: ("not_found", N_("This page does not exist.")),
    405: ("method_not_allowed", N_("This method is not allowed here.")),
    410: ("gone", N_("This is no longer available.")),
    413: ("too_large", N_("The data sent is too large.")),
    415: ("unsupported_media_type", N_("This type of data is not accepted.")),
    422: ("invalid", N_("Some answers are not valid.")),
    429: ("too_many_requests", N_("Too many attempts. Please wait a moment and try again.")),
    503: ("unavailable", N_("This is temporarily unavailable.")),
}


def error_response(status, error, message, template="errors/error.html", **extra):
    if wants_json():
        body = {"error": error, "message": message}
        body.update(extra)
        return make_response(jsonify(body), status)
    return make_response(render_template(template, status=status, message=message, **extra), status)


def _handle_http(exc: HTTPException):
    status = exc.code or 500
    error, default = HTTP_ERRORS.get(status, ("error", N_("Something went wrong.")))
    message = _(default)
    response = error_response(status, error, message)
    if status == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _handle_api(exc: ApiError):
    return error_response(exc.status, exc.error, exc.message, **exc.extra)


def _handle_csrf(exc: CSRFError):
    return error_response(400, "csrf", _("The form has expired. Please go back, reload the page and try again."))


def _handle_unavailable(exc: QuestionnaireUnavailable):
    if exc.errors:
        log.warning("questionnaire %s is broken: %s", exc.questionnaire_id, "; ".join(map(str, exc.errors)))
        return error_response(503, "questionnaire_unavailable",
                              _("This questionnaire is not available right now. Please try again later."),
                              template="errors/unavailable.html")
    return error_response(404, "not_found", _("There is no questionnaire with this address."))


def _handle_storage(exc: StorageUnavailable):
    log.error("storage unavailable: %s", exc)
    return error_response(503, "storage_unavailable",
                          _("Your answers could not be saved right now. Please wait a moment and try again."))


def _handle_unexpected(exc: Exception):
    log.exception("unexpected error")
    return error_response(500, "internal", _("Something went wrong on our side."))


def init_app(app):
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(ApiError, _handle_api)
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(QuestionnaireUnavailable, _handle_unavailable)
    app.register_error_handler(StorageUnavailable, _handle_storage)
    app.register_error_handler(Exception, _handle_unexpected)
