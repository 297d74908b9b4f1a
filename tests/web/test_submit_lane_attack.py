"""Attacks on the submit lane (web/api/submit_lane.py) as an outsider would send them.
Each request goes to an app with the lane and to one without it: the lane must answer
as the view does (status, body, headers), store nothing the view refuses and skip no
rule the view applies. The few tests over real HTTP (gunicorn on 127.0.0.1) are at
the end of this file."""
import errno
import json
import os
import re
import shutil
import socket
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app import create_app
from survey_app.web.api import submit_lane
from tests.web.test_submit_lane import FIXTURES, SID, URL, answer, both_apps, valid


@pytest.fixture(autouse=True)
def fixture_questionnaires(questionnaires_dir):
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")


def masked(response):
    """(status, body with a stored id as <id>, sorted headers) of a test-client response."""
    text = response.get_data(as_text=True)
    try:
        record_id = json.loads(text).get("id", "")
    except (ValueError, AttributeError):
        record_id = ""
    return (response.status_code, text.replace(record_id, "<id>") if len(record_id) == 32 else text,
            sorted(response.headers.items()))


def stored(app, questionnaire_id="mini"):
    return [r["answers"] for r in app.extensions["survey_storage"].responses(questionnaire_id)]


def same_as_the_view(app_config, tmp_path, config=None, **sent):
    """(answer, stored answers) from the app with the lane; asserts the app without it
    gives the same."""
    with_lane, without = both_apps(app_config, tmp_path, **(config or {}))
    lane = answer(with_lane.test_client(), **sent), stored(with_lane)
    assert lane == (answer(without.test_client(), **sent), stored(without))
    return lane


VALID = json.dumps(valid())
WISH = '{"submission_id": "%s", "answers": {"vek": "8-11", "pocit": 4, "prani": "%%s"}}' % SID


def pocit(raw):
    return '{"submission_id": "%s", "answers": {"vek": "8-11", "pocit": %s}}' % (SID, raw)


# The body's bytes. The view decodes UTF-8 strictly; json.loads(bytes) would also take
# UTF-16/32 and a BOM, and let "surrogatepass" UTF-8 through.
BODIES = {
    "UTF-8 BOM": b"\xef\xbb\xbf" + VALID.encode(),
    "UTF-16": VALID.encode("utf-16-le"),
    "UTF-16 with BOM": VALID.encode("utf-16"),
    "UTF-32": VALID.encode("utf-32-be"),
    "UTF-16, escaped U+FFFF": (WISH % "\\uffff").encode("utf-16-le"),
    "UTF-16, escaped NUL": (WISH % "\\u0000").encode("utf-16-le"),
    "UTF-16, escaped lone surrogate": (WISH % "\\udc00").encode("utf-16-be"),
    "raw UTF-8 of a surrogate": (WISH % "x").encode().replace(b'"x"', b'"\xed\xa0\x80"'),
    "raw U+FFFE": (WISH % "\ufffe").encode(),
    "raw NUL": (WISH % "a\x00b").encode(),
    "raw C0 control": (WISH % "a\x1fb").encode(),
    "escaped C0 control": (WISH % "a\\u001Fb").encode(),
    "escaped backspace": (WISH % "a\\bb").encode(),
    "escaped RTL mark": (WISH % "a\\u200fb").encode(),
    "escaped Czech": (WISH % "\\u010de\\u0161tina").encode(),
    "overlong UTF-8 slash": (WISH % "x").encode().replace(b'"x"', b'"\xc0\xaf"'),
    "NaN": pocit("NaN").encode(),
    "Infinity": pocit("-Infinity").encode(),
    "1e400": pocit("1e400").encode(),
    "5000 digits": pocit("4" * 5000).encode(),
    "4.0": pocit("4.0").encode(),
    "4e0": pocit("4e0").encode(),
    "true": pocit("true").encode(),
    "duplicate answer key, last valid": ('{"submission_id": "%s", "answers": {"vek": "99", "vek": "8-11", "pocit": 4}}'
                                         % SID).encode(),
    "duplicate submission_id": ('{"submission_id": "nope", "submission_id": "%s", "answers": {"vek": "8-11", '
                                '"pocit": 4}}' % SID).encode(),
    "duplicate answers field": ('{"submission_id": "%s", "answers": {"vek": "8-11", "pocit": 4}, "answers": 5}'
                                % SID).encode(),
    "deeply nested answer": ('{"submission_id": "%s", "answers": {"vek": "8-11", "pocit": 4, "prani": %s}}'
                             % (SID, "[" * 100_00 + "]" * 100_00)).encode()[:65_000],
    "trailing garbage": VALID.encode() + b" x",
    "two bodies": VALID.encode() + VALID.encode(),
    "uuid in braces": json.dumps(valid(submission_id="{%s}" % SID)).encode(),
    "uuid as urn": json.dumps(valid(submission_id="urn:uuid:" + SID)).encode(),
    "uuid upper case": json.dumps(valid(submission_id=SID.upper())).encode(),
    "exactly the limit": VALID.encode() + b" " * (64 * 1024 - len(VALID)),
    "one byte past the limit": VALID.encode() + b" " * (64 * 1024 - len(VALID) + 1),
}


