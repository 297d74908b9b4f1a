"""The registry reloads questionnaires when their files change, checked on every
request with a stat per file; the directory is listed only when it changed (no Flask)."""
import os
import time

import pytest

from survey_app.questionnaire import registry as registry_module
from survey_app.questionnaire.registry import QuestionnaireUnavailable, Registry
from tests.questionnaire.test_loader import CHOICE, doc

OLD = time.time() - 3600  # long before any check: the directory is not "racy"


def write(folder, qid, title="Titulek"):
    path = folder / f"{qid}.yaml"
    path.write_text(doc(CHOICE).replace("id: x", f"id: {qid}").replace("Titulek", title), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    write(folder, "a")
    return folder


def age(path, seconds_ago=3600):
    os.utime(path, (time.time() - seconds_ago, time.time() - seconds_ago))


def test_registry__added_edited_removed__each_seen_at_the_next_request(folder):
    registry = Registry(folder)
    assert [q.id for q in registry.all()] == ["a"]
    write(folder, "b")
    assert [q.id for q in registry.all()] == ["a", "b"]
    write(folder, "a", title="Jiný a delší titulek")
    assert registry.get("a").title["cs"] == "Jiný a delší titulek"
    (folder / "b.yaml").unlink()
    with pytest.raises(QuestionnaireUnavailable):
        registry.get("b")


def test_registry__unchanged_old_directory__not_listed_again(folder, monkeypatch):
    age(folder)
    registry = Registry(folder)
    registry.all()
    listings = []
    real_scandir = os.scandir
    monkeypatch.setattr(registry_module.os, "scandir", lambda path: listings.append(path) or real_scandir(path))
    for _ in range(5):
        registry.get("a")
    assert listings == []
    write(folder, "b")  # the directory's mtime moves
    assert registry.get("b").id == "b"
    assert listings  # listed again once it changed


def test_registry__file_added_without_moving_the_directory_mtime__seen_while_it_is_recent(folder):
    # A file created in the same clock tick as the last listing leaves the directory's
    # mtime as it was: a recent directory is listed on every check.
    registry = Registry(folder)
    registry.all()
    listed_mtime = os.stat(folder).st_mtime_ns
    write(folder, "b")
    os.utime(folder, ns=(listed_mtime, listed_mtime))
    assert registry.get("b").id == "b"


def test_registry__directory_removed__nothing_served(folder):
    registry = Registry(folder)
    registry.all()
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    assert registry.all() == []
