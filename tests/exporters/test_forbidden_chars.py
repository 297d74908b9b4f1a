"""Exporters never fail on stored text: characters XML forbids are dropped."""
import io

import pandas as pd
from openpyxl import load_workbook

from survey_app.exporters import to_csv, to_xlsx

BAD = "a\x00b\x08c\x0bd\x0ce\x1ff\ufffeg\uffffh\ud800i"


def test_to_xlsx__forbidden_characters__dropped_not_500():
    data = to_xlsx({"responses": pd.DataFrame({"text": [BAD, "=1+1"]})})
    sheet = load_workbook(io.BytesIO(data))["responses"]
    assert [c.value for c in sheet["A"]] == ["text", "abcdefghi", "'=1+1"]


def test_to_csv__forbidden_characters__dropped():
    frame = pd.DataFrame({"text": [BAD]})
    assert to_csv(frame, "rfc4180") == b"text\r\nabcdefghi\r\n"
