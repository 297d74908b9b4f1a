"""POST /admin/summaries/<id>/releases: publish the next city release ("Zveřejnit pro
město"), and the preview shown above the button: waves, respondents, what is held back.
Publishing goes through web/measures/releases.publish (the release stores its measures'
before/after part), as `flask release publish` does."""
from flask import redirect, url_for
from flask_babel import gettext as _

from ..auth.access import current_user, permission_required
from ..errors import ApiError, wants_json
from ...web.registry import QuestionnaireUnavailable, get_registry
from ..extensions import get_storage
from ..measures.releases import publish as publish_release
from .release_files import after_publish
from .releases import ReleaseRefused, min_release, release_plan
from .routes import bp


def preview(questionnaire):
    """What the next release would hold (no audit run: that is the publish step)."""
    plan = release_plan(questionnaire)
    latest = get_storage().latest_release(questionnaire.id)
    return {"waves": plan.waves, "counts": plan.counts, "held_back": plan.held_back,
            "off_wave": plan.off_wave, "test_runs": plan.test_runs, "min_release": min_release(),
            "latest": None if latest is None else {k: latest[k] for k in ("number", "published_at", "waves",
                                                                          "respondents", "hidden")}}


@bp.post("/<questionnaire_id>/releases")
@permission_required("campaigns")
def publish(questionnaire_id):
    try:
        questionnaire = get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable:
        raise ApiError(404, "not_found", _("There is no questionnaire with this address.")) from None
    plan = release_plan(questionnaire)
    try:
        release = publish_release(questionnaire, plan, current_user()["email"])
    except ReleaseRefused:
        raise ApiError(409, "nothing_to_release",
                       _("No wave has %(n)s or more responses: nothing can be released yet.", n=min_release()),
                       field="wave") from None
    after_publish(questionnaire, release)  # stored: the city's first files are made in a thread
    if wants_json():
        return {"release": release["number"], "waves": release["waves"], "respondents": release["respondents"],
                "hidden": release["hidden"]}, 201
    return redirect(url_for("dashboard.questionnaire", questionnaire_id=questionnaire.id,
                            release=release["number"]), code=303)
