"""/admin/summaries: what the city and the facilitators see and may download."""
import re
import shutil

import pytest

from export_fixtures import FIXTURE, QUESTIONNAIRE
from survey_app.responses.submissions import build_record

URL = "/admin/summaries/souhrn"


def _record(i, wave, answers, day):
    record = build_record(QUESTIONNAIRE, f"s{i}", "cs", answers, {"wave": wave, "channel": "tablet"},
                          now=f"{day}T10:00:00Z")
    record["id"] = f"r{i:02d}"
    return record


@pytest.fixture
def data(app, storage, questionnaires_dir):
    """Two waves of ten: at home safe 6 of 10, then 3 of 10 (small: hidden for the city)."""
    shutil.copy(FIXTURE, questionnaires_dir / "souhrn.yaml")
    answers = ([("2025-podzim", "yes", "2025-10-01")] * 6 + [("2025-podzim", "no", "2025-10-01")] * 4
               + [("2026-jaro", "yes", "2026-04-01")] * 3 + [("2026-jaro", "no", "2026-04-01")] * 7)
    storage.add_responses([_record(i, wave, {"doma": doma, "vek": "18-39"}, day)
                           for i, (wave, doma, day) in enumerate(answers)])
    _publish(app)
    return storage


def _publish(app):
    """The city sees releases only (issue 11): publish one of both waves."""
    from survey_app.web.registry import get_registry
    from survey_app.web.dashboard.releases import publish_release, release_plan

    app.config["SURVEY_MIN_RELEASE"] = 10
    with app.test_request_context():
        questionnaire = get_registry().get("souhrn")
        return publish_release(questionnaire, release_plan(questionnaire), "test@example.org")


def _cells(html):
    """The numbers the summary tables show: counts in brackets and the bases."""
    counts = [int(n) for n in re.findall(r'<span class="muted">\((\d+)\)</span>', html)]
    bases = [int(n) for n in re.findall(r'<tr class="base-row">.*?</tr>', html, flags=re.S)
             for n in re.findall(r"<td>(\d+)</td>", n)]
    return counts, bases


def test_dashboard__city__renders_suppressed_and_offers_no_raw_download(client, login_as, data):
    login_as("city")
    html = client.get(f"{URL}?wave=2026-jaro").get_data(as_text=True)
    assert 'id="suppression-note"' in html and "Bezpečně doma?" in html
    counts, bases = _cells(html)
    assert counts and all(n == 0 or n >= 5 for n in counts + bases)
    assert "30,0 %" not in html and "70,0 %" not in html  # 3 and 7 of 10 are hidden
    assert 'class="suppressed"' in html
    for name in ("csv", "xlsx", "geojson"):
        assert f"/download/{name}?" not in html and f"/download/{name}\"" not in html
    assert 'id="raw-downloads"' not in html
    assert "/download/summary-csv?wave=2026-jaro" in html and "/download/charts?wave=2026-jaro" in html


def test_dashboard__city__asking_for_all_counts_still_suppressed(client, login_as, data):
    login_as("city")
    html = client.get(f"{URL}?wave=2026-jaro&audience=facilitator").get_data(as_text=True)
    assert 'id="suppression-note"' in html and "70,0 %" not in html


@pytest.mark.parametrize("name", ["csv", "xlsx", "geojson"])
def test_dashboard__city__raw_download_forbidden(client, login_as, data, name):
    login_as("city")
    assert client.get(f"{URL}/download/{name}").status_code == 403


def test_dashboard__city__summary_csv_download_is_the_city_file(client, login_as, data):
    login_as("city")
    response = client.get(f"{URL}/download/summary-csv?wave=2026-jaro&audience=facilitator")
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    assert 'filename="souhrn_2026-jaro_summary-csv_' in response.headers["Content-Disposition"]
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert lines[0] == "wave;question;question_label;option;option_label;breakdown;breakdown_value;n;base;pct;suppressed"
    doma = [line for line in lines if line.startswith("2026-jaro;doma;") and ";all;all;" in line]
    assert doma == ["2026-jaro;doma;Bezpečně doma?;yes;Ano;all;all;;10;;1",
                    "2026-jaro;doma;Bezpečně doma?;no;Ne;all;all;;10;;1"]


