"""A full disk seen through HTTP: the write fails with ENOSPC, the app answers 503 with
a clear message (JSON for the API, a page for the survey), the data saved before is
intact, and the next write after space returns succeeds.

The disk is simulated the way tests/test_storage.py does it: os.write writes half of
its buffer, then fails with ENOSPC (a real full tmpfs is in test_storage_durability.py).
"""
import errno
import html
import json
import os
import shutil
import uuid
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"
API = "/api/v1/questionnaires/mini/responses?lang=en"
MESSAGE_EN = "Your answers could not be saved right now. Please wait a moment and try again."
MESSAGE_CS = "Odpovědi se teď nepodařilo uložit. Chvíli počkejte a zkuste to znovu."


@pytest.fixture(autouse=True)
def fixture_questionnaires(questionnaires_dir):
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")


@pytest.fixture
def disk_full(monkeypatch):
    """Call it to fill the disk after `room` more successful writes; `.undo()` frees
    space again. Returns the os.write calls made while full."""
    real_write = os.write
    calls = []

    def fill(room=0):
        def write(fd, data):
            nonlocal room
            if room:
                room -= 1
                return real_write(fd, data)
            calls.append(len(data))
            if len(calls) == 1 and len(data) > 1:
                return real_write(fd, bytes(data[:len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "write", write)
        return calls

    fill.undo = monkeypatch.undo
    return fill


def body(submission_id=None, **answers):
    return json.dumps({"submission_id": submission_id or str(uuid.uuid4()), "lang": "en",
                       "answers": answers or {"vek": "8-11", "pocit": 4}})


def journal(storage) -> Path:
    return storage.responses_dir / "mini.jsonl"


def test_api_submit__disk_full__503_json_data_intact_then_retry_stored_once(client, storage, disk_full, caplog):
    for _ in range(2):
        assert client.post(API, data=body(), content_type="application/json").status_code == 201
    before = journal(storage).read_bytes()
    submission_id = str(uuid.uuid4())

    calls = disk_full()
    response = client.post(API, data=body(submission_id), content_type="application/json")

    assert response.status_code == 503
    assert response.get_json() == {"error": "storage_unavailable", "message": MESSAGE_EN}
    assert len(calls) == 2  # a short write, then ENOSPC: the half line was rolled back
    assert journal(storage).read_bytes() == before
    assert "the disk is full" in caplog.text  # the operator learns why from the log

    disk_full.undo()
    retry = client.post(API, data=body(submission_id), content_type="application/json")
    assert retry.status_code == 201  # not 200: nothing of the failed attempt was kept
    again = client.post(API, data=body(submission_id), content_type="application/json")
    assert again.status_code == 200 and again.get_json() == retry.get_json()
    records = [json.loads(line) for line in journal(storage).read_bytes().splitlines()]
    assert len(records) == 3 and records[-1]["submission_id"] == submission_id
    assert journal(storage).read_bytes().startswith(before)


def run_to_last_screen(client):
    assert client.post("/s/mini/start").headers["Location"] == "/s/mini/q/vek"
    client.post("/s/mini/q/vek", data={"vek": "12-14", "action": "next"})
    client.post("/s/mini/q/pocit", data={"pocit": "5", "action": "next"})
    assert client.post("/s/mini/q/strach", data={"action": "next"}).headers["Location"] == "/s/mini/q/prani"


@pytest.mark.parametrize("room", [0, 1], ids=["draft-write-fails", "journal-write-fails"])
def test_survey_finish__disk_full__503_page_draft_kept_then_finish_stores_once(client, storage, disk_full, room):
    run_to_last_screen(client)
    drafts_before = sorted(p.name for p in storage.drafts_dir.iterdir())

    calls = disk_full(room)
    response = client.post("/s/mini/q/prani", data={"prani": "Hřiště", "action": "next"})

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert MESSAGE_CS in page and "Traceback" not in page
    assert calls  # the failing write was reached
    assert storage.count_responses("mini") == 0
    assert not journal(storage).exists() or journal(storage).read_bytes() == b""
    assert sorted(p.name for p in storage.drafts_dir.iterdir()) == drafts_before  # the run survives

    disk_full.undo()
    finish = client.post("/s/mini/q/prani", data={"prani": "Hřiště", "action": "next"})
    assert finish.status_code == 303 and finish.headers["Location"] == "/s/mini/dekujeme"
    [record] = storage.responses("mini")
    assert record["answers"] == {"vek": "12-14", "pocit": 5, "prani": "Hřiště"}


def test_survey_start__disk_full__503_page_then_start_works(client, storage, disk_full):
    disk_full()
    response = client.post("/s/mini/start")
    assert response.status_code == 503
    assert MESSAGE_CS in html.unescape(response.get_data(as_text=True))
    assert list(storage.drafts_dir.iterdir()) == []  # no half-written draft or temp file left

    disk_full.undo()
    assert client.post("/s/mini/start").headers["Location"] == "/s/mini/q/vek"
