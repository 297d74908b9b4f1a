"""The dashboard's panels (coverage first, then before/after) rendered from real
releases published through the real publish path (tests/web/test_loop_wiring.py)."""
from flask import render_template_string

from survey_app.web.measures.dashboard import panels
from tests.web.test_loop_wiring import loop  # noqa: F401  (the fixture: two releases, one measure)
from tests.web.test_results import text_of

INCLUDE = ('{% include "measures/_coverage.html" %}{% set checks = checks %}{% set measures_count = measures %}'
           '{% include "measures/_before_after.html" %}')


def test_panels__two_releases__coverage_sentence_and_before_after(app, loop, questionnaires_dir):  # noqa: F811
    (questionnaires_dir / "population" / "deti-bezpeci.yaml").write_text(
        "questionnaire: deti-bezpeci\nsource: evidence obyvatel\ndate: 2026-01-01\n"
        "age_bands:\n  \"8-11\": 420\n  \"12-14\": 320\n  \"15-18\": null\n", encoding="utf-8")
    with app.test_request_context("/admin/summaries/deti-bezpeci"):
        data = panels(app.extensions["survey_registry"].get("deti-bezpeci"))
        html = render_template_string(INCLUDE, **data)
    # the newest wave, 2026-podzim: 11 of 420 -> 1 in 38; 9 of 320 -> 1 in 36 (35.6)
    assert data["coverage"]["sentences"] == ["Odpovědělo 11 dětí ve věku 8–11 let, to je asi 1 z 38.",
                                             "Odpovědělo 9 dětí ve věku 12–14 let, to je asi 1 z 36.",
                                             "Ve věku 15–18 let neodpovědělo žádné dítě."]
    page = text_of(html)
    assert page.index("Kdo se zúčastnil") < page.index("Zkontrolováno v další vlně")
    # 12 of 420 in spring = 28.6 per 1,000; the town has no figure for 15-18
    assert "2026-jaro všichni 8 až 11 let 12 420 28,6" in page and "15 až 18 let 0 neuvedeno –" in page
    assert ("Kde se bojíš? – Janov – okolí nákupního střediska: značky „necítím se tu bezpečně“ "
            "60,0 % (z 20) 30,0 % (z 20) -30,0 p. b.") in page


def test_panels__release_1__coverage_of_it_and_the_check_waits(app, loop):  # noqa: F811
    with app.test_request_context("/admin/summaries/deti-bezpeci"):
        data = panels(app.extensions["survey_registry"].get("deti-bezpeci"), 1)
    assert data["coverage"]["release"] == 1 and data["coverage"]["waves"] == ["2026-jaro"]
    [check] = data["checks"]
    assert (check["before"], check["after"]) == ({"number": 1, "wave": "2026-jaro"}, None)
    assert [(f["before"], f["after"], f["change_pp"]) for f in check["figures"]] == [
        ({"pct": 60.0, "base": 20}, None, None), ({"pct": 50.0, "base": 20}, None, None)]
