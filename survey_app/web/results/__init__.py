"""Blueprint `results` (/vysledky/<questionnaire_id>): the public "what changed" page
for the participants (no login, JSON twin) and its A4 poster. Everything comes from
the latest release and the public measures (analysis/public_page.py)."""
from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from ...analysis.public_page import page_content
from ...fieldwork import campaigns
from ...fieldwork import measures as model
from ...fieldwork.results_poster import results_poster_pdf
from ...web.registry import get_registry
from ..errors import ApiError, wants_json
from ..extensions import get_storage
from ..i18n import current_lang
from ..measures import actor_names
from ..measures.releases import list_releases

bp = Blueprint("results", __name__)


def content_for(questionnaire_id, lang) -> dict:
    questionnaire = get_registry().get(questionnaire_id)  # unknown: 404, broken: 503 (errors.py)
    measures = model.list_measures(get_storage(), questionnaire_id, public=True)
    return page_content(questionnaire, list_releases(questionnaire_id), measures, actor_names(), lang)


def page_url(questionnaire_id) -> str:
    """The absolute address of the page, from the same public address as the campaign
    posters (BASE_URL, the address saved on a campaign page, or a non-local host)."""
    base, _source = campaigns.public_address(current_app.config.get("BASE_URL"),
                                             campaigns.stored_address(get_storage()), request.host_url)
    if not base:
        raise ApiError(503, "base_url_missing", _(
            "Posters need the public address of the app, otherwise the QR code would point nowhere. "
            "Enter it under “Public address” on the campaign page (or set BASE_URL)."))
    return base.rstrip("/") + url_for(".page", questionnaire_id=questionnaire_id)


@bp.get("/vysledky/<questionnaire_id>")
def page(questionnaire_id):
    content = content_for(questionnaire_id, current_lang())
    if wants_json():
        return jsonify(content)
    return render_template("results/page.html", c=content, kids=content["audience"] == "children")


@bp.get("/vysledky/<questionnaire_id>/plakat.pdf")
def poster(questionnaire_id):
    url = page_url(questionnaire_id)
    body = results_poster_pdf(content_for(questionnaire_id, "cs"), url)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="vysledky-{questionnaire_id}.pdf"'})
