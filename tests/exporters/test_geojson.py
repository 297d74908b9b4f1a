"""GeoJSON export (issue 4): RFC 7946 FeatureCollection compared exactly, and the
file converts with ogr2ogr without a warning."""
import json
import shutil
import subprocess

from export_fixtures import QUESTIONNAIRE, fixture_records
from survey_app import exporters
from survey_app.analysis import tables
from survey_app.exporters import ExportJob


def _feature(lon, lat, **properties):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}


def test_geojson__fixture__exact_feature_collection_lon_lat_order():
    records = fixture_records()
    data = exporters.geojson(QUESTIONNAIRE, tables.responses_frame(QUESTIONNAIRE, records),
                             tables.marks_frame(QUESTIONNAIRE, records))
    # r2's first mark names a place (the list fallback): no point, counted per place instead
    assert data == {"type": "FeatureCollection", "features": [
        _feature(13.605, 50.5925, response_id="r1", question="mapa", category="drogy",
                 category_label="Drogy na ulici", feeling="unsafe", age_band="18-39", channel="tablet", agreed=1),
        _feature(13.6049, 50.5826, response_id="r2", question="mapa", category="tma",
                 category_label="Tmavé místo", feeling="safe", age_band="40-plus", channel="poster", agreed=1),
    ]}


def test_geojson__include_text__comment_property():
    records = fixture_records()
    data = exporters.geojson(QUESTIONNAIRE, tables.responses_frame(QUESTIONNAIRE, records, True),
                             tables.marks_frame(QUESTIONNAIRE, records, True), include_text=True)
    assert [f["properties"]["comment"] for f in data["features"]] == ['=HYPERLINK("http://x")', None]


def test_geojson_file__utf8_json_as_written_by_the_exporter():
    [(part, data)] = exporters.export("geojson", ExportJob(QUESTIONNAIRE, fixture_records()))
    assert part == "" and data.endswith(b"\n")
    assert "Tmavé místo" in data.decode("utf-8")
    assert json.loads(data)["features"][1]["geometry"] == {"type": "Point", "coordinates": [13.6049, 50.5826]}


def test_geojson_file__ogr2ogr_converts_without_warnings(tmp_path):
    ogr2ogr = shutil.which("ogr2ogr")
    assert ogr2ogr, "ogr2ogr is missing: apt-get install -y gdal-bin (scripts/ensure-chromium.sh does it)"
    source = tmp_path / "marks.geojson"
    source.write_bytes(exporters.export("geojson", ExportJob(QUESTIONNAIRE, fixture_records()))[0][1])
    result = subprocess.run([ogr2ogr, "-f", "CSV", str(tmp_path / "marks.csv"), str(source),
                             "-lco", "GEOMETRY=AS_XY"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "marks.csv").read_text(encoding="utf-8").splitlines() == [
        "X,Y,response_id,question,category,category_label,feeling,age_band,channel,agreed",
        "13.605,50.5925,r1,mapa,drogy,Drogy na ulici,unsafe,18-39,tablet,\"1\"",
        "13.6049,50.5826,r2,mapa,tma,Tmavé místo,safe,40-plus,poster,\"1\""]
