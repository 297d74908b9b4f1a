"""Coverage (who took part against who lives there), numbers by hand for a fixture
release, and the population file's checks with line numbers."""
import pytest

from survey_app.analysis import coverage
from survey_app.fieldwork.population import PopulationError, parse_population
from tests.release_stub import spring_release

POPULATION = {"age_bands": {"8-11": 504, "12-14": 360, "15-18": None}, "source": "evidence obyvatel",
              "date": "2026-01-01", "areas": []}


def test_coverage_rows__spring_release__counts_and_rates_by_hand():
    rows = coverage.coverage_rows(spring_release(), POPULATION, "vek")
    assert [(r["wave"], r["channel"], r["age_band"], r["respondents"], r["population"], r["per_1000"], r["one_in"],
             r["suppressed"]) for r in rows] == [
        # 42 / 504 = 0.0833 -> 83.3 per 1,000, 1 in 12; 18 / 360 -> 50.0, 1 in 20
        ("2026-jaro", "all", "8-11", 42, 504, 83.3, 12, False),
        ("2026-jaro", "all", "12-14", 18, 360, 50.0, 20, False),
        ("2026-jaro", "all", "15-18", None, None, None, None, True),
        # tablet 30 / 504 = 59.5 (1 in 17), 10 / 360 = 27.8 (1 in 36); web 12 / 504 = 23.8 (1 in 42), 8 / 360 = 22.2 (1 in 45)
        ("2026-jaro", "tablet", "8-11", 30, 504, 59.5, 17, False),
        ("2026-jaro", "tablet", "12-14", 10, 360, 27.8, 36, False),
        ("2026-jaro", "web", "8-11", 12, 504, 23.8, 42, False),
        ("2026-jaro", "web", "12-14", 8, 360, 22.2, 45, False)]


def test_sentence__children_cs_and_en__plain_sentence():
    row = coverage.coverage_rows(spring_release(), POPULATION, "vek")[0]
    assert coverage.sentence(row, "children", "cs") == "Odpovědělo 42 dětí ve věku 8–11 let, to je asi 1 z 12."
    assert coverage.sentence(row, "children", "en") == "42 children aged 8–11 answered, about 1 in 12."


def test_sentence__population_unknown__no_rate__suppressed__none():
    rows = coverage.coverage_rows(spring_release(), {"age_bands": {}}, "vek")
    assert coverage.sentence(rows[0], "adults", "cs") == "Odpovědělo 42 lidí ve věku 8–11 let."
    assert coverage.sentence(rows[2], "children", "cs") is None


def test_dashboard_coverage__shipped_population__bands_missing_areas_listed():
    data = coverage.dashboard_coverage(spring_release(), POPULATION, "vek")
    assert data["sentences"] == ["Odpovědělo 42 dětí ve věku 8–11 let, to je asi 1 z 12.",
                                 "Odpovědělo 18 dětí ve věku 12–14 let, to je asi 1 z 20."]
    assert data["bands_missing"] == ["15-18"] and data["release"] == 1


def test_dashboard_coverage__no_release__empty():
    assert coverage.dashboard_coverage(None, None, "vek")["rows"] == []


def test_parse_population__shipped_files__only_what_the_report_states(app):
    from survey_app.fieldwork.population import load_population
    registry = app.extensions["survey_registry"]
    kids = load_population(app.config["QUESTIONNAIRES_DIR"], registry.get("deti-bezpeci"))
    assert kids.age_bands == {"8-11": None, "12-14": None, "15-18": None}
    assert [(a["id"], a["total"], a["approximate"], a["date"]) for a in kids.areas] == [
        ("litvinov", 22695, False, "2023-01-01"), ("janov", 3900, True, "2023-01-01")]
    adults = load_population(app.config["QUESTIONNAIRES_DIR"], registry.get("dospeli-bezpeci"))
    assert set(adults.age_bands.values()) == {None}


@pytest.mark.parametrize("text, error", [
    ("questionnaire: x\nsource: s\ndate: 2023-01-01\nage_band: {}\n",
     "p.yaml:4: unknown key 'age_band' in the population file (did you mean 'age_bands'?)"),
    ("questionnaire: x\nsource: s\ndate: 2023-01-01\nage_bands:\n  \"8-11\": -3\n",
     "p.yaml:5: age band '8-11' must be a whole number of people from 0 to 10000000 or null (not known yet), not -3"),
    ("questionnaire: x\ndate: 2023-01-01\n", "p.yaml:1: 'source' is required: say where the figures come from"),
    ("questionnaire: x\nsource: s\ndate: 1.1.2023\n", "p.yaml:3: 'date' must be a date YYYY-MM-DD, not '1.1.2023'"),
    ("questionnaire: x\nsource: s\ndate: 2023-01-01\nareas:\n  - {id: a, total: 5}\n  - {id: a, total: 6}\n",
     "p.yaml:6: area 'a' is listed twice"),
])
def test_parse_population__bad_file__line_numbered_error(text, error):
    with pytest.raises(PopulationError) as caught:
        parse_population(text, "p.yaml")
    assert caught.value.errors == [error]


def test_parse_population__band_not_in_questionnaire__did_you_mean(app):
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    with pytest.raises(PopulationError) as caught:
        parse_population("questionnaire: deti-bezpeci\nsource: s\ndate: 2023-01-01\nage_bands:\n  \"8-12\": 10\n",
                         "p.yaml", questionnaire)
    assert caught.value.errors == ["p.yaml:5: age band '8-12' is not an option of the age question "
                                   "(8-11, 12-14, 15-18) (did you mean '8-11'?)"]
