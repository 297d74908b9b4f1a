"""Configuration: production refuses to start without a secret; development makes one
in the data dir on first start and keeps it."""
import subprocess
import sys
from pathlib import Path

import pytest

from survey_app import create_app
from survey_app.web.config import ConfigError

PROJECT = Path(__file__).resolve().parents[2]


def test_production_without_secret_key__refuses_and_says_what_to_set(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SURVEY_ENV=production needs SECRET_KEY"):
        create_app({"SURVEY_DATA_DIR": str(tmp_path)})


def test_production_without_secret_key__flask_command_exits_with_the_reason(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "SURVEY_ENV": "production", "SURVEY_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "questionnaires", "check"],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SURVEY_ENV=production needs SECRET_KEY" in result.stderr


def test_development__secret_key_generated_into_data_dir_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SURVEY_ENV", raising=False)
    first = create_app({"SURVEY_DATA_DIR": str(tmp_path)}).config["SECRET_KEY"]
    second = create_app({"SURVEY_DATA_DIR": str(tmp_path)}).config["SECRET_KEY"]
    assert first == second == (tmp_path / "secret_key").read_text().strip()
    assert len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_data_dir__instance_folder_of_the_project(monkeypatch):
    monkeypatch.delenv("SURVEY_DATA_DIR", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    app = create_app({"QUESTIONNAIRES_DIR": str(PROJECT / "questionnaires")})
    assert Path(app.config["SURVEY_DATA_DIR"]) == PROJECT / "instance"


def test_bad_number_setting__refuses_with_the_variable_name(monkeypatch, tmp_path):
    monkeypatch.setenv("SURVEY_MIN_CELL", "pět")
    with pytest.raises(ConfigError, match="SURVEY_MIN_CELL='pět' is not a valid int"):
        create_app({"SURVEY_DATA_DIR": str(tmp_path)})


def test_login_limit_settings__defaults_and_environment(monkeypatch, tmp_path):
    app = create_app({"SURVEY_DATA_DIR": str(tmp_path), "SECRET_KEY": "x"})
    assert (app.config["LOGIN_FREE_FAILURES"], app.config["LOGIN_MAX_DELAY_SECONDS"]) == (5, 900)
    assert app.config["WTF_CSRF_SSL_STRICT"] is False
    monkeypatch.setenv("SURVEY_LOGIN_FREE_FAILURES", "3")
    monkeypatch.setenv("SURVEY_LOGIN_MAX_DELAY_SECONDS", "60")
    app = create_app({"SURVEY_DATA_DIR": str(tmp_path), "SECRET_KEY": "x"})
    assert (app.config["LOGIN_FREE_FAILURES"], app.config["LOGIN_MAX_DELAY_SECONDS"]) == (3, 60)


def test_settings__every_new_setting_documented_in_docs_security():
    from survey_app.web.config import ENV_SETTINGS
    text = (PROJECT / "docs" / "security.md").read_text(encoding="utf-8")
    for name in ("SURVEY_LOGIN_FREE_FAILURES", "SURVEY_LOGIN_MAX_DELAY_SECONDS"):
        assert name in ENV_SETTINGS and f"`{name}`" in text
