"""`flask export`: file names, printed paths, refusals and progress."""
import shutil
from datetime import date

import pytest

from export_fixtures import FIXTURE, fixture_records
from survey_app.cli import export as export_cli

def today():
    return date.today().isoformat()  # read per test: a run may cross midnight


@pytest.fixture
def stored(app, storage, questionnaires_dir):
    """The souhrn questionnaire in the app, with the three fixture responses stored."""
    shutil.copy(FIXTURE, questionnaires_dir / "souhrn.yaml")
    storage.add_responses(fixture_records())
    return storage


def _run(runner, *args):
    return runner.invoke(args=["export", "--questionnaire", "souhrn", *args])


def _publish(runner, app):
    """City files come from releases (issue 11): release the two 2026-jaro responses."""
    app.config["SURVEY_MIN_RELEASE"] = 2
    result = runner.invoke(args=["release", "publish", "--questionnaire", "souhrn"])
    assert result.exit_code == 0, result.output
    return result


def test_export_cli__city_before_a_release__exit_2_nothing_published(runner, stored, tmp_path):
    result = _run(runner, "--format", "summary-csv", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "souhrn: Zatím nebylo nic zveřejněno (nothing published yet: flask release publish)" in result.output
    assert not (tmp_path / "out").exists()


def test_export_cli__release_publish__prints_number_waves_respondents(runner, stored, app):
    assert _publish(runner, app).stdout == "release 1: 2026-jaro 2\n"
    listed = runner.invoke(args=["release", "list", "--questionnaire", "souhrn"]).stdout
    assert listed.startswith("release 1: ") and " cli 2026-jaro <5 hidden " in listed


def test_export_cli__summary_csv__city_by_default__prints_the_path(runner, stored, tmp_path, app):
    _publish(runner, app)
    out = tmp_path / "out"
    result = _run(runner, "--format", "summary-csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    path = out / f"souhrn_all_summary-csv_{today()}.csv"
    assert result.stdout == "".join(f"{out / f'souhrn_all_summary-csv{part}_{today()}.csv'}\n"
                                    for part in ("", "-measures", "-before_after"))
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffwave;question;question_label;option;option_label;breakdown;"
                           "breakdown_value;n;base;pct;suppressed\r\n")
    # three responses: every count is below K = 5, so none is in the city's file
    rows = [line.split(";") for line in text.splitlines()[1:]]
    assert rows and all(row[7] == "" for row in rows)


def test_export_cli__raw_csv__three_files_in_the_exports_dir(runner, stored, app):
    result = _run(runner, "--format", "csv")
    assert result.exit_code == 0, result.output
    exports = app.config["EXPORTS_DIR"]
    assert result.stdout.splitlines() == [f"{exports}/souhrn_all_csv_{today()}.csv",
                                          f"{exports}/souhrn_all_csv-marks_{today()}.csv",
                                          f"{exports}/souhrn_all_csv-codebook_{today()}.csv"]
    first = open(result.stdout.splitlines()[0], encoding="utf-8-sig").read().splitlines()[1]
    assert first == "r1;2026-03-02;3;2026-jaro;tablet;3;cs;18-39;4;drogy;1;0;yes;1;0;0;1;2,0"


def test_export_cli__wave_and_dialect__in_name_and_content(runner, stored, tmp_path):
    result = _run(runner, "--format", "csv", "--wave", "2026-jaro", "--dialect", "rfc4180",
                  "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / f"souhrn_2026-jaro_csv_{today()}.csv"
    assert result.stdout.splitlines()[0] == str(path)
    assert [line[:2] for line in path.read_text(encoding="utf-8").splitlines()[1:]] == ["r1", "r2"]


def test_export_cli__geojson_and_xlsx__written(runner, stored, tmp_path, app):
    _publish(runner, app)
    for name, ext in (("geojson", "geojson"), ("xlsx", "xlsx"), ("summary-xlsx", "xlsx"), ("charts", "zip")):
        result = _run(runner, "--format", name, "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{tmp_path / f'souhrn_all_{name}_{today()}.{ext}'}\n"


@pytest.mark.parametrize("args, message", [
    (["--format", "csv", "--audience", "city"], "format csv is raw data (one row per response) and is never "
                                                "made for the city"),
    (["--format", "geojson", "--audience", "city"], "format geojson is raw data"),
    (["--format", "summary-csv", "--include-text"], "free text is never exported for the city"),
    (["--format", "summary-csv", "--audience", "city", "--include-text"], "free text is never exported"),
    (["--format", "csv", "--wave", "2030"], "--wave 2030: no responses in this wave (waves with responses: "
                                            "2026-jaro, bez vlny)"),
    (["--format", "csv", "--campaign", "9"], "--campaign 9: no responses in this campaign (campaigns with "
                                             "responses: 3)"),
    (["--format", "pdf"], "Invalid value for '--format'"),
])
def test_export_cli__refusals__usage_error_and_no_file(runner, stored, tmp_path, args, message):
    out = tmp_path / "out"
    result = _run(runner, *args, "--out", str(out))
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_export_cli__unknown_questionnaire__names_the_known_ones(runner, stored):
    result = runner.invoke(args=["export", "--questionnaire", "nic", "--format", "csv"])
    assert result.exit_code == 2
    assert "--questionnaire nic: no such questionnaire (known: deti-bezpeci, dospeli-bezpeci, souhrn)" in result.output


def test_export_cli__long_export__progress_on_stderr_paths_on_stdout(runner, stored, tmp_path, monkeypatch):
    monkeypatch.setattr(export_cli, "PROGRESS_FROM", 2)
    result = _run(runner, "--format", "summary-csv", "--audience", "facilitator", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "export summary-csv" in result.stderr
    assert result.stdout == "".join(f"{tmp_path / f'souhrn_all_summary-csv{part}_{today()}.csv'}\n"
                                    for part in ("", "-measures", "-before_after"))


def test_export_cli__no_responses__headers_only_and_a_note(runner, app, questionnaires_dir, tmp_path):
    shutil.copy(FIXTURE, questionnaires_dir / "souhrn.yaml")
    result = _run(runner, "--format", "summary-csv", "--audience", "facilitator", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "souhrn has no responses" in result.stderr
    assert (tmp_path / f"souhrn_all_summary-csv_{today()}.csv").read_bytes().count(b"\r\n") == 1
