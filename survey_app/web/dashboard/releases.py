"""Releases for the dashboard and the CLI: the plan (publish preview), publishing, and
the city's view of a stored release (nothing computed on request): a Summary for files
and charts, a ReleaseView of plain rows for the pages (no pandas at request time)."""
import threading
from collections import OrderedDict, namedtuple
from datetime import datetime, timezone
from functools import cached_property

from flask import current_app

from ...analysis import releases as analysis
from ...analysis.breakdowns import ALL
from ...analysis.grid import GRID_COLUMNS
from ...analysis.lazy_imports import pandas as pd
from ...analysis.summaries import COMPARISON_COLUMNS, STATS, SUMMARY_COLUMNS, Summary
from ..extensions import get_storage
from .data import Rows


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


def publish_release(questionnaire, plan, published_by, extend=None):
    """Build, audit and store the next release of the waves in `plan`; returns it.
    `extend(release, earlier releases)` returns parts added to it before it is stored."""
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
    if extend is not None:
        release = {**release, **extend(release, [r for r, _private in earlier])}
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


def scopes_of(waves) -> list:
    """What the dashboard offers to show: each wave, then all waves when there are several."""
    return list(waves) + ([ALL] if len(waves) > 1 else [])


def default_scope(scopes):
    """What the dashboard shows without ?wave=: all waves together if offered, else the
    one wave."""
    return scopes[-1] if scopes else ALL


def sliced(summary, wave):
    """The rows of one wave of a release's Summary (all of it for wave None); of a
    ReleaseView, as ReleaseFiles."""
    if isinstance(summary, ReleaseView):
        return ReleaseFiles(summary, wave)
    if wave is None:
        return summary
    table = summary.table[summary.table["wave"] == wave].reset_index(drop=True)
    grid = summary.grid[summary.grid["wave"] == wave].reset_index(drop=True)
    return Summary(table, grid, [wave], summary.audience, summary.min_cell, summary.questionnaire_id,
                   summary.notes)


def _label_maps(questionnaire, lang):
    """(question labels, option/category labels, fixed words) of `lang`."""
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
    return questions, options, words, LABELS.keys() | {NO_WAVE}


def relabel(summary, questionnaire, lang):
    """The Summary (or ReleaseView) with question, option, category and place labels in
    `lang` (the questionnaire's own texts) and "ostatní", "neuvedeno", "bez vlny", mean
    and median translated (labels are stored in Czech). A release's are cached."""
    if isinstance(summary, ReleaseView):
        return summary.in_lang(questionnaire, lang)
    if lang == "cs" or summary.table.empty:
        return summary
    questions, options, words, fixed = _label_maps(questionnaire, lang)
    table = summary.table.copy()
    table["question_label"] = [questions.get(q, label) for q, label in zip(table["question"], table["question_label"])]
    table["option_label"] = [options.get((q, o), words.get(o, label))
                             for q, o, label in zip(table["question"], table["option"], table["option_label"])]
    table["breakdown_value"] = [words.get(v, v) if v in fixed else v for v in table["breakdown_value"]]
    return Summary(table, summary.grid, summary.waves, summary.audience, summary.min_cell,
                   summary.questionnaire_id, summary.notes, truth=summary.truth)


Row = namedtuple("Row", SUMMARY_COLUMNS)
ComparisonRow = namedtuple("ComparisonRow", COMPARISON_COLUMNS)
GridRow = namedtuple("GridRow", GRID_COLUMNS)


def _number(value, kind):
    """A stored count or percentage as the pages show it: None for missing (or NaN)."""
    return None if value is None or value != value else kind(value)


def _rows(stored):
    """The stored summary rows (dicts) as Rows of Row."""
    number = _number
    return Rows(Row(r["wave"], r["question"], r["question_label"], r["option"], r["option_label"], r["breakdown"],
                    r["breakdown_value"], number(r["n"], int), number(r["base"], int), number(r["pct"], float),
                    int(r["suppressed"])) for r in stored)


def _round1(value):
    """pandas' round(1) (numpy: rint(x * 10) / 10), so that changes equal the files'."""
    return round(value * 10) / 10


class _SummaryFrames:
    """`table` and `grid` of the pandas Summary behind a release view, built when asked."""

    @property
    def table(self):
        return self.summary.table

    @property
    def grid(self):
        return self.summary.grid


