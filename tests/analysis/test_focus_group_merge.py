"""Focus groups merged into exports and summaries as channel focus_group (issue 7):
exact marks CSV, GeoJSON and long-table rows for a fixture of survey responses plus one
focus group, for both audiences; safeguarding flags never reach a city output."""
import io
import zipfile

import pytest

from export_fixtures import QUESTIONNAIRE, fixture_records
from survey_app import exporters
from survey_app.analysis import focus_group_merge
from survey_app.fieldwork import focus_groups
from survey_app.fieldwork import safeguarding
from survey_app.exporters import ExportJob

SESSION = {"id": 1, "wave": "2026-jaro", "date": "2026-03-05", "campaign_id": 3,
           "composition": {"18-39": {"girl": 3, "boy": 2, "other": 1}, "40-plus": {"girl": 0, "boy": 0, "other": 0}},
           "tallies": {"obavy": {"tma": 4, "psi": 1}}}
NOTE = {"focus_group_id": 1, "question": "mapa", "feeling": "unsafe", "channel": "focus_group",
        "campaign_id": 3, "wave": "2026-jaro", "questionnaire_id": "souhrn", "date": "2026-03-05"}
NOTES = [  # two notes on drugs in the park (5 and 2 children), one on the dark "jinde"
    {**NOTE, "response_id": "fg1-a", "lat": 50.5926, "lon": 13.6051, "place": None, "category": "drogy",
     "agreed": 5, "experience": "own", "age_band": "18-39", "quote": "feťáci u lavičky"},
    {**NOTE, "response_id": "fg1-b", "lat": 50.5925, "lon": 13.6050, "place": None, "category": "drogy",
     "agreed": 2, "experience": "heard", "age_band": None, "quote": "stříkačky"},
    {**NOTE, "response_id": "fg1-c", "lat": None, "lon": None, "place": "jinde", "category": "tma",
     "agreed": 3, "experience": "own", "age_band": None, "quote": "tma"},
]


def _job(audience="facilitator", include_text=False):
    marks = NOTES if include_text else [{k: v for k, v in n.items() if k != "quote"} for n in NOTES]
    data = focus_group_merge.from_records(QUESTIONNAIRE, [SESSION], marks, include_text)
    return ExportJob(QUESTIONNAIRE, fixture_records(), audience=audience, include_text=include_text,
                     focus_groups=data)


def _rows(table, **where):
    for key, value in where.items():
        table = table[table[key] == value]
    return [(r.wave, r.option, r.n, r.base, r.pct, r.suppressed) for r in table.astype(object).where(
        table.notna(), None).itertuples()]


def test_merged_marks_csv__notes_once_with_agreed_channel_experience():
    marks = dict(exporters.export("csv", _job()))["marks"].decode("utf-8")
    assert marks == (
        "\ufeffresponse_id;question;lat;lon;category;category_label;feeling;place;channel;agreed;experience\r\n"
        "r1;mapa;50,5925;13,605;drogy;Drogy na ulici;unsafe;park;tablet;1;\r\n"
        "r2;mapa;;;;;;jinde;poster;1;\r\n"
        "r2;mapa;50,5826;13,6049;tma;Tmavé místo;safe;nadrazi;poster;1;\r\n"
        "fg1-a;mapa;50,5926;13,6051;drogy;Drogy na ulici;unsafe;park;focus_group;5;own\r\n"
        "fg1-b;mapa;50,5925;13,605;drogy;Drogy na ulici;unsafe;park;focus_group;2;heard\r\n"
        "fg1-c;mapa;;;tma;Tmavé místo;unsafe;jinde;focus_group;3;own\r\n")
    quoted = dict(exporters.export("csv", _job(include_text=True)))["marks"].decode("utf-8")
    assert quoted.splitlines()[4].endswith(";focus_group;5;own;feťáci u lavičky")


def test_merged_geojson__a_feature_per_note_with_a_point_agreed_as_property():
    job = _job()
    data = exporters.geojson(QUESTIONNAIRE, job.responses, job.marks, focus_groups=job.focus_groups)
    assert [f["properties"] for f in data["features"][2:]] == [
        {"response_id": "fg1-a", "question": "mapa", "category": "drogy", "category_label": "Drogy na ulici",
         "feeling": "unsafe", "age_band": "18-39", "channel": "focus_group", "agreed": 5, "experience": "own"},
        {"response_id": "fg1-b", "question": "mapa", "category": "drogy", "category_label": "Drogy na ulici",
         "feeling": "unsafe", "age_band": None, "channel": "focus_group", "agreed": 2, "experience": "heard"}]
    assert data["features"][2]["geometry"] == {"type": "Point", "coordinates": [13.6051, 50.5926]}
    assert "comment" not in data["features"][2]["properties"]


