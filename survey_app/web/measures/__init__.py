"""Blueprint `measures` (/admin/measures): list with filters (JSON twin), new, view
and edit with history; thin views over fieldwork/measures.py."""
import json

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from ...analysis.before_after import before_after
from ...fieldwork import measures as model
from ...questionnaire.model import text
from ...web.registry import QuestionnaireUnavailable, get_registry
from ..admin.nav import nav_entry
from ..auth.access import current_user, permission_required
from ..errors import N_, ApiError, error_response, wants_json
from ..extensions import get_storage
from ..i18n import current_lang
from .releases import list_releases, place_labels

bp = Blueprint("measures", __name__)

STATUS_LABELS = {"planned": N_("Planned"), "in_progress": N_("In progress"), "done": N_("Done"),
                 "dropped": N_("Dropped")}
# Form field -> its label, so that a 422 names the field the user sees.
FIELD_LABELS = {
    "questionnaire_id": N_("Questionnaire"), "title_cs": N_("Title (Czech)"), "title_en": N_("Title (English)"),
    "description_cs": N_("Description (Czech)"), "description_en": N_("Description (English)"),
    "actor": N_("Who acts"), "status": N_("Status"), "decided_on": N_("Decided on"), "done_on": N_("Done on"),
    "places": N_("Places"), "lat": N_("Point on the map"), "lon": N_("Point on the map"), "options": N_("Answers it responds to"), "release": N_("Release of the finding"),
    "public": N_("Public"), "id": N_("Measure"),
}


class CsrfForm(FlaskForm):
    """Only the CSRF token: fields depend on the questionnaire; measures.py parses them."""


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store, max-age=0"
    return response


def actor_names() -> dict:
    extra = current_app.config.get("SURVEY_MEASURE_ACTORS") or ""
    return model.actors(extra.split(",") if isinstance(extra, str) else extra)


def choices_of(questionnaire_id):
    try:
        questionnaire = get_registry().get(questionnaire_id)
    except (QuestionnaireUnavailable, KeyError, ValueError):
        return None
    numbers = [r["number"] for r in list_releases(questionnaire_id)]
    return model.choices_for(questionnaire, numbers)


def questionnaires() -> list:
    return list(get_registry().all())


def user_email() -> str:
    user = current_user() or {}
    return user.get("email") or f"user {user.get('id')}"


def field_error(exc) -> str:
    label = FIELD_LABELS.get(exc.field)
    return f"{_(label) if label else exc.field}: {exc.message(current_lang())}"


def load(measure_id) -> dict:
    measure = model.get_measure(get_storage(), measure_id)
    if measure is None:
        raise ApiError(404, "not_found", _("There is no measure %(id)s.", id=measure_id))
    return measure


def _filters() -> dict:
    """The list's filters from the query string; unknown values are a 400 naming the field."""
    args, found = request.args, {}
    known = {q.id for q in questionnaires()}
    checks = {"questionnaire": known, "status": set(model.STATUSES), "actor": set(actor_names()),
              "public": {"yes", "no"}}
    for name, allowed in checks.items():
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if value not in allowed:
            raise ApiError(400, "bad_filter", _("Filter %(field)s: '%(value)s' is not one of: %(choices)s",
                                                 field=name, value=value, choices=", ".join(sorted(allowed))))
        found[name] = value
    return found


@bp.get("/admin/measures")
@nav_entry(_l(N_("Measures")), _l(N_("What the town does about the findings, and whether it helped.")))
@permission_required("measures")
def index():
    filters = _filters()
    public = {"yes": True, "no": False}.get(filters.get("public"))
    found = model.list_measures(get_storage(), filters.get("questionnaire"), filters.get("status"),
                                filters.get("actor"), public)
    if wants_json():
        return jsonify({"measures": [model.public_json(m) for m in found], "filters": filters})
    return render_template("measures/index.html", measures=found, filters=filters, statuses=STATUS_LABELS,
                           actors=actor_names(), questionnaires=questionnaires())


