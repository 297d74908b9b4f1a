"""A small fixed dataset of the `souhrn` test questionnaire (tests/fixtures/souhrn.yaml)
shared by the export, GeoJSON and summary tests: fixed ids and dates, so that outputs
can be compared exactly."""
from pathlib import Path

from survey_app.responses.answers import validate_answers
from survey_app.questionnaire.loader import load_text
from survey_app.responses.submissions import build_record

FIXTURE = Path(__file__).parent / "fixtures" / "souhrn.yaml"
QUESTIONNAIRE = load_text(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))

ANSWERS = [
    # id, submitted_at, context, lang, answers
    ("r1", "2026-03-02T09:15:00Z", {"wave": "2026-jaro", "campaign_id": 3, "channel": "tablet"}, "cs",
     {"vek": "18-39", "pocit": 4, "problem": "drogy", "obavy": ["tma"], "doma": "yes", "mista": ["park"],
      "mapa": [{"lat": 50.5925, "lon": 13.605, "category": "drogy", "feeling": "unsafe",
                "comment": "=HYPERLINK(\"http://x\")"}],
      "deti": 2, "poznamka": "-nic"}),
    ("r2", "2026-03-03T18:40:00Z", {"wave": "2026-jaro", "campaign_id": 3, "channel": "poster"}, "en",
     {"vek": "40-plus", "pocit": 2, "problem": "vzorec", "doma": "no",
      "mapa": [{"place": "jinde"}, {"lat": 50.5826, "lon": 13.6049, "category": "tma", "feeling": "safe"}],
      "deti": 1.5}),
    ("r3", "2026-03-04T07:00:00Z", {}, "cs", {"pocit": 5}),
]


def fixture_records():
    """The three records as storage returns them (validated answers, fixed ids)."""
    records = []
    for record_id, when, context, lang, answers in ANSWERS:
        record = build_record(QUESTIONNAIRE, f"sub-{record_id}", lang,
                              validate_answers(QUESTIONNAIRE, answers), context, now=when)
        record["id"] = record_id
        records.append(record)
    return records
