"""/admin/questionnaires: list, upload, download and preview questionnaires.

The file logic (validation, version rule, kept versions, atomic replace) is in
questionnaire_files.py; here requests are parsed and pages rendered.
"""
from collections import Counter
from pathlib import Path

from flask import (abort, current_app, flash, jsonify, make_response, redirect, render_template,
                   request, send_file, url_for)
from flask_babel import get_locale, gettext as _
from werkzeug.utils import secure_filename

from ..auth.access import permission_required
from ..errors import error_response, wants_json
from ..extensions import get_storage
from ...questionnaire.model import QUESTION_TYPES
from ...web.registry import get_registry
from ...responses.runs import Screen
from ..security import content_security_policy
from . import questionnaire_files as files
from .forms import UploadQuestionnaireForm

# The views are recorded here and added to the `admin` blueprint by routes.py
# (register_on), so this module never imports routes.py: no import cycle.
_ROUTES = []


class _Recorder:
    """Stands in for the blueprint while the views are defined (same decorators)."""

    def route(self, rule, **options):
        def decorate(view):
            _ROUTES.append((rule, view, options))
            return view
        return decorate

    def get(self, rule, **options):
        return self.route(rule, methods=["GET"], **options)

    def post(self, rule, **options):
        return self.route(rule, methods=["POST"], **options)


bp = _Recorder()


def register_on(blueprint):
    """Add the questionnaire views to `blueprint` (endpoints admin.<view name>)."""
    for rule, view, options in _ROUTES:
        blueprint.add_url_rule(rule, view.__name__, view, **options)

PERMISSION = "questionnaires"
# Preview frames: exact phone and tablet widths of the respondents' devices (CSS px).
PREVIEW_DEVICES = (("phone", 360, 740), ("tablet", 800, 1000))
# UploadRefused.reason -> HTTP status (the sentence comes from _refusal_message).
REFUSALS = {
    "too_large": 413,
    "invalid": 422,
    "old_version": 409,
}


