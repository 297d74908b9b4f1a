"""Files made from a release (charts, grid.png, XLSX) are made once and kept by storage:
a second worker serves the stored bytes; a change in the town's measures makes a new file."""
import pytest

from survey_app import create_app
from survey_app.analysis import charts
from survey_app import exporters

from .test_city_speed import URL, release  # noqa: F401 (fixture)


def _refuse(*args, **kwargs):
    raise AssertionError("drawn or written again")


@pytest.fixture
def city(login_as):
    return login_as("city")


def _second_worker(app_config, login_as):
    """A new app on the same data dir: nothing in its process caches."""
    return login_as("city", client=create_app(app_config).test_client())


@pytest.mark.parametrize("path", ["/charts/bezpeci_den.png", "/grid.png", "/download/summary-xlsx",
                                  "/download/summary-csv?part=measures"])
def test_city_release_file__second_worker__stored_bytes_served(city, release, app_config, login_as, monkeypatch,
                                                                path, storage):
    first = city.get(URL + path + ("&" if "?" in path else "?") + "wave=2026-jaro")
    assert first.status_code == 200 and len(first.data) > 100
    stored = list((storage.data_dir / "cache" / "releases" / "deti-bezpeci" / "1").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == first.data
    monkeypatch.setattr(charts, "question_chart", _refuse)
    monkeypatch.setattr(charts, "grid_chart", _refuse)
    monkeypatch.setattr(exporters, "export", _refuse)
    from survey_app.web.dashboard import routes
    monkeypatch.setattr(routes, "export", _refuse)
    again = _second_worker(app_config, login_as).get(URL + path + ("&" if "?" in path else "?") + "wave=2026-jaro")
    assert again.status_code == 200 and again.data == first.data


def test_city_release_file__other_language_and_wave__files_of_their_own(city, release, storage):
    city.get(URL + "/charts/bezpeci_den.png?wave=2026-jaro")
    city.get(URL + "/charts/bezpeci_den.png?wave=2026-jaro&lang=en")
    city.get(URL + "/charts/bezpeci_den.png?wave=2025-podzim")
    assert len(list((storage.data_dir / "cache" / "releases" / "deti-bezpeci" / "1").iterdir())) == 3


def test_city_release_file__facilitator_live_view__nothing_stored(login_as, release, storage):
    facilitator = login_as("facilitator")
    assert facilitator.get(URL + "/charts/bezpeci_den.png?audience=facilitator").status_code == 200
    assert not (storage.data_dir / "cache" / "releases").exists()


def test_release_file_key__not_hex__refused(storage):
    with pytest.raises(ValueError):
        storage.release_file("deti-bezpeci", 1, "../../etc/passwd")


def test_city_release_file__a_measure_recorded_since__in_the_next_download(city, release, login_as):
    before = city.get(URL + "/download/summary-csv?part=measures").get_data(as_text=True)
    form = {"questionnaire_id": "deti-bezpeci", "title_cs": "Lampy u zastávky", "actor": "mesto",
            "status": "planned", "decided_on": "2026-04-15", "options": ["obavy:drogy"], "release": "1"}
    assert city.post("/admin/measures/new", data=form).status_code == 303
    after = city.get(URL + "/download/summary-csv?part=measures").get_data(as_text=True)
    assert "Lampy u zastávky" not in before and "Lampy u zastávky" in after
