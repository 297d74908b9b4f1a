"""The JSON submit's fast lane: a WSGI layer in front of Flask for the one request
that arrives by the thousand.

Flask's request machinery (contexts, routing, session, hooks, Response objects) cost
more than the submit itself: in gunicorn 2.9 ms of CPU per submit against a floor of
1.3 ms (bench/submit.py), while storing and validating take about 0.3 ms. So a submit
that will be stored is answered here, through the same pure functions as the view:
`parse_submission`, `submit` (validation, the journal) and the same rate-limit counter.

The lane takes only what it can answer exactly as the view would (201 or 200, the same
body and headers): a POST to the submit URL without query string, cookie or
Transfer-Encoding, with Content-Type application/json and a Content-Length of ASCII
digits within API_MAX_BODY (both read as werkzeug reads them), a UTF-8 body that
parses, holds no character the door refuses, has valid fields and answers, for a known
questionnaire, and a client under its limit; not in debug mode (jsonify indents
there). Anything else goes on to the Flask view with the body put back, and the view
applies its rules and answers with its specific error; a request the lane already
counted against the limit is not counted again. When the disk fails here the view
tries once more and answers 503 if it fails too. tests/web/test_submit_lane_attack.py
sends odd requests of every kind to both.

It sits inside ProxyFix (installed before it), so REMOTE_ADDR is the client's.
"""
import io
import json
import logging
import re

from ...responses.answers import InvalidAnswers
from ...responses.submissions import InvalidSubmission, parse_submission, submit
from ...storage.store import StorageUnavailable
from ..i18n import LANGUAGES
from ..input_guard import MAYBE_BAD_JSON_RE
from ..rate_limits import client_key, count
from ..registry import EXTENSION as REGISTRY, QuestionnaireUnavailable
from ..security import SECURITY_HEADERS

SUBMIT_PATH = re.compile(r"/api/v1/questionnaires/([^/]+)/responses")
# In the environ when the lane counted the request against the submit limit: whether
# the limit allowed it (the view then answers 429 or goes on, without counting again).
COUNTED = "survey_app.submit_allowed"
STATUS = {True: "201 CREATED", False: "200 OK"}

log = logging.getLogger(__name__)


def init_app(app):
    """Put the lane in front of app.wsgi_app (call before ProxyFix wraps it). Off with
    SUBMIT_FAST_LANE=False (tests compare both ways)."""
    if app.config.get("SUBMIT_FAST_LANE", True):
        app.wsgi_app = SubmitLane(app, app.wsgi_app)


class SubmitLane:
    def __init__(self, app, flask_wsgi):
        self.app, self.flask_wsgi = app, flask_wsgi

    def __call__(self, environ, start_response):
        match = (SUBMIT_PATH.fullmatch(environ.get("PATH_INFO", ""))
                 if environ.get("REQUEST_METHOD") == "POST" else None)
        length = self._plain_length(environ) if match is not None else None
        if length is not None:
            try:
                answer = self._answer(environ, match.group(1), length)
            except Exception:  # a bug here must not cost the submit: the view gets it
                log.exception("submit lane failed; handing the request to the view")
                answer = None
            if answer is not None:
                status, body = answer
                start_response(status, [("Content-Type", "application/json"),
                                        ("Content-Length", str(len(body))),
                                        *self.app.extensions[SECURITY_HEADERS]()])
                return [body]
        return self.flask_wsgi(environ, start_response)

    def _plain_length(self, environ) -> int | None:
        """The body's length when the request is plain, else None: no query string (the
        view's input guard reads it), no cookie (the view may refresh a session), JSON
        with a length the view would accept."""
        if (environ.get("QUERY_STRING") or environ.get("HTTP_COOKIE")
                or "HTTP_TRANSFER_ENCODING" in environ  # werkzeug ignores the length then
                or not _compact_json(self.app)):
            return None
        # Werkzeug's own reading: only blanks and tabs around the type (str.strip()
        # would also drop NBSP, VT..., which the view's 415 keeps).
        if environ.get("CONTENT_TYPE", "").partition(";")[0].strip(" \t").lower() != "application/json":
            return None
        # ASCII digits only ("²".isdigit() is True) and few (int() refuses 4,301 of them).
        text = environ.get("CONTENT_LENGTH", "")
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            return None
        length = int(text)
        return length if 0 < length <= self.app.config["API_MAX_BODY"] else None

    def _answer(self, environ, questionnaire_id, length):
        """(status, body) for a submit stored here, else None (the body is put back)."""
        raw = _read(environ["wsgi.input"], length)
        environ["wsgi.input"] = io.BytesIO(raw)  # for the view, if it gets the request
        if len(raw) != length or MAYBE_BAD_JSON_RE.search(raw):
            return None
        app = self.app
        try:
            # Decoded as the view does: json.loads(bytes) would also take UTF-16/32, a
            # BOM and UTF-8 surrogates, and the check above reads UTF-8 only.
            submission_id, lang, answers = parse_submission(json.loads(raw.decode("utf-8")), LANGUAGES)
            questionnaire = app.extensions[REGISTRY].get(questionnaire_id)
        except (ValueError, RecursionError, InvalidSubmission, QuestionnaireUnavailable):
            return None  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        allowed = environ[COUNTED] = count(app, app.config["SUBMIT_RATE_LIMIT"], "api-submit",
                                           client_key(environ.get("REMOTE_ADDR")))
        if not allowed:
            return None
        try:
            record, created = submit(app.extensions["survey_storage"], questionnaire, submission_id, lang, answers)
        except InvalidAnswers:
            return None  # the view validates again and says why (422)
        except StorageUnavailable as exc:
            # Logged here: if the view's second attempt succeeds, nothing else would
            # tell the operator that the disk failed once.
            log.warning("submit lane: %s; the view tries once more", exc)
            return None
        body = {"id": record["id"], "submission_id": record["submission_id"]}
        # Byte for byte what the view's jsonify() sends.
        return STATUS[created], (json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n").encode()


def _compact_json(app) -> bool:
    """Whether jsonify writes what the lane writes: compact, sorted, ASCII (not so in
    debug mode, where it indents)."""
    provider = app.json
    compact = getattr(provider, "compact", False)
    return ((compact is True or (compact is None and not app.debug))
            and getattr(provider, "sort_keys", False) is True and getattr(provider, "ensure_ascii", False) is True)


def _read(stream, length: int) -> bytes:
    chunks, left = [], length
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