@pytest.mark.parametrize("case", BODIES, ids=list(BODIES))
def test_submit_lane__odd_body__same_answer_and_store_as_the_view(app_config, tmp_path, case):
    same_as_the_view(app_config, tmp_path, body=BODIES[case])


CONTENT_TYPES = ["application/json\xa0", "application/json\x0b", "application/json\x0c", "application/json\x1f",
                 "\x1capplication/json", "APPLICATION/JSON", "Application/Json; Charset=UTF-8",
                 "application/json; charset=utf-16", "application/json; charset=latin-1", "application/json;",
                 "application/json , text/plain", '"application/json"', "application/json\t;\tcharset=utf-8",
                 " application/json ", "application/vnd.api+json", "application/json-patch+json",
                 "text/json", "application /json", "application/x-www-form-urlencoded", "multipart/form-data",
                 "text/plain", ""]


@pytest.mark.parametrize("content_type", CONTENT_TYPES, ids=[repr(c) for c in CONTENT_TYPES])
def test_submit_lane__content_type_spelling__same_answer_and_store_as_the_view(app_config, tmp_path, content_type):
    same_as_the_view(app_config, tmp_path, body=VALID, content_type=content_type)


def test_submit_lane__utf16_body_with_its_charset__refused_as_by_the_view(app_config, tmp_path):
    (status, _, _), kept = same_as_the_view(app_config, tmp_path, body=VALID.encode("utf-16-le"),
                                            content_type="application/json; charset=utf-16le")
    assert (status, kept) == (400, [])


PATHS = ["/api/v1/questionnaires/mini/responses/", "/api/v1/questionnaires/../responses",
         "/api/v1/questionnaires/./responses", "/api/v1/questionnaires/mini/../mini/responses",
         "/api/v1/questionnaires/MINI/responses", "/API/v1/questionnaires/mini/responses",
         "/api/v1/questionnaires/m%C3%ADni/responses", "/api/v1/questionnaires/mini%00/responses",
         "/api/v1/questionnaires/mini%0A/responses", "/api/v1/questionnaires/mini%20/responses",
         "/api/v1//questionnaires/mini/responses", "//api/v1/questionnaires/mini/responses",
         "/api/v1/questionnaires/mini/%72esponses", "/api/v1/questionnaires/%6Dini/responses",
         "/api/v1/questionnaires/mini%2F/responses", "/api/v1/questionnaires/mini;x/responses",
         "/api/v1/questionnaires/mini/responses;x", "/api/v1/questionnaires/mini/responses%3F"]


@pytest.mark.parametrize("url", PATHS)
def test_submit_lane__path_trick__same_answer_and_store_as_the_view(app_config, tmp_path, url):
    same_as_the_view(app_config, tmp_path, body=valid(), url=url)


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "GET", "HEAD", "OPTIONS", "post", "PROPFIND"])
def test_submit_lane__other_method__same_answer_and_store_as_the_view(app_config, tmp_path, method):
    with_lane, without = both_apps(app_config, tmp_path)

    def send(app):
        response = app.test_client().open(URL, method=method, data=VALID, content_type="application/json")
        return masked(response), stored(app)

    assert send(with_lane) == send(without)


HEADERS = [{"Accept": "text/html"}, {"Accept": "application/xml"}, {"Accept-Language": "en"},
           {"Accept-Language": "uk"}, {"Origin": "https://evil.example"}, {"Origin": "null"},
           {"Referer": "https://evil.example/form"}, {"X-Requested-With": "XMLHttpRequest"},
           {"Authorization": "Basic YWRtaW46YWRtaW4="}, {"Content-Encoding": "gzip"},
           {"X-HTTP-Method-Override": "DELETE"}, {"Host": "evil.example"}, {"Sec-Fetch-Site": "cross-site"}]


