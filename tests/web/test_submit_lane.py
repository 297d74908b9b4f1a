"""The submit lane (web/api/submit_lane.py) answers a storable JSON submit without
Flask's request machinery; every other request goes on to the view. Each case is sent
to an app with the lane and to one without it: the answers must be the same."""
import json
import shutil
import uuid
from pathlib import Path

import pytest

from survey_app import create_app

FIXTURES = Path(__file__).parents[1] / "fixtures"
URL = "/api/v1/questionnaires/mini/responses"
SID = "7f0c1e9e-4a43-4d57-9a38-0d6d2d3c6f10"


@pytest.fixture(autouse=True)
def fixture_questionnaires(questionnaires_dir):
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")


def both_apps(app_config, tmp_path, **config):
    """(with the lane, without it): same settings, separate data dirs."""
    return tuple(create_app({**app_config, "SURVEY_DATA_DIR": str(tmp_path / name),
                             "SUBMIT_FAST_LANE": lane, **config})
                 for name, lane in (("lane", True), ("view", False)))


def answer(client, body, url=URL, content_type="application/json", **kwargs):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    response = client.post(url, data=data, content_type=content_type, **kwargs)
    text = response.get_data(as_text=True)
    try:  # the stored id is random: compare its shape, not its value
        parsed = json.loads(text)
        if isinstance(parsed, dict) and len(parsed.get("id", "")) == 32:
            text = text.replace(parsed["id"], "<id>")
    except ValueError:
        pass
    return response.status_code, text, sorted(response.headers.items())


def calls_to_the_view(app) -> list:
    """The Flask view's calls from now on (its keyword arguments), for asserting who answered."""
    reached = []
    view = app.view_functions["api.post_response"]
    app.view_functions["api.post_response"] = lambda **kw: reached.append(kw) or view(**kw)
    return reached


def valid(**changes):
    return {"submission_id": SID, "lang": "cs", "answers": {"vek": "8-11", "pocit": 4}, **changes}


