"""Storage: responses journal, drafts, metadata, secret key, snapshots, disk errors.

Multi-process and crash tests are in test_storage_durability.py.
"""
import errno
import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from tinydb import where

# Importable without a conftest or an installed package.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from survey_app.storage.store import Storage, StorageError, StorageUnavailable  # noqa: E402


def make_record(questionnaire_id="safety-2025", submission_id=None, **extra):
    return {"questionnaire_id": questionnaire_id,
            "submission_id": submission_id or str(uuid.uuid4()),
            "answers": {"feel_safe": 3}, **extra}


def journal_path(storage, questionnaire_id="safety-2025"):
    return storage.data_dir / "responses" / f"{questionnaire_id}.jsonl"


def journal_lines(storage, questionnaire_id="safety-2025"):
    return [json.loads(line) for line in journal_path(storage, questionnaire_id).read_bytes().splitlines()]


@pytest.fixture
def storage(tmp_path):
    return Storage(tmp_path / "data")


# --- responses -------------------------------------------------------------------

def test_add_response__new_submission__stored_with_uuid_hex_id(storage):
    record = make_record(submission_id="0b7d3c9e-1111-4222-8333-444455556666")

    stored, created = storage.add_response(record)

    assert created is True
    assert stored == {**record, "id": stored["id"]}
    assert len(stored["id"]) == 32 and int(stored["id"], 16) >= 0
    assert "id" not in record  # the caller's dict is not changed
    assert journal_lines(storage) == [stored]


def test_add_response__record_with_id__keeps_it(storage):
    stored, _ = storage.add_response(make_record(id="given-id"))
    assert stored["id"] == "given-id"


def test_add_response__same_submission_id__returns_existing_and_writes_nothing(storage):
    first, _ = storage.add_response(make_record(submission_id="s-1", answers={"a": 1}))
    before = journal_path(storage).read_bytes()

    again, created = storage.add_response(make_record(submission_id="s-1", answers={"a": 2}))

    assert created is False
    assert again == first
    assert journal_path(storage).read_bytes() == before


def test_add_response__same_submission_id_other_questionnaire__stored_separately(storage):
    storage.add_response(make_record("q-a", "same"))
    _, created = storage.add_response(make_record("q-b", "same"))
    assert created is True
    assert storage.questionnaire_ids_with_responses() == ["q-a", "q-b"]


@pytest.mark.parametrize("bad", ["", "../etc", "a.b", "a/b", "x" * 101, None, 7])
def test_add_response__unsafe_questionnaire_id__value_error(storage, bad):
    with pytest.raises(ValueError, match="invalid questionnaire_id"):
        storage.add_response(make_record(questionnaire_id=bad))
    assert list((storage.data_dir / "responses").iterdir()) == []


@pytest.mark.parametrize("bad", ["", None, 12])
def test_add_response__bad_submission_id__value_error(storage, bad):
    record = make_record()
    record["submission_id"] = bad
    with pytest.raises(ValueError, match="invalid submission_id"):
        storage.add_response(record)


def test_add_response__not_json__type_error_and_nothing_written(storage):
    storage.add_response(make_record(submission_id="ok"))
    before = journal_path(storage).read_bytes()
    with pytest.raises(TypeError):
        storage.add_response(make_record(answers={"when": object()}))
    assert journal_path(storage).read_bytes() == before
    assert storage.count_responses("safety-2025") == 1


def test_find_submission__known_and_unknown(storage):
    stored, _ = storage.add_response(make_record(submission_id="s-1"))
    assert storage.find_submission("safety-2025", "s-1") == stored
    assert storage.find_submission("safety-2025", "nope") is None
    assert storage.find_submission("other", "s-1") is None


def test_responses__many_adds__in_insertion_order(storage):
    ids = [f"s-{i}" for i in range(30)]
    for sid in ids:
        storage.add_response(make_record(submission_id=sid))
    assert [r["submission_id"] for r in storage.responses("safety-2025")] == ids
    assert [r["submission_id"] for r in Storage(storage.data_dir).responses("safety-2025")] == ids


def test_responses__caller_mutates_result__store_unchanged(storage):
    stored, _ = storage.add_response(make_record(submission_id="s-1"))
    storage.responses("safety-2025")[0]["submission_id"] = "changed"
    storage.find_submission("safety-2025", "s-1")["answers"]["feel_safe"] = 99
    stored["answers"]["feel_safe"] = 98
    assert storage.responses("safety-2025") == [{**make_record(submission_id="s-1"), "id": stored["id"]}]


