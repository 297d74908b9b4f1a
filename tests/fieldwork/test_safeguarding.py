"""Safeguarding flags ("potřebuje pozornost"): on notes and responses, listed for
facilitators only, never in a city output."""
import html
import re

import pytest

from survey_app.fieldwork import focus_groups as fg
from survey_app.fieldwork import safeguarding

ACTION = "Mluvila jsem s dítětem, informován OSPOD 13. 3."


@pytest.fixture
def record(storage, app, focus_group_record):
    created = focus_group_record
    spec = fg.spec_for(app.extensions["survey_registry"].get("deti-bezpeci"))
    note = fg.parse_note({"lat": "50.5931", "lon": "13.5662", "category": "nebezpecni_lide", "experience": "own",
                          "quote": "Doma mě bijou."}, spec, created)
    return fg.add_note(storage, created["id"], note, "x")


def test_flag_note__listed_on_the_safeguarding_page_with_the_action(login_as, record, storage):
    facilitator = login_as("facilitator")
    fg_record, note_id = record
    response = facilitator.post(f"/admin/focus-groups/{fg_record['id']}/notes/{note_id}/flag",
                                data={"action": ACTION})
    assert response.status_code == 303
    [flag] = safeguarding.list_flags(storage)
    assert {k: flag[k] for k in ("kind", "focus_group_id", "note_id", "action", "flagged_by")} == {
        "kind": "note", "focus_group_id": fg_record["id"], "note_id": note_id, "action": ACTION,
        "flagged_by": "facilitator@example.org"}
    page = html.unescape(facilitator.get("/admin/safeguarding").get_data(as_text=True))
    assert ACTION in page and "Doma mě bijou." in page
    assert f"/admin/focus-groups/{fg_record['id']}#note-{note_id}" in page


def test_flag__empty_action__422_nothing_stored(login_as, record, storage):
    fg_record, note_id = record
    response = login_as("facilitator").post(f"/admin/focus-groups/{fg_record['id']}/notes/{note_id}/flag?lang=en",
                                            data={"action": "  "})
    assert response.status_code == 422
    assert "Action taken: write what was done" in response.get_data(as_text=True)
    assert safeguarding.list_flags(storage) == []


def test_flag__empty_or_too_long_action__czech_reason_then_english_json(login_as, make_response, storage):
    stored = make_response(vek="8-11")
    facilitator = login_as("facilitator")
    url = f"/admin/responses/deti-bezpeci/{stored['id']}/flag"
    czech = facilitator.post(url, data={"action": ""})
    assert czech.status_code == 422
    assert ("Co bylo uděláno: napište, co se udělalo (např. mluvili jsme s dítětem, informovali jsme OSPOD)"
            in html.unescape(czech.get_data(as_text=True)))
    too_long = facilitator.post(url, data={"action": "x" * 2001}, headers={"Accept": "application/json"})
    assert too_long.get_json() == {
        "error": "invalid", "field": "action", "code": "too_long",
        "message": "Co bylo uděláno: text je příliš dlouhý (počet znaků: 2001, nejvýše 2000)"}
    english = facilitator.post(f"{url}?lang=en", data={"action": " "}, headers={"Accept": "application/json"})
    assert english.get_json()["message"] == ("Action taken: write what was done "
                                             "(e.g. talked to the child, informed OSPOD)")
    assert safeguarding.list_flags(storage) == []


def test_response_detail__facilitator_sees_free_text_and_flags_it(login_as, make_response, storage):
    stored = make_response(vek="8-11", prani="Aby se táta přestal prát.")
    facilitator = login_as("facilitator")
    url = f"/admin/responses/deti-bezpeci/{stored['id']}"
    page = html.unescape(facilitator.get(url).get_data(as_text=True))
    assert "Aby se táta přestal prát." in page and "8-11" in page
    assert facilitator.post(f"{url}/flag", data={"action": ACTION}).status_code == 303
    assert [f["action"] for f in safeguarding.flags_for_response(storage, "deti-bezpeci", stored["id"])] == [ACTION]
    assert ACTION in html.unescape(facilitator.get(url).get_data(as_text=True))
    assert facilitator.get("/admin/responses/deti-bezpeci/nope").status_code == 404


def test_safeguarding_pages__city_403_anonymous_to_login(app, login_as, make_response, record):
    stored = make_response(vek="8-11")
    city = login_as("city", client=app.test_client())
    for url in ("/admin/safeguarding", f"/admin/responses/deti-bezpeci/{stored['id']}"):
        assert city.get(url).status_code == 403
        assert app.test_client().get(url).status_code == 302
    fg_record, note_id = record
    assert city.post(f"/admin/focus-groups/{fg_record['id']}/notes/{note_id}/flag",
                     data={"action": ACTION}).status_code == 403


def test_flag__never_reaches_a_city_output(app, login_as, make_response, storage, record):
    from survey_app.analysis import tables
    stored = make_response(vek="8-11", bezpeci_den=2, prani="Aby se táta přestal prát.")
    before = storage.responses("deti-bezpeci")
    facilitator = login_as("facilitator")
    facilitator.post(f"/admin/responses/deti-bezpeci/{stored['id']}/flag", data={"action": ACTION})
    fg_record, note_id = record
    facilitator.post(f"/admin/focus-groups/{fg_record['id']}/notes/{note_id}/flag", data={"action": ACTION})
    assert len(safeguarding.list_flags(storage)) == 2
    # The response itself is untouched: the flag lives in its own table.
    assert storage.responses("deti-bezpeci") == before
    questionnaire = app.extensions["survey_registry"].get("deti-bezpeci")
    responses = tables.responses_frame(questionnaire, storage.responses("deti-bezpeci"))
    marks = tables.marks_frame(questionnaire, storage.responses("deti-bezpeci"))
    outputs = [responses.to_csv(), marks.to_csv(),
               repr(fg.focus_group_marks(storage, "deti-bezpeci")),
               repr(fg.focus_group_tallies(storage, "deti-bezpeci")),
               repr(fg.focus_group_composition(storage, "deti-bezpeci"))]
    for output in outputs:
        assert ACTION not in output and "OSPOD" not in output and "flag" not in output.lower()


def test_flags_table__read_only_by_the_safeguarding_module_and_its_views():
    """Structural guarantee: summaries, exporters and every city page are built from
    the responses and focus-group tables; none of them may read the flags table."""
    from pathlib import Path
    package = Path(safeguarding.__file__).parents[1]
    uses = re.compile(r"safeguarding_flags|^\s*(from|import)\s.*\bsafeguarding\b", re.MULTILINE)
    readers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                     if uses.search(p.read_text(encoding="utf-8")))
    # responses.py: the facilitators' list of responses (raw_data) marks the flagged ones.
    assert readers == ["fieldwork/safeguarding.py", "web/focus_groups/responses.py", "web/focus_groups/routes.py",
                       "web/focus_groups/safeguarding_views.py"]
