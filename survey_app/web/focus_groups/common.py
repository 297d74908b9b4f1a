"""What the focus-group views share: the blueprint, the CSRF-only form, lookups, the
answer to a refused form (HTML page or JSON error, in the request's language) and the
history of changes as people read it (labels, not JSON; Litvínov time, not UTC)."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import Blueprint
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from ...fieldwork import campaigns
from ...fieldwork import focus_groups as fg
from ..auth.access import current_user
from ..errors import N_, ApiError, error_response, wants_json
from ..extensions import get_storage
from ..i18n import current_lang
from ...questionnaire.model import text
from ...web.registry import QuestionnaireUnavailable, get_registry

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


# --- the history of changes, readable ------------------------------------------------

TOWN_TZ = ZoneInfo("Europe/Prague")
# Stored history field (its first word) -> the label the facilitator knows from the form.
HISTORY_LABELS = {
    "created": N_("Record created"), "campaign_id": N_("Campaign"), "wave": N_("Wave"), "date": N_("Date"),
    "place": N_("Place"), "facilitators": N_("Facilitators"), "composition": N_("Who took part"),
    "consent": N_("Consent"), "free_notes": N_("Notes"), "note": N_("Note"), "tallies": N_("Tallies"),
    "quotes": N_("Quotes"), "photo": N_("Photo of the paper map"),
}
NOTE_KEY_LABELS = {
    "lat": N_("Latitude"), "lon": N_("Longitude"), "place": N_("Place"), "category": N_("What is there"),
    "quote": N_("What was said"), "agreed": N_("How many agreed"),
    "experience": N_("Own experience or heard about it"), "age_band": N_("Age band"), "bounds": N_("Corners"),
}


def town_time(stamp) -> str:
    """'2026-10-01T08:00:00Z' as Litvínov time ('1. 10. 2026 10:00' in Czech,
    '2026-10-01 10:00' in English); the stamp itself when it cannot be read."""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).astimezone(TOWN_TZ)
    except (TypeError, ValueError):
        return str(stamp or "")
    if current_lang() == "cs":
        return f"{moment.day}. {moment.month}. {moment.year} {moment:%H:%M}"
    return f"{moment:%Y-%m-%d %H:%M}"


def _label(labels, key):
    return text(labels.get(key), current_lang()) if key in labels else str(key)


def _yes_no(value):
    return _("yes") if value else _("no")


def _note_value(key, value, spec):
    if value is None or value == "":
        return "–"
    if key == "category":
        return _label(spec.categories, value)
    if key == "place":
        return _label(spec.places, value)
    if key == "age_band":
        return _label(spec.age_bands, value)
    if key == "experience":
        return _(fg.EXPERIENCES[value]) if value in fg.EXPERIENCES else str(value)
    if key == "bounds":
        (south, west), (north, east) = value
        return f"{south}, {west} – {north}, {east}"
    return str(value)


def _note_summary(note, spec):
    parts = [f"{_(NOTE_KEY_LABELS[key])}: {_note_value(key, note.get(key), spec)}"
             for key in ("category", "place", "lat", "lon", "experience", "agreed", "age_band", "quote")
             if note.get(key) not in (None, "")]
    return " · ".join(parts)


def _value(field, key, value, spec, tally_question=None):
    """One history value as text: labels instead of codes, no JSON."""
    if value is None:
        return ""
    if field == "note":
        return _note_value(key, value, spec) if key else _note_summary(value, spec)
    if field == "photo":
        return _note_value("bounds", value, spec) if key == "bounds" else _("uploaded")
    if field == "composition":
        rows = []
        for band, row in value.items():
            counts = ", ".join(f"{_(fg.GENDERS.get(g, g))} {n}" for g, n in row.items() if n)
            if counts:
                rows.append(f"{_label(spec.age_bands, band)}: {counts}")
        return "; ".join(rows) or "0"
    if field == "consent":
        confirmed, parental, assents = _("Consent confirmed"), _("Parental consents"), _("Children's assents")
        return (f"{confirmed}: {_yes_no(value.get('confirmed'))} · {parental}: {value.get('parental', 0)} · "
                f"{assents}: {value.get('assent', 0)}")
    if field == "tallies":
        options = spec.tally_options.get(tally_question, {})
        return ", ".join(f"{_label(options, code)}: {n}" for code, n in value.items())
    if field == "campaign_id":
        return f"#{value}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, bool):
        return _yes_no(value)
    return str(value)


def describe_change(change, spec, questionnaire=None) -> dict:
    """A history entry for people: {"at" (Litvínov time), "stamp" (as stored, UTC),
    "by", "what" (field label, e.g. "Note 3fa1: What is there"), "old", "new"}."""
    name, _sep, key = str(change.get("field", "")).partition(": ")
    field, _space, ident = name.partition(" ")
    what = _(HISTORY_LABELS[field]) if field in HISTORY_LABELS else name
    if field in ("tallies", "quotes") and ident:
        question = question_label(questionnaire, ident)
        what, tally_question = f"{what}: {question}", ident
    else:
        what, tally_question = (f"{what} {ident}" if ident else what), None
    if key:
        what += f": {_(NOTE_KEY_LABELS[key]) if key in NOTE_KEY_LABELS else key}"
    return {"at": town_time(change.get("at")), "stamp": change.get("at"), "by": change.get("by"), "what": what,
            "old": _value(field, key, change.get("old"), spec, tally_question),
            "new": _value(field, key, change.get("new"), spec, tally_question)}


def question_label(questionnaire, question_id):
    """The label of a tally question, or its id (a questionnaire that changed since)."""
    question = questionnaire.question(question_id) if questionnaire is not None else None
    return text(question.label, current_lang()) if question is not None else question_id