def _refusal_message(exc) -> str:
    if exc.reason == "too_large":
        return _("The file is too large (at most %(kb)d KB).", kb=exc.params["limit"] // 1024)
    if exc.reason == "old_version":
        return _("This questionnaire already has version %(latest)d. A changed questionnaire needs "
                 "a higher version: set “version: %(next)d” in the file and upload it again.",
                 latest=exc.params["latest"], next=exc.params["latest"] + 1)
    return _("The file was not saved because it has errors. The live questionnaire did not change.")


def _error_text(error) -> str:
    """A questionnaire error in the page's language (JSON clients get the English source)."""
    if wants_json() or not hasattr(error, "text"):
        return str(error)
    return error.text(str(get_locale()))


def _dirs():
    return (Path(current_app.config["QUESTIONNAIRES_DIR"]),
            Path(get_storage().data_dir) / "questionnaire_versions")


def _count(questionnaire_id) -> int:
    try:
        return get_storage().count_responses(questionnaire_id)
    except ValueError:  # a broken file whose name cannot be a questionnaire id
        return 0


def _answered_versions(questionnaire_id) -> Counter:
    try:
        responses = get_storage().responses(questionnaire_id)
    except ValueError:
        return Counter()
    return Counter(r.get("questionnaire_version") for r in responses)


def _rows():
    """One row per questionnaire file, working or broken, sorted by id."""
    registry, (_qdir, versions_dir) = get_registry(), _dirs()
    rows = {}
    for q in registry.all():
        rows[q.id] = {"id": q.id, "title": q.title, "version": q.version, "audience": q.audience,
                      "status": "ok", "errors": []}
    for stem, errors in registry.errors().items():
        rows[stem] = {"id": stem, "title": None, "version": None, "audience": None,
                      "status": "error", "errors": [_error_text(e) for e in errors]}
    for row in rows.values():
        row["responses"] = _count(row["id"])
        row["kept_versions"] = files.kept_versions(versions_dir, row["id"])
    return [rows[key] for key in sorted(rows)]


def _render_list(form, status=200, refusal=None, message=None, errors=()):
    """The list page (or its JSON); with `refusal`, why the last upload was refused:
    `message` says what happened, `errors` are the file's `name:line: problem`s."""
    if wants_json():
        if refusal is not None:
            return jsonify({"error": "upload_refused", "reason": refusal, "message": message,
                            "errors": list(errors)}), status
        return jsonify(_rows()), status
    return render_template("admin/questionnaires.html", rows=_rows(), form=form, refusal=refusal,
                           message=message, upload_errors=list(errors)), status


@bp.get("/questionnaires")
@permission_required(PERMISSION)
def questionnaires():
    return _render_list(UploadQuestionnaireForm())


@bp.post("/questionnaires")
@permission_required(PERMISSION)
def upload_questionnaire():
    form = UploadQuestionnaireForm()
    if not form.validate_on_submit():
        messages = [str(m) for m in form.file.errors] or [_("Choose a questionnaire file to upload.")]
        return _render_list(form, 422, "form", messages[0])
    upload = form.file.data
    shown_name = secure_filename(upload.filename or "") or "upload.yaml"
    data = upload.read(files.MAX_UPLOAD_BYTES + 1)
    questionnaires_dir, versions_dir = _dirs()
    try:
        installed = files.install(data, shown_name, questionnaires_dir, versions_dir,
                                  lambda qid: [v for v in _answered_versions(qid) if v is not None])
    except files.UploadRefused as exc:
        return _render_list(form, REFUSALS[exc.reason], exc.reason, _refusal_message(exc),
                            [_error_text(e) for e in exc.errors])
    q = installed.questionnaire
    if wants_json():
        return jsonify({"id": q.id, "version": q.version, "changed": installed.changed,
                        "previous_version": installed.previous_version}), 201 if installed.changed else 200
    if installed.changed:
        flash(_("Questionnaire %(id)s version %(version)d is now live.", id=q.id, version=q.version), "info")
    else:
        flash(_("The file is the same as the live questionnaire; nothing changed."), "info")
    return redirect(url_for("admin.questionnaire", questionnaire_id=q.id), code=303)


@bp.get("/questionnaires/<questionnaire_id>")
@permission_required(PERMISSION)
def questionnaire(questionnaire_id):
    questionnaires_dir, versions_dir = _dirs()
    if files.live_path(questionnaires_dir, questionnaire_id) is None:
        abort(404)
    row = next((r for r in _rows() if r["id"] == questionnaire_id), None)
    if row is None:
        abort(404)
    answered = _answered_versions(questionnaire_id)
    versions = sorted(set(row["kept_versions"]) | {v for v in answered if isinstance(v, int)}
                      | ({row["version"]} if row["version"] else set()), reverse=True)
    version_rows = [{"version": v, "responses": answered.get(v, 0), "live": v == row["version"],
                     "kept": v in row["kept_versions"]} for v in versions]
    if wants_json():
        return jsonify({**row, "versions": version_rows})
    q = get_registry().get(questionnaire_id) if row["status"] == "ok" else None
    return render_template("admin/questionnaire.html", row=row, q=q, versions=version_rows,
                           screens=_preview_screens(q) if q else [], types=QUESTION_TYPES)


def _yaml_download(path: Path, name: str):
    return send_file(path, mimetype="application/yaml", as_attachment=True, download_name=name,
                     max_age=0)


@bp.get("/questionnaires/<questionnaire_id>/download")
@permission_required(PERMISSION)
def download_questionnaire(questionnaire_id):
    path = files.live_path(_dirs()[0], questionnaire_id)
    if path is None:
        abort(404)
    return _yaml_download(path, f"{questionnaire_id}.yaml")


@bp.get("/questionnaires/<questionnaire_id>/versions/<int:version>/download")
@permission_required(PERMISSION)
def download_version(questionnaire_id, version):
    path = files.version_path(_dirs()[1], questionnaire_id, version)
    if path is None:
        return error_response(404, "not_found", _("Version %(version)d of this questionnaire was not kept.",
                                                  version=version))
    return _yaml_download(path, f"{questionnaire_id}-v{version}.yaml")


# --- preview -----------------------------------------------------------------------

def _preview_screens(q) -> list:
    """Every screen with every question, show_if ignored, so nothing stays unseen.
    (Questions that depend on an answer on the same page are still hidden live by the
    page's script until that answer is given, as for a respondent.)"""
    if q.one_question_per_page:
        return [Screen(question.id, None, [question]) for question in q.questions]
    return [Screen(page.id, page.title, list(page.questions)) for page in q.pages]


@bp.get("/questionnaires/<questionnaire_id>/preview")
@permission_required(PERMISSION)
def preview(questionnaire_id):
    q = get_registry().get(questionnaire_id)
    return render_template("admin/preview.html", q=q, devices=PREVIEW_DEVICES,
                           screens=_preview_screens(q), types=QUESTION_TYPES)


@bp.route("/questionnaires/<questionnaire_id>/preview/<int:step>", methods=["GET", "POST"])
@permission_required(PERMISSION)
def preview_frame(questionnaire_id, step):
    """Step 0: the start page; 1..N: the screens; N+1: the thank-you page. Rendered
    with the respondents' own templates; Next/Back only move between steps and
    nothing is validated or stored."""
    q = get_registry().get(questionnaire_id)
    all_screens = _preview_screens(q)
    last = len(all_screens) + 1
    if step > last:
        abort(404)
    if request.method == "POST":
        target = step - 1 if request.form.get("action") == "back" else step + 1
        return redirect(url_for("admin.preview_frame", questionnaire_id=q.id,
                                step=max(0, min(target, last))), code=303)
    here = url_for("admin.preview_frame", questionnaire_id=q.id, step=step)
    if step == 0:
        html = render_template("survey/start.html", q=q, action=here)
    elif step == last:
        html = render_template("survey/done.html", q=q,
                               home=url_for("admin.preview_frame", questionnaire_id=q.id, step=0))
    else:
        html = render_template("survey/screen.html", q=q, screen=all_screens[step - 1], answers={},
                               errors={}, position=step, total=len(all_screens),
                               is_last=step == len(all_screens), types=QUESTION_TYPES)
    response = make_response(html)
    # Only this page may be framed, and only by our own preview page.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = content_security_policy(get_registry().all()).replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'")
    return response
