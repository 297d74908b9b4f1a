"""Photos of the paper map: upload (cleaned by photos.py), view through a
permission-checked route (never /static), georeference with two corners."""
from flask import current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _

from ...fieldwork import focus_groups as fg
from ...fieldwork import photos
from ..errors import ApiError
from ..extensions import get_storage
from ..auth.access import permission_required
from .common import CsrfForm, bp, expired, load_record, reason, refused, spec_of, user_email
from .routes import render_view


def max_bytes() -> int:
    return int(current_app.config.get("FOCUS_GROUP_PHOTO_MAX_BYTES") or photos.DEFAULT_MAX_BYTES)


@bp.post("/admin/focus-groups/<int:fg_id>/photos")
@permission_required("focus_groups")
def upload_photo(fg_id):
    record = load_record(fg_id)

    def page(error, status):
        return render_view(record, error, status)
    if not CsrfForm().validate_on_submit():
        return expired(page)
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return refused(422, "invalid", _("Photo: choose a JPEG or PNG file."), page)
    data = upload.stream.read(max_bytes() + 1)  # never more than the limit in memory
    try:
        stored = photos.save_photo(data, get_storage().data_dir, max_bytes())
    except photos.PhotoError as exc:
        status, error = (413, "too_large") if len(data) > max_bytes() else (422, "invalid")
        return refused(status, error, _("Photo: %(reason)s", reason=reason(exc)), page, exc)
    fg.add_photo(get_storage(), fg_id, stored, user_email())
    flash(_("Photo saved. Location data and other metadata were removed."), "info")
    return redirect(url_for(".view", fg_id=fg_id, _anchor="photos"), code=303)


@bp.get("/admin/focus-groups/<int:fg_id>/photos/<photo_id>")
@permission_required("focus_groups")
def photo(fg_id, photo_id):
    record = load_record(fg_id)
    found = fg.find_photo(record, photo_id)
    if found is None:
        raise ApiError(404, "not_found", _("There is no such photo."))
    path = photos.photo_path(get_storage().data_dir, found)
    if not path.is_file():
        raise ApiError(404, "not_found", _("The photo file is missing from the data folder."))
    # Cache-Control: no-store comes from the blueprint (common.no_store).
    return send_file(path, mimetype=found["content_type"], max_age=0, conditional=True)


@bp.post("/admin/focus-groups/<int:fg_id>/photos/<photo_id>/bounds")
@permission_required("focus_groups")
def photo_bounds(fg_id, photo_id):
    record = load_record(fg_id)
    spec = spec_of(record["questionnaire_id"])[1]

    def page(error, status):
        return render_view(record, error, status)
    if not CsrfForm().validate_on_submit():
        return expired(page)
    form = request.form
    try:
        bounds = photos.parse_bounds(form.get("south"), form.get("west"), form.get("north"), form.get("east"),
                                     within=spec.bounds)
        fg.set_photo_bounds(get_storage(), fg_id, photo_id, bounds, user_email())
    except photos.PhotoError as exc:
        return refused(422, "invalid", _("Photo corners: %(reason)s", reason=reason(exc)), page, exc)
    except fg.FocusGroupError:
        raise ApiError(404, "not_found", _("There is no such photo.")) from None
    flash(_("Photo corners saved."), "info")
    return redirect(url_for(".view", fg_id=fg_id, _anchor="photos"), code=303)
