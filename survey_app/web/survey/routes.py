"""The public survey: start page, one screen at a time, thank-you page.

Works without JavaScript. The answers of a run live server-side in a draft keyed by a
random run id in the session cookie, never in the URL, and are deleted when the run
ends, so the next child on a shared tablet starts clean.
"""
import secrets
import uuid
from pathlib import Path

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request,
                   send_from_directory, session, url_for)

from ...responses.answers import InvalidAnswers, validate_answers
from ..extensions import get_storage
from ..i18n import current_lang
from .messages import answer_messages
from ...questionnaire.model import QUESTION_TYPES, is_visible
from ...web.registry import get_registry
from ...responses.runs import find_screen, merge_screen, screens
from ...responses.submissions import ANSWERS, submit

bp = Blueprint("survey", __name__)


@bp.after_request
def no_store(response):
    # A shared tablet must never show a previous child's page from the cache.
    response.headers["Cache-Control"] = "no-store, max-age=0"
    response.headers["Pragma"] = "no-cache"
    return response


def start_run(questionnaire, context=None, home=None, kiosk=None):
    """Begin a fresh run (discarding any earlier one in this browser) and return the
    URL of its first screen. `context` carries channel/campaign/wave; `home` is where
    the thank-you page leads back to (the kiosk start page, for instance); `kiosk`
    (a tablet channel's token) makes every screen of the run a kiosk screen."""
    storage = get_storage()
    # Abandoned runs hold a child's unfinished answers: do not keep them longer than needed.
    storage.purge_drafts(current_app.config["DRAFT_MAX_AGE_HOURS"] * 3600)
    runs = dict(session.get("runs", {}))
    old = runs.pop(questionnaire.id, None)
    if old:
        storage.delete_draft(old)
    run_id = secrets.token_urlsafe(24)
    storage.save_draft(run_id, {
        "questionnaire_id": questionnaire.id,
        "version": questionnaire.version,
        "submission_id": str(uuid.uuid4()),
        "context": context or {},
        "home": home,
        "kiosk": kiosk,
        "answers": {},
    })
    runs[questionnaire.id] = run_id
    session["runs"] = runs
    session.pop("finished", None)
    first = screens(questionnaire, {})
    return url_for("survey.screen", questionnaire_id=questionnaire.id, screen_id=first[0].id)


def _active_draft(questionnaire):
    run_id = session.get("runs", {}).get(questionnaire.id)
    draft = get_storage().load_draft(run_id) if run_id else None
    if draft is None or draft.get("questionnaire_id") != questionnaire.id:
        return None, None
    return run_id, draft


def _end_run(questionnaire, run_id, draft):
    get_storage().delete_draft(run_id)
    runs = dict(session.get("runs", {}))
    runs.pop(questionnaire.id, None)
    session["runs"] = runs
    session["finished"] = {"questionnaire_id": questionnaire.id, "home": draft.get("home"),
                           "kiosk": draft.get("kiosk")}


def _restart_url(questionnaire):
    # On a kiosk tablet a finished or reset run's screens lead back to the kiosk start.
    return session.get("kiosk_home") or url_for("survey.start", questionnaire_id=questionnaire.id)


@bp.get("/s/<questionnaire_id>")
def start(questionnaire_id):
    questionnaire = get_registry().get(questionnaire_id)
    return render_template("survey/start.html", q=questionnaire,
                           action=url_for("survey.begin", questionnaire_id=questionnaire.id))


@bp.post("/s/<questionnaire_id>/start")
def begin(questionnaire_id):
    questionnaire = get_registry().get(questionnaire_id)
    return redirect(start_run(questionnaire), code=303)


def _parse_screen(screen):
    getlist = request.form.getlist
    return {q.id: QUESTION_TYPES[q.type].parse_form(q, getlist)
            for q in screen.questions if QUESTION_TYPES[q.type].answers}


def _progress(questionnaire, all_screens, index):
    """(position, total) counted over every screen the questionnaire can show, so that a
    show_if revealing a question does not turn "6 / 10" into "7 / 11"; the last screen
    shown is always "total / total"."""
    if questionnaire.one_question_per_page:
        possible = [q.id for q in questionnaire.questions]
    else:
        possible = [page.id for page in questionnaire.pages]
    total = len(possible)
    if index == len(all_screens) - 1 or all_screens[index].id not in possible:
        return (total if index == len(all_screens) - 1 else index + 1), max(total, len(all_screens))
    return possible.index(all_screens[index].id) + 1, total


def _render_screen(questionnaire, all_screens, index, answers, errors=None, status=200, nothing=False):
    screen = all_screens[index]
    position, total = _progress(questionnaire, all_screens, index)
    return render_template(
        "survey/screen.html", q=questionnaire, screen=screen, answers=answers,
        errors=errors or {}, position=position, total=total, nothing_answered=nothing,
        is_last=index == len(all_screens) - 1, types=QUESTION_TYPES,
    ), status


