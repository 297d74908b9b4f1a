"""A release stays useful (issue 11): on a realistic two-wave children's dataset the city
sees its age, place, fear and map tables, and few large cells are hidden."""
from pathlib import Path

import pytest

from survey_app.analysis import releases

from . import release_data

ROOT = Path(__file__).resolve().parents[2]
WAVES = ["2026-jaro", "2026-podzim"]


@pytest.fixture(scope="module")
def published():
    questionnaire = release_data.children_questionnaire(ROOT)
    records = release_data.records(questionnaire)
    release, private = releases.build(questionnaire, releases.eligible(records), [], k=release_data.K, waves=WAVES,
                                      published_by="t", published_at="2026-11-01T10:00Z", every=records)
    return release, private


def _visible(release, question, breakdown="all"):
    return [r for r in release["tables"]["summary"] if r["question"] == question and r["breakdown"] == breakdown
            and r["option"] not in ("mean", "median") and not r["suppressed"]]


def test_release__realistic_two_waves__at_most_15_percent_of_large_cells_hidden(published):
    release, _private = published
    assert release["hidden"]["large_cells"] > 800
    assert release_data.hidden_share(release) <= 0.15, release["hidden"]


def test_release__realistic_two_waves__test_runs_left_out_all_rows_cover_the_waves(published):
    release, private = published
    assert release["waves"] == WAVES
    assert release["respondents"] == {"2026-jaro": 100, "2026-podzim": 89}
    assert sum(len(ids) for ids in private["ids"].values()) == 189  # the four test runs have no wave
    base = {r["wave"]: r["base"] for r in release["tables"]["summary"]
            if r["question"] == "vek" and r["breakdown"] == "all"}
    assert base == {"2026-jaro": 100, "2026-podzim": 89, "all": 189}


@pytest.mark.parametrize("question", ["vek", "obavy", "mapa", "bezpeci_den", "bezpeci_vecer"])
def test_release__realistic_two_waves__age_fear_map_and_feeling_tables_published(published, question):
    release, _private = published
    for wave in WAVES + ["all"]:
        shown = [r for r in _visible(release, question) if r["wave"] == wave]
        assert len(shown) >= 2, (question, wave)


def test_release__realistic_two_waves__age_bands_of_the_children_shown(published):
    release, _private = published
    ages = {(r["wave"], r["option"]): r["n"] for r in _visible(release, "vek")}
    # 12-14 and 15-18 are merged (15-18 has 3 children in the autumn): "ostatní"
    assert ages == {("2026-jaro", "8-11"): 55, ("2026-jaro", "ostatní"): 45, ("2026-jaro", "neuvedeno"): 0,
                    ("2026-podzim", "8-11"): 50, ("2026-podzim", "ostatní"): 39, ("2026-podzim", "neuvedeno"): 0,
                    ("all", "8-11"): 105, ("all", "ostatní"): 84, ("all", "neuvedeno"): 0}


def test_release__realistic_two_waves__map_areas_published(published):
    release, _private = published
    areas = [r for r in release["tables"]["map_areas"] if not r["suppressed"] and r["n"]]
    assert len(areas) >= 10


def test_release__band_small_in_one_wave_only__merged_in_that_wave_only(monkeypatch):
    monkeypatch.setitem(release_data.AGES, "2026-jaro", {"8-11": 45, "12-14": 30, "15-18": 25})
    questionnaire = release_data.children_questionnaire(ROOT)
    records = release_data.records(questionnaire)
    release, _private = releases.build(questionnaire, releases.eligible(records), [], k=release_data.K,
                                       waves=WAVES, published_by="t", published_at="2026-11-01T10:00Z",
                                       every=records)
    ages = {(r["wave"], r["option"]): r["n"] for r in _visible(release, "vek") if r["n"]}
    assert ages == {("2026-jaro", "8-11"): 45, ("2026-jaro", "12-14"): 30, ("2026-jaro", "15-18"): 25,
                    ("2026-podzim", "8-11"): 50, ("2026-podzim", "ostatní"): 39,
                    ("all", "8-11"): 95, ("all", "ostatní"): 94}
    assert release["merged_by_wave"]["2026-jaro"].get("age_band") is None
    assert release["merged_by_wave"]["2026-podzim"]["age_band"] == ["12-14", "15-18"]
    assert release_data.hidden_share(release) <= 0.15, release["hidden"]
