"""The town's population beside a questionnaire (questionnaires/population/<id>.yaml):
parsed and checked with `file:line: message` errors, no Flask.

Format (every figure optional; `null` = not known yet, never a guess):

    questionnaire: deti-bezpeci
    source: "ČSÚ, počet obyvatel obcí k 1. 1. 2023; závěrečná zpráva PP9"
    date: 2023-01-01
    areas:                         # whole areas, where the town has them
      - {id: litvinov, label: {cs: Litvínov, en: Litvínov}, total: 22695}
      - {id: janov, label: {cs: Janov, en: Janov}, total: 3900, approximate: true}
    age_bands:                     # value of the questionnaire's age question -> people
      "8-11": null

The file lives in a subfolder because every questionnaires/*.yaml is a questionnaire.
"""
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..questionnaire.checks import suggest
from ..questionnaire.yaml_lines import LineDict, LineList, YamlSyntaxError, parse

FOLDER = "population"
TOP_KEYS = ("questionnaire", "source", "date", "areas", "age_bands")
AREA_KEYS = ("id", "label", "total", "approximate", "source", "date")
MAX_PEOPLE = 10_000_000


@dataclass
class Population:
    """A questionnaire's population: `age_bands` {band: int | None}, `areas` as dicts
    {id, label, total, approximate, source, date}."""
    questionnaire_id: str
    source: str
    date: str
    age_bands: dict = field(default_factory=dict)
    areas: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {"questionnaire": self.questionnaire_id, "source": self.source, "date": self.date,
                "age_bands": dict(self.age_bands), "areas": [dict(a) for a in self.areas]}


class PopulationError(Exception):
    """A broken population file; `errors` are `path:line: message` strings."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def path_for(questionnaires_dir, questionnaire_id) -> Path:
    return Path(questionnaires_dir) / FOLDER / f"{questionnaire_id}.yaml"


def load_population(questionnaires_dir, questionnaire, lang_fallback="cs") -> Population | None:
    """The population of `questionnaire` (a Questionnaire) from its file, None when
    there is no file. PopulationError lists every problem."""
    path = path_for(questionnaires_dir, questionnaire.id)
    if not path.is_file():
        return None
    return parse_population(path.read_text(encoding="utf-8"), str(path), questionnaire)


def _age_values(questionnaire) -> list:
    if questionnaire is None:
        return []
    for question in questionnaire.questions:
        if question.type == "age_band":
            return [o.value for o in question.options]
    return []


def _people(value, where, errors, path, line, allow_none=True):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PEOPLE:
        errors.append(f"{path}:{line}: {where} must be a whole number of people from 0 to {MAX_PEOPLE}"
                      f"{' or null (not known yet)' if allow_none else ''}, not {value!r}")
        return None
    return value


def _date(value, where, errors, path, line):
    raw = value.isoformat() if isinstance(value, date) else value
    try:
        return date.fromisoformat(str(raw)).isoformat()
    except ValueError:
        errors.append(f"{path}:{line}: {where} must be a date YYYY-MM-DD, not {value!r}")
        return ""


def _text(value) -> str:
    if isinstance(value, dict):
        return str(value.get("cs") or value.get("en") or "")
    return "" if value is None else str(value)


def _unknown_keys(mapping, allowed, where, errors, path):
    for key in mapping:
        if key not in allowed:
            errors.append(f"{path}:{mapping.key_line(key)}: unknown key '{key}' in {where}"
                          f"{suggest(str(key), allowed)}")


def parse_population(text, path="population.yaml", questionnaire=None) -> Population:
    """A Population from YAML text; with `questionnaire`, its id and age bands are
    checked against it. Raises PopulationError with every problem."""
    try:
        doc, problems = parse(text)
    except YamlSyntaxError as exc:
        raise PopulationError([f"{path}:{exc.line}: {exc.message}"]) from None
    errors = [f"{path}:{line}: {message}" for line, message in problems]
    if not isinstance(doc, LineDict):
        raise PopulationError(errors + [f"{path}:1: the file must be a mapping with the keys "
                                        f"{', '.join(TOP_KEYS)}"])
    _unknown_keys(doc, TOP_KEYS, "the population file", errors, path)
    qid = doc.get("questionnaire")
    if not isinstance(qid, str) or not qid:
        errors.append(f"{path}:{doc.key_line('questionnaire')}: 'questionnaire' (the questionnaire id) is required")
    elif questionnaire is not None and qid != questionnaire.id:
        errors.append(f"{path}:{doc.value_line('questionnaire')}: questionnaire '{qid}' does not match the "
                      f"file name '{questionnaire.id}'")
    source = _text(doc.get("source")).strip()
    if not source:
        errors.append(f"{path}:{doc.key_line('source')}: 'source' is required: say where the figures come from")
    when = _date(doc.get("date"), "'date'", errors, path, doc.value_line("date"))
    bands, allowed = {}, _age_values(questionnaire)
    raw_bands = doc.get("age_bands") or {}
    if not isinstance(raw_bands, dict):
        errors.append(f"{path}:{doc.value_line('age_bands')}: 'age_bands' must be a mapping band -> people")
        raw_bands = {}
    for band, value in raw_bands.items():
        line = raw_bands.value_line(band) if isinstance(raw_bands, LineDict) else 1
        band = str(band)
        if allowed and band not in allowed:
            errors.append(f"{path}:{line}: age band '{band}' is not an option of the age question "
                          f"({', '.join(allowed)}){suggest(band, allowed)}")
            continue
        bands[band] = _people(value, f"age band '{band}'", errors, path, line)
    for band in allowed:
        bands.setdefault(band, None)
    areas = []
    raw_areas = doc.get("areas") or []
    if not isinstance(raw_areas, list):
        errors.append(f"{path}:{doc.value_line('areas')}: 'areas' must be a list")
        raw_areas = []
    seen = set()
    for index, area in enumerate(raw_areas):
        line = raw_areas.item_line(index) if isinstance(raw_areas, LineList) else 1
        if not isinstance(area, LineDict):
            errors.append(f"{path}:{line}: an area must be a mapping with id, label and total")
            continue
        _unknown_keys(area, AREA_KEYS, "an area", errors, path)
        area_id = area.get("id")
        if not isinstance(area_id, str) or not area_id:
            errors.append(f"{path}:{area.key_line('id')}: an area needs an 'id'")
        elif area_id in seen:
            errors.append(f"{path}:{area.value_line('id')}: area '{area_id}' is listed twice")
        seen.add(area_id)
        label = area.get("label")
        areas.append({"id": area_id, "label": label if isinstance(label, dict) else {"cs": _text(label or area_id)},
                      "total": _people(area.get("total"), f"area '{area_id}' total", errors, path,
                                       area.value_line("total")),
                      "approximate": area.get("approximate") is True,
                      "source": _text(area.get("source")) or source,
                      "date": _date(area["date"], "'date'", errors, path, area.value_line("date"))
                      if "date" in area else when})
    if errors:
        raise PopulationError(errors)
    return Population(qid, source, when, bands, areas)
