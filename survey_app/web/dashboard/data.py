"""What the dashboard shows, computed once per data version: the summary of a
questionnaire for an audience, cached until a response arrives or the file changes;
and the page's rows as plain named tuples (a release's need no pandas)."""
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


class Rows(list):
    """Table rows as named tuples, None for a missing value; `itertuples()` like a
    DataFrame's, so that templates take either."""

    def itertuples(self):
        return iter(self)


def plain_rows(frame) -> Rows:
    """The rows of a DataFrame (or of Rows, returned as they are) as Rows."""
    if isinstance(frame, Rows):
        return frame
    plain = frame.astype(object).where(frame.notna(), None)  # pd.NA has no truth value
    return Rows(plain.itertuples(index=False))


def page_rows(summary, wave, breakdown) -> Rows:
    """The rows of one wave and breakdown, with the focus groups' column beside "all"
    (never quotes). A release's view (releases.ReleaseView) selects its stored rows;
    a live Summary is filtered with pandas."""
    if hasattr(summary, "page_rows"):
        return summary.page_rows(wave, breakdown)
    from ...analysis import focus_group_merge as fg_merge
    from ...analysis.lazy_imports import pandas as pd

    table = summary.table
    rows = table[(table["wave"] == wave) & (table["breakdown"] == breakdown)]
    if breakdown == "all":
        fg = table[(table["wave"] == wave) & (table["breakdown"] == "channel")
                   & (table["breakdown_value"] == fg_merge.CHANNEL)]
        rows = pd.concat([rows, fg]).sort_index(kind="stable")
    return plain_rows(rows)


def records(rows) -> list:
    """JSON-ready rows (of Rows or a DataFrame): missing values as null."""
    return [{k: v.item() if hasattr(v, "item") else v for k, v in row._asdict().items()}
            for row in plain_rows(rows)]


def question_tables(questionnaire, rows) -> list:
    """Per question of `rows` (Rows): (question, groups, [(option label, {group: row})],
    stats rows, {group: base}), in the questionnaire's order, focus groups' gender last."""
    from ...analysis import focus_group_merge as fg_merge
    from ...analysis.summaries import STATS

    by_question = {}
    for row in rows:
        by_question.setdefault(row.question, []).append(row)
    result = []
    for question in list(questionnaire.questions) + [fg_merge.gender_spec_question()]:
        own = by_question.get(question.id)
        if not own:
            continue
        options, stats, bases = {}, {}, {}
        for row in own:
            target = stats if row.option in STATS else options
            target.setdefault(row.option, (row.option_label, {}))[1][row.breakdown_value] = row
            bases.setdefault(row.breakdown_value, row.base)
        result.append((question, list(bases), list(options.values()), list(stats.values()), bases))
    return result


def grid_features(summary, wave) -> list:
    """The 100 m cells of `wave` as GeoJSON polygon features (for the map script): one
    per cell, its respondents summed over categories, in the grid's order. A release's
    (ReleaseView.grid_rows) come from its stored rows without pandas."""
    if hasattr(summary, "grid_rows"):
        rows = summary.grid_rows(wave)
    else:
        rows = plain_rows(summary.grid[summary.grid["wave"] == wave])
    cells = {}
    for row in rows:
        key = (row.question, row.cell, row.south, row.west, row.north, row.east)
        if None not in key:  # as pandas' groupby, which drops missing keys
            cells.setdefault(key, []).append(row)
    features = []
    for (question, cell, south, west, north, east), part in cells.items():
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"question": question, "cell": cell, "n": int(sum(r.n for r in part)),
                                        "categories": {r.category_label: int(r.n) for r in part}}})
    return features
