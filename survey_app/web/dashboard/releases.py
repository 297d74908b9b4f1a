"""Releases for the dashboard and the CLI: the plan (publish preview), publishing, and
the city's view of a stored release as a Summary (nothing computed on request)."""
from datetime import datetime, timezone

from flask import current_app

from ...analysis import releases as analysis
from ...analysis.breakdowns import ALL
from ...analysis.grid import GRID_COLUMNS
from ...analysis.lazy_imports import pandas as pd
from ...analysis.summaries import SUMMARY_COLUMNS, Summary
from ..extensions import get_storage



def load_focus_groups(questionnaire, campaign=None, wave=None, include_text=False, waves=None):
    """The focus groups of a questionnaire (one campaign and/or wave) as
    focus_group_merge.FocusGroupData: read here, handed to analysis."""
    from ...analysis import focus_group_merge
    from ...fieldwork import focus_groups

    storage = get_storage()
    sessions, marks = focus_group_merge.select(
        focus_groups.list_sessions(storage, questionnaire.id),
        focus_groups.focus_group_marks(storage, questionnaire.id, include_text=include_text), campaign, wave)
    if waves is not None:  # a release: only sessions of the released waves
        sessions = [r for r in sessions if r.get("wave") is not None and str(r["wave"]) in set(waves)]
        marks = [m for m in marks if m["focus_group_id"] in {r["id"] for r in sessions}]
    return focus_group_merge.from_records(questionnaire, sessions, marks, include_text)


class ReleaseRefused(ValueError):
    """A release that cannot be made; the message says why."""


def min_release():
    """SURVEY_MIN_RELEASE, by default 3 x K."""
    k = current_app.config["SURVEY_MIN_CELL"]
    return int(current_app.config.get("SURVEY_MIN_RELEASE") or 3 * k)


def release_plan(questionnaire, waves=None):
    storage = get_storage()
    return analysis.plan(storage.responses(questionnaire.id), storage.test_runs(questionnaire.id), waves,
                         min_release())


def publish_release(questionnaire, plan, published_by):
    """Build, audit and store the next release of the waves in `plan`; returns it."""
    if not plan.waves:
        raise ReleaseRefused(f"{questionnaire.id}: no wave has {min_release()} or more responses to release "
                             "(SURVEY_MIN_RELEASE)")
    storage = get_storage()
    every = storage.responses(questionnaire.id)
    earlier = [(r, storage.release_private(questionnaire.id, r["number"]) or {"rows": [], "ids": {}})
               for r in storage.list_releases(questionnaire.id)]
    records = analysis.eligible(every, storage.test_runs(questionnaire.id))
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    release, private = analysis.build(questionnaire, records, earlier, k=current_app.config["SURVEY_MIN_CELL"],
                                      waves=plan.waves, published_by=published_by, published_at=now, every=every,
                                      focus_groups=load_focus_groups(questionnaire, waves=plan.waves))
    return storage.save_release(release, private)


def chosen_release(questionnaire, asked=None):
    """The latest release, or release `asked` (?release=<n>); None when there is none."""
    storage = get_storage()
    if asked in (None, ""):
        return storage.latest_release(questionnaire.id)
    return storage.get_release(questionnaire.id, asked)


def release_summary(release):
    """A stored release as the dashboard's Summary (cached per release)."""
    cache = current_app.extensions.setdefault("release_summaries", {})
    key = (release["questionnaire"], release["number"])
    if key not in cache:
        table = pd.DataFrame(release["tables"]["summary"], columns=SUMMARY_COLUMNS)
        table["suppressed"] = table["suppressed"].astype("int64")
        for name in ("n", "base"):
            table[name] = table[name].astype("Int64")
        table["pct"] = table["pct"].astype("Float64")
        grid = pd.DataFrame(release["tables"]["grid"], columns=GRID_COLUMNS)
        summary = Summary(table, grid, list(release["waves"]), "city", release["k"], release["questionnaire"],
                          {"release": release["number"]})
        cache[key] = summary
    return cache[key]


def wave_scopes(release):
    return release["waves"] + ([ALL] if len(release["waves"]) > 1 else [])


def sliced(summary, wave):
    """The rows of one wave of a release's Summary (all of it for wave None)."""
    if wave is None:
        return summary
    table = summary.table[summary.table["wave"] == wave].reset_index(drop=True)
    grid = summary.grid[summary.grid["wave"] == wave].reset_index(drop=True)
    return Summary(table, grid, [wave], summary.audience, summary.min_cell, summary.questionnaire_id,
                   summary.notes)


def relabel(summary, questionnaire, lang):
    """The Summary with question, option, category and place labels in `lang` (the
    questionnaire's own texts) and "ostatní", "neuvedeno", "bez vlny", mean and median
    translated (labels are stored in Czech)."""
    if lang == "cs" or summary.table.empty:
        return summary
    from ...analysis.breakdowns import LABELS, NO_WAVE
    from ...questionnaire.model import text

    words = {key: text(value, lang) for key, value in LABELS.items()}
    words[NO_WAVE] = "no wave" if lang == "en" else NO_WAVE
    questions, options = {}, {}
    for question in questionnaire.questions:
        questions[question.id] = text(question.label, lang)
        for option in getattr(question, "options", None) or ():
            options[(question.id, option.value)] = text(option.label, lang)
        for category in (question.config or {}).get("categories", ()) if question.type == "map" else ():
            options[(question.id, category.value)] = text(category.label, lang)
    table = summary.table.copy()
    table["question_label"] = [questions.get(q, label) for q, label in zip(table["question"], table["question_label"])]
    table["option_label"] = [options.get((q, o), words.get(o, label))
                             for q, o, label in zip(table["question"], table["option"], table["option_label"])]
    table["breakdown_value"] = [words.get(v, v) if v in (LABELS.keys() | {NO_WAVE}) else v
                                for v in table["breakdown_value"]]
    return Summary(table, summary.grid, summary.waves, summary.audience, summary.min_cell,
                   summary.questionnaire_id, summary.notes, truth=summary.truth)
