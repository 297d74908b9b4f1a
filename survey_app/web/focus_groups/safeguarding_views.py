"""Safeguarding: flag a note or a response ("potřebuje pozornost"), the list of
flagged items, and one response's detail page with its flag form."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...fieldwork import focus_groups as fg
from ...fieldwork import safeguarding
from ..admin.nav import nav_entry
from ..auth.access import can, current_user, permission_required
from ..errors import N_, ApiError
from ..extensions import get_storage
from .common import CsrfForm, bp, expired, load_record, questionnaire_or_404, reason, refused, user_email
from .routes import no_note, render_view


@bp.get("/admin/safeguarding")
@nav_entry(_l(N_("Needs attention")), _l(N_("Safeguarding: notes and answers flagged for follow-up.")))
@permission_required("safeguarding")
def safeguarding_list():
    storage = get_storage()
    items = []
    for flag in safeguarding.list_flags(storage):
        if flag["kind"] == "note":
            record = fg.get_session(storage, flag["focus_group_id"])
            note = next((n for n in (record or {}).get("notes", []) if n["id"] == flag["note_id"]), None)
            link = url_for(".view", fg_id=flag["focus_group_id"], _anchor=f"note-{flag['note_id']}")
            items.append({"flag": flag, "text": (note or {}).get("quote", ""), "link": link,
                          "where": record and f"{record['date']} · {record['place']}"})
        else:
            link = url_for(".response_detail", questionnaire_id=flag["questionnaire_id"],
                           response_id=flag["response_id"])
            items.append({"flag": flag, "text": "", "link": link, "where": flag["questionnaire_id"]})
    return render_template("safeguarding/index.html", items=items, kinds=safeguarding.KINDS)


@bp.post("/admin/focus-groups/<int:fg_id>/notes/<note_id>/flag")
@permission_required("safeguarding")
def flag_note(fg_id, note_id):
    record = load_record(fg_id)

    def page(error, status):
        return render_view(record, error, status)
    if not CsrfForm().validate_on_submit():
        return expired(page)
    if not any(n["id"] == note_id for n in record["notes"]):
        return no_note(record)
    try:
        safeguarding.flag_note(get_storage(), fg_id, note_id, request.form.get("action"), user_email())
    except safeguarding.FlagError as exc:
        return flag_refused(exc, page)
    flash(_("Flagged as needing attention."), "info")
    return redirect(url_for(".view", fg_id=fg_id, _anchor=f"note-{note_id}"), code=303)


def _response(questionnaire_id, response_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    found = next((r for r in get_storage().responses(questionnaire_id) if r.get("id") == response_id), None)
    if found is None:
        raise ApiError(404, "not_found", _("There is no such response."))
    return questionnaire, found


def flag_refused(exc, page):
    """422 for a FlagError: `Action taken: <reason>` on the page, or JSON."""
    return refused(422, "invalid", f"{_('Action taken')}: {reason(exc)}", page, exc)


def _render_response(questionnaire, response, error=None, status=200):
    storage = get_storage()
    flags = safeguarding.flags_for_response(storage, questionnaire.id, response["id"])
    test_run = response.get("submission_id") in storage.test_runs(questionnaire.id)
    return render_template("safeguarding/response.html", q=questionnaire, response=response, flags=flags,
                           form=CsrfForm(), error=error, may_list=can(current_user(), "raw_data"),
                           test_run=test_run), status


@bp.get("/admin/responses/<questionnaire_id>/<response_id>")
@permission_required("free_text")
def response_detail(questionnaire_id, response_id):
    return _render_response(*_response(questionnaire_id, response_id))


@bp.post("/admin/responses/<questionnaire_id>/<response_id>/flag")
@permission_required("safeguarding")
def flag_response(questionnaire_id, response_id):
    questionnaire, response = _response(questionnaire_id, response_id)

    def page(error, status):
        return _render_response(questionnaire, response, error, status)
    if not CsrfForm().validate_on_submit():
        return expired(page)
    try:
        safeguarding.flag_response(get_storage(), questionnaire_id, response_id, request.form.get("action"),
                                   user_email())
    except safeguarding.FlagError as exc:
        return flag_refused(exc, page)
    flash(_("Flagged as needing attention."), "info")
    return redirect(url_for(".response_detail", questionnaire_id=questionnaire_id,
                            response_id=response_id), code=303)
