"""The dashboard's map in Chromium: dashboard.js replaces the server-drawn picture of
the 100 m squares by a Leaflet map (vendored) with one square per grid cell, and the
page works for the city without any raw-data link."""
import re
import shutil

from tests.browser.test_admin_browser import log_in
from tests.export_fixtures import FIXTURE, QUESTIONNAIRE
from survey_app.responses.submissions import build_record


def _store(app, count=12):
    """Twelve respondents with a dark-place mark in one square, six with a drugs mark in
    another: two squares for the city (K = 5), both with their counts."""
    shutil.copy(FIXTURE, f"{app.config['QUESTIONNAIRES_DIR']}/souhrn.yaml")
    records = []
    for i in range(count):
        marks = [{"lat": 50.5826, "lon": 13.6049, "category": "tma", "feeling": "unsafe"}]
        if i % 2:
            marks.append({"lat": 50.5925, "lon": 13.6050, "category": "drogy", "feeling": "unsafe"})
        record = build_record(QUESTIONNAIRE, f"s{i}", "cs", {"mapa": marks}, {"wave": "2026-jaro"},
                              now="2026-04-01T10:00:00Z")
        record["id"] = f"r{i}"
        records.append(record)
    app.extensions["survey_storage"].add_responses(records)
    _publish(app)


def _publish(app):
    """The city sees releases only (issue 11): publish the wave (12 respondents)."""
    from survey_app.web.registry import get_registry
    from survey_app.web.dashboard.releases import publish_release, release_plan

    app.config["SURVEY_MIN_RELEASE"] = 10
    with app.test_request_context():
        questionnaire = get_registry().get("souhrn")
        publish_release(questionnaire, release_plan(questionnaire), "test@example.org")


def test_dashboard_map__leaflet_draws_the_city_squares(tablet, live_server, users):
    _store(live_server.app)
    tablet.set_viewport_size({"width": 1280, "height": 1400})
    log_in(tablet, live_server, users, role="city", next_path="/admin/summaries/souhrn")
    tablet.wait_for_selector("[data-summary-map].leaflet-container")
    squares = tablet.locator("[data-summary-map] path.leaflet-interactive")
    squares.first.wait_for()
    assert squares.count() == 2
    assert tablet.locator("[data-summary-map] img.summary-grid-image").count() == 0
    squares.nth(0).click(force=True)
    popup = tablet.locator(".leaflet-popup-content").text_content()
    assert re.fullmatch(r"(12 respondentů)Tmavé místo: 12|(6 respondentů)Drogy na ulici: 6", popup)
    assert tablet.locator("#raw-downloads").count() == 0
