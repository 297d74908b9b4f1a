"""The data of the dashboard's two panels (for the `releases` dashboard to include):
`panels(questionnaire)` -> {"coverage": ..., "checks": [...]} for
measures/_coverage.html and measures/_before_after.html, from releases only."""
from flask import current_app

from ...analysis.before_after import all_before_after
from ...analysis.coverage import dashboard_coverage
from ...fieldwork import measures as model
from ...fieldwork.population import PopulationError, load_population
from ..extensions import get_storage
from ..i18n import current_lang
from .releases import list_releases


def age_question(questionnaire) -> str | None:
    return next((q.id for q in questionnaire.questions if q.type == "age_band"), None)


def panels(questionnaire, release=None) -> dict:
    """Coverage of `release` (default: the latest) and the before/after of every
    measure of the questionnaire. A broken population file is logged and left out."""
    releases = list_releases(questionnaire.id)
    chosen = release or (releases[-1] if releases else None)
    try:
        population = load_population(current_app.config["QUESTIONNAIRES_DIR"], questionnaire)
    except PopulationError as exc:
        current_app.logger.warning("population file of %s: %s", questionnaire.id, exc)
        population = None
    return {"coverage": dashboard_coverage(chosen, population, age_question(questionnaire),
                                           questionnaire.audience, current_lang()),
            "checks": all_before_after(model.list_measures(get_storage(), questionnaire.id), releases)}
