"""`flask backup` and `flask restore`: through Click's runner for the details, and once
as real `flask --app wsgi` processes while the app keeps taking submissions."""
import json
import os
import subprocess
import sys
import tarfile
import threading
import uuid
from pathlib import Path

import pytest

from survey_app import create_app
from survey_app.storage.store import Storage

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).with_name("flask")


def journal_records(archive, questionnaire_id="deti-bezpeci"):
    with tarfile.open(archive, "r:gz") as tar:
        raw = tar.extractfile(f"responses/{questionnaire_id}.jsonl").read()
    return [json.loads(line) for line in raw.splitlines()]


def test_backup__out_folder__prints_the_path_of_a_snapshot_with_everything(app, runner, make_response, storage,
                                                                          tmp_path):
    records = [make_response(vek="8-11", bezpeci_den=n) for n in (1, 2, 3)]
    storage.table("campaigns").insert({"name": "jaro"})
    storage.save_draft("d" * 20, {"answers": {"vek": "12-14"}})
    (storage.data_dir / "uploads").mkdir()
    (storage.data_dir / "uploads" / "mapa-skupiny.jpg").write_bytes(b"\xff\xd8 photo")

    result = runner.invoke(args=["backup", "--out", str(tmp_path / "zalohy")])

    assert result.exit_code == 0, result.output
    archive = Path(result.stdout.strip())
    assert archive.parent == tmp_path / "zalohy" and archive.name.startswith("survey-backup-")
    assert archive.name.endswith(".tar.gz") and archive.is_file()
    assert result.stderr == ("snapshot holds responses deti-bezpeci: 3; uploaded files: 1; "
                             "questionnaire versions: 0\n")
    assert journal_records(archive) == records
    with tarfile.open(archive) as tar:
        names = sorted(tar.getnames())
        meta = json.load(tar.extractfile("meta.json"))
    assert names == ["meta.json", "responses/deti-bezpeci.jsonl", "snapshot.json",
                     "uploads/mapa-skupiny.jpg"]  # no drafts, no secret key
    assert list(meta["campaigns"].values()) == [{"name": "jaro"}]


def test_backup__default_folder_and_twice_in_one_second__two_files(app, runner, make_response):
    make_response(vek="8-11")
    first = runner.invoke(args=["backup"]).stdout.strip()
    second = runner.invoke(args=["backup"]).stdout.strip()
    assert Path(first).parent == Path(app.config["EXPORTS_DIR"])
    assert first != second and Path(first).is_file() and Path(second).is_file()


def test_backup__out_file_exists__refused_file_unchanged(runner, tmp_path):
    target = tmp_path / "zaloha.tar.gz"
    target.write_bytes(b"older backup")
    result = runner.invoke(args=["backup", "--out", str(target)])
    assert result.exit_code == 1
    assert f"Error: {target} already exists; a backup never overwrites a file" in result.output
    assert target.read_bytes() == b"older backup"


def test_backup__disk_full__clear_error_and_no_file_left(runner, make_response, tmp_path, monkeypatch):
    make_response(vek="8-11")

    def full(fd):  # a full disk often shows at fsync (delayed allocation)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "zalohy")])
    monkeypatch.undo()

    assert result.exit_code == 1
    assert "Error: Cannot save or read survey data: the disk is full" in result.output
    assert list((tmp_path / "zalohy").iterdir()) == []  # no empty reservation, no temp file


def restore_app(app_config, tmp_path, **config):
    return create_app({**app_config, "SURVEY_DATA_DIR": str(tmp_path / "restored"), **config})


def test_restore__into_empty_data_dir__same_responses_and_metadata(runner, make_response, storage, app_config,
                                                                   tmp_path):
    records = [make_response(vek="12-14", bezpeci_den=n) for n in (4, 5)]
    storage.table("users").insert({"email": "alena@example.org"})
    archive = runner.invoke(args=["backup", "--out", str(tmp_path / "b.tar.gz")]).stdout.strip()

    target = restore_app(app_config, tmp_path)
    result = target.test_cli_runner().invoke(args=["restore", archive])

    assert result.exit_code == 0, result.output
    assert result.output == f"restored {archive} into {tmp_path / 'restored'} (deti-bezpeci: 2)\n"
    restored = target.extensions["survey_storage"]
    assert restored.responses("deti-bezpeci") == records
    assert restored.table("users").all() == [{"email": "alena@example.org"}]


