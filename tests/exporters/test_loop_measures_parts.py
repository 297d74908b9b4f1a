"""The summary's measures parts without Flask: exact CSV text of the `measures` and
`before_after` parts, formulas in the town's own texts neutralised, empty parts as a
header only."""
from export_fixtures import QUESTIONNAIRE
from survey_app import exporters
from survey_app.exporters import ExportJob

MEASURE = {"id": 4, "questionnaire_id": "souhrn", "title": {"cs": "=Lampy v parku", "en": ""},
           "description": {"cs": "Nové osvětlení; dvě lampy.", "en": "New lights"}, "actor": "mesto",
           "status": "in_progress", "decided_on": "2026-05-02", "done_on": None, "places": ["park", "nadrazi"],
           "point": {"lat": 50.5925, "lon": 13.605}, "options": ["obavy:tma"], "release": None, "public": False,
           "updated_at": "2026-05-02T08:00:00Z"}
CHECK = {"measure": 4, "title": MEASURE["title"], "status": "in_progress",
         "before": {"number": 1, "wave": "2026-jaro"}, "after": None,
         "figures": [{"question": "obavy", "question_label": "Čeho se bojíte?", "option": "tma",
                      "option_label": "Tmavá místa", "place": None, "place_label": None,
                      "before": {"pct": 41.7, "base": 12}, "after": None, "change_pp": None}]}


def _part(part, dialect, **job):
    return dict(exporters.export("summary-csv", ExportJob(QUESTIONNAIRE, [], audience="city", dialect=dialect, **job),
                                 part))[part].decode("utf-8")


def test_summary_csv_measures__one_measure__exact_text_formula_neutralised():
    assert _part("measures", "excel-cz", measures=[MEASURE]) == (
        "\ufeffid;questionnaire;title_cs;title_en;description_cs;description_en;actor;status;decided_on;done_on;"
        "places;point;options;release;public;updated_at\r\n"
        "4;souhrn;'=Lampy v parku;;\"Nové osvětlení; dvě lampy.\";New lights;Město;in_progress;2026-05-02;;"
        "park, nadrazi;50.5925, 13.605;obavy:tma;;ne;2026-05-02T08:00:00Z\r\n")


def test_summary_csv_before_after__waiting_check__empty_after_cells():
    assert _part("before_after", "rfc4180", checks=[CHECK]) == (
        "measure,title_cs,status,question,question_label,option,option_label,place,place_label,before_release,"
        "before_wave,before_pct,before_base,after_release,after_wave,after_pct,after_base,change_pp\r\n"
        "4,'=Lampy v parku,in_progress,obavy,Čeho se bojíte?,tma,Tmavá místa,,,1,2026-jaro,41.7,12,,,,,\r\n")


def test_summary_csv_parts__no_measures__header_only():
    assert _part("measures", "rfc4180").count("\r\n") == 1
    assert _part("before_after", "rfc4180").count("\r\n") == 1
