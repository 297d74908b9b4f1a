"""Summaries: the long table's numbers for hand-checked fixtures, breakdowns, map areas
and grid, numeric statistics, small-group merging, and the wave comparison."""
import numpy as np
import pandas as pd
import pytest

from export_fixtures import QUESTIONNAIRE, fixture_records
from survey_app.analysis import grid
from survey_app.analysis import summaries
from survey_app.analysis import tables
from survey_app.responses.submissions import build_record


def _summary(records, audience="facilitator", k=5):
    return summaries.summarise(QUESTIONNAIRE, tables.responses_frame(QUESTIONNAIRE, records),
                               tables.marks_frame(QUESTIONNAIRE, records), audience=audience, min_cell=k)


def _rows(table, **where):
    for key, value in where.items():
        table = table[table[key] == value]
    return [(r.option, r.n, r.base, r.pct, r.suppressed) for r in table.itertuples()]


def _records(rows, start=0):
    """rows: (wave, channel, answers, day) -> stored-like records with fixed ids."""
    records = []
    for i, (wave, channel, answers, day) in enumerate(rows, start):
        record = build_record(QUESTIONNAIRE, f"s{i}", "cs", answers, {"wave": wave, "channel": channel},
                              now=f"{day}T10:00:00Z")
        record["id"] = f"r{i}"
        records.append(record)
    return records


TWO_WAVES = _records(
    [("2025-podzim", "tablet", {"doma": "yes", "vek": "18-39"}, "2025-10-01")] * 6
    + [("2025-podzim", "tablet", {"doma": "no", "vek": "18-39"}, "2025-10-02")] * 4
    + [("2026-jaro", "poster", {"doma": "yes", "vek": "40-plus"}, "2026-04-01")] * 3
    + [("2026-jaro", "poster", {"doma": "no", "vek": "40-plus"}, "2026-04-02")] * 7)


def test_summary__columns_exactly_as_specified():
    assert list(_summary(fixture_records()).table.columns) == [
        "wave", "question", "question_label", "option", "option_label", "breakdown", "breakdown_value",
        "n", "base", "pct", "suppressed"]


def test_wave_comparison__by_hand():
    summary = _summary(TWO_WAVES)
    assert summary.waves == ["2025-podzim", "2026-jaro"]
    comparison = summary.comparison("2025-podzim", "2026-jaro")
    doma = comparison[comparison["question"] == "doma"]
    assert [tuple(r) for r in doma[["option", "base_a", "n_a", "pct_a", "base_b", "n_b", "pct_b",
                                    "change_pp", "suppressed"]].itertuples(index=False)] == [
        ("yes", 10, 6, 60.0, 10, 3, 30.0, -30.0, 0), ("no", 10, 4, 40.0, 10, 7, 70.0, 30.0, 0)]
    table = summary.table
    assert _rows(table, question="doma", breakdown="wave_change") == [
        ("yes", 3, 10, -30.0, 0), ("no", 7, 10, 30.0, 0)]
    assert set(table[table["breakdown"] == "wave_change"]["breakdown_value"]) == {"2025-podzim"}
    assert _rows(table, question="doma", breakdown="all", wave="all") == [
        ("yes", 9, 20, 45.0, 0), ("no", 11, 20, 55.0, 0)]


def test_wave_comparison__city__small_cells_hidden_in_both_waves_and_in_the_change():
    table = _summary(TWO_WAVES, audience="city").table
    hidden = (None, None, 1)
    assert [(o, n if n is not pd.NA else None, pct if pct is not pd.NA else None, s)
            for o, n, base, pct, s in _rows(table, question="doma", breakdown="all", wave="2026-jaro")] == \
        [("yes",) + hidden, ("no",) + hidden]  # 3 is small, so 7 goes too (base 10 is public)
    assert _rows(table, question="doma", breakdown="wave_change")[0][4] == 1
    assert _rows(table, question="doma", breakdown="all", wave="all") == [
        ("yes", 9, 20, 45.0, 0), ("no", 11, 20, 55.0, 0)]