def test_add_response__records_already_read__the_returned_dict_is_not_the_cached_one(storage):
    storage.add_response(make_record(submission_id="s-1"))
    storage.responses("safety-2025")  # the process now keeps the records and extends them
    stored, _ = storage.add_response(make_record(submission_id="s-2"))
    stored["answers"]["feel_safe"] = 99
    assert storage.responses("safety-2025")[1] == {**make_record(submission_id="s-2"), "id": stored["id"]}


def test_add_response__caller_mutates_its_dict_later__store_unchanged(storage):
    record = make_record(submission_id="s-1", answers={"places": [1, 2]}, when=(1, 2))
    stored, _ = storage.add_response(record)
    record["answers"]["places"].append(3)
    assert stored["answers"] == {"places": [1, 2]} and stored["when"] == [1, 2]  # as on disk
    assert storage.responses("safety-2025") == Storage(storage.data_dir).responses("safety-2025")
    assert storage.responses("safety-2025")[0]["answers"] == {"places": [1, 2]}


def test_responses__unknown_questionnaire__empty(storage):
    assert storage.responses("nothing-yet") == []
    assert storage.count_responses("nothing-yet") == 0
    assert storage.questionnaire_ids_with_responses() == []


def test_responses__other_instance_appends__cache_picks_them_up(storage):
    other = Storage(storage.data_dir)
    storage.add_response(make_record(submission_id="a"))
    assert storage.count_responses("safety-2025") == 1  # warm the cache

    other.add_response(make_record(submission_id="b"))
    _, created = storage.add_response(make_record(submission_id="b"))

    assert created is False
    assert [r["submission_id"] for r in storage.responses("safety-2025")] == ["a", "b"]


def test_responses__other_process_appends__cache_picks_them_up(storage):
    storage.add_response(make_record(submission_id="a"))
    assert storage.count_responses("safety-2025") == 1
    script = ("import sys; from survey_app.storage.store import Storage; "
              "Storage(sys.argv[1]).add_response({'questionnaire_id': 'safety-2025', "
              "'submission_id': 'from-child'})")
    subprocess.run([sys.executable, "-c", script, str(storage.data_dir)], check=True, cwd=ROOT)

    assert [r["submission_id"] for r in storage.responses("safety-2025")] == ["a", "from-child"]
    assert storage.find_submission("safety-2025", "from-child")["questionnaire_id"] == "safety-2025"


