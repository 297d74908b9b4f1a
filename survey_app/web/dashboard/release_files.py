"""Files made from a release (charts, the map grid image, XLSX and other downloads) are
made once and kept by storage (cache/releases/<id>/<n>/), so that the city's first
request in a fresh worker reads bytes instead of importing pandas and matplotlib or
writing a workbook. A release is frozen; what else goes into a file (the language, the
wave, the measures the town recorded since) is part of the file's key.

`warm()` makes, right after a publish, the files the city opens first (the default
dashboard view's charts and grid.png and its downloads, in Czech), so that even the
first request reads stored bytes; `after_publish()` does it in a thread once the release
is stored (the dashboard's publish button; SURVEY_WARM_RELEASES=0 turns it off). The keys are made here, by the same
functions the dashboard's routes use."""
import hashlib
import json
import threading
import time

from flask import current_app

from ..extensions import get_storage

# What the city's dashboard page links to (templates/dashboard/questionnaire.html,
# "Downloads"): (format, part), made for the page's default wave in Czech, after the
# page's own charts and grid.png; the charts ZIP (a chart per question and wave: the
# slowest) last.
WARM_DOWNLOADS = (("summary-xlsx", ""), ("summary-csv", ""), ("summary-csv", "measures"),
                  ("summary-csv", "before_after"), ("charts", ""))
WARM_LANG = "cs"


def key_of(parts) -> str:
    """32 hex digits naming what a file was made from (any JSON-able parts)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()[:32]


def chart_parts(question_id, wave, lang) -> list:
    """The key parts of a question's chart (charts/<question>.png?wave=)."""
    return ["chart", question_id, wave, lang]


def grid_parts(question_id, wave) -> list:
    """The key parts of the map's grid.png?wave=."""
    return ["grid", question_id, wave]


def download_parts(format_name, wave, part, job, lang) -> list:
    """The key parts of a city download: `wave` as asked (None without ?wave=), and the
    measures, actors and checks the ExportJob carries (recorded since the release)."""
    return ["download", format_name, wave, part, job.dialect, lang, job.measures, job.actor_names, job.checks]


def city_job(questionnaire, release, summary, wave, dialect):
    """The ExportJob of a city download: (a wave of) the release's `summary` with the
    measures recorded since; nothing computed. `wave` None or ALL: all waves."""
    from ...analysis.breakdowns import ALL
    from ...exporters import ExportJob
    from .releases import sliced
    from ..measures.dashboard import add_measures

    job = ExportJob(questionnaire, [], audience="city", dialect=dialect, min_cell=release["k"], release=release)
    add_measures(job, questionnaire, release)
    job.__dict__["summary"] = sliced(summary, None if wave == ALL else wave)
    return job


def made_once(questionnaire_id, release_number, parts, make) -> bytes:
    """The bytes of make() for `parts` of release `release_number`: stored the first
    time, read afterwards (by every worker)."""
    storage = get_storage()
    key = key_of(parts)
    data = storage.release_file(questionnaire_id, release_number, key)
    if data is None:
        data = make()
        storage.save_release_file(questionnaire_id, release_number, key, data)
    return data


def _store(questionnaire_id, number, keys, make, made):
    """make()'s bytes stored under each of `keys` (lists of key parts) not stored yet (a
    stored one's bytes are copied, not made again); appends (name, made, seconds) to
    `made`, name being the file's kind and what it shows."""
    storage = get_storage()
    start = time.perf_counter()
    found = {key_of(parts): storage.release_file(questionnaire_id, number, key_of(parts)) for parts in keys}
    missing = [key for key, data in found.items() if data is None]
    if missing:
        data = next((d for d in found.values() if d is not None), None)
        if data is None:
            data = make()
        for key in missing:
            storage.save_release_file(questionnaire_id, number, key, data)
    kind, what = keys[0][0], keys[0][1]
    name = f"{kind} {what}" if kind != "download" else f"{what}{' ' + keys[0][3] if keys[0][3] else ''}"
    made.append((name, bool(missing), time.perf_counter() - start))


