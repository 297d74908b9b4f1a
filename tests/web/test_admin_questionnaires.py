"""/admin/questionnaires: list, upload (validation, versions, kept files), download,
preview. Real HTTP round trips through the test client, logged in via /login."""
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.web.admin import questionnaire_files as files
from survey_app.storage.journal import StorageUnavailable

ZKOUSKA = """\
id: zkouska
version: {version}
title: {{cs: "Zkouška", en: "Test"}}
audience: children
one_question_per_page: true
end: {{cs: "Díky! Linka bezpečí 116 111.", en: "Thanks! Linka bezpečí 116 111."}}
pages:
  - id: p1
    questions:
      - {{id: pocit, type: smiley, label: {{cs: "Jak se cítíš{mark}", en: "How do you feel?"}}}}
      - {{id: bezpeci, type: yes_no, label: {{cs: "Cítíš se bezpečně?", en: "Do you feel safe?"}}}}
"""


def zkouska(version=1, mark="?") -> bytes:
    return ZKOUSKA.format(version=version, mark=mark).encode()


BROKEN = zkouska().replace(b"type: smiley", b"type: smily").replace(b"version: 1", b"version: 0")


def upload(client, data: bytes, name="zkouska.yaml", json=False):
    headers = {"Accept": "application/json"} if json else {}
    return client.post("/admin/questionnaires", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", headers=headers)


@pytest.fixture
def facilitator(login_as):
    return login_as("facilitator")


@pytest.fixture
def versions_dir(storage):
    return Path(storage.data_dir) / "questionnaire_versions"


def tree(folder: Path) -> dict:
    """{relative path: bytes} of every file under folder (lock files left out)."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


# --- the list ------------------------------------------------------------------------

def test_list__json__every_questionnaire_with_version_status_and_counts(facilitator, make_response):
    make_response("deti-bezpeci", vek="8-11")
    rows = facilitator.get("/admin/questionnaires", headers={"Accept": "application/json"}).get_json()
    assert [(r["id"], r["version"], r["status"], r["errors"], r["responses"], r["kept_versions"])
            for r in rows] == [("deti-bezpeci", 1, "ok", [], 1, []), ("dospeli-bezpeci", 1, "ok", [], 0, [])]


def test_list__broken_file__shown_with_its_line_numbered_errors(facilitator, questionnaires_dir):
    (questionnaires_dir / "zkouska.yaml").write_bytes(BROKEN)
    html = facilitator.get("/admin/questionnaires").get_data(as_text=True)
    row = html.split('<tr id="row-zkouska" class="status-error">', 1)[1].split("</tr>", 1)[0]
    assert '<span class="badge badge-error">Chyby: 2</span>' in row
    # The Czech admin shows the loader's errors in Czech (JSON keeps the English source).
    assert "zkouska.yaml:2: version musí být celé číslo od 1 (nalezeno: 0)</code>" in row
    assert "zkouska.yaml:10: neznámý typ otázky &#39;smily&#39; (myslíte &#39;smiley&#39;?)</code>" in row
    assert '<span class="badge badge-ok">v pořádku</span>' in html.split('id="row-deti-bezpeci"', 1)[1]


# --- upload ---------------------------------------------------------------------------

def test_upload__new_valid_file__live_at_once_and_kept_as_v1(facilitator, questionnaires_dir, versions_dir, storage):
    response = upload(facilitator, zkouska(), name="Muj dotaznik.YAML")
    assert (response.status_code, response.location) == (303, "/admin/questionnaires/zkouska")
    assert (questionnaires_dir / "zkouska.yaml").read_bytes() == zkouska()
    assert tree(versions_dir) == {"zkouska/v1.yaml": zkouska()}
    page = facilitator.get(response.location).get_data(as_text=True)
    assert "Dotazník zkouska ve verzi 1 je nyní v provozu." in page
    assert facilitator.get("/s/zkouska").status_code == 200
    assert storage.count_responses("zkouska") == 0


def test_upload__errors__422_line_numbers_and_nothing_written(facilitator, questionnaires_dir, versions_dir):
    upload(facilitator, zkouska())
    before = tree(questionnaires_dir), tree(versions_dir)
    response = upload(facilitator, BROKEN.replace(b"version: 0", b"version: 2"), name="opraveny.yaml")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("Soubor nebyl uložen, protože obsahuje chyby. Dotazník v provozu se nezměnil." in html)
    assert ("<li><code>opraveny.yaml:10: neznámý typ otázky &#39;smily&#39; "
            "(myslíte &#39;smiley&#39;?)</code></li>") in html
    assert (tree(questionnaires_dir), tree(versions_dir)) == before
    assert facilitator.get("/s/zkouska").status_code == 200


def test_upload__errors__json_client_gets_the_list(facilitator):
    response = upload(facilitator, BROKEN, json=True)
    assert response.status_code == 422
    assert response.get_json() == {
        "error": "upload_refused", "reason": "invalid",
        "message": "Soubor nebyl uložen, protože obsahuje chyby. Dotazník v provozu se nezměnil.",
        "errors": ["zkouska.yaml:2: version must be a whole number from 1 up (found 0)",
                   "zkouska.yaml:10: unknown question type 'smily' (did you mean 'smiley'?)"]}


def test_upload__changed_without_new_version__409_with_the_number_to_use(facilitator, questionnaires_dir):
    upload(facilitator, zkouska(version=3))
    response = upload(facilitator, zkouska(version=3, mark="?!"), json=True)
    assert response.status_code == 409
    assert response.get_json()["message"] == (
        "Tento dotazník už má verzi 3. Změněný dotazník potřebuje vyšší verzi: nastavte v souboru "
        "„version: 4“ a nahrajte ho znovu.")
    assert (questionnaires_dir / "zkouska.yaml").read_bytes() == zkouska(version=3)


def test_upload__shipped_file_changed__old_one_kept_both_downloadable(facilitator, questionnaires_dir, versions_dir):
    shipped = (questionnaires_dir / "deti-bezpeci.yaml").read_bytes()
    changed = shipped.replace(b"version: 1", b"version: 2", 1)
    response = upload(facilitator, changed, name="deti-bezpeci.yaml")
    assert response.status_code == 303
    assert tree(versions_dir) == {"deti-bezpeci/v1.yaml": shipped, "deti-bezpeci/v2.yaml": changed}
    live = facilitator.get("/admin/questionnaires/deti-bezpeci/download")
    assert live.data == changed
    assert live.headers["Content-Disposition"] == "attachment; filename=deti-bezpeci.yaml"
    assert live.mimetype == "application/yaml"
    old = facilitator.get("/admin/questionnaires/deti-bezpeci/versions/1/download")
    assert old.data == shipped
    assert old.headers["Content-Disposition"] == "attachment; filename=deti-bezpeci-v1.yaml"
    missing = facilitator.get("/admin/questionnaires/deti-bezpeci/versions/9/download",
                              headers={"Accept": "application/json"})
    assert (missing.status_code, missing.get_json()["message"]) == (
        404, "Verze 9 tohoto dotazníku nebyla uchována.")


def test_upload__same_bytes_again__nothing_changes(facilitator, questionnaires_dir, versions_dir):
    upload(facilitator, zkouska())
    before = tree(questionnaires_dir), tree(versions_dir)
    response = upload(facilitator, zkouska())
    assert response.status_code == 303
    assert "Soubor je stejný jako dotazník v provozu; nic se nezměnilo." in \
        facilitator.get(response.location).get_data(as_text=True)
    assert (tree(questionnaires_dir), tree(versions_dir)) == before


def test_upload__version_already_answered__refused_even_without_kept_file(facilitator, storage):
    storage.add_response({"questionnaire_id": "zkouska", "questionnaire_version": 7,
                          "submission_id": "6f1c0a0e-6a0e-4a53-9a3e-0c2b7b3c1d10", "answers": {}})
    response = upload(facilitator, zkouska(version=6), json=True)
    assert (response.status_code, response.get_json()["reason"]) == (409, "old_version")
    assert "už má verzi 7" in response.get_json()["message"]
    assert upload(facilitator, zkouska(version=8), json=True).status_code == 201


def test_upload__live_write_fails__503_old_file_stays_and_retry_works(facilitator, questionnaires_dir, monkeypatch):
    upload(facilitator, zkouska(version=1))
    real_write = files.write_file

    def failing(path, data, mode=0o600, dir_mode=0o700):
        if Path(path).parent == questionnaires_dir:
            raise StorageUnavailable("Cannot save: the disk is full")
        return real_write(path, data, mode, dir_mode)

    monkeypatch.setattr(files, "write_file", failing)
    assert upload(facilitator, zkouska(version=2)).status_code == 503
    assert (questionnaires_dir / "zkouska.yaml").read_bytes() == zkouska(version=1)
    monkeypatch.setattr(files, "write_file", real_write)
    assert upload(facilitator, zkouska(version=2)).status_code == 303  # the same file again
    assert (questionnaires_dir / "zkouska.yaml").read_bytes() == zkouska(version=2)


@pytest.mark.parametrize("data, name, status, message", [
    (b"id: zkouska\nversion: 1\ntitle: \xff\n", "zkouska.yaml", 422,
     ["zkouska.yaml:3: the file is not UTF-8 text (save it as UTF-8)"]),
    (b"#" * (512 * 1024 + 1), "zkouska.yaml", 413, []),
    (zkouska(), "zkouska.txt", 422, None),
], ids=["not-utf8", "too-large", "not-yaml-name"])
def test_upload__not_utf8_too_large_wrong_type__clear_4xx(facilitator, questionnaires_dir, data, name, status, message):
    response = upload(facilitator, data, name=name, json=True)
    assert response.status_code == status
    body = response.get_json()
    if message is None:
        assert body["message"] == "Soubor musí být ve formátu YAML s příponou .yaml."
    else:
        assert body["errors"] == message
    assert not (questionnaires_dir / "zkouska.yaml").exists()


def test_upload__no_file__422(facilitator):
    response = facilitator.post("/admin/questionnaires", data={}, headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()["message"]) == (
        422, "Vyberte soubor s dotazníkem, který chcete nahrát.")


def test_upload__csrf_on_without_token__400_nothing_written(csrf_app, login_as, questionnaires_dir):
    client = login_as("facilitator", client=csrf_app.test_client())
    assert upload(client, zkouska()).status_code == 400
    assert not (questionnaires_dir / "zkouska.yaml").exists()


def test_upload__city_role__403_nothing_written(login_as, questionnaires_dir):
    assert upload(login_as("city"), zkouska()).status_code == 403
    assert not (questionnaires_dir / "zkouska.yaml").exists()


# --- detail and preview ---------------------------------------------------------------

def test_detail__versions_with_response_counts(facilitator, make_response):
    make_response("deti-bezpeci", vek="8-11")
    make_response("deti-bezpeci", vek="12-14")
    body = facilitator.get("/admin/questionnaires/deti-bezpeci", headers={"Accept": "application/json"}).get_json()
    assert body["versions"] == [{"version": 1, "responses": 2, "live": True, "kept": False}]
    assert facilitator.get("/admin/questionnaires/nic").status_code == 404


def test_preview__phone_and_tablet_frames_of_the_real_pages(facilitator):
    assert facilitator.get("/admin/questionnaires/zkouska/preview").status_code == 404
    upload(facilitator, zkouska())
    html = facilitator.get("/admin/questionnaires/zkouska/preview").get_data(as_text=True)
    assert '<iframe src="/admin/questionnaires/zkouska/preview/0" width="360" height="740"' in html
    assert '<iframe src="/admin/questionnaires/zkouska/preview/0" width="800" height="1000"' in html


def test_preview_frame__walks_start_screens_end_and_stores_nothing(facilitator, storage):
    upload(facilitator, zkouska())
    base = "/admin/questionnaires/zkouska/preview"
    start = facilitator.get(f"{base}/0")
    assert start.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in start.headers["Content-Security-Policy"]
    assert f'<form method="post" action="{base}/0">' in start.get_data(as_text=True)
    assert facilitator.post(f"{base}/0").location == f"{base}/1"
    first = facilitator.get(f"{base}/1").get_data(as_text=True)
    assert '<span class="progress-text">1 / 2</span>' in first and "Jak se cítíš?" in first
    assert facilitator.post(f"{base}/1", data={"pocit": "9"}).location == f"{base}/2"
    assert facilitator.post(f"{base}/2", data={"action": "back"}).location == f"{base}/1"
    assert facilitator.post(f"{base}/2").location == f"{base}/3"
    end = facilitator.get(f"{base}/3").get_data(as_text=True)
    assert "Díky! Linka bezpečí 116 111." in end and f'href="{base}/0"' in end
    assert facilitator.get(f"{base}/4").status_code == 404
    assert storage.count_responses("zkouska") == 0
    assert list(Path(storage.drafts_dir).iterdir()) == []
    # the admin pages themselves may not be framed
    assert facilitator.get(base).headers["X-Frame-Options"] == "DENY"


def test_upload__id_longer_than_100__422_named_line(facilitator):
    data = zkouska().replace(b"id: zkouska", b"id: " + b"a" * 101)
    response = upload(facilitator, data, json=True)
    assert (response.status_code, response.get_json()["errors"]) == (
        422, ["zkouska.yaml:1: id is too long (at most 100 characters)"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300),
                      st.text(max_size=300).map(lambda t: t.encode()),
                      st.sampled_from([zkouska(), BROKEN]).flatmap(
                          lambda good: st.integers(0, len(good)).map(lambda n: good[:n]))))
def test_upload__any_bytes__4xx_or_installed_never_5xx(facilitator, data):
    response = upload(facilitator, data, json=True)
    assert response.status_code in (200, 201, 409, 413, 422), response.get_data(as_text=True)
