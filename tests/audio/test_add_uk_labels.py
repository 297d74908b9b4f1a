"""scripts/add_uk_labels.py on copies of the shipped questionnaires and a small file."""
import importlib.util
import re
import shutil
from pathlib import Path

import yaml

from survey_app.questionnaire.loader import load_directory

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("add_uk_labels", ROOT / "scripts" / "add_uk_labels.py")
add_uk_labels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(add_uk_labels)

SMALL = """# komentář zůstane
title:
  cs: Ahoj # taky
  en: Hi
intro:
  cs: >-
    Dlouhý
    text.
  en: Long text.
options:
  - {value: a, label: {cs: "Jedna, dvě", en: One}}
  - {value: b, label: {cs: Tři, uk: Три, en: Three}}
"""
TEXTS = {"Ahoj": "Привіт", "Dlouhý text.": "Довгий текст.", "Jedna, dvě": "Один, два", "Tři": "Три"}


def _walk(node, found):
    if isinstance(node, dict):
        if isinstance(node.get("cs"), str):
            found.append(node)
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)
    return found


def test_add_labels__small_file__uk_beside_cs_layout_kept():
    new, problems = add_uk_labels.add_labels(SMALL, TEXTS)
    assert problems == []
    assert new == """# komentář zůstane
title:
  cs: Ahoj # taky
  uk: "Привіт"
  en: Hi
intro:
  cs: >-
    Dlouhý
    text.
  uk: "Довгий текст."
  en: Long text.
options:
  - {value: a, label: {cs: "Jedna, dvě", uk: "Один, два", en: One}}
  - {value: b, label: {cs: Tři, uk: Три, en: Three}}
"""
    assert add_uk_labels.add_labels(new, TEXTS) == (new, [])  # twice: no change


def test_add_labels__unknown_text__reported_with_line():
    _new, problems = add_uk_labels.add_labels("title:\n  cs: Neznámý\n", {})
    assert problems == ["2: no Ukrainian for 'Neznámý'"]


def _strip_uk(text):
    text = re.sub(r', uk: "(?:[^"\\\\]|\\\\.)*"', "", text)
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith('uk: "'))


def test_add_uk_labels__shipped_questionnaires__every_text_has_uk_and_loads(tmp_path):
    for path in (ROOT / "questionnaires").glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copytree(ROOT / "questionnaires" / "maps", tmp_path / "maps")
    files = sorted(tmp_path.glob("*.yaml"))
    assert add_uk_labels.main([str(p) for p in files]) == 0
    for path in files:
        original = (ROOT / "questionnaires" / path.name).read_text(encoding="utf-8")
        changed = path.read_text(encoding="utf-8")
        # The shipped files already carry uk: the script changes nothing, and taking the uk
        # labels out of both gives the same file (comments and layout kept).
        assert changed == original
        assert _strip_uk(changed) == _strip_uk(original)
        labels = _walk(yaml.safe_load(path.read_text(encoding="utf-8")), [])
        assert [label["cs"] for label in labels if not label.get("uk")] == []
    questionnaires, errors = load_directory(tmp_path)
    assert errors == {}
    assert questionnaires["deti-bezpeci"].question("vek").label["uk"] == "Скільки тобі років?"