def test_merged_summary__facilitator__tallies_and_composition_beside_the_survey():
    table = _job().summary.table
    fg = dict(breakdown="channel", breakdown_value="focus_group")
    assert _rows(table, question="obavy", **fg) == [
        ("2026-jaro", "tma", 4, 6, 66.7, 0), ("2026-jaro", "psi", 1, 6, 16.7, 0),
        ("all", "tma", 4, 6, 66.7, 0), ("all", "psi", 1, 6, 16.7, 0)]
    assert _rows(table, question="obavy", breakdown="all", wave="2026-jaro") == [
        ("2026-jaro", "tma", 1, 1, 100.0, 0), ("2026-jaro", "psi", 0, 1, 0.0, 0)]
    assert _rows(table, question="vek", wave="2026-jaro", **fg) == [
        ("2026-jaro", "18-39", 6, 6, 100.0, 0), ("2026-jaro", "40-plus", 0, 6, 0.0, 0),
        ("2026-jaro", "neuvedeno", 0, 6, 0.0, 0)]
    assert _rows(table, question="focus_group_gender", wave="2026-jaro", **fg) == [
        ("2026-jaro", "girl", 3, 6, 50.0, 0), ("2026-jaro", "boy", 2, 6, 33.3, 0),
        ("2026-jaro", "other", 1, 6, 16.7, 0)]
    # map areas: the park holds r1 and the session's drug notes (at most 5 children: max agreed)
    park = table[(table["question"] == "mapa") & (table["breakdown"] == "place")
                 & (table["breakdown_value"] == "park") & (table["wave"] == "2026-jaro")]
    assert _rows(park) == [("2026-jaro", "drogy", 6, 6, 100.0, 0), ("2026-jaro", "tma", 0, 6, 0.0, 0),
                           ("2026-jaro", "feeling:unsafe", 6, 6, 100.0, 0),
                           ("2026-jaro", "feeling:safe", 0, 6, 0.0, 0)]


def test_merged_summary__city__small_figures_suppressed_grid_counts_notes():
    summary = _job("city").summary
    table = summary.table
    fg = dict(breakdown="channel", breakdown_value="focus_group")
    assert _rows(table, question="obavy", wave="2026-jaro", **fg) == [
        ("2026-jaro", "tma", None, 6, None, 1), ("2026-jaro", "psi", None, 6, None, 1)]
    assert _rows(table, question="focus_group_gender", wave="2026-jaro", **fg) == [
        ("2026-jaro", "girl", None, 6, None, 1), ("2026-jaro", "boy", None, 6, None, 1),
        ("2026-jaro", "other", None, 6, None, 1)]
    values = table[["n", "base"]].stack().dropna().astype(int)
    assert not ((values >= 1) & (values < 5)).any()
    assert [tuple(r) for r in summary.grid[["wave", "cell", "category", "n"]].itertuples(index=False)] == [
        ("2026-jaro", "E1000N1900", "drogy", 6), ("all", "E1000N1900", "drogy", 6)]


def test_city_outputs__never_a_quote():
    job = _job("city")
    job.focus_groups = focus_group_merge.from_records(QUESTIONNAIRE, [SESSION], NOTES, include_text=True)
    for name in ("summary-csv", "summary-xlsx"):
        data = exporters.export(name, job)[0][1]
        text = data.decode("utf-8-sig") if name.endswith("csv") else _xlsx_text(data)
        assert "feťáci" not in text and "stříkačky" not in text and "fg1-" not in text


def _xlsx_text(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))


@pytest.fixture
def flagged(app, storage):
    spec = focus_groups.spec_for(QUESTIONNAIRE)
    record = focus_groups.create_session(storage, spec, {
        "campaign_id": 3, "wave": "2026-jaro", "date": "2026-03-05", "place": "Libuše",
        "facilitators": ["Jana"], "composition": SESSION["composition"],
        "consent": {"confirmed": True, "parental": 6, "assent": 6}, "free_notes": ""}, by="f@x.cz")
    _, note_id = focus_groups.add_note(storage, record["id"], {
        "lat": 50.5926, "lon": 13.6051, "place": None, "category": "drogy", "quote": "doma mě bijí",
        "agreed": 5, "experience": "own", "age_band": "18-39"}, by="f@x.cz")
    safeguarding.flag_note(storage, record["id"], note_id, "VOLAT-OSPOD-FLAG", by="f@x.cz")
    safeguarding.flag_response(storage, "souhrn", "r1", "VOLAT-OSPOD-FLAG", by="f@x.cz")
    return storage


def test_safeguarding_flags__never_in_any_city_output(flagged):
    from survey_app.fieldwork import focus_groups
    sessions, marks = focus_group_merge.select(focus_groups.list_sessions(flagged, QUESTIONNAIRE.id),
                                               focus_groups.focus_group_marks(flagged, QUESTIONNAIRE.id))
    data = focus_group_merge.from_records(QUESTIONNAIRE, sessions, marks)
    assert len(data.notes) == 1 and data.notes["quote"].isna().all()
    job = ExportJob(QUESTIONNAIRE, fixture_records(), audience="city", focus_groups=data)
    outputs = [exporters.export(name, job)[0][1] for name in ("summary-csv", "summary-xlsx", "charts")]
    text = outputs[0].decode("utf-8-sig") + _xlsx_text(outputs[1])
    for secret in ("VOLAT-OSPOD-FLAG", "doma mě bijí", "flag", "r1", "fg1"):
        assert secret not in text
    assert b"VOLAT" not in outputs[2]


def test_dashboard__city__focus_groups_beside_the_survey_no_quote_no_flag(client, login_as, flagged,
                                                                         questionnaires_dir):
    import shutil

    from export_fixtures import FIXTURE
    shutil.copy(FIXTURE, questionnaires_dir / "souhrn.yaml")
    flagged.add_responses(fixture_records())
    # the city sees releases only (issue 11): publish the 2026-jaro wave first
    client.application.config["SURVEY_MIN_RELEASE"] = 2
    login_as("facilitator")
    assert client.post("/admin/summaries/souhrn/releases").status_code == 303
    login_as("city")
    html = client.get("/admin/summaries/souhrn?wave=2026-jaro").get_data(as_text=True)
    assert "Fokusní skupiny" in html and "Složení fokusních skupin: pohlaví" in html
    for secret in ("doma mě bijí", "VOLAT-OSPOD-FLAG", "fg1-"):
        assert secret not in html
