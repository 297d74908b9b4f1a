"""What the dashboard shows, computed once per data version: the summary of a
questionnaire for an audience, cached until a response arrives or the file changes."""
import threading
from collections import OrderedDict

from flask import current_app

from ..auth.access import can
from ...exporters import ExportJob, select_records
from ..extensions import get_storage

CACHE_SIZE = 8
_lock = threading.Lock()


def audience_for(user, asked) -> str:
    """The city sees suppressed numbers only; facilitators and admins (raw_data) may ask
    for the unsuppressed view with ?audience=facilitator."""
    return "facilitator" if asked == "facilitator" and can(user, "raw_data") else "city"


def job_for(questionnaire, audience, campaign=None, wave=None, include_text=False, dialect="excel-cz"):
    """An ExportJob over the stored responses (ExportError for an unknown campaign/wave)."""
    storage = get_storage()
    test_runs = storage.test_runs(questionnaire.id)  # left out of the live view by default
    records = select_records([r for r in storage.responses(questionnaire.id)
                              if r.get("submission_id") not in test_runs], campaign, wave)
    from .releases import load_focus_groups
    groups = load_focus_groups(questionnaire, campaign, wave, include_text)
    return ExportJob(questionnaire, records, audience=audience, include_text=include_text,
                     dialect=dialect, min_cell=current_app.config["SURVEY_MIN_CELL"], focus_groups=groups)


def _focus_group_version(questionnaire):
    """Changes whenever a focus group of the questionnaire is added or edited."""
    from ...fieldwork.focus_groups import list_sessions
    return tuple((r["id"], len(r.get("history", []))) for r in list_sessions(get_storage(), questionnaire.id))


def summary_for(questionnaire, audience):
    """The Summary of all responses of the questionnaire for `audience`, cached per
    (questionnaire object, audience, number of responses, K)."""
    cache = current_app.extensions.setdefault("dashboard_summaries", OrderedDict())
    count = get_storage().count_responses(questionnaire.id)
    key = (questionnaire.id, id(questionnaire), audience, count, len(get_storage().test_runs(questionnaire.id)),
           current_app.config["SURVEY_MIN_CELL"],
           _focus_group_version(questionnaire))
    with _lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    summary = job_for(questionnaire, audience).summary
    with _lock:
        cache[key] = summary
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return summary
