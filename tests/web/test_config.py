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
