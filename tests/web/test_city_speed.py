"""The city's views of a release without pandas (issue 11, Performance): the plain rows
equal the pandas Summary's cell by cell, the CSV equals to_csv byte by byte, a release's
charts are drawn once, grid.json's cells equal pandas' groupby, dashboard templates are compiled when the app starts."""
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from survey_app.analysis import charts
from survey_app.analysis.breakdowns import ALL
from survey_app.analysis.summaries import BREAKDOWNS
from survey_app.exporters import DIALECTS, _summary_csv, to_csv
from survey_app.web.dashboard import data, routes
from survey_app.web.dashboard.releases import (ReleaseFiles, relabel, release_summary, release_view,
                                               sliced)
from survey_app.web.templating import WARM_TEMPLATES

PROJECT = Path(__file__).resolve().parents[2]
URL = "/admin/summaries/deti-bezpeci"
WAVES = ("2025-podzim", "2026-jaro")


@pytest.fixture
def release(app, storage):
    """Two waves of demo children (fixed seeds, 120 and 90), published as release 1."""
    from survey_app.web.registry import get_registry
    from survey_app.responses import demo
    from survey_app.web.dashboard.releases import publish_release, release_plan

    with app.test_request_context():
        questionnaire = get_registry().get("deti-bezpeci")
        for wave, channel, count, seed in ((WAVES[0], "tablet", 120, 1), (WAVES[1], "poster", 90, 2)):
            storage.add_responses(list(demo.demo_records(questionnaire, count, seed=seed,
                                                         context={"wave": wave, "channel": channel})))
        return publish_release(questionnaire, release_plan(questionnaire), "test@example.org")


def _questionnaire():
    from survey_app.web.registry import get_registry
    return get_registry().get("deti-bezpeci")


def _plain(tables):
    """question_tables with rows as dicts (Row and pandas' tuples compare by fields)."""
    return [(q.id, groups, [(label, {g: r._asdict() for g, r in cells.items()}) for label, cells in options],
             [(label, {g: r._asdict() for g, r in cells.items()}) for label, cells in stats], bases)
            for q, groups, options, stats, bases in tables]


@pytest.mark.parametrize("lang", ["cs", "en", "uk"])
def test_release_view__every_wave_and_breakdown__rows_equal_the_pandas_summary(app, release, lang):
    with app.test_request_context():
        questionnaire = _questionnaire()
        view = relabel(release_view(release), questionnaire, lang)
        summary = relabel(release_summary(release), questionnaire, lang)
        assert (view.waves, view.min_cell, view.notes) == (summary.waves, summary.min_cell, {"release": 1})
        for wave in [*WAVES, ALL]:
            for breakdown in BREAKDOWNS:
                fast, slow = data.page_rows(view, wave, breakdown), data.page_rows(summary, wave, breakdown)
                assert data.records(fast) == data.records(slow) and len(fast) > 0
                assert _plain(data.question_tables(questionnaire, fast)) == _plain(
                    data.question_tables(questionnaire, slow))
        for a, b in ((WAVES[0], WAVES[1]), (WAVES[1], WAVES[0])):
            assert data.records(view.comparison(a, b)) == data.records(summary.comparison(a, b))
            assert len(view.comparison(a, b)) > 0


def test_release_view__english__labels_translated_once(app, release):
    with app.test_request_context():
        view = release_view(release)
        english = relabel(view, _questionnaire(), "en")
        assert relabel(view, _questionnaire(), "en") is english and relabel(view, _questionnaire(), "cs") is view
        first = data.page_rows(english, WAVES[0], "all")[0]
        assert (first.question_label, first.option_label) == ("How old are you?", "8 to 11 years")


def _grid_features_with_pandas(grid, wave):
    """The grid.json features as the route built them with pandas before (the reference)."""
    cells = grid[grid["wave"] == wave]
    features = []
    for (question, cell, south, west, north, east), part in cells.groupby(
            ["question", "cell", "south", "west", "north", "east"], sort=False):
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"question": question, "cell": cell, "n": int(part["n"].sum()),
                                        "categories": {r.category_label: int(r.n) for r in part.itertuples()}}})
    return features


def _cell(wave, cell, south, category, label, n):
    return {"wave": wave, "question": "mapa", "cell": cell, "south": south, "west": 13.582502,
            "north": south + 0.0009, "east": 13.583919, "category": category, "category_label": label, "n": n}


GRID = [_cell("w", "E3000N1400", 50.58459, "drogy", "Prodávání drog", 15),
        _cell("w", "E3000N1401", 50.58549, "drogy", "Prodávání drog", 7),
        _cell("w", "E3000N1400", 50.58459, "tma", "Je tam tma", 10),
        _cell("v", "E3000N1400", 50.58459, "tma", "Je tam tma", 6)]


