"""storage/backup.py: the archive's reserved name and the parked secret key, and
storage/catalogs.py: the .mo files compiled from the .po files."""
from datetime import datetime, timezone

import pytest

from survey_app.storage import backup
from survey_app.storage.catalogs import compile_catalogs
from survey_app.storage.files import StorageError

NOW = datetime(2026, 12, 1, 23, 45, 7, tzinfo=timezone.utc)


def test_reserve_archive__folder_twice_in_one_second__second_gets_suffix(tmp_path):
    first = backup.reserve_archive(tmp_path / "out", NOW)
    second = backup.reserve_archive(tmp_path / "out", NOW)
    assert [first.name, second.name] == ["survey-backup-20261201T234507Z.tar.gz",
                                         "survey-backup-20261201T234507Z-1.tar.gz"]
    assert [first.read_bytes(), second.read_bytes()] == [b"", b""]


def test_reserve_archive__named_file_exists__archive_exists_error(tmp_path):
    target = tmp_path / "keep.tar.gz"
    target.write_bytes(b"old")
    with pytest.raises(backup.ArchiveExists, match=f"^{target} already exists; a backup never overwrites a file$"):
        backup.reserve_archive(target, NOW)
    assert target.read_bytes() == b"old"


def test_reserve_archive__folder_is_a_file__storage_error_names_it(tmp_path):
    (tmp_path / "blocked").write_text("x")
    with pytest.raises(StorageError, match="^cannot write a backup to .*blocked/sub: Not a directory$"):
        backup.reserve_archive(tmp_path / "blocked" / "sub", NOW)


def test_discard__reservation__removed_and_missing_is_fine(tmp_path):
    reserved = backup.reserve_archive(tmp_path / "a.tar.gz", NOW)
    backup.discard(reserved)
    backup.discard(reserved)
    assert list(tmp_path.iterdir()) == []


def test_secret_parked__block_sees_no_key__key_back_even_after_an_error(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret_key").write_text("k")
    with pytest.raises(RuntimeError), backup.secret_parked(data):
        assert list(data.iterdir()) == []
        raise RuntimeError
    assert [p.name for p in tmp_path.iterdir()] == ["data"]
    assert (data / "secret_key").read_text() == "k"


def test_compile_catalogs__missing_then_fresh__written_once(tmp_path):
    po = tmp_path / "cs" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Yes"\nmsgstr "Ano"\n',
                  encoding="utf-8")
    assert compile_catalogs(tmp_path) == [po.with_suffix(".mo")]
    assert compile_catalogs(tmp_path) == []
    assert b"Ano" in po.with_suffix(".mo").read_bytes()