def test_dashboard__facilitator__raw_downloads_and_all_counts(client, login_as, data):
    login_as("facilitator")
    html = client.get(f"{URL}?wave=2026-jaro").get_data(as_text=True)
    assert 'id="raw-downloads"' in html and "/download/geojson?wave=2026-jaro" in html
    assert "70,0 %" not in html  # the default view is the city's
    html = client.get(f"{URL}?wave=2026-jaro&audience=facilitator").get_data(as_text=True)
    assert 'id="unsuppressed-note"' in html and "70,0 % <span class=\"muted\">(7)</span>" in html
    response = client.get(f"{URL}/download/csv?wave=2026-jaro")
    assert response.status_code == 200
    assert response.get_data().decode("utf-8-sig").splitlines()[1].startswith("r10;2026-04-01;;2026-jaro;tablet;3;cs;18-39;")
    codebook = client.get(f"{URL}/download/csv?part=codebook").get_data().decode("utf-8-sig")
    assert codebook.splitlines()[0] == "question;type;column;label_cs;label_en;value;value_label_cs;value_label_en;sensitive"
    xlsx = client.get(f"{URL}/download/xlsx")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"


def test_dashboard__wave_comparison_table(client, login_as, data):
    login_as("facilitator")
    html = client.get(f"{URL}?wave=all&audience=facilitator&a=2025-podzim&b=2026-jaro").get_data(as_text=True)
    table = html.split('id="comparison-table"', 1)[1].split("</table>", 1)[0]
    assert re.sub(r"\s+", " ", "<td>Bezpečně doma?</td><td>Ano</td> <td>60,0 %</td> <td>30,0 %</td> "
                  "<td>-30,0</td>") in re.sub(r"\s+", " ", table)


def test_dashboard__chart_map_and_json(client, login_as, data):
    login_as("city")
    chart = client.get(f"{URL}/charts/doma.png?wave=all")
    assert chart.status_code == 200 and chart.content_type == "image/png" and chart.data[:4] == b"\x89PNG"
    assert client.get(f"{URL}/charts/nope.png").status_code == 404
    assert client.get(f"{URL}/grid.json").get_json() == {"type": "FeatureCollection", "features": []}
    assert client.get(f"{URL}/grid.png").content_type == "image/png"
    body = client.get(f"{URL}?wave=2026-jaro", headers={"Accept": "application/json"}).get_json()
    assert body["waves"] == ["2025-podzim", "2026-jaro"] and body["audience"] == "city"
    doma = [r for r in body["rows"] if r["question"] == "doma"]
    assert [(r["option"], r["n"], r["base"], r["pct"], r["suppressed"]) for r in doma] == [
        ("yes", None, 10, None, 1), ("no", None, 10, None, 1)]


@pytest.mark.parametrize("query, status, error", [
    ("?wave=2030", 404, "unknown_wave"), ("?breakdown=gender", 400, "bad_request")])
def test_dashboard__bad_parameters__clear_4xx(client, login_as, data, query, status, error):
    login_as("city")
    response = client.get(URL + query, headers={"Accept": "application/json"})
    assert response.status_code == status and response.get_json()["error"] == error
    assert client.get("/admin/summaries/nope").status_code == 404


def test_dashboard__anonymous__login_redirect_or_401(client, data):
    assert client.get(URL).status_code in (302, 303)
    assert client.get(URL, headers={"Accept": "application/json"}).status_code == 401


def test_dashboard__index__city_sees_no_small_total(client, login_as, data, make_response):
    make_response("deti-bezpeci", vek="8-11")
    make_response("deti-bezpeci", vek="12-14")
    login_as("city")
    html = client.get("/admin/summaries").get_data(as_text=True)
    assert 'href="/admin/summaries/souhrn"' in html and "<td>20</td>" in html
    assert "<td>méně než 5</td>" in html and "<td>2</td>" not in html
    body = client.get("/admin/summaries", headers={"Accept": "application/json"}).get_json()
    assert {q["id"]: q["responses"] for q in body} == {"deti-bezpeci": None, "dospeli-bezpeci": 0, "souhrn": 20}