def test_summary__fixture__map_counts_respondents_by_category_and_area():
    table = _summary(fixture_records()).table
    assert _rows(table, wave="all", question="mapa", breakdown="all") == [
        ("drogy", 1, 2, 50.0, 0), ("tma", 1, 2, 50.0, 0),
        ("feeling:unsafe", 1, 2, 50.0, 0), ("feeling:safe", 1, 2, 50.0, 0)]
    areas = table[(table["wave"] == "all") & (table["question"] == "mapa") & (table["breakdown"] == "place")]
    # r1's point lies in the park polygon, r2's in the station's; r2's place mark names "jinde"
    assert [(r.breakdown_value, r.option, r.n, r.base) for r in areas.itertuples() if r.n] == [
        ("park", "drogy", 1, 1), ("park", "feeling:unsafe", 1, 1),
        ("nadrazi", "tma", 1, 1), ("nadrazi", "feeling:safe", 1, 1)]
    assert set(areas["breakdown_value"]) == {"park", "nadrazi", "jinde"}


def test_summary__place_breakdown__named_places_and_marked_areas():
    table = _summary(fixture_records()).table
    rows = table[(table["wave"] == "all") & (table["question"] == "problem") & (table["breakdown"] == "place")]
    assert [(r.breakdown_value, r.option) for r in rows.itertuples() if r.n == 1] == [
        ("park", "drogy"), ("nadrazi", "vzorec"), ("jinde", "vzorec")]


def test_summary__age_band_question__groups_with_not_stated():
    table = _summary(fixture_records()).table
    assert _rows(table, wave="all", question="vek", breakdown="all") == [
        ("18-39", 1, 3, 33.3, 0), ("40-plus", 1, 3, 33.3, 0), ("neuvedeno", 1, 3, 33.3, 0)]
    assert "age_band" not in set(table[table["question"] == "vek"]["breakdown"])


def test_summary__numeric__distribution_mean_median():
    table = _summary(fixture_records()).table
    pocit = _rows(table, wave="all", question="pocit", breakdown="all")
    assert pocit[:5] == [("1", 0, 3, 0.0, 0), ("2", 1, 3, 33.3, 0), ("3", 0, 3, 0.0, 0),
                         ("4", 1, 3, 33.3, 0), ("5", 1, 3, 33.3, 0)]
    assert [(o, n is pd.NA, base, pct) for o, n, base, pct, _ in pocit[5:]] == [
        ("mean", True, 3, 3.67), ("median", True, 3, 4.0)]
    deti = _rows(table, wave="all", question="deti", breakdown="all")
    assert [r[:2] for r in deti[:3]] == [("0", 0), ("1", 1), ("2", 1)]  # 1.5 counts under 1
    assert [(o, pct) for o, _, _, pct, _ in deti[-2:]] == [("mean", 1.75), ("median", 1.75)]


def test_summary__multi_choice__percent_of_those_who_answered():
    records = _records([(None, "web", {"obavy": ["tma", "psi"]}, "2026-01-01"),
                        (None, "web", {"obavy": ["tma"]}, "2026-01-01"),
                        (None, "web", {"doma": "yes"}, "2026-01-01")])
    assert _rows(_summary(records).table, question="obavy", breakdown="all") == [
        ("tma", 2, 2, 100.0, 0), ("psi", 1, 2, 50.0, 0)]


def test_summary__city__small_age_group_merged_into_ostatni():
    records = _records([(None, "web", {"vek": "18-39", "doma": "yes"}, "2026-01-01")] * 10
                       + [(None, "web", {"vek": "40-plus", "doma": "no"}, "2026-01-01")] * 2)
    table = _summary(records, audience="city").table
    assert set(table[table["breakdown"] == "age_band"]["breakdown_value"]) == {"ostatní"}
    assert _rows(table, question="vek", breakdown="all") == [
        ("neuvedeno", 0, 12, 0.0, 0), ("ostatní", 12, 12, 100.0, 0)]
    shown = pd.concat([table["n"], table["base"]]).dropna()
    assert not ((shown >= 1) & (shown < 5)).any()