@pytest.mark.parametrize("headers", HEADERS, ids=[next(iter(h.items()))[0] + ": " + next(iter(h.items()))[1]
                                                  for h in HEADERS])
def test_submit_lane__other_request_header__same_answer_and_store_as_the_view(app_config, tmp_path, headers):
    same_as_the_view(app_config, tmp_path, body=valid(), headers=headers)
    same_as_the_view(app_config, tmp_path / "invalid", body=valid(answers={"vek": "99"}), headers=headers)


def test_submit_lane__the_after_request_and_teardown_hooks_it_skips__are_the_ones_it_was_checked_against(
        app_config, tmp_path):
    # The lane's answer gets the security headers (headers_for) and nothing else: a new
    # hook on every request or on the API (no-store, a log, a counter) must be looked
    # at here, and in the lane, before it is added (test_submit_lane.py pins before_request).
    with_lane, _ = both_apps(app_config, tmp_path)
    after = {name: sorted(f.__qualname__ for f in funcs) for name, funcs in with_lane.after_request_funcs.items()
             if name in (None, "api")}
    assert after == {None: ["init_app.<locals>.add_security_headers"]}
    assert [with_lane.teardown_request_funcs, with_lane.teardown_appcontext_funcs,
            with_lane.url_value_preprocessors] == [{}, [], {}]


def test_submit_lane__its_path__reaches_only_the_submit_view(app_config, tmp_path):
    # The lane answers every POST whose PATH_INFO matches SUBMIT_PATH: no other POST
    # rule under /api/ may match such a path (a literal "bulk" id, say) behind its back.
    with_lane, _ = both_apps(app_config, tmp_path)
    posts = sorted((rule.rule, rule.endpoint) for rule in with_lane.url_map.iter_rules()
                   if "POST" in rule.methods and rule.rule.startswith("/api/"))
    assert posts == [("/api/v1/questionnaires/<questionnaire_id>/responses", "api.post_response")]
    adapter = with_lane.url_map.bind("localhost")
    for questionnaire_id in ("mini", "..", "MINI", "a;b", "\u00e1", "x" * 300):
        path = f"/api/v1/questionnaires/{questionnaire_id}/responses"
        assert submit_lane.SUBMIT_PATH.fullmatch(path)
        assert adapter.match(path, method="POST") == ("api.post_response", {"questionnaire_id": questionnaire_id})


def send_environ(app, body=VALID.encode(), headers=None, **environ):
    """The test client with environ keys set by hand (a server that passes them on)."""
    response = app.test_client().post(URL, data=body, content_type="application/json", headers=headers or {},
                                      environ_overrides=environ)
    return masked(response), stored(app)


LENGTHS = {
    "superscript two": "\u00b2",  # latin-1, so a server can pass it; str.isdigit() says True
    "5000 leading zeros": "0" * 5000 + str(len(VALID)),
    "leading zero": "0" + str(len(VALID)),
    "ten digits": "0" * 8 + str(len(VALID)),
    "plus sign": "+" + str(len(VALID)),
    "minus one": "-1",
    "blank around": f" {len(VALID)}\t",
    "underscore": "1_0",
    "longer than the body": str(len(VALID) + 5),
    "shorter than the body": str(len(VALID) - 5),
    "zero": "0",
    "empty": "",
    "huge": "9" * 30,
}


@pytest.mark.parametrize("case", LENGTHS, ids=list(LENGTHS))
def test_submit_lane__content_length_spelling__same_answer_and_store_as_the_view(app_config, tmp_path, case,
                                                                                 caplog):
    with_lane, without = both_apps(app_config, tmp_path)
    assert send_environ(with_lane, CONTENT_LENGTH=LENGTHS[case]) == send_environ(without, CONTENT_LENGTH=LENGTHS[case])
    assert "submit lane failed" not in caplog.text  # handed on by rule, not by accident


@pytest.mark.parametrize("encoding", ["chunked", "gzip, chunked", "identity", "Chunked"])
def test_submit_lane__transfer_encoding_with_a_length__same_answer_and_store_as_the_view(app_config, tmp_path,
                                                                                         encoding):
    # Werkzeug reads no body for a chunked request the server did not decode; the lane
    # must not read Content-Length bytes of it and store them.
    with_lane, without = both_apps(app_config, tmp_path)
    sent = dict(headers={"Transfer-Encoding": encoding}, CONTENT_LENGTH=str(len(VALID)))
    assert send_environ(with_lane, **sent) == send_environ(without, **sent)


