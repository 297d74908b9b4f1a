"""City releases on the dashboard: nothing before the first, publishing, every city
output read from the release, the live view for facilitators, test runs."""
import shutil

import pytest

from export_fixtures import FIXTURE, QUESTIONNAIRE
from survey_app.responses.submissions import build_record

URL = "/admin/summaries/souhrn"


def _record(i, wave, doma):
    record = build_record(QUESTIONNAIRE, f"s{i}", "cs", {"doma": doma, "vek": "18-39"},
                          {"wave": wave, "channel": "tablet"}, now="2026-04-01T10:00:00Z")
    record["id"] = f"r{i:02d}"
    return record


@pytest.fixture
def data(app, storage, questionnaires_dir):
    """One wave of 12 (7 yes, 5 no) and two responses without a wave."""
    shutil.copy(FIXTURE, questionnaires_dir / "souhrn.yaml")
    app.config["SURVEY_MIN_RELEASE"] = 10
    storage.add_responses([_record(i, "2026-jaro", "yes" if i < 7 else "no") for i in range(12)]
                          + [_record(20 + i, None, "no") for i in range(2)])
    return storage


def _publish(client, login_as):
    login_as("facilitator")
    return client.post(f"{URL}/releases", headers={"Accept": "application/json"})


def test_releases__city_before_the_first__page_json_and_404_download(client, login_as, data):
    login_as("city")
    assert "Zatím nebylo nic zveřejněno" in client.get(URL).get_data(as_text=True)
    assert client.get(URL, headers={"Accept": "application/json"}).get_json() == {
        "questionnaire": "souhrn", "release": None}
    response = client.get(f"{URL}/download/summary-csv")
    assert response.status_code == 404
    assert "Zatím nebylo nic zveřejněno" in response.get_data(as_text=True)


def test_releases__publish__numbered_and_off_wave_left_out(client, login_as, data):
    response = _publish(client, login_as)
    assert response.status_code == 201
    assert response.get_json()["release"] == 1 and response.get_json()["waves"] == ["2026-jaro"]
    assert response.get_json()["respondents"] == {"2026-jaro": 12}
    assert _publish(client, login_as).get_json()["release"] == 2
    assert [r["number"] for r in data.list_releases("souhrn")] == [1, 2]


def test_releases__city_view__unchanged_by_a_new_response_live_view_changes(client, login_as, data):
    _publish(client, login_as)
    login_as("city")
    before = client.get(f"{URL}/download/summary-csv").get_data()
    login_as("facilitator")
    live = client.get(f"{URL}?audience=facilitator", headers={"Accept": "application/json"}).get_json()
    data.add_response(_record(40, "2026-jaro", "yes"))
    live_after = client.get(f"{URL}?audience=facilitator", headers={"Accept": "application/json"}).get_json()
    assert live != live_after
    login_as("city")
    assert client.get(f"{URL}/download/summary-csv").get_data() == before
    assert client.get(URL, headers={"Accept": "application/json"}).get_json()["release"] == 1


def test_releases__csv_of_a_small_release__exact_text(client, login_as, data):
    _publish(client, login_as)
    login_as("city")
    text = client.get(f"{URL}/download/summary-csv?dialect=rfc4180").get_data(as_text=True)
    doma = [line for line in text.splitlines() if ",doma," in line and ",all,all," in line]
    assert doma == ["2026-jaro,doma,Bezpečně doma?,yes,Ano,all,all,7,12,58.3,0",
                    "2026-jaro,doma,Bezpečně doma?,no,Ne,all,all,5,12,41.7,0"]


def test_releases__json_and_csv_of_a_release__agree_cell_by_cell(client, login_as, data):
    _publish(client, login_as)
    login_as("city")
    rows = client.get(f"{URL}?wave=2026-jaro", headers={"Accept": "application/json"}).get_json()["rows"]
    text = client.get(f"{URL}/download/summary-csv?dialect=rfc4180&wave=2026-jaro").get_data(as_text=True)
    csv_cells = {tuple(line.split(",")[i] for i in (1, 3, 6)): line.split(",")[7]
                 for line in text.splitlines()[1:] if ",all,all," in line}
    for row in rows:
        if row["breakdown"] == "all" and row["n"] is not None:
            assert csv_cells[(row["question"], row["option"], row["breakdown_value"])] == str(row["n"])


def test_releases__test_run__excluded_from_the_next_release(client, login_as, data):
    login_as("facilitator")
    response = client.post("/admin/responses/souhrn/r00/test-run", data={"test_run": "1"},
                           headers={"Accept": "application/json"})
    assert response.get_json() == {"response_id": "r00", "test_run": True}
    assert _publish(client, login_as).get_json()["respondents"] == {"2026-jaro": 11}
