"""Storage under real concurrency and real failures: several processes and threads on
one data dir, SIGKILL at random moments, and (when this machine lets us mount a
tmpfs) a disk that is really full. No part of the storage is mocked here.
"""
import errno
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from tinydb import where

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from survey_app.storage.store import Storage, StorageUnavailable  # noqa: E402

# fork: children start in milliseconds, and an instance created before the fork is
# used in the children the way gunicorn --preload uses the app's Storage.
FORK = multiprocessing.get_context("fork")
Q = "safety-2025"


def make_record(submission_id=None, questionnaire_id=Q, **extra):
    return {"questionnaire_id": questionnaire_id,
            "submission_id": submission_id or str(uuid.uuid4()), "answers": {"q": 1}, **extra}


def run_processes(target, args_list, timeout=120):
    processes = [FORK.Process(target=target, args=args) for args in args_list]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout)
    assert [p.exitcode for p in processes] == [0] * len(processes)


def journal_bytes(data_dir, questionnaire_id=Q):
    return (Path(data_dir) / "responses" / f"{questionnaire_id}.jsonl").read_bytes()


# --- many writers ----------------------------------------------------------------

def _write_many(data_dir, worker, count):
    storage = Storage(data_dir)
    for i in range(count):
        storage.add_response(make_record(f"w{worker}-{i}", worker=worker))


def test_add_response__4_processes_x_2500__exactly_10000_records(tmp_path):
    run_processes(_write_many, [(tmp_path, worker, 2500) for worker in range(4)])

    records = Storage(tmp_path).responses(Q)
    assert len(records) == 10_000
    assert len({r["id"] for r in records}) == 10_000
    assert {r["submission_id"] for r in records} == {
        f"w{w}-{i}" for w in range(4) for i in range(2500)}
    for worker in range(4):  # each writer's own order is kept
        mine = [r["submission_id"] for r in records if r["worker"] == worker]
        assert mine == [f"w{worker}-{i}" for i in range(2500)]
    assert journal_bytes(tmp_path).count(b"\n") == 10_000


@pytest.mark.parametrize("shared_instance", [True, False], ids=["one-instance", "instance-per-thread"])
def test_add_response__same_submission_id_from_10_threads__one_record(tmp_path, shared_instance):
    shared = Storage(tmp_path)
    barrier = threading.Barrier(10)
    results = []

    def submit():
        storage = shared if shared_instance else Storage(tmp_path)
        barrier.wait()
        results.append(storage.add_response(make_record("same")))

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(created for _, created in results) == [False] * 9 + [True]
    assert len({record["id"] for record, _ in results}) == 1
    assert [r["submission_id"] for r in Storage(tmp_path).responses(Q)] == ["same"]


def _submit_same(storage, barrier, results):
    barrier.wait()
    record, created = storage.add_response(make_record("same", pid=os.getpid()))
    results.put((record["id"], created))


def test_add_response__same_submission_id_from_4_processes__one_record(tmp_path):
    storage = Storage(tmp_path)  # inherited by the children, cache already warm
    storage.add_response(make_record("before"))
    barrier, results = FORK.Barrier(4), FORK.Queue()

    run_processes(_submit_same, [(storage, barrier, results)] * 4)

    answers = [results.get(timeout=10) for _ in range(4)]
    assert sorted(created for _, created in answers) == [False, False, False, True]
    assert len({record_id for record_id, _ in answers}) == 1
    assert [r["submission_id"] for r in storage.responses(Q)] == ["before", "same"]


def _insert_and_time(storage, results):
    storage.table("events").insert({"who": "child"})
    results.put(time.monotonic())


def test_lock__held_when_forking__child_with_inherited_instance_waits(tmp_path):
    # The trap: a lock fd inherited through fork() shares its flock with the parent,
    # and the child's copy of a held RLock looks like its own. Either would let the
    # child in while the parent is still inside its transaction.
    storage, results = Storage(tmp_path), FORK.Queue()
    with storage.transaction() as db:
        child = FORK.Process(target=_insert_and_time, args=(storage, results))
        child.start()
        time.sleep(0.5)
        db.table("events").insert({"who": "parent"})
        released = time.monotonic()
    child.join(10)
    assert child.exitcode == 0
    assert results.get(timeout=5) >= released
    assert [e["who"] for e in Storage(tmp_path).table("events").all()] == ["parent", "child"]


