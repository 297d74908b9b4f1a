"""Export formats: exact CSV text in both dialects, read-back, XLSX sheets, formula
injection, the EXPORTERS table and its refusals."""
import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from export_fixtures import QUESTIONNAIRE, fixture_records
from survey_app import exporters
from survey_app.analysis import tables
from survey_app.exporters import EXPORTERS, ExportError, ExportJob
from survey_app.analysis.summaries import SUMMARY_COLUMNS

HEADER = ("response_id;submitted_date;campaign;wave;channel;questionnaire_version;lang;vek;pocit;problem;"
          "obavy__tma;obavy__psi;doma;mista__park;mista__nadrazi;mista__jinde;mapa__count;deti")


def _parts(name, **options):
    return dict(exporters.export(name, ExportJob(QUESTIONNAIRE, fixture_records(), **options)))


def test_export_csv__czech_excel__bom_semicolon_decimal_comma_crlf():
    parts = _parts("csv")
    assert parts[""].decode("utf-8") == (
        "\ufeff" + HEADER + "\r\n"
        "r1;2026-03-02;3;2026-jaro;tablet;3;cs;18-39;4;drogy;1;0;yes;1;0;0;1;2,0\r\n"
        "r2;2026-03-03;3;2026-jaro;poster;3;en;40-plus;2;vzorec;;;no;;;;2;1,5\r\n"
        "r3;2026-03-04;;;web;3;cs;;5;;;;;;;;;\r\n")
    assert parts["marks"].decode("utf-8") == (
        "\ufeffresponse_id;question;lat;lon;category;category_label;feeling;place;channel;agreed;experience\r\n"
        "r1;mapa;50,5925;13,605;drogy;Drogy na ulici;unsafe;park;tablet;1;\r\n"
        "r2;mapa;;;;;;jinde;poster;1;\r\n"
        "r2;mapa;50,5826;13,6049;tma;Tmavé místo;safe;nadrazi;poster;1;\r\n")


def test_export_csv__rfc4180__comma_point_no_bom():
    parts = _parts("csv", dialect="rfc4180")
    assert parts[""].decode("utf-8") == (
        HEADER.replace(";", ",") + "\r\n"
        "r1,2026-03-02,3,2026-jaro,tablet,3,cs,18-39,4,drogy,1,0,yes,1,0,0,1,2.0\r\n"
        "r2,2026-03-03,3,2026-jaro,poster,3,en,40-plus,2,vzorec,,,no,,,,2,1.5\r\n"
        "r3,2026-03-04,,,web,3,cs,,5,,,,,,,,,\r\n")
    assert parts["codebook"].decode("utf-8").splitlines()[:3] == [
        "question,type,column,label_cs,label_en,value,value_label_cs,value_label_en,sensitive",
        "vek,age_band,vek,Věk,Age,18-39,18–39 let,18–39 years,0",
        "vek,age_band,vek,Věk,Age,40-plus,40 a více,40 or more,0"]


def test_export_csv__include_text__text_and_comments_neutralised():
    parts = _parts("csv", include_text=True)
    assert parts[""].decode("utf-8").splitlines()[1].endswith(";1;2,0;'-nic")
    assert parts["marks"].decode("utf-8").splitlines()[1] == \
        "r1;mapa;50,5925;13,605;drogy;Drogy na ulici;unsafe;park;tablet;1;;\"'=HYPERLINK(\"\"http://x\"\")\""
    assert "poznamka;textarea;poznamka;Poznámka;Note;;;;1" in parts["codebook"].decode("utf-8")


def test_export_csv__without_text__no_text_column_and_no_sensitive_codebook_row():
    parts = _parts("csv")
    assert "poznamka" not in parts[""].decode("utf-8")
    assert "poznamka" not in parts["codebook"].decode("utf-8")
    assert "HYPERLINK" not in parts["marks"].decode("utf-8")


def test_export_csv__excel_cz_read_back_with_pandas__equals_the_frame(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(_parts("csv")[""])
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"campaign": str})
    frame = tables.responses_frame(QUESTIONNAIRE, fixture_records())
    pd.testing.assert_frame_equal(back, frame.astype(back.dtypes.to_dict()), check_dtype=True)
    assert back["deti"].tolist()[:2] == [2.0, 1.5]


def test_export_summary_csv__excel_cz__read_back_equals_the_table(tmp_path):
    job = ExportJob(QUESTIONNAIRE, fixture_records(), audience="facilitator")
    path = tmp_path / "s.csv"
    path.write_bytes(exporters.export("summary-csv", job)[0][1])
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""], dtype={"option": str, "breakdown_value": str})
    table = job.summary.table
    assert list(back.columns) == list(table.columns)
    assert back["pct"].tolist() == pytest.approx(table["pct"].astype(float).tolist(), nan_ok=True)
    assert back["question_label"].tolist() == table["question_label"].tolist()  # diacritics intact
    assert back["n"].fillna(-1).astype(int).tolist() == table["n"].fillna(-1).astype(int).tolist()


def test_export_xlsx__three_sheets__numbers_stay_numbers_formulas_neutralised():
    data = _parts("xlsx", include_text=True)[""]
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["responses", "marks", "codebook"]
    responses = list(book["responses"].values)
    assert responses[0][:3] == ("response_id", "submitted_date", "campaign")
    assert responses[1][:9] == ("r1", "2026-03-02", "3", "2026-jaro", "tablet", 3, "cs", "18-39", 4)
    assert responses[2][-2:] == (1.5, None)
    assert responses[1][-1] == "'-nic"
    marks = list(book["marks"].values)
    assert marks[1] == ("r1", "mapa", 50.5925, 13.605, "drogy", "Drogy na ulici", "unsafe", "park",
                        "tablet", 1, None, "'=HYPERLINK(\"http://x\")")
    codebook = {row[5]: row for row in book["codebook"].values}
    assert codebook["vzorec"][6] == "'=SUM(A1)"
    assert book["codebook"]["G11"].data_type == "s"  # text, not a formula