def test_journal__torn_last_line__ignored_by_readers_and_cut_by_next_writer(storage):
    a, _ = storage.add_response(make_record(submission_id="a"))
    good = journal_path(storage).read_bytes()
    with open(journal_path(storage), "ab") as journal:
        journal.write(b'{"questionnaire_id":"safety-2025","submission_id":"torn","ans')

    reader = Storage(storage.data_dir)
    assert reader.responses("safety-2025") == [a]
    assert reader.find_submission("safety-2025", "torn") is None

    b, created = reader.add_response(make_record(submission_id="b"))

    assert created is True
    assert journal_path(storage).read_bytes() == good + json.dumps(
        b, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    assert storage.responses("safety-2025") == [a, b]


def test_journal__unreadable_middle_line__skipped_with_warning(storage, caplog):
    storage.add_response(make_record(submission_id="a"))
    with open(journal_path(storage), "ab") as journal:
        journal.write(b"\x00\x00garbage\n")
    storage.add_response(make_record(submission_id="b"))

    fresh = Storage(storage.data_dir)
    assert [r["submission_id"] for r in fresh.responses("safety-2025")] == ["a", "b"]
    assert "unreadable line" in caplog.text


def test_journal__file_replaced_by_shorter_one__cache_starts_over(storage):
    storage.add_response(make_record(submission_id="a"))
    storage.add_response(make_record(submission_id="b"))
    line = journal_path(storage).read_bytes().splitlines(keepends=True)[1]
    tmp = journal_path(storage).with_suffix(".new")
    tmp.write_bytes(line)
    os.replace(tmp, journal_path(storage))
    assert [r["submission_id"] for r in storage.responses("safety-2025")] == ["b"]


def test_responses__fresh_instance_large_backlog__parsed_outside_lock_then_caught_up(storage):
    from survey_app.storage.journal import PREFETCH_BYTES, Journal
    batch = [make_record(submission_id=f"s{i}", pad="ř" * 300) for i in range(2500)]
    storage.add_responses(batch)
    assert journal_path(storage).stat().st_size > PREFETCH_BYTES
    with open(journal_path(storage), "ab") as journal:
        journal.write(b'{"torn": ')

    fresh = Journal(journal_path(storage))
    fresh.prefetch()  # no lock held while parsing the megabytes
    assert fresh.lock._depth == 0
    assert [r["submission_id"] for r in fresh.records] == [f"s{i}" for i in range(2500)]
    storage.add_response(make_record(submission_id="late"))  # cuts the torn line, appends

    assert [r["submission_id"] for r in Storage(storage.data_dir).responses("safety-2025")] == [
        f"s{i}" for i in range(2500)] + ["late"]
    with fresh.current(records=True):
        assert len(fresh.records) == 2501 and fresh.find("late")["submission_id"] == "late"


def test_add_responses__known_and_repeated_ids__skipped_and_counted(storage):
    storage.add_response(make_record(submission_id="known"))
    batch = [make_record(submission_id="known"), make_record(submission_id="n1"),
             make_record(submission_id="n1"), make_record("other-q", "n2")]

    assert storage.add_responses(batch) == 2

    assert [r["submission_id"] for r in storage.responses("safety-2025")] == ["known", "n1"]
    assert [r["submission_id"] for r in storage.responses("other-q")] == ["n2"]
    assert storage.add_responses(batch) == 0
    assert storage.add_responses([]) == 0


def test_iter_all_responses__two_questionnaires__every_record(storage):
    storage.add_response(make_record("q-b", "2"))
    storage.add_response(make_record("q-a", "1"))
    storage.add_response(make_record("q-b", "3"))
    assert [(r["questionnaire_id"], r["submission_id"]) for r in storage.iter_all_responses()] == [
        ("q-a", "1"), ("q-b", "2"), ("q-b", "3")]


def test_has_real_responses__demo_only_then_real(storage):
    assert storage.has_real_responses("safety-2025") is False
    storage.add_responses([make_record(demo=True), make_record(demo=True)])
    assert storage.has_real_responses("safety-2025") is False
    storage.add_response(make_record(demo=False))
    assert storage.has_real_responses("safety-2025") is True


# --- disk full / I/O errors (simulated; a real full disk is in the durability file) --

def fail_after_half(monkeypatch, err=errno.ENOSPC):
    """os.write writes half of the first buffer, then fails like a full disk."""
    real_write = os.write
    calls = []

    def write(fd, data):
        calls.append(len(data))
        if len(calls) == 1 and len(data) > 1:
            return real_write(fd, bytes(data[:len(data) // 2]))
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "write", write)
    return calls


def test_add_response__disk_full_mid_write__unavailable_and_file_unchanged(storage, monkeypatch):
    kept = [storage.add_response(make_record(submission_id=s))[0] for s in ("a", "b")]
    before = journal_path(storage).read_bytes()
    calls = fail_after_half(monkeypatch)

    with pytest.raises(StorageUnavailable, match="the disk is full") as failure:
        storage.add_response(make_record(submission_id="c"))

    assert len(calls) == 2  # a short write, then the error
    assert "Data saved earlier is intact" in str(failure.value)
    assert journal_path(storage).read_bytes() == before
    assert storage.responses("safety-2025") == kept
    monkeypatch.undo()
    c, created = storage.add_response(make_record(submission_id="c"))
    assert created is True
    assert journal_lines(storage) == kept + [c]
    assert Storage(storage.data_dir).responses("safety-2025") == kept + [c]


def test_add_response__fsync_io_error__rolled_back(storage, monkeypatch):
    a, _ = storage.add_response(make_record(submission_id="a"))
    before = journal_path(storage).read_bytes()

    def broken_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(StorageUnavailable, match="input/output error"):
        storage.add_responses([make_record(submission_id="b"), make_record(submission_id="c")])
    monkeypatch.undo()

    assert journal_path(storage).read_bytes() == before
    assert storage.find_submission("safety-2025", "b") is None
    assert storage.add_responses([make_record(submission_id="b")]) == 1


def test_table_insert__disk_full__unavailable_and_meta_unchanged(storage, monkeypatch):
    storage.table("users").insert({"name": "alena"})
    meta = storage.data_dir / "meta.json"
    before = meta.read_bytes()
    fail_after_half(monkeypatch)

    with pytest.raises(StorageUnavailable, match="the disk is full"):
        storage.table("users").insert({"name": "boris"})

    monkeypatch.undo()
    assert meta.read_bytes() == before
    assert sorted(p.name for p in storage.data_dir.iterdir()) == [
        "drafts", "meta.json", "meta.lock", "responses"]  # no temp file left
    storage.table("users").insert({"name": "boris"})
    assert [u["name"] for u in storage.table("users").all()] == ["alena", "boris"]


def test_save_draft__disk_full__unavailable_and_old_draft_kept(storage, monkeypatch):
    run_id = "r" * 20
    storage.save_draft(run_id, {"answers": {"q1": 1}})
    fail_after_half(monkeypatch)
    with pytest.raises(StorageUnavailable):
        storage.save_draft(run_id, {"answers": {"q1": 2}})
    monkeypatch.undo()
    assert storage.load_draft(run_id) == {"answers": {"q1": 1}}
    assert [p.name for p in (storage.data_dir / "drafts").iterdir()] == [f"{run_id}.json"]


# --- drafts ----------------------------------------------------------------------

RUN = "Abc_def-0123456789xyz"


def test_drafts__save_load_overwrite_delete(storage):
    assert storage.load_draft(RUN) is None
    storage.save_draft(RUN, {"answers": {"mapa": [49.1, 13.6]}, "name": "Škola"})
    storage.save_draft(RUN, {"answers": {"mapa": [50.5, 13.6]}, "name": "Škola"})
    assert storage.load_draft(RUN) == {"answers": {"mapa": [50.5, 13.6]}, "name": "Škola"}
    assert (storage.data_dir / "drafts" / f"{RUN}.json").stat().st_mode & 0o777 == 0o600
    storage.delete_draft(RUN)
    storage.delete_draft(RUN)  # already gone: no error
    assert storage.load_draft(RUN) is None


@pytest.mark.parametrize("bad", ["short", "a" * 65, "../../etc/passwd", "a" * 15 + ".", None])
def test_drafts__bad_run_id__value_error(storage, bad):
    for call in (lambda: storage.save_draft(bad, {}), lambda: storage.load_draft(bad),
                 lambda: storage.delete_draft(bad)):
        with pytest.raises(ValueError, match="invalid run_id"):
            call()


def test_purge_drafts__old_and_new__only_old_removed(storage):
    old, new = "o" * 20, "n" * 20
    storage.save_draft(old, {})
    storage.save_draft(new, {})
    stale_tmp = storage.data_dir / "drafts" / ".x.json.1.tmp"
    stale_tmp.write_text("{")
    hour_ago = time.time() - 3600
    for path in (storage.data_dir / "drafts" / f"{old}.json", stale_tmp):
        os.utime(path, (hour_ago, hour_ago))

    assert storage.purge_drafts(older_than_seconds=1800) == 1

    assert storage.load_draft(old) is None
    assert storage.load_draft(new) == {}
    assert not stale_tmp.exists()


# --- metadata --------------------------------------------------------------------

def test_table__insert_search_get_update_remove(storage):
    users = storage.table("users")
    alena = users.insert({"name": "alena", "role": "city"})
    users.insert_multiple([{"name": "boris", "role": "school"}, {"name": "cyril", "role": "school"}])

    assert [u["name"] for u in users.search(where("role") == "school")] == ["boris", "cyril"]
    assert users.get(doc_id=alena) == {"name": "alena", "role": "city"}
    users.update({"role": "admin"}, where("name") == "alena")
    users.remove(where("name") == "boris")

    assert [dict(u) for u in users] == [{"name": "alena", "role": "admin"},
                                        {"name": "cyril", "role": "school"}]
    assert len(users) == 2 and users.count(where("role") == "school") == 1
    assert json.loads((storage.data_dir / "meta.json").read_text()) == {"users": {
        "1": {"name": "alena", "role": "admin"}, "3": {"name": "cyril", "role": "school"}}}


def test_table__two_instances__no_stale_cache_no_doc_id_clash(storage):
    other = Storage(storage.data_dir)
    mine, theirs = storage.table("campaigns"), other.table("campaigns")
    assert mine.search(where("wave") == 1) == []  # would be cached by plain TinyDB

    theirs.insert({"wave": 1})
    mine.insert({"wave": 1})

    assert [c.doc_id for c in mine.search(where("wave") == 1)] == [1, 2]
    assert len(theirs) == 2


def test_transaction__exception__nothing_written(storage):
    storage.table("flags").insert({"n": 1})
    with pytest.raises(RuntimeError):
        with storage.transaction() as db:
            db.table("flags").insert({"n": 2})
            assert len(db.table("flags")) == 2  # visible inside
            raise RuntimeError("abort")
    assert [f["n"] for f in storage.table("flags").all()] == [1]


def test_transaction__nested_and_table_calls__no_deadlock_one_write(storage):
    with storage.transaction() as db:
        db.table("flags").insert({"n": 1})
        with storage.transaction():
            storage.table("flags").insert({"n": 2})
        assert not (storage.data_dir / "meta.json").exists()  # written once, at the end
    assert [f["n"] for f in storage.table("flags").all()] == [1, 2]


def test_transaction__threads_read_modify_write__no_lost_update(storage):
    storage.table("counters").insert({"name": "visits", "value": 0})

    def bump():
        for _ in range(25):
            with storage.transaction() as db:
                counters = db.table("counters")
                value = counters.get(where("name") == "visits")["value"]
                counters.update({"value": value + 1}, where("name") == "visits")

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert storage.table("counters").get(where("name") == "visits")["value"] == 200


# --- secret key ------------------------------------------------------------------

def test_secret_key__first_call__64_hex_mode_600_and_stable(storage):
    key = storage.secret_key()
    path = storage.data_dir / "secret_key"
    assert len(key) == 64 and int(key, 16) >= 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert Storage(storage.data_dir).secret_key() == key
    assert [p.name for p in storage.data_dir.iterdir() if p.name.startswith(".")] == []


def test_secret_key__empty_file__clear_error(storage):
    (storage.data_dir / "secret_key").write_text("")
    with pytest.raises(StorageError, match="is empty: delete it"):
        storage.secret_key()


# --- snapshot / restore ------------------------------------------------------------

def test_snapshot_restore__round_trip__same_data(storage, tmp_path):
    records = [storage.add_response(make_record("q-a", f"s{i}"))[0] for i in range(3)]
    other = storage.add_response(make_record("q-b", "x", demo=True))[0]
    storage.table("users").insert({"name": "alena"})
    (storage.data_dir / "uploads" / "q").mkdir(parents=True)
    (storage.data_dir / "uploads" / "q" / "form.yaml").write_text("id: q-a\n")
    (storage.data_dir / "questionnaire_versions" / "q-a").mkdir(parents=True)
    (storage.data_dir / "questionnaire_versions" / "q-a" / "v1.yaml").write_text("version: 1\n")
    (storage.data_dir / "questionnaire_versions" / ".lock").write_text("")
    storage.save_draft(RUN, {"answers": {}})
    with open(journal_path(storage, "q-a"), "ab") as journal:
        journal.write(b'{"torn')  # an unfinished line is left out of the snapshot

    archive = storage.snapshot(tmp_path / "backup.tar.gz")
    Storage.restore(archive, tmp_path / "restored")

    restored = Storage(tmp_path / "restored")
    assert restored.responses("q-a") == records
    assert restored.responses("q-b") == [other]
    assert restored.table("users").all() == [{"name": "alena"}]
    assert (tmp_path / "restored" / "uploads" / "q" / "form.yaml").read_text() == "id: q-a\n"
    assert (tmp_path / "restored" / "questionnaire_versions" / "q-a" / "v1.yaml").read_text() == "version: 1\n"
    assert restored.load_draft(RUN) is None  # drafts are not backed up
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == [
            "meta.json", "questionnaire_versions/q-a/v1.yaml", "responses/q-a.jsonl",
            "responses/q-b.jsonl", "snapshot.json", "uploads/q/form.yaml"]


def test_restore__directory_with_data__refused(storage, tmp_path):
    storage.add_response(make_record())
    archive = storage.snapshot(tmp_path / "backup.tar.gz")
    with pytest.raises(StorageError, match="already holds data"):
        Storage.restore(archive, storage.data_dir)
    assert storage.count_responses("safety-2025") == 1


def test_restore__empty_directory_made_by_storage__accepted(storage, tmp_path):
    storage.add_response(make_record(submission_id="a"))
    archive = storage.snapshot(tmp_path / "backup.tar.gz")
    target = Storage(tmp_path / "fresh").data_dir  # creates empty folders only
    Storage.restore(archive, target)
    assert [r["submission_id"] for r in Storage(target).responses("safety-2025")] == ["a"]


def make_archive(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                tar.addfile(info)
            else:
                data = kind.encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("name, kind, reason", [
    ("../evil.jsonl", "{}\n", "leaving the data directory"),
    ("responses/../../evil", "{}\n", "leaving the data directory"),
    ("/tmp/evil.jsonl", "{}\n", "absolute path"),
    ("uploads/link", "symlink", "link or special file"),
    ("secret_key", "x", "not part of a snapshot"),
    ("responses/q.jsonl", "{not json\n", "is damaged"),
])
def test_restore__bad_member__refused_and_nothing_written(tmp_path, name, kind, reason):
    archive = make_archive(tmp_path / "bad.tar.gz", [("meta.json", "{}"), (name, kind)])
    with pytest.raises(StorageError, match=reason):
        Storage.restore(archive, tmp_path / "target")
    assert not (tmp_path / "target").exists() or list((tmp_path / "target").iterdir()) == []
    assert not (tmp_path / "evil.jsonl").exists() and not Path("/tmp/evil.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.tar.gz"] + (
        ["target"] if (tmp_path / "target").exists() else [])


def test_restore__not_an_archive__clear_error(tmp_path):
    (tmp_path / "junk.tar.gz").write_bytes(b"not a tarball")
    with pytest.raises(StorageError, match="not a readable snapshot"):
        Storage.restore(tmp_path / "junk.tar.gz", tmp_path / "target")


# --- the .idx sidecar (submission_id -> offset) --------------------------------------

def idx_path(storage, questionnaire_id="safety-2025"):
    return storage.data_dir / "responses" / f"{questionnaire_id}.idx"


def idx_lines(storage):
    return [line.split("\t") for line in idx_path(storage).read_text().splitlines()]


def test_idx__written_with_each_append__offsets_point_at_journal_lines(storage):
    a, _ = storage.add_response(make_record(submission_id="a"))
    storage.add_responses([make_record(submission_id="b"), make_record(submission_id="c")])
    data = journal_path(storage).read_bytes()
    lines = idx_lines(storage)
    assert [(sid, rid) for sid, rid, _, _ in lines][0] == ("a", a["id"])
    for sid, rid, start, length in lines:
        assert json.loads(data[int(start):int(start) + int(length)])["submission_id"] == sid
    assert [sid for sid, *_ in lines] == ["a", "b", "c"]


@pytest.mark.parametrize("damage", ["missing", "torn", "stale", "garbage", "lagging"])
def test_idx__missing_torn_stale_or_lagging__rebuilt_from_journal(storage, damage):
    for i in range(5):
        storage.add_response(make_record(submission_id=f"s{i}"))
    good = idx_path(storage).read_bytes()
    if damage == "missing":
        idx_path(storage).unlink()
    elif damage == "torn":
        idx_path(storage).write_bytes(good[:-7])
    elif damage == "stale":  # e.g. the journal was replaced by hand
        idx_path(storage).write_bytes(good.replace(b"s4\t", b"zz\t"))
    elif damage == "garbage":
        idx_path(storage).write_bytes(good + b"\x00\x00\x00\n")
    elif damage == "lagging":  # a writer died between its journal fsync and its .idx append
        idx_path(storage).write_bytes(b"".join(good.splitlines(keepends=True)[:2]))

    fresh = Storage(storage.data_dir)
    assert fresh.count_responses("safety-2025") == 5
    assert fresh.find_submission("safety-2025", "s4")["submission_id"] == "s4"
    assert fresh.add_response(make_record(submission_id="s4"))[1] is False
    fresh.add_response(make_record(submission_id="s5"))

    assert [sid for sid, *_ in idx_lines(storage)] == [f"s{i}" for i in range(6)]
    again = Storage(storage.data_dir)
    assert again.count_responses("safety-2025") == 6
    assert [r["submission_id"] for r in again.responses("safety-2025")] == [f"s{i}" for i in range(6)]


def test_find_submission__many_records__full_records_never_loaded(storage):
    storage.add_responses([make_record(submission_id=f"s{i}") for i in range(3000)])
    fresh = Storage(storage.data_dir)

    assert fresh.find_submission("safety-2025", "s1234")["submission_id"] == "s1234"
    assert fresh.add_response(make_record(submission_id="s7"))[1] is False
    assert fresh.add_response(make_record(submission_id="new"))[1] is True
    assert fresh.count_responses("safety-2025") == 3001

    journal = fresh._journal("safety-2025")
    assert journal.records == [] and journal._records_offset == 0
    assert isinstance(journal.index["s1234"], int)  # an offset, not a record
    assert len(fresh.responses("safety-2025")) == 3001  # loaded only when asked
    assert len(journal.records) == 3001

