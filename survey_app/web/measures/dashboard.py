"""The dashboard's two panels and the measures' parts of the summary downloads, from
releases only: `panels(questionnaire, number)` -> {"coverage", "checks", "measures"}
for measures/_coverage.html and measures/_before_after.html; `add_measures()` fills
an ExportJob's measures, actor names and before/after checks."""
from flask import current_app
from flask_babel import gettext as _

from ...analysis.before_after import all_before_after
from ...analysis.coverage import dashboard_coverage
from ...fieldwork import measures as model
from ...fieldwork.population import PopulationError, load_population, path_for
from ..extensions import get_storage
from ..i18n import current_lang
from .releases import cached_release, checks_of, list_releases, place_labels, releases_upto

def age_question(questionnaire) -> str | None:
    return next((q.id for q in questionnaire.questions if q.type == "age_band"), None)


def _population(questionnaire):
    """The questionnaire's population, parsed again only when its file changes (the
    YAML parse is most of the panels' time); a broken file is logged and left out."""
    folder = current_app.config["QUESTIONNAIRES_DIR"]
    try:
        stat = path_for(folder, questionnaire.id).stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None
    cache = current_app.extensions.setdefault("measures_population", {})
    key = (questionnaire.id, id(questionnaire))
    if key in cache and cache[key][0] == version:
        return cache[key][1]
    try:
        population = load_population(folder, questionnaire) if version is not None else None
    except PopulationError as exc:
        current_app.logger.warning("population file of %s: %s", questionnaire.id, exc)
        population = None
    cache[key] = (version, population)
    return population


def _missing(questionnaire, population) -> list[str]:
    """Why figures of the coverage panel are missing (plain sentences)."""
    notes = []
    if age_question(questionnaire) is None:
        notes.append(_("The questionnaire has no age question, so who took part cannot be shown by age band."))
    if population is None:
        notes.append(_("The town has not stated its population for this questionnaire yet "
                       "(questionnaires/population/%(id)s.yaml), so there are no rates.", id=questionnaire.id))
    areas = [a["id"] for a in (population.areas if population is not None else [])]
    answerable = {str(o.value) for q in questionnaire.questions for o in (getattr(q, "options", None) or ())}
    if areas and not set(areas) & answerable:
        notes.append(_("Coverage by area is not shown: the questionnaire does not ask where respondents live; "
                       "the town's figures by area are given for comparison."))
    return notes


def panels(questionnaire, number=None) -> dict:
    """Coverage of release `number` (default: the latest) and the before/after of every
    measure of the questionnaire, from the releases up to it. Without a release the
    coverage says so; without measures `checks` is empty."""
    if number is None:
        latest = get_storage().latest_release(questionnaire.id)
        number = latest["number"] if latest else None
    measures = model.list_measures(get_storage(), questionnaire.id)
    # the earlier releases only when a measure needs them (a first view reads no more than it must)
    releases = releases_upto(questionnaire.id, number) if number and measures else []
    chosen = releases[-1] if releases else cached_release(questionnaire.id, number) if number else None
    population = _population(questionnaire)
    coverage = dashboard_coverage(chosen, population, age_question(questionnaire), questionnaire.audience,
                                  current_lang())
    coverage["missing"] = _missing(questionnaire, population)
    coverage["k"] = chosen["k"] if chosen else None
    checks = all_before_after(measures, releases, place_labels(questionnaire)) if measures else []
    return {"coverage": coverage, "checks": checks, "measures": len(measures)}


def add_measures(job, questionnaire, release=None):
    """Fill an ExportJob's fields for the measures' sheets and return it: every measure
    of the questionnaire (the town's own records: never suppressed), who acts, and the
    before/after checks: the release's own part for a release, else those of every
    release so far (the facilitators' live summary)."""
    from . import actor_names
    job.measures = model.list_measures(get_storage(), questionnaire.id)
    job.actor_names = actor_names()
    if release is not None:
        job.checks = checks_of(questionnaire, release)
    else:
        job.checks = all_before_after(job.measures, list_releases(questionnaire.id), place_labels(questionnaire))
    return job
