"""Focus-group records: list, new, view, edit, sticky notes, tallies, JSON twin."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...fieldwork import campaigns
from ...fieldwork import focus_groups as fg
from ...fieldwork import safeguarding
from ..admin.nav import nav_entry
from ..auth.access import can, current_user, permission_required
from ..errors import N_
from ..extensions import get_storage
from ...web.registry import get_registry
from .common import (CsrfForm, bp, campaign_lookup, describe_change, expired, load_record, reason, refused, spec_of,
                     town_time, user_email)
from .map_data import map_data

# Form field -> its label, so that an error names the field the facilitator sees.
FIELD_LABELS = {
    "campaign_id": N_("Campaign"), "date": N_("Date"), "place": N_("Place"),
    "facilitators": N_("Facilitators"), "composition": N_("Who took part"),
    "consent_confirmed": N_("Consent"), "parental_consents": N_("Parental consents"),
    "assents": N_("Children's assents"), "free_notes": N_("Notes"), "lat": N_("Point on the map"),
    "category": N_("What is there"), "quote": N_("What was said"), "agreed": N_("How many agreed"),
    "experience": N_("Own experience or heard about it"), "age_band": N_("Age band"),
    "note": N_("Note"), "id": N_("Focus group"),
}


def field_error(exc) -> str:
    """`<field label>: <reason>` for a FocusGroupError in the request's language
    (tally fields name their option)."""
    name = exc.field.split("__")[0] if exc.field.startswith(("comp__", "tally__", "quotes__")) else exc.field
    label = FIELD_LABELS.get(name) or {"comp": N_("Who took part"), "tally": N_("Tallies"),
                                       "quotes": N_("Quotes")}.get(name)
    return f"{_(label) if label else exc.field}: {reason(exc)}"


def invalid(exc, page):
    """422 for a FocusGroupError: the form again with `<label>: <reason>`, or JSON."""
    return refused(422, "invalid", field_error(exc), page, exc)


def eligible_campaigns():
    """Campaigns whose questionnaire has the map question a focus group needs."""
    usable = set()
    for questionnaire in get_registry().all():
        try:
            fg.spec_for(questionnaire)
            usable.add(questionnaire.id)
        except fg.FocusGroupError:
            continue
    return [c for c in campaigns.list_campaigns(get_storage()) if c["questionnaire_id"] in usable]


@bp.get("/admin/focus-groups")
@nav_entry(_l(N_("Focus groups")), _l(N_("Record what the groups said.")))
@permission_required("focus_groups")
def index():
    records = fg.list_sessions(get_storage())
    return render_template("focus_groups/index.html", records=records, present=fg.children_present)


@bp.route("/admin/focus-groups/new", methods=["GET", "POST"])
@permission_required("focus_groups")
def new():
    form, error, status = CsrfForm(), None, 200
    choices = eligible_campaigns()
    raw_id = request.values.get("campaign_id", "")
    campaign = campaign_lookup(int(raw_id)) if raw_id.isdigit() else None
    if campaign is None:
        if len(choices) == 1:
            campaign = choices[0]
        else:
            return render_template("focus_groups/choose_campaign.html", campaigns=choices,
                                   bad_id=raw_id or None), (404 if raw_id else 200)
    questionnaire, spec = spec_of(campaign["questionnaire_id"])

    def page(error=None, status=200):
        return render_template("focus_groups/session_form.html", form=form, spec=spec, q=questionnaire,
                               campaign=campaign, values=request.form, record=None, error=error,
                               genders=fg.GENDERS), status
    if request.method == "POST" and form.validate_on_submit():
        try:
            fields = fg.parse_session(request.form, spec, campaign_lookup)
        except fg.FocusGroupError as exc:
            return invalid(exc, page)
        record = fg.create_session(get_storage(), spec, fields, user_email())
        flash(_("The focus group has been saved. Now add the notes from the map."), "info")
        return redirect(url_for(".view", fg_id=record["id"]), code=303)
    if request.method == "POST":
        return expired(page)
    return page()


@bp.route("/admin/focus-groups/<int:fg_id>/edit", methods=["GET", "POST"])
@permission_required("focus_groups")
def edit(fg_id):
    record = load_record(fg_id)
    questionnaire, spec = spec_of(record["questionnaire_id"])
    form = CsrfForm()

    def page(error=None, status=200):
        values = request.form if request.method == "POST" else record_values(record)
        return render_template("focus_groups/session_form.html", form=form, spec=spec, q=questionnaire,
                               campaign=campaign_lookup(record["campaign_id"]) or {"id": record["campaign_id"]},
                               values=values, record=record, error=error, genders=fg.GENDERS), status
    if request.method == "POST" and form.validate_on_submit():
        try:
            fields = fg.parse_session(request.form, spec, campaign_lookup)
        except fg.FocusGroupError as exc:
            return invalid(exc, page)
        fg.update_session(get_storage(), fg_id, fields, user_email())
        flash(_("Changes saved."), "info")
        return redirect(url_for(".view", fg_id=fg_id), code=303)
    if request.method == "POST":
        return expired(page)
    return page()


def record_values(record) -> dict:
    """A record as the strings its form would send (to prefill the edit form)."""
    values = {"campaign_id": str(record["campaign_id"]), "date": record["date"], "place": record["place"],
              "facilitators": "\n".join(record["facilitators"]), "free_notes": record["free_notes"],
              "consent_confirmed": "y" if record["consent"]["confirmed"] else "",
              "parental_consents": str(record["consent"]["parental"]), "assents": str(record["consent"]["assent"])}
    for band, row in record["composition"].items():
        for gender, n in row.items():
            values[f"comp__{band}__{gender}"] = str(n)
    return values


def render_view(record, error=None, status=200, note_values=None, tally_values=None):
    questionnaire, spec = spec_of(record["questionnaire_id"])
    may_flag = can(current_user(), "safeguarding")
    flags = safeguarding.flags_for_focus_group(get_storage(), record["id"]) if may_flag else {}
    return render_template(
        "focus_groups/view.html", record=record, spec=spec, q=questionnaire, form=CsrfForm(), error=error,
        present=fg.children_present(record), experiences=fg.EXPERIENCES, genders=fg.GENDERS,
        campaign=campaign_lookup(record["campaign_id"]), note_values=note_values or {},
        tally_values=tally_values, map_data=map_data(record, spec, places=questionnaire.places), flags=flags, may_flag=may_flag,
        history=[describe_change(c, spec, questionnaire) for c in reversed(record.get("history", []))],
        town_time=town_time,
    ), status


@bp.get("/admin/focus-groups/<int:fg_id>")
@permission_required("focus_groups")
def view(fg_id):
    return render_view(load_record(fg_id))


@bp.post("/admin/focus-groups/<int:fg_id>/notes")
@permission_required("focus_groups")
def add_note(fg_id):
    record = load_record(fg_id)
    spec = spec_of(record["questionnaire_id"])[1]
    if not CsrfForm().validate_on_submit():
        return expired(lambda error, status: render_view(record, error, status))
    try:
        note = fg.parse_note(request.form, spec, record)
    except fg.FocusGroupError as exc:
        return invalid(exc, lambda error, status: render_view(record, error, status, note_values=request.form))
    fg.add_note(get_storage(), fg_id, note, user_email())
    flash(_("Note added."), "info")
    return redirect(url_for(".view", fg_id=fg_id, _anchor="notes"), code=303)


@bp.route("/admin/focus-groups/<int:fg_id>/notes/<note_id>/edit", methods=["GET", "POST"])
@permission_required("focus_groups")
def edit_note(fg_id, note_id):
    record = load_record(fg_id)
    questionnaire, spec = spec_of(record["questionnaire_id"])
    note = next((n for n in record["notes"] if n["id"] == note_id), None)
    if note is None:
        return no_note(record)
    form = CsrfForm()

    def page(error=None, status=200):
        values = request.form if request.method == "POST" else {k: ("" if v is None else str(v))
                                                                for k, v in note.items()}
        return render_template("focus_groups/note_edit.html", form=form, record=record, note=note, spec=spec,
                               q=questionnaire, values=values, error=error, experiences=fg.EXPERIENCES,
                               map_data=map_data(record, spec, editing=note_id,
                                                                places=questionnaire.places)), status
    if request.method == "POST" and form.validate_on_submit():
        try:
            fg.update_note(get_storage(), fg_id, note_id, fg.parse_note(request.form, spec, record), user_email())
        except fg.FocusGroupError as exc:
            return invalid(exc, page)
        flash(_("Note saved."), "info")
        return redirect(url_for(".view", fg_id=fg_id, _anchor="notes"), code=303)
    if request.method == "POST":
        return expired(page)
    return page()


def no_note(record):
    """404 for a note that is not (or no longer) in the record."""
    return refused(404, "not_found", _("There is no such note (it may have been deleted)."),
                   lambda error, status: render_view(record, error, status))


@bp.get("/admin/focus-groups/<int:fg_id>/notes/<note_id>/delete")
@permission_required("focus_groups")
def confirm_delete_note(fg_id, note_id):
    """"Smazat" asks first: this page shows the note and a CSRF-protected delete button
    (works without JavaScript)."""
    record = load_record(fg_id)
    questionnaire, spec = spec_of(record["questionnaire_id"])
    note = next((n for n in record["notes"] if n["id"] == note_id), None)
    if note is None:
        return no_note(record)
    return render_template("focus_groups/note_delete.html", form=CsrfForm(), record=record, note=note, spec=spec,
                           q=questionnaire, experiences=fg.EXPERIENCES)


@bp.post("/admin/focus-groups/<int:fg_id>/notes/<note_id>/delete")
@permission_required("focus_groups")
def delete_note(fg_id, note_id):
    record = load_record(fg_id)
    if not CsrfForm().validate_on_submit():
        return expired(lambda error, status: render_view(record, error, status))
    try:
        fg.delete_note(get_storage(), fg_id, note_id, user_email())
    except fg.FocusGroupError:
        return no_note(record)
    flash(_("Note deleted."), "info")
    return redirect(url_for(".view", fg_id=fg_id, _anchor="notes"), code=303)


@bp.post("/admin/focus-groups/<int:fg_id>/tallies")
@permission_required("focus_groups")
def tallies(fg_id):
    record = load_record(fg_id)
    spec = spec_of(record["questionnaire_id"])[1]
    if not CsrfForm().validate_on_submit():
        return expired(lambda error, status: render_view(record, error, status))
    try:
        counts, quotes = fg.parse_tallies(request.form, spec, record)
    except fg.FocusGroupError as exc:
        return invalid(exc, lambda error, status: render_view(record, error, status, tally_values=request.form))
    fg.set_tallies(get_storage(), fg_id, counts, quotes, user_email())
    flash(_("Tallies saved."), "info")
    return redirect(url_for(".view", fg_id=fg_id, _anchor="tallies"), code=303)


@bp.get("/api/v1/focus-groups/<int:fg_id>")
@permission_required("focus_groups")
def api_get(fg_id):
    return jsonify(fg.public_json(load_record(fg_id)))