@pytest.mark.parametrize("case", ["raw UTF-8 of a surrogate", "UTF-16, escaped lone surrogate", "overlong UTF-8 slash"])
def test_submit_lane__undecodable_body__handed_on_by_rule_not_by_an_error(app_config, tmp_path, case, caplog):
    (status, _, _), kept = same_as_the_view(app_config, tmp_path, body=BODIES[case])
    assert (status, kept, "submit lane failed" in caplog.text) == (400, [], False)


def test_submit_lane__empty_cookie_header__same_answer_as_the_view(app_config, tmp_path):
    with_lane, without = both_apps(app_config, tmp_path)
    assert send_environ(with_lane, HTTP_COOKIE="") == send_environ(without, HTTP_COOKIE="")


def new_submission(index, **changes):
    return valid(submission_id=str(uuid.UUID(int=index, version=4)), **changes)


def statuses(app, requests):
    """Status of each (body, headers, environ) sent in turn to one app."""
    client = app.test_client()
    return [client.post(URL, data=json.dumps(body), content_type="application/json", headers=headers,
                        environ_overrides=environ).status_code for body, headers, environ in requests]


FORWARDED = [  # X-Forwarded-For as a proxy (SURVEY_PROXY_FIX=1) may pass it on
    {"X-Forwarded-For": "198.51.100.1"},
    {"X-Forwarded-For": "203.0.113.9, 198.51.100.1"},  # the client forged the first hop
    {"X-Forwarded-For": "198.51.100.2"},
    {"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example",
     "X-Forwarded-Prefix": "/pruzkum", "X-Forwarded-Port": "8443"},
    {"X-Forwarded-For": ""},
    {"X-Forwarded-For": "not an address"},
    {},
    {"X-Forwarded-For": "198.51.100.2,198.51.100.2"},
]


@pytest.mark.parametrize("hops", [0, 1, 2])
def test_submit_lane__forwarded_headers__limited_per_client_as_by_the_view(app_config, tmp_path, hops):
    # 2/minute per client address: the lane must see the address the view sees, with
    # ProxyFix (the number of trusted hops) and without it (the headers are ignored).
    config = dict(RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT="2/minute", PROXY_FIX=hops)
    with_lane, without = both_apps(app_config, tmp_path, **config)
    requests = [(new_submission(index), headers, {}) for index, headers in enumerate(FORWARDED * 2)]
    assert statuses(with_lane, requests) == statuses(without, requests)
    assert stored(with_lane) == stored(without)


def test_submit_lane__forwarded_prefix_and_script_name__same_answer_as_the_view(app_config, tmp_path):
    with_lane, without = both_apps(app_config, tmp_path, PROXY_FIX=1)
    for name, headers, environ in [("prefix", {"X-Forwarded-Prefix": "/pruzkum"}, {}),
                                   ("script name", {}, {"SCRIPT_NAME": "/pruzkum"}),
                                   ("both", {"X-Forwarded-Prefix": "/a"}, {"SCRIPT_NAME": "/b"})]:
        body = json.dumps(new_submission(len(name)))
        lane, view = (masked(app.test_client().post(URL, data=body, content_type="application/json",
                                                    headers=headers, environ_overrides=environ))
                      for app in (with_lane, without))
        assert (name, lane) == (name, view)
        assert lane[0] == 201


def test_submit_lane__mounted_under_a_script_name__the_lane_answers(app_config, tmp_path):
    # PATH_INFO is what follows SCRIPT_NAME: a mounted app's submit still takes the lane.
    with_lane, _ = both_apps(app_config, tmp_path)
    reached = []
    view = with_lane.view_functions["api.post_response"]
    with_lane.view_functions["api.post_response"] = lambda **kw: reached.append(kw) or view(**kw)
    response = with_lane.test_client().post(URL, data=VALID, content_type="application/json",
                                            base_url="http://localhost/pruzkum")
    assert (response.status_code, reached) == (201, [])
    assert response.request.environ["SCRIPT_NAME"] == "/pruzkum"


@pytest.mark.parametrize("limit", ["2/minute;3/hour", "3/hour;2/minute", "1/second;2/minute", "2 per minute",
                                   "2/minute;2/minute"])