@bp.route("/s/<questionnaire_id>/q/<screen_id>", methods=["GET", "POST"])
def screen(questionnaire_id, screen_id):
    questionnaire = get_registry().get(questionnaire_id)
    run_id, draft = _active_draft(questionnaire)
    if draft is None:
        finished = session.get("finished") or {}
        if request.method == "POST" and finished.get("questionnaire_id") == questionnaire.id:
            # A double tap on "Odeslat": the run is already stored.
            return redirect(url_for("survey.done", questionnaire_id=questionnaire.id), code=303)
        return redirect(_restart_url(questionnaire))
    g.kiosk = draft.get("kiosk")
    answers = draft["answers"]
    all_screens = screens(questionnaire, answers)
    index, current = find_screen(all_screens, screen_id)
    if current is None:
        return redirect(url_for("survey.screen", questionnaire_id=questionnaire.id,
                                screen_id=all_screens[0].id))
    if request.method == "GET":
        return _render_screen(questionnaire, all_screens, index, answers)
    return _handle_post(questionnaire, run_id, draft, all_screens, index, current)


def _handle_post(questionnaire, run_id, draft, all_screens, index, current):
    lang = current_lang()
    going_back = request.form.get("action") == "back"
    merged = merge_screen(questionnaire, draft["answers"], current, _parse_screen(current))
    visible_here = [q.id for q in current.questions if is_visible(q, merged, questionnaire)]
    # Going back checks only what was filled in; going forward also wants required answers.
    checked = [qid for qid in visible_here if qid in merged] if going_back else visible_here
    try:
        clean = validate_answers(questionnaire, merged, only=checked, lang=lang)
    except InvalidAnswers as exc:
        if going_back:  # leave the invalid input behind rather than trap the child here
            return _go(questionnaire, all_screens, index - 1)
        errors = answer_messages(exc, questionnaire, lang)
        return _render_screen(questionnaire, all_screens, index, merged, errors, status=422)
    draft["answers"] = {**merged, **clean}
    get_storage().save_draft(run_id, draft)
    new_screens = screens(questionnaire, draft["answers"])
    new_index, _ = find_screen(new_screens, current.id)
    new_index = index if new_index is None else new_index
    if going_back:
        return _go(questionnaire, new_screens, new_index - 1)
    if new_index < len(new_screens) - 1:
        return _go(questionnaire, new_screens, new_index + 1)
    return _finish(questionnaire, run_id, draft, new_screens, lang)


def _go(questionnaire, all_screens, index):
    index = max(0, min(index, len(all_screens) - 1))
    return redirect(url_for("survey.screen", questionnaire_id=questionnaire.id,
                            screen_id=all_screens[index].id), code=303)


def _finish(questionnaire, run_id, draft, all_screens, lang):
    try:
        submit(get_storage(), questionnaire, draft["submission_id"], lang, draft["answers"],
               draft.get("context"))
    except InvalidAnswers as exc:
        if ANSWERS in exc.errors:
            # A run with no answer at all says nothing: nothing stored, and the last screen says so.
            return _render_screen(questionnaire, all_screens, len(all_screens) - 1, draft["answers"],
                                  status=422, nothing=True)
        # An earlier screen is incomplete (e.g. the questionnaire changed mid-run).
        first_bad = next(i for i, s in enumerate(all_screens)
                         if any(q.id in exc.errors for q in s.questions))
        errors = answer_messages(exc, questionnaire, lang)
        return _render_screen(questionnaire, all_screens, first_bad, draft["answers"], errors, 422)
    _end_run(questionnaire, run_id, draft)
    return redirect(url_for("survey.done", questionnaire_id=questionnaire.id), code=303)


@bp.get("/s/<questionnaire_id>/dekujeme")
def done(questionnaire_id):
    questionnaire = get_registry().get(questionnaire_id)
    finished = session.get("finished") or {}
    if finished.get("questionnaire_id") != questionnaire.id:
        return redirect(_restart_url(questionnaire))
    g.kiosk = finished.get("kiosk")
    return render_template("survey/done.html", q=questionnaire, home=finished.get("home"))


@bp.get("/")
def index():
    return render_template("survey/index.html", questionnaires=get_registry().all())


@bp.get("/maps/<path:filename>")
def map_image(filename):
    if not filename.lower().endswith((".png", ".jpg", ".jpeg", ".webp", ".svg")):
        abort(404)
    # send_from_directory refuses paths that leave the folder.
    return send_from_directory(Path(current_app.config["QUESTIONNAIRES_DIR"]) / "maps", filename,
                               max_age=3600)
