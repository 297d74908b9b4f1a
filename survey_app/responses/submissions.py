"""Turn one validated submission into a stored response (no Flask).

Both the HTML form and the JSON API end here, so a response looks the same whichever
way it came. A response never holds an IP address, user agent, name or device id:
the record is built from an explicit list of fields.
"""
import uuid
from datetime import datetime, timezone

from ..vocabulary import DEFAULT_LANG
from .answers import InvalidAnswers, validate_answers
from .messages import AnswerError

# Key of the error when a submission answers nothing at all (the API names the field).
ANSWERS = "answers"

DEFAULT_CONTEXT = {"channel": "web", "campaign_id": None, "wave": None, "channel_id": None}


# The fields of a JSON submission; any other is refused.
SUBMISSION_FIELDS = ("submission_id", "lang", "answers")


class InvalidSubmissionId(ValueError):
    pass


class InvalidSubmission(ValueError):
    """A JSON submission whose shape is wrong. `field` names the field (or "body"),
    `code` says what is wrong: not_an_object, unknown_field, submission_id, lang,
    answers."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def parse_submission(body, languages) -> tuple[str, str, dict]:
    """(submission_id, lang, answers) of a parsed JSON submission, checked in the order
    the API reports them; InvalidSubmission otherwise. `languages`: the accepted codes."""
    if not isinstance(body, dict):
        raise InvalidSubmission("body", "not_an_object")
    unknown = sorted(set(body) - set(SUBMISSION_FIELDS))
    if unknown:
        raise InvalidSubmission(unknown[0], "unknown_field")
    try:
        submission_id = parse_submission_id(body.get("submission_id"))
    except InvalidSubmissionId:
        raise InvalidSubmission("submission_id", "submission_id") from None
    lang = body.get("lang", DEFAULT_LANG)
    if not isinstance(lang, str) or lang not in languages:  # a list is unhashable (fuzz)
        raise InvalidSubmission("lang", "lang")
    answers = body.get("answers")
    if not isinstance(answers, dict):
        raise InvalidSubmission("answers", "answers")
    return submission_id, lang, answers


def parse_submission_id(value) -> str:
    """The canonical UUID string, or InvalidSubmissionId."""
    if not isinstance(value, str):
        raise InvalidSubmissionId("submission_id must be a UUID string")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidSubmissionId("submission_id must be a UUID string") from None


def utc_now() -> str:
    """Now in UTC to the minute: on a shared tablet the order of seconds would be the
    order of children, and a facilitator looking for a response needs only the minute."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:00Z")


def to_minute(stamp: str) -> str:
    """'2026-03-12T15:05:42Z' -> '2026-03-12T15:05:00Z' (other text unchanged)."""
    if len(stamp) == 20 and stamp[16] == ":" and stamp.endswith("Z"):
        return stamp[:17] + "00Z"
    return stamp


def build_record(questionnaire, submission_id, lang, answers, context=None, now=None) -> dict:
    context = {**DEFAULT_CONTEXT, **(context or {})}
    return {
        "submission_id": submission_id,
        "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "lang": lang,
        "channel": context["channel"],
        "campaign_id": context["campaign_id"],
        "wave": context["wave"],
        "channel_id": context["channel_id"],
        "submitted_at": to_minute(now) if now else utc_now(),
        "answers": answers,
    }


def submit(storage, questionnaire, submission_id, lang, answers, context=None):
    """Validate and store. Returns (record, created); created is False for a resubmit.

    Raises InvalidAnswers for bad answers, also for a submission that answers nothing
    (`{"answers": nothing_answered}`: empty, or only empty values), and
    StorageUnavailable when the disk fails.
    """
    try:
        clean = validate_answers(questionnaire, answers, lang=lang)
        if not clean:  # says nothing: the form path refuses such a run too
            raise InvalidAnswers({ANSWERS: AnswerError("nothing_answered")}, lang)
    except InvalidAnswers:
        # A stored submission stays accepted even if its answers no longer validate
        # (e.g. the questionnaire changed before the client retried).
        existing = storage.find_submission(questionnaire.id, submission_id)
        if existing is not None:
            return existing, False
        raise
    # add_response is the idempotency authority (under the journal lock), so the
    # common path needs no separate look-up first.
    return storage.add_response(build_record(questionnaire, submission_id, lang, clean, context))