@pytest.mark.parametrize("wave", ["w", "v", "x"])
def test_grid_features__release_and_live__equal_the_pandas_groupby(app, wave):
    stored = {"questionnaire": "deti-bezpeci", "number": 3, "k": 5, "waves": ["v", "w"],
              "tables": {"summary": TRICKY, "grid": GRID}}
    with app.test_request_context():
        view, summary = release_view(stored), release_summary(stored)
        expected = _grid_features_with_pandas(summary.grid, wave)
        assert json.dumps(data.grid_features(view, wave)) == json.dumps(expected)
        assert json.dumps(data.grid_features(summary, wave)) == json.dumps(expected)
    if wave == "w":
        assert [(f["properties"]["cell"], f["properties"]["n"], f["properties"]["categories"]) for f in expected] == [
            ("E3000N1400", 25, {"Prodávání drog": 15, "Je tam tma": 10}), ("E3000N1401", 7, {"Prodávání drog": 7})]


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_release_files__every_wave__csv_byte_for_byte_to_csv(app, release, dialect):
    with app.test_request_context():
        for wave in (None, *WAVES):
            assert ReleaseFiles(release_view(release), wave).csv(dialect) == to_csv(
                sliced(release_summary(release), wave).table, dialect)


TRICKY = [  # formulas, separators, quotes, missing numbers, whole floats
    {"wave": "w", "question": "q", "question_label": "=1+1", "option": "a;b", "option_label": 'say "hi", ok',
     "breakdown": "all", "breakdown_value": "all", "n": 12, "base": 40, "pct": 30.0, "suppressed": False},
    {"wave": "w", "question": "q", "question_label": "-x", "option": "b", "option_label": "@b\ttab",
     "breakdown": "all", "breakdown_value": "all", "n": None, "base": 40, "pct": None, "suppressed": True},
    {"wave": "w", "question": "q", "question_label": "q", "option": "mean", "option_label": "průměr",
     "breakdown": "all", "breakdown_value": "all", "n": None, "base": None, "pct": 2.345678901234,
     "suppressed": False},
]


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_release_files__tricky_cells__csv_byte_for_byte_to_csv(app, dialect):
    stored = {"questionnaire": "deti-bezpeci", "number": 7, "k": 5, "waves": ["w"],
              "tables": {"summary": TRICKY, "grid": []}}
    with app.test_request_context():
        fast = ReleaseFiles(release_view(stored)).csv(dialect)
        assert fast == to_csv(release_summary(stored).table, dialect)
    sep = DIALECTS[dialect].separator
    assert fast.decode("utf-8-sig").splitlines()[1] == sep.join(
        ["w", "q", "'=1+1", '"a;b"' if sep == ";" else "a;b", '"say ""hi"", ok"', "all", "all", "12", "40",
         "30,0" if sep == ";" else "30.0", "0"])


def test_question_chart__release_frame_twice__drawn_once(app, release, monkeypatch):
    drawn = []
    monkeypatch.setattr(charts, "_question_chart", lambda *args: drawn.append(args) or b"png")
    monkeypatch.setattr(charts, "_cache", type(charts._cache)())
    with app.test_request_context():
        table = release_view(release).table
        live = release_summary(release).table.copy()
        live.attrs.clear()
    assert [charts.question_chart(table, "vek", list(WAVES)) for _ in range(2)] == [b"png", b"png"]
    assert len(drawn) == 1
    charts.question_chart(live, "vek", list(WAVES))
    charts.question_chart(live, "vek", list(WAVES))
    assert len(drawn) == 3  # a live (unmarked) frame is drawn every time


def test_templating__fresh_app__dashboard_templates_compiled_at_start(app):
    compiled = {key[1] for key in app.jinja_env.cache.keys()}
    assert set(WARM_TEMPLATES) <= compiled


def test_release_store__same_file__parsed_once_until_it_changes(storage, release):
    first = storage.get_release("deti-bezpeci", 1)
    assert storage.get_release("deti-bezpeci", 1) is first and storage.latest_release("deti-bezpeci") is first
    path = storage.data_dir / "releases" / "deti-bezpeci" / "1.json"
    path.write_text(json.dumps({**first, "published_by": "changed"}))
    assert storage.get_release("deti-bezpeci", 1)["published_by"] == "changed"


WORKER = """
import json, sys
sys.path.insert(0, {project!r})
from survey_app import create_app
app = create_app(json.loads({config!r}))
from survey_app.web.auth.accounts import get_users
with app.app_context():
    get_users().create("city-worker@example.org", "worker-password-1", "city")
client = app.test_client()
assert client.post("/login", data={{"email": "city-worker@example.org", "password": "worker-password-1"}}).status_code == 303
templates = len(app.jinja_env.cache)
before = {{m for m in ("pandas", "matplotlib") if m in sys.modules}}
statuses = [client.get(path, headers=headers).status_code for path, headers in json.loads({requests!r})]
print(json.dumps({{"statuses": statuses, "before": sorted(before), "compiled": len(app.jinja_env.cache) - templates,
                  "imported": sorted(m for m in ("pandas", "matplotlib") if m in sys.modules)}}))
"""


def test_city_views__fresh_worker__no_pandas_and_no_template_compiled(app_config, release):
    requests = [(URL, {}), (URL + "?wave=2025-podzim&breakdown=age_band", {}), (URL, {"Accept": "application/json"}),
                (URL + "/grid.json?wave=2026-jaro", {}), (URL + "/download/summary-csv?wave=2026-jaro", {})]
    config = {k: v for k, v in app_config.items() if isinstance(v, (str, int, float, bool, type(None)))}
    script = WORKER.format(project=str(PROJECT), config=json.dumps(config), requests=json.dumps(requests))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"statuses": [200, 200, 200, 200, 200], "before": [],
                                                               "compiled": 0, "imported": []}
