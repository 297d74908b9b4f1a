"""The dashboard's panels (coverage first, then before/after) rendered from releases."""
from flask import render_template_string

from survey_app.fieldwork import measures as model
from survey_app.web.measures.dashboard import panels
from tests.release_stub import autumn_release, spring_release, stub_releases
from tests.web.test_results import MEASURE, text_of

INCLUDE = '{% include "measures/_coverage.html" %}{% set checks = checks %}{% include "measures/_before_after.html" %}'


def test_panels__two_releases__coverage_sentence_and_before_after(app, storage, monkeypatch, questionnaires_dir):
    stub_releases(monkeypatch, {"deti-bezpeci": [spring_release(), autumn_release()]})
    (questionnaires_dir / "population" / "deti-bezpeci.yaml").write_text(
        "questionnaire: deti-bezpeci\nsource: evidence obyvatel\ndate: 2026-01-01\n"
        "age_bands:\n  \"8-11\": 420\n  \"12-14\": 320\n  \"15-18\": null\n", encoding="utf-8")
    model.create_measure(storage, MEASURE, "f@example.org")
    with app.test_request_context("/admin/summaries/deti-bezpeci"):
        data = panels(app.extensions["survey_registry"].get("deti-bezpeci"))
        html = render_template_string(INCLUDE, **data)
    # 35 of 420 -> 1 in 12; 16 of 320 -> 1 in 20 (the newest wave, 2026-podzim)
    assert data["coverage"]["sentences"] == ["Odpovědělo 35 dětí ve věku 8–11 let, to je asi 1 z 12.",
                                             "Odpovědělo 16 dětí ve věku 12–14 let, to je asi 1 z 20."]
    page = text_of(html)
    assert page.index("Kdo se zúčastnil") < page.index("Zkontrolováno v další vlně")
    assert ("Kde se bojíš? – Janov – okolí nákupního střediska 48,0 % (z 50) 25,0 % (z 48) -23,0 p. b."
            in page)