def test_submit_lane__several_limits__each_request_counted_once_as_by_the_view(app_config, tmp_path, limit):
    with_lane, without = both_apps(app_config, tmp_path, RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT=limit)
    bodies = [new_submission(0, answers={"vek": "99"}), new_submission(1), new_submission(1),
              {**new_submission(2), "extra": 1}, new_submission(3), new_submission(4), new_submission(5)]
    requests = [(body, {}, {}) for body in bodies]
    lane = statuses(with_lane, requests)
    assert lane == statuses(without, requests)
    assert stored(with_lane) == stored(without)


def test_submit_lane__over_the_limit__429_byte_for_byte_as_the_view(app_config, tmp_path):
    with_lane, without = both_apps(app_config, tmp_path, RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT="1/minute")
    answers = []
    for app in (with_lane, without):
        client = app.test_client()
        client.post(URL, data=json.dumps(new_submission(1)), content_type="application/json")
        answers.append(masked(client.post(URL, data=json.dumps(new_submission(2)), content_type="application/json",
                                          headers={"Accept-Language": "en"})))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def journal_bytes(app):
    path = Path(app.config["SURVEY_DATA_DIR"]) / "responses" / "mini.jsonl"
    return path.read_bytes() if path.exists() else b""


def disk_full(*args):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("call", ["write", "fsync"])
@pytest.mark.parametrize("journal", ["new", "existing"])
def test_submit_lane__disk_fails__the_views_503_nothing_half_stored_a_retry_stores_once(
        app_config, tmp_path, monkeypatch, call, journal):
    with_lane, without = both_apps(app_config, tmp_path, RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT="4/minute")
    seen = {}
    for name, app in (("lane", with_lane), ("view", without)):
        client = app.test_client()

        def send(index):
            return masked(client.post(URL, data=json.dumps(new_submission(index)), content_type="application/json"))

        before = [send(0)[0]] if journal == "existing" else []
        with monkeypatch.context() as broken:
            broken.setattr(os, call, disk_full)
            failed = send(1)
        on_disk = journal_bytes(app)
        # The failed request was counted once: two more fit in the limit of 4 (3 without
        # the first submit), then 429.
        seen[name] = before, failed, on_disk.count(b"\n"), on_disk.endswith(b"\n") or not on_disk, \
            [send(1)[0], send(1)[0], send(2)[0], send(3)[0]], stored(app)
    assert seen["lane"] == seen["view"]
    before, failed, lines, whole, after, kept = seen["lane"]
    assert failed[0] == 503 and json.loads(failed[1])["error"] == "storage_unavailable"
    assert (lines, whole) == (len(before), True)
    assert after == ([201, 200, 429, 429] if before else [201, 200, 201, 429])
    assert len(kept) == len(before) + len(after) - after.count(200) - after.count(429)


def test_submit_lane__disk_fails_once__the_view_tries_again_and_stores_it_once(app_config, tmp_path, monkeypatch,
                                                                               caplog):
    # The one answer that differs on purpose: the lane does not answer 503 itself but
    # hands the request to the view, whose second attempt may succeed (the view alone
    # would have answered 503 and the client retried). Stored once, durably, either way.
    with_lane, _ = both_apps(app_config, tmp_path)
    calls = []

    def fails_once(fd):
        calls.append(fd)
        if len(calls) == 1:
            disk_full()

    monkeypatch.setattr(os, "fsync", fails_once)
    response = with_lane.test_client().post(URL, data=VALID, content_type="application/json")
    assert response.status_code == 201
    assert stored(with_lane) == [valid()["answers"]]
    assert journal_bytes(with_lane).count(b"\n") == 1
    assert [(r.levelname, r.getMessage().split(":")[0]) for r in caplog.records] == [("WARNING", "submit lane")]


def test_submit_lane__headers_and_addresses__never_stored(app_config, tmp_path):
    with_lane, without = both_apps(app_config, tmp_path, PROXY_FIX=1)
    headers = {"X-Forwarded-For": "198.51.100.77", "User-Agent": "Tablet-3 Mozilla/5.0 zarizeni-42",
               "Accept-Language": "uk", "X-Device-Id": "zarizeni-42", "Forwarded": "for=203.0.113.5",
               "Authorization": "Bearer tajne", "Referer": "https://example.org/tablet-3"}
    for app in (with_lane, without):
        response = app.test_client().post(URL, data=VALID, content_type="application/json", headers=headers,
                                          environ_overrides={"REMOTE_ADDR": "192.0.2.33"})
        assert response.status_code == 201
        [record] = app.extensions["survey_storage"].responses("mini")
        assert sorted(record) == ["answers", "campaign_id", "channel", "channel_id", "id", "lang",
                                  "questionnaire_id", "questionnaire_version", "submission_id", "submitted_at",
                                  "wave"]
        assert record["submitted_at"].endswith(":00Z")
        written = b"".join(path.read_bytes() for path in Path(app.config["SURVEY_DATA_DIR"]).rglob("*")
                           if path.is_file())
        for secret in (b"198.51.100", b"192.0.2.33", b"203.0.113", b"zarizeni", b"Mozilla", b"tajne", b"example.org"):
            assert secret not in written