class ReleaseView(_SummaryFrames):
    """A stored release as the city's pages read it, in one language, without pandas:
    its summary rows as named tuples. Quacks like a Summary (`waves`, `min_cell`,
    `notes`, `comparison(a, b)`); `table` and `grid` (DataFrames, for charts and
    files) are built only when asked."""
    audience = "city"
    truth = None

    def __init__(self, release, rows, lang="cs", questionnaire=None):
        self.release, self.rows, self.lang, self.questionnaire = release, rows, lang, questionnaire
        self.waves = list(release["waves"])
        self.min_cell = release["k"]
        self.questionnaire_id = release["questionnaire"]
        self.notes = {"release": release["number"]}
        self._langs, self._pages, self.csv_files = {}, {}, {}

    def in_lang(self, questionnaire, lang):
        """This release with labels in `lang` (cached per language and questionnaire)."""
        if lang == "cs" or not self.rows:
            return self
        key = (lang, id(questionnaire), getattr(questionnaire, "version", None))
        if key not in self._langs:
            questions, options, words, fixed = _label_maps(questionnaire, lang)
            rows = Rows(row._replace(question_label=questions.get(row.question, row.question_label),
                                     option_label=options.get((row.question, row.option),
                                                              words.get(row.option, row.option_label)),
                                     breakdown_value=words.get(row.breakdown_value, row.breakdown_value)
                                     if row.breakdown_value in fixed else row.breakdown_value)
                        for row in self.rows)
            self._langs[key] = ReleaseView(self.release, rows, lang, questionnaire)
        return self._langs[key]

    def page_rows(self, wave, breakdown) -> Rows:
        """data.page_rows of this release: the rows of `wave` and `breakdown`, with the
        focus groups' channel column beside "all" (in the table's order; cached)."""
        key = (wave, breakdown)
        if key not in self._pages:
            from ...analysis.focus_group_merge import CHANNEL

            self._pages[key] = Rows(
                r for r in self.rows if r.wave == wave and (r.breakdown == breakdown or (
                    breakdown == "all" and r.breakdown == "channel" and r.breakdown_value == CHANNEL)))
        return self._pages[key]

    def grid_rows(self, wave) -> Rows:
        """The stored 100 m grid rows of `wave` (GRID_COLUMNS named tuples)."""
        return Rows(GridRow(*(r[c] for c in GRID_COLUMNS)) for r in self.release["tables"]["grid"]
                    if r["wave"] == wave)

    def comparison(self, wave_a, wave_b) -> Rows:
        """summaries.compare_waves of the stored rows, row by row the same."""
        rows = [r for r in self.rows if r.breakdown == "all" and r.option not in STATS]
        later = {}
        for r in rows:
            if r.wave == wave_b:
                later.setdefault((r.question, r.option), []).append(r)
        result = Rows()
        for a in (r for r in rows if r.wave == wave_a):
            for b in later.get((a.question, a.option), ()):
                hidden = a.suppressed + b.suppressed > 0
                change = None if hidden or a.pct is None or b.pct is None else _round1(b.pct - a.pct)
                result.append(ComparisonRow(a.question, a.question_label, a.option, a.option_label, a.base, a.n,
                                            a.pct, b.base, b.n, b.pct, change, int(hidden)))
        return result

    @cached_property
    def summary(self):
        """The release as a pandas Summary in this view's language (charts, files)."""
        summary = release_summary(self.release)
        if self.lang != "cs":
            summary = relabel(summary, self.questionnaire, self.lang)
        # charts.py renders a release's chart once per process: it knows the frames by this
        summary.table.attrs["release"] = summary.grid.attrs["release"] = (
            self.questionnaire_id, self.release["number"], self.lang)
        return summary


VIEWS_KEPT = 8
_views_lock = threading.Lock()


def release_view(release):
    """A stored release as a ReleaseView (the VIEWS_KEPT last used kept per app)."""
    cache = current_app.extensions.setdefault("release_views", OrderedDict())
    key = (release["questionnaire"], release["number"])
    with _views_lock:
        view = cache.get(key)
    if view is None:
        view = ReleaseView(release, _rows(release["tables"]["summary"]))
    with _views_lock:
        view = cache.setdefault(key, view)
        cache.move_to_end(key)
        while len(cache) > VIEWS_KEPT:
            cache.popitem(last=False)
    return view


class ReleaseFiles(_SummaryFrames):
    """A release (one wave of it, or all for wave None) as the export writers read it:
    `csv(dialect)` writes the summary CSV straight from the stored rows (no pandas);
    `table`, `grid` and `comparison()` are the pandas Summary's, built when asked."""
    audience = "city"
    truth = None

    def __init__(self, view, wave=None):
        self.view, self.wave = view, wave
        self.waves = list(view.waves) if wave is None else [wave]
        self.min_cell, self.questionnaire_id, self.notes = view.min_cell, view.questionnaire_id, view.notes

    @cached_property
    def summary(self):
        return sliced(self.view.summary, self.wave)


    def comparison(self, wave_a, wave_b):
        return self.summary.comparison(wave_a, wave_b)

    def csv(self, dialect) -> bytes:
        """Byte for byte exporters.to_csv(self.table, dialect), from the rows (once
        per release, wave and dialect)."""
        key = (self.wave, dialect)
        if key not in self.view.csv_files:
            self.view.csv_files[key] = self._csv(dialect)
        return self.view.csv_files[key]

    def _csv(self, dialect) -> bytes:
        import csv
        import io

        from ...exporters import DIALECTS, _safe_text

        spec = DIALECTS[dialect]
        texts = {}

        def text(value):  # the same few labels again and again: neutralised once
            if value not in texts:
                texts[value] = "" if value is None else _safe_text(value)
            return texts[value]

        def decimal(value):
            return "" if value is None else repr(value).replace(".", spec.decimal)

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=spec.separator, lineterminator=spec.line_end)
        writer.writerow(SUMMARY_COLUMNS)
        writer.writerows([*map(text, row[:7]), "" if row.n is None else row.n, "" if row.base is None else row.base,
                          decimal(row.pct), row.suppressed]
                         for row in self.view.rows if self.wave is None or row.wave == self.wave)
        return buffer.getvalue().encode(spec.encoding)