def test_restore__development_secret_key_in_the_dir__restored_and_key_kept(runner, make_response, app_config,
                                                                          tmp_path):
    make_response(vek="8-11")
    archive = runner.invoke(args=["backup", "--out", str(tmp_path / "b.tar.gz")]).stdout.strip()
    target = restore_app(app_config, tmp_path, SECRET_KEY=None)  # generates <data dir>/secret_key
    key = (tmp_path / "restored" / "secret_key").read_text()

    result = target.test_cli_runner().invoke(args=["restore", archive])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "restored" / "secret_key").read_text() == key
    assert Storage(tmp_path / "restored").count_responses("deti-bezpeci") == 1
    assert not list(tmp_path.glob(".restored.*"))


def test_restore__data_dir_with_responses__refused_nothing_changed(runner, make_response, storage, tmp_path):
    make_response(vek="8-11")
    archive = runner.invoke(args=["backup", "--out", str(tmp_path / "b.tar.gz")]).stdout.strip()
    make_response(vek="12-14")
    before = (storage.responses_dir / "deti-bezpeci.jsonl").read_bytes()

    result = runner.invoke(args=["restore", archive])

    assert result.exit_code == 1
    assert result.output == (f"Error: Refusing to restore into {storage.data_dir}: it already holds data. "
                             "Restore into a new or empty directory.\n")
    assert (storage.responses_dir / "deti-bezpeci.jsonl").read_bytes() == before


def test_restore__not_a_snapshot__clear_error(runner, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not a tarball")
    result = runner.invoke(args=["restore", str(junk), "--data-dir", str(tmp_path / "new")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: Cannot restore from {junk}: not a readable snapshot")


def flask_cli(data_dir, *args):
    env = {**os.environ, "SURVEY_ENV": "production", "SECRET_KEY": "backup-test-" + "k" * 32,
           "SURVEY_DATA_DIR": str(data_dir)}
    return subprocess.run([str(FLASK), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


def test_backup_restore__real_cli_while_the_app_takes_submissions__consistent_prefix(app_config, tmp_path):
    data_dir = tmp_path / "live"
    app = create_app({**app_config, "SURVEY_DATA_DIR": str(data_dir)})
    client = app.test_client()
    url = "/api/v1/questionnaires/deti-bezpeci/responses"

    def post():
        body = {"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11", "bezpeci_den": 3}}
        assert client.post(url, json=body).status_code == 201

    for _ in range(50):
        post()
    stop = threading.Event()

    def keep_submitting():
        while not stop.is_set():
            post()

    writer = threading.Thread(target=keep_submitting)
    writer.start()
    try:
        backup = flask_cli(data_dir, "backup", "--out", str(tmp_path / "zalohy"))
    finally:
        stop.set()
        writer.join(30)
    post()

    assert backup.returncode == 0, backup.stderr
    archive = Path(backup.stdout.strip())
    snapshot = journal_records(archive)
    live = Storage(data_dir).responses("deti-bezpeci")
    # Consistent: whole records only, exactly the first N of the live journal.
    assert 50 <= len(snapshot) < len(live)
    assert snapshot == live[:len(snapshot)]
    assert f"snapshot holds responses deti-bezpeci: {len(snapshot)}; uploaded files: 0;" in backup.stderr

    restored = flask_cli(tmp_path / "restored", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip().endswith(f"(deti-bezpeci: {len(snapshot)})")
    assert Storage(tmp_path / "restored").responses("deti-bezpeci") == snapshot
    refused = flask_cli(tmp_path / "restored", "restore", str(archive))
    assert refused.returncode == 1 and "already holds data" in refused.stderr


@pytest.mark.parametrize("args", [["backup", "--help"], ["restore", "--help"]])
def test_cli_help__documented_options(runner, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 0
    assert ("--out" if args[0] == "backup" else "--data-dir") in result.output


def test_operations_doc__every_setting_and_the_backup_commands_documented():
    from survey_app.web.config import ENV_SETTINGS
    doc = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    settings = doc.split("## Settings", 1)[1].split("\n## ", 1)[0]
    assert [name for name in ENV_SETTINGS if f"| `{name}` |" not in settings] == []
    for needle in ("flask --app wsgi backup --out", "flask --app wsgi restore", "ProxyFix", "BASE_URL",
                   "gunicorn", "argon2", "SURVEY_RATELIMIT_STORAGE_URI", "## Logs", "## Upgrades",
                   "## Measured performance"):
        assert needle in doc, needle