def _bump_counter(data_dir, times):
    storage = Storage(data_dir)
    for _ in range(times):
        with storage.transaction() as db:
            counters = db.table("counters")
            value = counters.get(where("name") == "c")["value"]
            counters.update({"value": value + 1}, where("name") == "c")
        storage.table("log").insert({"pid": os.getpid()})  # doc ids must not clash


def test_metadata__4_processes_read_modify_write__no_lost_update(tmp_path):
    Storage(tmp_path).table("counters").insert({"name": "c", "value": 0})
    run_processes(_bump_counter, [(tmp_path, 50)] * 4)
    storage = Storage(tmp_path)
    assert storage.table("counters").get(where("name") == "c")["value"] == 200
    assert len(storage.table("log")) == 200


def _read_secret(data_dir, barrier, results):
    barrier.wait()
    results.put(Storage(data_dir).secret_key())


def test_secret_key__4_processes_start_at_once__same_key(tmp_path):
    barrier, results = FORK.Barrier(4), FORK.Queue()
    run_processes(_read_secret, [(tmp_path, barrier, results)] * 4)
    keys = {results.get(timeout=10) for _ in range(4)}
    assert len(keys) == 1
    assert (tmp_path / "secret_key").read_text().strip() == keys.pop()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts", "responses", "secret_key"]


def _write_until(data_dir, stop):
    storage = Storage(data_dir)
    while not stop.is_set():
        storage.add_responses([make_record(pad="x" * 3000) for _ in range(20)])
        storage.table("users").insert({"pad": "y" * 100})


def test_snapshot__while_another_process_writes__each_restores_to_a_prefix(tmp_path):
    storage, stop = Storage(tmp_path / "data"), FORK.Event()
    writer = FORK.Process(target=_write_until, args=(tmp_path / "data", stop))
    writer.start()
    try:
        archives = []
        for n in range(3):
            time.sleep(0.2)
            archives.append(storage.snapshot(tmp_path / f"snap-{n}.tar.gz"))
    finally:
        stop.set()
        writer.join(10)
    assert writer.exitcode == 0

    final = [r["id"] for r in storage.responses(Q)]
    sizes = []
    for n, archive in enumerate(archives):
        Storage.restore(archive, tmp_path / f"restored-{n}")
        restored = Storage(tmp_path / f"restored-{n}")
        ids = [r["id"] for r in restored.responses(Q)]
        assert ids == final[:len(ids)]
        assert journal_bytes(tmp_path / f"restored-{n}").endswith(b"\n")
        assert len(restored.table("users")) > 0  # meta.json restored and valid
        sizes.append(len(ids))
    assert 0 < sizes[0] < sizes[1] < sizes[2] <= len(final)


# --- SIGKILL -----------------------------------------------------------------------

def _journal_writer(storage, ack_path):
    """Write forever; a submission_id goes to ack_path only after add_response(s)
    returned. Batches of 500 x 1 KB make 0.5 MB writes, which a kill now and then
    cuts short (a torn last line for the next writer to repair)."""
    ack = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    pad = "ž" * 500
    for i in range(10**9):
        if i % 4 == 3:
            batch = [make_record(pad=pad) for _ in range(500)]
            storage.add_responses(batch)
            sids = [r["submission_id"] for r in batch]
        else:
            sids = [storage.add_response(make_record())[0]["submission_id"]]
        os.write(ack, "".join(f"{sid}\n" for sid in sids).encode())


def _kill_after(target, args, seconds):
    process = FORK.Process(target=target, args=args)
    process.start()
    time.sleep(seconds)
    os.kill(process.pid, signal.SIGKILL)
    process.join()
    assert process.exitcode == -signal.SIGKILL


def _acknowledged(ack_path):
    text = ack_path.read_text() if ack_path.exists() else ""
    return text.split("\n")[:-1]  # a line without "\n" was being written when killed


