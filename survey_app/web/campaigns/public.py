"""The public addresses of campaign channels.

/c/<token>   the campaign's questionnaire for phones (QR posters, links): a start page;
             POST starts a run whose response carries campaign, wave and channel.
/k/<token>   kiosk mode for a tablet channel: one big "Začít" button; every child gets
             a fresh run, the thank-you page returns here on "Hotovo" or after a
             visible 60 s countdown, an idle run is
             cleared (static/js/kiosk.js), and /k/<token>/reset ends the run at once.
Before a campaign opens or after it closes both answer 410 with a friendly page.
"""
from datetime import date

from flask import (Blueprint, abort, current_app, g, make_response, redirect, render_template, session,
                   url_for)
from flask_babel import gettext as _

from ...fieldwork import campaigns as model
from ..errors import ApiError, wants_json
from ..extensions import get_storage
from ...web.registry import get_registry
from ..survey.routes import start_run

bp = Blueprint("channels", __name__)

KIOSK_PROMPT_SECONDS = 20   # how long "Jsi tu ještě?" waits before clearing the run
KIOSK_RETURN_SECONDS = 60   # the thank-you page (with the help line) stays this long, counting down


@bp.after_request
def no_store(response):
    # The kiosk and campaign pages are survey pages: never from a cache.
    response.headers["Cache-Control"] = "no-store, max-age=0"
    response.headers["Pragma"] = "no-cache"
    return response


def _open_channel(token, kiosk=False):
    """(campaign, channel, questionnaire) or an abort: 404 for an unknown token (or a
    kiosk address of a channel that is not a tablet); a 410 page when not open."""
    campaign, channel = model.channel_by_token(get_storage(), token)
    if channel is None or (kiosk and not model.CHANNEL_KINDS[channel["kind"]].kiosk):
        abort(404)
    questionnaire = get_registry().get(campaign["questionnaire_id"])
    state = model.campaign_state(campaign)
    if state != model.OPEN:
        message = _("The survey has ended.") if state == model.CLOSED else _("The survey has not started yet.")
        if wants_json():
            raise ApiError(410, state, message, opens=campaign["opens"])
        opens = date.fromisoformat(campaign["opens"]) if campaign["opens"] else None
        abort(make_response(render_template("campaigns/not_open.html", q=questionnaire, campaign=campaign,
                                            state=state, message=message, opens=opens), 410))
    return campaign, channel, questionnaire


@bp.get("/c/<token>")
def start(token):
    _campaign, _channel, questionnaire = _open_channel(token)
    return render_template("survey/start.html", q=questionnaire, action=url_for(".begin", token=token))


@bp.post("/c/<token>")
def begin(token):
    campaign, channel, questionnaire = _open_channel(token)
    first = start_run(questionnaire, model.run_context(campaign, channel),
                      home=url_for(".start", token=token))
    return redirect(first, code=303)


def _end_unfinished_run(questionnaire):
    run_id = session.get("runs", {}).get(questionnaire.id)
    if run_id:
        get_storage().delete_draft(run_id)
        session["runs"] = {k: v for k, v in session["runs"].items() if k != questionnaire.id}
    session.pop("finished", None)


@bp.get("/k/<token>")
def kiosk(token):
    _campaign, _channel, questionnaire = _open_channel(token, kiosk=True)
    # The start page is a clean slate: whatever run this tablet had is gone, and a
    # facilitator who set the tablet up is logged out, so leaving kiosk mode for the
    # admin pages needs a login.
    _end_unfinished_run(questionnaire)
    session.pop("user_id", None)
    session.pop("user_token", None)
    session["kiosk_home"] = url_for(".kiosk", token=token)
    g.kiosk = token
    return render_template("kiosk/start.html", q=questionnaire, token=token)


@bp.post("/k/<token>")
def kiosk_begin(token):
    campaign, channel, questionnaire = _open_channel(token, kiosk=True)
    home = url_for(".kiosk", token=token)
    session["kiosk_home"] = home
    return redirect(start_run(questionnaire, model.run_context(campaign, channel), home=home, kiosk=token),
                    code=303)


@bp.post("/k/<token>/reset")
def kiosk_reset(token):
    """Clear this tablet's run (the idle timeout calls it) and go back to the start.
    Works for a closed campaign too: clearing is always allowed."""
    campaign, channel = model.channel_by_token(get_storage(), token)
    if channel is None or not model.CHANNEL_KINDS[channel["kind"]].kiosk:
        abort(404)
    _end_unfinished_run(get_registry().get(campaign["questionnaire_id"]))
    return redirect(url_for(".kiosk", token=token), code=303)


def results_url(questionnaire_id):
    """The public results page of a questionnaire (blueprint "results", view "page"),
    or None while that page does not exist in this app."""
    if "results.page" not in current_app.view_functions:
        return None
    return url_for("results.page", questionnaire_id=questionnaire_id)


@bp.app_context_processor
def kiosk_settings():
    """Timings for kiosk.js, read by templates/kiosk/_kiosk.html, and results_url()
    for the kiosk start and thank-you pages."""
    return {"kiosk_timing": {"idle": current_app.config["KIOSK_IDLE_SECONDS"],
                             "prompt": KIOSK_PROMPT_SECONDS, "return": KIOSK_RETURN_SECONDS},
            "results_url": results_url}