def test_export_summary_xlsx__sheets_and_suppression_for_city():
    data = _parts("summary-xlsx", audience="city")[""]
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["summary", "wave_comparison", "map_grid", "measures", "before_after", "about"]
    header = next(book["summary"].values)
    assert header == tuple(SUMMARY_COLUMNS)
    rows = list(book["summary"].values)[1:]
    assert rows and all(r[7] is None for r in rows)  # 3 responses: every count is suppressed
    assert all(r[10] == 1 for r in rows if r[5] != "wave_change")
    about = dict(book["about"].values)
    assert about["min_cell"] == 5 and about["audience"] == "city"


def test_export_charts__zip_of_pngs():
    data = _parts("charts", audience="city")[""]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == ["vek.png", "pocit.png", "problem.png", "obavy.png", "doma.png", "mista.png",
                         "mapa.png", "deti.png", "mapa_mapa_100m.png"]
        assert archive.read("pocit.png")[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+420 123", "'+420 123"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), ("Žluťoučký", "Žluťoučký"),
])
def test_neutralise__text_cells(value, expected):
    assert exporters.neutralise(pd.DataFrame({"a": [value]}))["a"].tolist() == [expected]


def test_neutralise__numbers_stay_numbers():
    frame = pd.DataFrame({"i": pd.array([-5, None], dtype="Int64"), "f": [-1.5, 2.0]})
    out = exporters.neutralise(frame)
    assert out["i"].tolist()[0] == -5 and out["f"].tolist() == [-1.5, 2.0]
    assert exporters.to_csv(frame, "excel-cz").decode("utf-8-sig") == "i;f\r\n-5;-1,5\r\n;2,0\r\n"


def test_exporters_table__every_format_has_extension_audience_and_writer():
    assert {name: (e.extension, e.kind, e.default_audience) for name, e in EXPORTERS.items()} == {
        "csv": ("csv", "raw", "facilitator"), "xlsx": ("xlsx", "raw", "facilitator"),
        "geojson": ("geojson", "raw", "facilitator"), "summary-csv": ("csv", "summary", "city"),
        "summary-xlsx": ("xlsx", "summary", "city"), "charts": ("zip", "summary", "city")}
    assert set(exporters.DIALECTS) == {"excel-cz", "rfc4180"}


@pytest.mark.parametrize("name", ["csv", "xlsx", "geojson"])
def test_export_raw__for_the_city__refused(name):
    with pytest.raises(ExportError, match="never made for the city"):
        exporters.export(name, ExportJob(QUESTIONNAIRE, fixture_records(), audience="city"))


def test_export_summary__city_with_text__refused():
    with pytest.raises(ExportError, match="free text is never exported for the city"):
        exporters.export("summary-csv", ExportJob(QUESTIONNAIRE, [], audience="city", include_text=True))


def test_export__no_responses__headers_only():
    parts = dict(exporters.export("csv", ExportJob(QUESTIONNAIRE, [])))
    assert parts[""].decode("utf-8") == "\ufeff" + HEADER + "\r\n"
    summary = exporters.export("summary-csv", ExportJob(QUESTIONNAIRE, [], audience="city"))[0][1]
    assert summary.decode("utf-8") == ("\ufeffwave;question;question_label;option;option_label;breakdown;"
                                       "breakdown_value;n;base;pct;suppressed\r\n")


def test_select_records__unknown_wave_names_the_known_ones():
    with pytest.raises(ExportError, match=r"--wave 2030: no responses in this wave \(waves with responses: "
                                          r"2026-jaro, bez vlny\)"):
        exporters.select_records(fixture_records(), wave="2030")
    assert [r["id"] for r in exporters.select_records(fixture_records(), wave="bez vlny")] == ["r3"]
    assert [r["id"] for r in exporters.select_records(fixture_records(), campaign="3")] == ["r1", "r2"]


def test_file_name__wave_made_safe():
    assert exporters.file_name("deti-bezpeci", "2026 podzim/Janov", "summary-csv", "2026-11-02") == \
        "deti-bezpeci_2026-podzim-Janov_summary-csv_2026-11-02.csv"
    assert exporters.file_name("deti-bezpeci", None, "csv", "2026-11-02", "marks") == \
        "deti-bezpeci_all_csv-marks_2026-11-02.csv"


def test_codebook__ukrainian_labels__label_uk_and_value_label_uk_columns():
    from pathlib import Path

    from survey_app.analysis import tables
    from survey_app.questionnaire.loader import load_questionnaire
    children = load_questionnaire(Path(__file__).parents[2] / "questionnaires" / "deti-bezpeci.yaml")
    frame = tables.codebook_frame(children)
    assert list(frame.columns) == ["question", "type", "column", "label_cs", "label_en", "label_uk", "value",
                                   "value_label_cs", "value_label_en", "value_label_uk", "sensitive"]
    first = frame.iloc[0].to_dict()
    assert (first["label_uk"], first["value"], first["value_label_uk"]) == ("Скільки тобі років?", "8-11", "8–11 років")
    assert frame["label_uk"].notna().all()


def test_codebook__no_ukrainian_labels__no_uk_columns():
    from survey_app.analysis import tables
    assert list(tables.codebook_frame(QUESTIONNAIRE).columns) == tables.CODEBOOK_COLUMNS