EDITS = {
    "new version, option renamed": lambda text: text.replace("version: 2", "version: 3").replace('"8-11"', '"8-10"'),
    "same size, option renamed": lambda text: text.replace('"8-11"', '"8-10"'),
    "broken YAML": lambda text: text + "\n  - [unclosed\n",
    "fails its check": lambda text: text.replace("type: smiley", "type: smiely"),
    "another id": lambda text: text.replace("id: mini", "id: mini-2", 1),
    "deleted": None,
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_submit_lane__questionnaire_edited_between_requests__same_answers_as_the_view(
        app_config, tmp_path, questionnaires_dir, edit):
    path = questionnaires_dir / "mini.yaml"
    original = path.read_text()
    with_lane, without = both_apps(app_config, tmp_path)
    seen = {}
    for name, app in (("lane", with_lane), ("view", without)):
        path.write_text(original)
        client = app.test_client()

        def send(body):
            return masked(client.post(URL, data=json.dumps(body), content_type="application/json"))

        first = send(new_submission(1))
        if EDITS[edit] is None:
            path.unlink()
        else:
            path.write_text(EDITS[edit](original))
        stamp = time.time_ns() + 10**9 * len(seen)  # a later, distinct mtime for each app
        if path.exists():
            os.utime(path, ns=(stamp, stamp))
        os.utime(questionnaires_dir, ns=(stamp, stamp))
        seen[name] = first, send(new_submission(2)), send(new_submission(1)), \
            send(new_submission(3, answers={"vek": "8-10", "pocit": 4})), stored(app)
    assert seen["lane"] == seen["view"]


# --- over real HTTP: gunicorn on 127.0.0.1, with and without the lane -------------

ROOT = Path(__file__).resolve().parents[2]
NO_LANE = "survey_app:create_app({'SUBMIT_FAST_LANE': False})"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """{"lane": server (2 workers), "view": server (1)}, each with its own data dir."""
    sys.path.insert(0, str(ROOT / "bench"))
    from gunicorn_server import GunicornServer

    base = tmp_path_factory.mktemp("http")
    shutil.copy(FIXTURES / "mini.yaml", (base / "questionnaires").mkdir() or base / "questionnaires" / "mini.yaml")
    env = {"SURVEY_ENV": "production", "SECRET_KEY": "lane-attack-" + "s" * 40,
           "SURVEY_QUESTIONNAIRES_DIR": str(base / "questionnaires"),
           "SURVEY_SUBMIT_RATE_LIMIT": "1000000/minute"}
    with GunicornServer("wsgi:app", env={**env, "SURVEY_DATA_DIR": str(base / "lane")}, workers=2) as lane, \
            GunicornServer(NO_LANE, env={**env, "SURVEY_DATA_DIR": str(base / "view")}, workers=1) as view:
        yield {"lane": lane, "view": view}
        for server in (lane, view):
            assert "Traceback" not in server.log(), server.log()[-3000:]


def raw_http(port, request: bytes) -> tuple:
    """Send raw bytes, read to the end; (status line, headers without Date, body with a
    stored id as <id>)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    if received.startswith(b"HTTP/1.1 100 "):  # the interim answer to Expect: 100-continue
        received = received.partition(b"\r\n\r\n")[2]
    head, _, body = received.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = sorted(line for line in lines if not line.lower().startswith("date:"))
    return status, headers, re.sub(rb'"id":"[0-9a-f]{32}"', b'"id":"<id>"', body)


def post(path="/api/v1/questionnaires/mini/responses", body=None, headers=(), index=0):
    body = json.dumps(new_submission(index)).encode() if body is None else body
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def chunked(body: bytes) -> bytes:
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)


def http_cases():
    body = lambda index: json.dumps(new_submission(index)).encode()  # noqa: E731
    json_type = "Content-Type: application/json"
    return {
        "plain": post(headers=[json_type, f"Content-Length: {len(body(1))}"], index=1),
        "chunked, no length": post(headers=[json_type, "Transfer-Encoding: chunked"], body=chunked(body(2))),
        "chunked and a length": post(headers=[json_type, "Transfer-Encoding: chunked", "Content-Length: 10"],
                                     body=chunked(body(3))),
        "length shorter than the body": post(headers=[json_type, f"Content-Length: {len(body(4)) - 3}"],
                                             body=body(4)),
        "leading zeros": post(headers=[json_type, f"Content-Length: 000{len(body(5))}"], body=body(5)),
        "plus sign": post(headers=[json_type, f"Content-Length: +{len(body(6))}"], body=body(6)),
        "two lengths": post(headers=[json_type, f"Content-Length: {len(body(7))}", f"Content-Length: {len(body(7))}"],
                            body=body(7)),
        "length zero": post(headers=[json_type, "Content-Length: 0"], body=b""),
        "huge length": post(headers=[json_type, "Content-Length: " + "9" * 40], body=body(8)),
        "5000 zeros": post(headers=[json_type, "Content-Length: " + "0" * 5000 + str(len(body(9)))], body=body(9)),
        "superscript length": post(headers=[json_type, "Content-Length: \u00b2"], body=body(10)),
        "NBSP in the type": post(headers=["Content-Type: application/json\u00a0", f"Content-Length: {len(body(11))}"],
                                 body=body(11)),
        "text/plain": post(headers=["Content-Type: text/plain", f"Content-Length: {len(body(12))}"], body=body(12)),
        "two types": post(headers=["Content-Type: text/plain", json_type, f"Content-Length: {len(body(13))}"],
                          body=body(13)),
        "UTF-16 body": post(headers=[json_type, f"Content-Length: {len(body(14).decode().encode('utf-16'))}"],
                            body=body(14).decode().encode("utf-16")),
        "encoded slash": post(path="/api/v1/questionnaires/mi%2Fni/responses",
                              headers=[json_type, f"Content-Length: {len(body(15))}"], body=body(15)),
        "encoded letters": post(path="/api/v1/questionnaires/%6dini/%72esponses",
                                headers=[json_type, f"Content-Length: {len(body(16))}"], body=body(16)),
        "dot segments": post(path="/api/v1/questionnaires/x/../mini/responses",
                             headers=[json_type, f"Content-Length: {len(body(17))}"], body=body(17)),
        "absolute URI": post(path="http://127.0.0.1/api/v1/questionnaires/mini/responses",
                             headers=[json_type, f"Content-Length: {len(body(18))}"], body=body(18)),
        "empty query": post(path="/api/v1/questionnaires/mini/responses?",
                            headers=[json_type, f"Content-Length: {len(body(19))}"], body=body(19)),
        "raw UTF-8 in the path": post(path="/api/v1/questionnaires/m\u00c3\u00adni/responses",
                                      headers=[json_type, f"Content-Length: {len(body(20))}"], body=body(20)),
        "Expect 100-continue": post(headers=[json_type, f"Content-Length: {len(body(21))}", "Expect: 100-continue"],
                                    body=body(21)),
        "HTTP/1.0": post(headers=[json_type, f"Content-Length: {len(body(22))}"], body=body(22)).replace(
            b"HTTP/1.1", b"HTTP/1.0", 1),
        "header with an underscore": post(headers=[json_type, f"Content_Length: {len(body(23))}"], body=body(23)),
    }


@pytest.mark.slow  # two gunicorns: 10-15 s on the shared 2-core machine
def test_submit_lane__odd_http_requests__gunicorn_answers_as_without_the_lane(servers):
    cases = http_cases()
    seen = {name: {case: raw_http(server.port, request) for case, request in cases.items()}
            for name, server in servers.items()}
    assert seen["lane"] == seen["view"]
    assert seen["lane"]["plain"][0] == "HTTP/1.1 201 CREATED"
    assert seen["lane"]["chunked, no length"][0] == "HTTP/1.1 201 CREATED"


@pytest.mark.slow
def test_submit_lane__same_submission_sent_at_once_to_two_workers__stored_once(servers):
    port, body = servers["lane"].port, json.dumps(new_submission(99)).encode()
    request = post(headers=["Content-Type: application/json", f"Content-Length: {len(body)}"], body=body)
    barrier, answers = threading.Barrier(12), []

    def client():
        barrier.wait()
        answers.append(raw_http(port, request))

    threads = [threading.Thread(target=client) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    statuses = sorted(status for status, _, _ in answers)
    assert statuses == ["HTTP/1.1 200 OK"] * 11 + ["HTTP/1.1 201 CREATED"]
    assert len({body for _, _, body in answers}) == 1  # the one stored id
    journal = Path(servers["lane"].env["SURVEY_DATA_DIR"]) / "responses" / "mini.jsonl"
    assert [json.loads(line)["submission_id"] for line in journal.read_bytes().splitlines()].count(
        str(uuid.UUID(int=99, version=4))) == 1


@pytest.mark.parametrize("compact", [None, False, True])
def test_submit_lane__debug_mode_json_layout__same_body_as_the_view(app_config, tmp_path, compact):
    # `flask run --debug` makes jsonify indent its output (unless JSON compact is set).
    with_lane, without = both_apps(app_config, tmp_path, DEBUG=True)
    for app in (with_lane, without):
        app.debug, app.json.compact = True, compact
    assert answer(with_lane.test_client(), valid()) == answer(without.test_client(), valid())


# --- generated bodies: lane and view side by side --------------------------------

FUZZ_URL = "/api/v1/questionnaires/fuzz-every-type/responses"
NASTY_TEXT = ["", "x", "Víc laviček", "\u200f", "\ufeff", "\ufffe", "\uffff", "\x00", "\x1f", "\ud800", "\udfff",
              "\U0001f600", "\U0010ffff", "a" * 101, "\\u0000", "<script>", "\u2028", "\x7f", "\x85"]
ANSWER_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10, 12), st.sampled_from([5.5, -5.0, 1e400, -0.0, 2**70]),
              st.sampled_from(NASTY_TEXT + ["8-11", "12-14", "a", "b", "x", "y", "yes", "no", "park", "skola",
                                            "drogy", "unsafe", "safe"]),
              st.text(max_size=8)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["lat", "lng", "category", "feeling", "comment", "x"]), inner, max_size=4),
    max_leaves=8)
QUESTION_IDS = ["vek", "jedna", "vice", "ano_ne", "proc", "tvar", "skala", "cislo", "dlouhy", "kde", "kde_jedno",
                "pozor", "mapa", "nope", "\ufffe"]
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "ascii-escaped"]


def encode(body, encoding):
    if encoding == "ascii-escaped":
        return json.dumps(body, ensure_ascii=True).encode()
    text = json.dumps(body, ensure_ascii=False)
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "strict")


@pytest.fixture(scope="module")
def fuzz_pair(tmp_path_factory):
    base = tmp_path_factory.mktemp("lane_fuzz")
    shutil.copy(FIXTURES / "fuzz-every-type.yaml", (base / "q").mkdir() or base / "q" / "fuzz-every-type.yaml")
    config = {"TESTING": True, "SECRET_KEY": "fuzz", "QUESTIONNAIRES_DIR": str(base / "q"), "RATELIMIT_ENABLED": False}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        yield tuple(create_app({**config, "SURVEY_DATA_DIR": str(base / name), "SUBMIT_FAST_LANE": lane})
                    for name, lane in (("lane", True), ("view", False)))


@settings(max_examples=80, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(answers=st.dictionaries(st.sampled_from(QUESTION_IDS), ANSWER_VALUES, max_size=6),
       lang=st.sampled_from(["cs", "en", "uk", "de", None]), encoding=st.sampled_from(ENCODINGS),
       submission=st.integers(0, 40), content_type=st.sampled_from(["application/json"] * 4 + CONTENT_TYPES[:6]))
def test_submit_lane__generated_submissions__same_answer_and_store_as_the_view(fuzz_pair, answers, lang, encoding,
                                                                                submission, content_type):
    body = {"submission_id": str(uuid.UUID(int=submission, version=4)), "answers": {"vek": "8-11", **answers}}
    if lang is not None:
        body["lang"] = lang
    try:
        raw = encode(body, encoding)
    except UnicodeEncodeError:
        raw = json.dumps(body).encode()
    seen = []
    for app in fuzz_pair:
        response = app.test_client().post(FUZZ_URL, data=raw, content_type=content_type)
        seen.append((masked(response), [r["answers"] for r in
                                        app.extensions["survey_storage"].responses("fuzz-every-type")]))
    assert seen[0] == seen[1]
    assert seen[0][0][0] < 500