def form_context(measure, values, error=None) -> dict:
    qid = values.get("questionnaire_id") or (request.args.get("questionnaire") or "")
    all_q = questionnaires()
    if not qid and all_q:
        qid = all_q[0].id
    choices = choices_of(qid) if qid else None
    lang = current_lang()
    return dict(
        form=CsrfForm(), measure=measure, values=values, error=error, qid=qid,
        questionnaires=all_q, statuses=STATUS_LABELS, actors=actor_names(),
        places={k: text(v, lang) for k, v in (choices.places if choices else {}).items()},
        options={k: f"{text(q, lang)} – {text(o, lang)}" for k, (q, o) in (choices.options if choices else {}).items()},
        releases=choices.releases if choices else [], selected=lambda name: _selected(values, name))


def _selected(values, name) -> list:
    if hasattr(values, "getlist"):
        return values.getlist(name)
    value = values.get(name) or []
    return value if isinstance(value, list) else [value]


def refused(exc_or_message, page, status=422, error="invalid", exc=None):
    message = field_error(exc_or_message) if isinstance(exc_or_message, model.MeasureError) else exc_or_message
    exc = exc_or_message if isinstance(exc_or_message, model.MeasureError) else exc
    if wants_json():
        extra = {} if exc is None else {"field": exc.field, "code": exc.code}
        return error_response(status, error, message, **extra)
    return page(message, status)


def _form_data():
    return request.get_json(silent=True) if request.is_json else request.form


def submitted_fields(form, data, page):
    """(fields, None) from a posted form, or (None, the refusal): 400 without a valid
    CSRF token, 422 naming the first bad field."""
    if not form.validate_on_submit():
        return None, refused(_("The form has expired. Please reload the page and try again."), page, 400, "csrf")
    try:
        return model.parse_measure(data or {}, choices_of, actor_names()), None
    except model.MeasureError as exc:
        return None, refused(exc, page)


@bp.route("/admin/measures/new", methods=["GET", "POST"])
@permission_required("measures")
def new():
    form = CsrfForm()
    data = _form_data() if request.method == "POST" else request.args

    def page(error=None, status=200):
        return render_template("measures/new.html", **form_context(None, data or {}, error)), status
    if request.method == "GET":
        return page()
    fields, refusal = submitted_fields(form, data, page)
    if refusal is not None:
        return refusal
    measure = model.create_measure(get_storage(), fields, user_email())
    if wants_json():
        return jsonify(model.public_json(measure)), 201
    flash(_("The measure has been saved."), "info")
    return redirect(url_for(".view", measure_id=measure["id"]), code=303)


@bp.route("/admin/measures/<int:measure_id>", methods=["GET", "POST"])
@permission_required("measures")
def view(measure_id):
    measure = load(measure_id)
    form = CsrfForm()
    data = _form_data() if request.method == "POST" else model.form_values(measure)

    def page(error=None, status=200):
        return render_view(measure, data, error, status)
    if request.method == "GET":
        if wants_json():
            return jsonify({**model.public_json(measure), "check": check_of(measure)})
        return page()
    fields, refusal = submitted_fields(form, data, page)
    if refusal is not None:
        return refusal
    measure = model.update_measure(get_storage(), measure_id, fields, user_email())
    if wants_json():
        return jsonify(model.public_json(measure))
    flash(_("Changes saved."), "info")
    return redirect(url_for(".view", measure_id=measure_id), code=303)


def fmt(value) -> str:
    """A history value as readable text (Czech letters kept, empty for None)."""
    return "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def check_of(measure) -> dict:
    """The measure's before/after from the stored releases, places named."""
    try:
        labels = place_labels(get_registry().get(measure["questionnaire_id"]))
    except (QuestionnaireUnavailable, KeyError, ValueError):
        labels = {}
    return before_after(measure, list_releases(measure["questionnaire_id"]), labels)


def render_view(measure, values, error=None, status=200):
    check = check_of(measure)
    return render_template("measures/view.html", fmt=fmt, check=check,
                           **form_context(measure, values, error)), status