def test_summary__facilitator__nothing_suppressed_or_merged():
    table = _summary(fixture_records()).table
    assert table["suppressed"].sum() == 0
    assert "ostatní" not in set(table["breakdown_value"])


def test_summary__no_responses__empty_table_with_the_columns():
    summary = _summary([])
    assert summary.table.empty and list(summary.table.columns) == summaries.SUMMARY_COLUMNS
    assert summary.grid.empty and list(summary.grid.columns) == grid.GRID_COLUMNS


def test_grid__cells_of_100_m__ids_and_bounds():
    summary = _summary(fixture_records())
    rows = summary.grid[summary.grid["wave"] == "2026-jaro"]
    assert [(r.cell, r.category, r.n) for r in rows.itertuples()] == [
        ("E1000N800", "tma", 1), ("E1000N1900", "drogy", 1)]
    cell = rows.iloc[1]
    assert cell["south"] <= 50.5925 < cell["north"] and cell["west"] <= 13.605 < cell["east"]
    projection = grid.LocalProjection.for_bounds(QUESTIONNAIRE.question("mapa").config["bounds"])
    x, y = projection.to_metres([cell["north"]], [cell["east"]])
    x0, y0 = projection.to_metres([cell["south"]], [cell["west"]])
    assert (x - x0)[0] == pytest.approx(100, abs=0.1) and (y - y0)[0] == pytest.approx(100, abs=0.1)


def test_grid__city__cells_under_k_dropped():
    assert _summary(fixture_records(), audience="city").grid.empty


def test_points_in_polygon__square_and_outside():
    square = [[50.59, 13.60], [50.59, 13.61], [50.595, 13.61], [50.595, 13.60]]
    inside = grid.points_in_polygon(np.array([50.5925, 50.6, 50.5925]), np.array([13.605, 13.605, 13.62]),
                                    square)
    assert inside.tolist() == [True, False, False]


def test_local_projection__one_km_north_is_1000_m():
    projection = grid.LocalProjection((50.58, 13.59), 50.59)
    x, y = projection.to_metres([50.58 + 1000 / 111_195.08], [13.59])
    assert (round(float(x[0]), 3), round(float(y[0]), 1)) == (0.0, 1000.0)


def test_summarise__unknown_audience__refused():
    with pytest.raises(ValueError, match="audience must be one of city, facilitator"):
        summaries.summarise(QUESTIONNAIRE, tables.responses_frame(QUESTIONNAIRE, []),
                            tables.marks_frame(QUESTIONNAIRE, []), audience="press")


def test_grid__city__area_minus_its_squares_never_leaves_a_small_count():
    """The map area's count is published beside the squares inside it (issue 11): area
    minus the visible squares must not give a hidden square's 1..K-1."""
    here, there = {"lat": 50.5925, "lon": 13.605, "category": "tma"}, {"lat": 50.5912, "lon": 13.6015, "category": "tma"}
    rows = [("2026-jaro", "tablet", {"mapa": [here]}, "2026-04-01")] * 10 \
        + [("2026-jaro", "tablet", {"mapa": [there]}, "2026-04-01")] * 2
    facilitator, city = _summary(_records(rows)), _summary(_records(rows), audience="city")
    assert sorted(facilitator.grid["n"].tolist()) == [2, 10]  # two squares, both in the park
    area = city.table[(city.table["question"] == "mapa") & (city.table["breakdown"] == "place")
                      & (city.table["breakdown_value"] == "park") & (city.table["option"] == "tma")]
    assert area["n"].tolist() == [12]
    assert city.grid.empty  # 12 - 10 would give the square of 2
