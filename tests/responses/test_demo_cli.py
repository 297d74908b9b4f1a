"""`flask demo-data`: plausible, valid, marked synthetic responses; never mixed into
real data by accident."""
from survey_app.responses.answers import validate_answers


def test_demo_data__writes_valid_marked_responses(runner, storage, app):
    result = runner.invoke(args=["demo-data", "--questionnaire", "deti-bezpeci", "--responses", "150", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "wrote 150 demo responses to deti-bezpeci" in result.output
    records = storage.responses("deti-bezpeci")
    assert len(records) == 150
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    for record in records:
        assert record["demo"] is True
        assert validate_answers(questionnaire, record["answers"]) == record["answers"]
    assert any(record["answers"].get("mapa") for record in records)
    assert {record["answers"].get("vek") for record in records} - {None} == {"8-11", "12-14", "15-18"}


def test_demo_data__same_seed__same_answers(runner, storage, tmp_path, app_config):
    from survey_app import create_app
    other = create_app({**app_config, "SURVEY_DATA_DIR": str(tmp_path / "other")})
    for target in (runner, other.test_cli_runner()):
        target.invoke(args=["demo-data", "--questionnaire", "dospeli-bezpeci", "--responses", "20", "--seed", "7"])
    first = [r["answers"] for r in storage.responses("dospeli-bezpeci")]
    second = [r["answers"] for r in other.extensions["survey_storage"].responses("dospeli-bezpeci")]
    assert first == second


def test_demo_data__refuses_data_dir_with_real_responses(runner, storage, make_response):
    make_response("deti-bezpeci", vek="8-11")
    result = runner.invoke(args=["demo-data", "--questionnaire", "deti-bezpeci", "--responses", "5"])
    assert result.exit_code == 2
    assert "holds real responses" in result.output and "--force" in result.output
    assert len(storage.responses("deti-bezpeci")) == 1
    forced = runner.invoke(args=["demo-data", "--questionnaire", "deti-bezpeci", "--responses", "5", "--force"])
    assert forced.exit_code == 0 and len(storage.responses("deti-bezpeci")) == 6


def test_demo_data__unknown_questionnaire__clear_error(runner):
    result = runner.invoke(args=["demo-data", "--questionnaire", "nope", "--responses", "5"])
    assert result.exit_code == 2 and "--questionnaire nope" in result.output