CASES = {
    "stored": dict(body=valid()),
    "stored, charset in the content type": dict(body=valid(), content_type="application/json; charset=utf-8"),
    "stored, Czech text sent as UTF-8": dict(body=json.dumps(valid(answers={"vek": "8-11", "prani": "Víc laviček"}),
                                                         ensure_ascii=False).encode()),
    "invalid answer": dict(body=valid(answers={"vek": "99"})),
    "nothing answered": dict(body=valid(answers={})),
    "unknown field": dict(body={**valid(), "device": "tablet-3"}),
    "not a uuid": dict(body=valid(submission_id="42")),
    "unknown language": dict(body=valid(lang="de")),
    "answers not an object": dict(body=valid(answers=[1])),
    "body not an object": dict(body=[valid()]),
    "malformed JSON": dict(body='{"submission_id": '),
    "not UTF-8": dict(body=b'{"x": "\xff"}'),
    "lone surrogate": dict(body='{"submission_id": "%s", "answers": {"prani": "\\ud800"}}' % SID),
    "U+FFFF": dict(body='{"submission_id": "%s", "answers": {"prani": "\\uffff"}}' % SID),
    "text/plain": dict(body=valid(), content_type="text/plain"),
    "too large": dict(body=json.dumps(valid()) + " " * 70_000),
    "unknown questionnaire": dict(body=valid(), url="/api/v1/questionnaires/nope/responses"),
    "questionnaire id with a slash": dict(body=valid(), url="/api/v1/questionnaires/a%2Fb/responses"),
    "query string": dict(body=valid(), url=URL + "?lang=en"),
    "bad character in the query string": dict(body=valid(), url=URL + "?x=%EF%BF%BF"),
    "deeply nested": dict(body='{"answers": ' + "[" * 5000 + "]" * 5000 + "}"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_submit_lane__every_case__same_answer_as_the_view(app_config, tmp_path, case):
    with_lane, without = both_apps(app_config, tmp_path)
    sent = CASES[case]
    assert answer(with_lane.test_client(), **sent) == answer(without.test_client(), **sent)


def test_submit_lane__stored_then_resent__201_then_200_same_headers_as_the_view(app_config, tmp_path):
    with_lane, without = both_apps(app_config, tmp_path)
    lane_client, view_client = with_lane.test_client(), without.test_client()
    lane_first, view_first = answer(lane_client, valid()), answer(view_client, valid())
    assert lane_first[0] == 201 and lane_first == view_first
    assert answer(lane_client, valid()) == answer(view_client, valid())
    assert answer(lane_client, valid())[0] == 200
    assert [r["submission_id"] for r in with_lane.extensions["survey_storage"].responses("mini")] == [SID]


def test_submit_lane__a_storable_submit__never_reaches_the_flask_view(app_config, tmp_path):
    with_lane, _ = both_apps(app_config, tmp_path)
    reached = calls_to_the_view(with_lane)
    client = with_lane.test_client()
    assert answer(client, valid())[0] == 201
    assert reached == []
    assert answer(client, valid(submission_id=str(uuid.uuid4()), answers={"vek": "99"}))[0] == 422  # the view says why
    assert reached == [{"questionnaire_id": "mini"}]


def test_submit_lane__rate_limit__each_request_counted_once_as_by_the_view(app_config, tmp_path):
    # An invalid submit the lane counted and handed on must not count twice.
    with_lane, without = both_apps(app_config, tmp_path, RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT="3/minute")
    sequence = [valid(answers={"vek": "99"}), valid(), valid(submission_id=str(uuid.uuid4())),
                valid(submission_id=str(uuid.uuid4()))]
    statuses = {name: [answer(app.test_client(), body)[0] for body in sequence]
                for name, app in (("lane", with_lane), ("view", without))}
    assert statuses == {"lane": [422, 201, 201, 429], "view": [422, 201, 201, 429]}


def test_submit_lane__behind_a_proxy__counts_the_client_address(app_config, tmp_path):
    with_lane, _ = both_apps(app_config, tmp_path, RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT="1/minute",
                             PROXY_FIX=1)
    client = with_lane.test_client()

    def from_address(address):
        body = valid(submission_id=str(uuid.uuid4()))
        return answer(client, body, headers={"X-Forwarded-For": address})[0]

    assert [from_address("198.51.100.1"), from_address("198.51.100.2"), from_address("198.51.100.1")] == [
        201, 201, 429]


def test_submit_lane__with_a_cookie__the_view_answers(app_config, tmp_path):
    with_lane, _ = both_apps(app_config, tmp_path)
    reached = calls_to_the_view(with_lane)
    client = with_lane.test_client()
    client.set_cookie("session", "anything")
    assert answer(client, valid())[0] == 201
    assert reached == [{"questionnaire_id": "mini"}]


def test_submit_lane__fails_unexpectedly__the_view_stores_the_submit(app_config, tmp_path, monkeypatch, caplog):
    from survey_app.web.api import submit_lane
    with_lane, _ = both_apps(app_config, tmp_path)
    monkeypatch.setattr(submit_lane, "parse_submission", lambda body, languages: 1 / 0)
    assert answer(with_lane.test_client(), valid())[0] == 201
    assert "submit lane failed" in caplog.text
    assert [r["submission_id"] for r in with_lane.extensions["survey_storage"].responses("mini")] == [SID]


def test_submit_lane__the_flask_hooks_it_skips__are_the_ones_it_was_checked_against(app_config, tmp_path):
    # The lane answers without Flask's before_request hooks; it holds for these (CSRF:
    # the API is exempt; Origin: /api/ is skipped; the input guard: no query string and
    # no form). A new hook must be looked at here, and in the lane, before it is added.
    with_lane, _ = both_apps(app_config, tmp_path)
    hooks = {name: sorted(f.__qualname__ for f in funcs) for name, funcs in with_lane.before_request_funcs.items()}
    assert hooks == {None: ["CSRFProtect.init_app.<locals>.csrf_protect", "check_origin", "guard_request"]}
    assert with_lane.before_request_funcs.get("api") is None