def default_wave(release):
    """The wave the city's dashboard shows without ?wave=: all waves together when the
    release has several, else its one wave."""
    from .releases import default_scope, scopes_of

    return default_scope(scopes_of(release["waves"]))


def warm(questionnaire, release, lang=WARM_LANG) -> list:
    """Make and store (unless stored) the files of `release` that the city's default
    dashboard view shows or links to: each question's chart, grid.png and the
    WARM_DOWNLOADS, for the default wave in `lang`. Needs an app context; returns
    [(name, made, seconds)] in order (made False: it was stored already)."""
    # the release as stored, as every request reads it (not the dict publish returned)
    release = get_storage().get_release(questionnaire.id, release["number"]) or release
    with current_app.test_request_context("/", query_string={"lang": lang}):
        return _warm(questionnaire, release, lang)


def _warm(questionnaire, release, lang):
    from ...analysis import charts
    from ...analysis.breakdowns import ALL
    from ...exporters import DEFAULT_DIALECT, export
    from .data import page_rows, question_tables
    from .releases import relabel, release_view

    qid, number, made = questionnaire.id, release["number"], []
    wave = default_wave(release)
    view = relabel(release_view(release), questionnaire, lang)
    table_waves = set(view.table["wave"])  # as the chart route reads it
    for question, *_rest in question_tables(questionnaire, page_rows(view, wave, "all")):
        if questionnaire.question(question.id) is None:  # the focus groups' gender: no chart
            continue
        waves = [wave] if wave in table_waves else view.waves
        _store(qid, number, [chart_parts(question.id, wave, lang)],
               lambda q=question.id, w=waves: charts.question_chart(view.table, q, w, lang=lang), made)
    map_question = next((q for q in questionnaire.questions if q.type == "map"), None)
    if map_question is not None:
        _store(qid, number, [grid_parts(map_question.id, wave)],
               lambda: charts.grid_chart(view.grid, map_question, wave), made)
    job = city_job(questionnaire, release, release_view(release), wave, DEFAULT_DIALECT)
    # all waves is also what a download without ?wave= holds: the same bytes, stored twice
    asked = [wave, None] if wave == ALL else [wave]
    for format_name, part in WARM_DOWNLOADS:
        _store(qid, number, [download_parts(format_name, w, part, job, lang) for w in asked],
               lambda name=format_name, part=part: dict(export(name, job, part))[part], made)
    return made


def warm_logged(questionnaire, release) -> list | None:
    """warm(), a failure logged instead of raised (the release is stored already and
    the files are made on first request anyway); None when it failed."""
    try:
        return warm(questionnaire, release)
    except Exception:  # noqa: BLE001 -- warming is an optimisation: never lose a publish to it
        current_app.logger.exception("release %s of %s is stored; making its files failed",
                                     release.get("number"), questionnaire.id)
        return None


_threads_lock = threading.Lock()
_threads: list = []


def warm_later(questionnaire, release) -> threading.Thread:
    """warm_logged() in a daemon thread of this worker, so that the publish request
    answers as soon as the release is stored. Returns the thread (started)."""
    app = current_app._get_current_object()

    def run():
        with app.app_context():
            warm_logged(questionnaire, release)
    thread = threading.Thread(target=run, name=f"warm-{questionnaire.id}-{release['number']}", daemon=True)
    with _threads_lock:
        _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    thread.start()
    return thread


def warms_after_publish() -> bool:
    """SURVEY_WARM_RELEASES (default 1): whether publishing makes the city's first files."""
    return bool(current_app.config.get("SURVEY_WARM_RELEASES", 1))


def after_publish(questionnaire, release) -> threading.Thread | None:
    """What the dashboard's publish button calls once the release is stored:
    warm_later() unless SURVEY_WARM_RELEASES is 0. Returns the thread, or None."""
    return warm_later(questionnaire, release) if warms_after_publish() else None


def warming() -> list:
    """The warm_later() threads still running (for tests and benches to join)."""
    with _threads_lock:
        return [t for t in _threads if t.is_alive()]