def test_journal__sigkill_at_random_moments_20_rounds__every_acknowledged_response_kept(tmp_path):
    data_dir, acked, per_round = tmp_path / "data", [], []
    rng = random.Random(20250611)
    # Like gunicorn --preload: each writer is forked from a warm instance, so it does
    # not spend its short life reading the journal (that is covered below, fresh).
    warm = Storage(data_dir)
    for round_ in range(20):
        ack_path = tmp_path / f"ack-{round_}"
        _kill_after(_journal_writer, (warm, ack_path), rng.uniform(0.05, 0.25))
        per_round.append(len(_acknowledged(ack_path)))
        acked += _acknowledged(ack_path)

        stored = [r["submission_id"] for r in warm.responses(Q)]  # reads the new bytes
        assert len(stored) == len(set(stored))
        missing = set(acked) - set(stored)
        assert not missing, f"round {round_}: {len(missing)} acknowledged responses lost"

    assert sum(n > 0 for n in per_round) >= 15, per_round  # the writer got work done
    fresh = Storage(data_dir)  # a new process's view, loaded from the file alone
    assert [r["submission_id"] for r in fresh.responses(Q)] == stored
    fresh.add_response(make_record("after-the-crashes"))  # cuts a torn line, if any
    raw = journal_bytes(data_dir)
    assert raw.endswith(b"\n")
    lines = [json.loads(line) for line in raw.splitlines()]
    assert [r["submission_id"] for r in lines] == stored + ["after-the-crashes"]


def _meta_writer(data_dir, ack_path):
    storage = Storage(data_dir)
    ack = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    for i in range(10**9):
        key = f"{os.getpid()}-{i}"
        storage.table("items").insert({"key": key, "pad": "x" * 300})
        os.write(ack, f"{key}\n".encode())


def test_metadata__sigkill_during_tinydb_writes__valid_json_with_acknowledged_docs(tmp_path):
    data_dir, acked, per_round = tmp_path / "data", [], []
    rng = random.Random(7)
    for round_ in range(20):
        ack_path = tmp_path / f"ack-{round_}"
        _kill_after(_meta_writer, (data_dir, ack_path), rng.uniform(0.05, 0.2))
        per_round.append(len(_acknowledged(ack_path)))
        acked += _acknowledged(ack_path)

        meta = json.loads((data_dir / "meta.json").read_text())  # valid JSON every time
        keys = [doc["key"] for doc in meta["items"].values()]
        assert len(keys) == len(set(keys))
        assert set(acked) <= set(keys), f"round {round_}: acknowledged metadata lost"
    assert sum(n > 0 for n in per_round) >= 15, per_round  # the writer got work done
    assert len(Storage(data_dir).table("items")) >= len(acked)


# --- a really full disk -----------------------------------------------------------

def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = tempfile.mkdtemp()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe],
                                 capture_output=True).returncode == 0
        if mounted:
            subprocess.run(["umount", probe], check=True)
        return mounted
    finally:
        os.rmdir(probe)


def _fill(path: Path) -> None:
    """Write to `path` until the disk says ENOSPC."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


# The test is defined only where mounting works (root, mount(8), a kernel that
# allows it); the simulated disk-full tests in test_storage.py run everywhere.
if _can_mount_tmpfs():
    @pytest.fixture
    def tiny_disk(tmp_path):
        disk = tmp_path / "disk"
        disk.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], check=True)
        try:
            yield disk
        finally:
            subprocess.run(["umount", str(disk)], check=True)

    def test_storage__real_full_tmpfs__unavailable_then_recovers(tiny_disk):
        storage = Storage(tiny_disk / "data")
        storage.table("users").insert({"name": "alena"})
        meta_before = (tiny_disk / "data" / "meta.json").read_bytes()
        acked = [storage.add_response(make_record(f"early-{i}"))[0] for i in range(3)]
        _fill(tiny_disk / "ballast")

        with pytest.raises(StorageUnavailable, match="the disk is full"):
            for i in range(200):  # the journal's last page may still take a few lines
                acked.append(storage.add_response(make_record(f"late-{i}", pad="p" * 900))[0])
        with pytest.raises(StorageUnavailable, match="the disk is full"):
            storage.table("users").insert({"name": "boris"})

        assert journal_bytes(storage.data_dir).endswith(b"\n")
        assert Storage(storage.data_dir).responses(Q) == acked
        assert (storage.data_dir / "meta.json").read_bytes() == meta_before
        assert not [p for p in storage.data_dir.iterdir() if p.name.endswith(".tmp")]

        (tiny_disk / "ballast").unlink()
        after, created = storage.add_response(make_record("after"))
        storage.table("users").insert({"name": "boris"})

        assert created is True
        assert Storage(storage.data_dir).responses(Q) == acked + [after]
        assert [u["name"] for u in Storage(storage.data_dir).table("users").all()] == ["alena", "boris"]
