"""Attacks on the submit lane (web/api/submit_lane.py) as an outsider would send them.
Each request goes to an app with the lane and to one without it: the lane must answer
as the view does (status, body, headers), store nothing the view refuses and skip no
rule the view applies. The few tests over real HTTP (gunicorn on 127.0.0.1) are at
the end of this file."""
import json
import shutil

import pytest

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
