"""Export formats as one table (no Flask): EXPORTERS maps a format name to its file
extension, media type, whether it is raw data or a summary, the audience it goes to
by default, and the function that writes it.

A writer takes an ExportJob (the questionnaire, its records already filtered by
campaign and wave, the audience and options) and returns the files' parts: a list of
(part, bytes), where part is "" for the main file and e.g. "marks" for the others.
Summaries also carry what the town did: the questionnaire's measures (sheet and part
`measures`, not respondents' data: never suppressed) and the measures' before/after
checks read from releases (sheet and part `before_after`, suppressed as the releases are).
Every CSV and XLSX cell goes through neutralise(): text that a spreadsheet would run
as a formula is prefixed with an apostrophe; numbers stay numbers.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from .analysis import focus_group_merge
from .analysis import tables
from .analysis.lazy_imports import pandas as pd  # imported on first use, not at app start
from .analysis.summaries import summarise
from .vocabulary import ALL, CITY, DEFAULT_LANG, FACILITATOR, NO_WAVE, VIEWER_AUDIENCES

RAW, SUMMARY = "raw", "summary"
AUDIENCES = VIEWER_AUDIENCES  # who reads an export (vocabulary.py)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters openpyxl refuses in a cell (C0 controls except tab, newline, return).
# Characters XML 1.0 forbids (C0 controls except tab, newline, return; U+FFFE, U+FFFF;
# lone surrogates): dropped from every CSV and XLSX cell, so stored text never breaks a file.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written: separator, decimal mark, encoding (utf-8-sig writes
    the BOM that Excel needs to read UTF-8) and line end."""
    separator: str
    decimal: str
    encoding: str
    line_end: str = "\r\n"


DIALECTS = {
    # Czech Excel: opens by double-click with diacritics intact and numbers as numbers.
    "excel-cz": Dialect(";", ",", "utf-8-sig"),
    # RFC 4180 (R, Python, LibreOffice): comma, decimal point, no BOM, CRLF as the RFC says.
    "rfc4180": Dialect(",", ".", "utf-8"),
}
DEFAULT_DIALECT = "excel-cz"


class ExportError(ValueError):
    """An export that must not be made; the message says which option and why."""


@dataclass
class ExportJob:
    """What to export. `records` are the stored responses, already filtered."""
    questionnaire: object
    records: list
    audience: str = FACILITATOR
    include_text: bool = False
    dialect: str = DEFAULT_DIALECT
    min_cell: int = 5
    lang: str = DEFAULT_LANG
    progress: Callable = field(default=lambda step: None)
    # focus_group_merge.FocusGroupData of the same selection (channel focus_group), or None
    focus_groups: object = None
    # the city release the summary comes from (its Summary set as `summary`), or None
    release: dict = None
    # the questionnaire's measures (fieldwork/measures.py records) and who acts (id -> name)
    measures: list = field(default_factory=list)
    actor_names: dict = None
    # the measures' before/after checks (analysis/before_after.py dicts), from releases only
    checks: list = field(default_factory=list)

    @cached_property
    def responses(self):
        self.progress("responses")
        return tables.responses_frame(self.questionnaire, self.records, self.include_text)

    @cached_property
    def marks(self):
        self.progress("marks")
        return tables.marks_frame(self.questionnaire, self.records, self.include_text)

    @cached_property
    def codebook(self):
        return tables.codebook_frame(self.questionnaire, self.include_text)

    @cached_property
    def summary(self):
        self.progress("summary")
        return summarise(self.questionnaire, self.responses, self.marks, audience=self.audience,
                         min_cell=self.min_cell, lang=self.lang, focus_groups=self.focus_groups)

    @cached_property
    def measures_table(self):
        """The `measures` sheet: one row per measure (fieldwork/measures.MEASURE_COLUMNS)."""
        from .fieldwork.measures import MEASURE_COLUMNS, measures_rows
        return pd.DataFrame(measures_rows(self.measures, self.actor_names), columns=MEASURE_COLUMNS).astype(object)

    @cached_property
    def checks_table(self):
        """The `before_after` sheet: one row per linked figure (before_after.CHECK_COLUMNS);
        a figure a release does not publish is an empty cell."""
        from .analysis.before_after import CHECK_COLUMNS, check_rows
        frame = pd.DataFrame(check_rows(self.checks, self.lang), columns=CHECK_COLUMNS).astype(object)
        return frame.where(frame.notna(), None)

    @cached_property
    def marks_table(self):
        """The exported marks: survey marks and focus-group notes (facilitators only)."""
        notes = None
        if self.focus_groups is not None and len(self.focus_groups.notes):
            notes = focus_group_merge.marks_rows(self.questionnaire, self.focus_groups)
            if not self.include_text:
                notes = notes.drop(columns=["comment"])
        return tables.public_marks(self.marks, self.responses, notes)


@dataclass(frozen=True)
class Exporter:
    name: str
    extension: str
    media_type: str
    kind: str               # RAW (facilitators only) or SUMMARY
    default_audience: str
    write: Callable         # ExportJob -> [(part, bytes)]
    parts: tuple = ("",)    # the parts it writes, "" being the main file


def check_job(exporter, job):
    """Refuse what must never leave: raw data or free text for the city."""
    if job.audience not in AUDIENCES:
        raise ExportError(f"audience must be city or facilitator, not {job.audience!r}")
    if job.audience == CITY and exporter.kind == RAW:
        raise ExportError(f"format {exporter.name} is raw data (one row per response) and is never "
                          "made for the city; use summary-csv, summary-xlsx or charts")
    if job.audience == CITY and job.include_text:
        raise ExportError("free text is never exported for the city: drop --include-text or "
                          "use --audience facilitator")
    if job.dialect not in DIALECTS:
        raise ExportError(f"unknown CSV dialect {job.dialect!r}: use {' or '.join(DIALECTS)}")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell starting with =, +, -, @, tab or CR is prefixed
    with an apostrophe, so that Excel and LibreOffice show it instead of running it."""
    frame = frame.copy()
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object and not pd.api.types.is_string_dtype(column):
            continue
        frame[name] = column.map(lambda v: _safe_text(v) if isinstance(v, str) else v)
    return frame


def _safe_text(value: str) -> str:
    value = _ILLEGAL_XML.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(frame: pd.DataFrame, dialect: str) -> bytes:
    """The frame as CSV bytes in one of DIALECTS, formulas neutralised."""
    spec = DIALECTS[dialect]
    frame = neutralise(frame)
    for name in frame.columns:  # pandas applies `decimal` to numpy floats only
        if isinstance(frame[name].dtype, pd.Float64Dtype):
            frame[name] = frame[name].astype("float64")
    text = frame.to_csv(index=False, sep=spec.separator, decimal=spec.decimal,
                        lineterminator=spec.line_end)
    return text.encode(spec.encoding)


def to_xlsx(sheets: dict) -> bytes:
    """An XLSX workbook with one sheet per (name, frame), formulas neutralised,
    missing values as empty cells, numbers as numbers."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=name)
        sheet.append(list(frame.columns))
        safe = neutralise(frame).astype(object)
        for row in safe.itertuples(index=False, name=None):
            sheet.append([_xlsx_value(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# --- raw data --------------------------------------------------------------------------

def _raw_csv(job, part=None):
    builders = {"": lambda: job.responses, "marks": lambda: job.marks_table, "codebook": lambda: job.codebook}
    return [(name, to_csv(build(), job.dialect)) for name, build in builders.items() if part in (None, name)]


def _raw_xlsx(job, part=None):
    return [("", to_xlsx({"responses": job.responses, "marks": job.marks_table,
                          "codebook": job.codebook}))]


def geojson(questionnaire, responses, marks, include_text=False, focus_groups=None) -> dict:
    """RFC 7946 FeatureCollection: one Point [lon, lat] per map mark with properties
    response_id, question, category, category_label, feeling, age_band (when the
    questionnaire has an age_band question), channel, agreed (1 for a survey mark),
    and comment only with include_text; then one per focus-group note with a point
    (channel focus_group, agreed = children who backed it, experience; its quote as
    comment only with include_text). Marks given as a place (the list fallback) have
    no point: they are counted per place in the summaries instead."""
    age = next((q for q in questionnaire.questions if q.type == "age_band"), None)
    positioned = marks[marks["lat"].notna()] if len(marks) else marks
    ages = responses[age.id].tolist() if age is not None and age.id in responses else None
    channels = responses["channel"].tolist() if len(responses) else []
    features = []
    for mark in positioned.to_dict("records"):
        properties = {"response_id": mark["response_id"], "question": mark["question"],
                      "category": mark["category"], "category_label": mark["category_label"],
                      "feeling": mark["feeling"]}
        if age is not None:
            properties["age_band"] = _plain(ages[mark["row"]]) if ages else None
        properties["channel"] = _plain(channels[mark["row"]]) if channels else None
        properties["agreed"] = 1
        if include_text:
            properties["comment"] = mark.get("comment")
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [mark["lon"], mark["lat"]]},
                         "properties": properties})
    if focus_groups is not None and len(focus_groups.notes):
        features += focus_group_merge.geojson_features(questionnaire, focus_groups, age is not None)
    return {"type": "FeatureCollection", "features": features}


def _plain(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def _geojson(job, part=None):
    data = geojson(job.questionnaire, job.responses, job.marks, job.include_text, job.focus_groups)
    return [("", (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))]


# --- summaries -------------------------------------------------------------------------

def _summary_csv(job, part=None):
    direct = getattr(job.summary, "csv", None)  # a release's stored rows, written without pandas
    builders = {"": (lambda: direct(job.dialect)) if direct else (lambda: to_csv(job.summary.table, job.dialect)),
                "measures": lambda: to_csv(job.measures_table, job.dialect),
                "before_after": lambda: to_csv(job.checks_table, job.dialect)}
    return [(name, build()) for name, build in builders.items() if part in (None, name)]


def _summary_xlsx(job, part=None):
    summary = job.summary
    sheets = {"summary": summary.table}
    waves = summary.waves
    if len(waves) > 1:
        sheets["wave_comparison"] = pd.concat(
            [summary.comparison(a, b).assign(wave_a=a, wave_b=b) for a, b in zip(waves, waves[1:])],
            ignore_index=True)
    sheets["map_grid"] = summary.grid
    sheets["measures"] = job.measures_table
    sheets["before_after"] = job.checks_table
    sheets["about"] = about_frame(job)
    return [("", to_xlsx(sheets))]


def about_frame(job) -> pd.DataFrame:
    """The `about` sheet: what the file is and how small numbers were treated."""
    q = job.questionnaire
    release = job.release
    rows = [("questionnaire", q.id), ("version", q.version), ("audience", job.audience)]
    if release is not None:
        rows += [("release", release["number"]), ("published_at", release["published_at"]),
                 ("respondents", sum(v or 0 for v in release["respondents"].values())),
                 ("hidden_k_rule", release["hidden"]["k_rule"]),
                 ("hidden_protect_others", release["hidden"]["protect_others"])]
    else:
        rows.append(("responses", len(job.records)))
    rows += [("waves", ", ".join(job.summary.waves)),
            ("focus_group_sessions", len(job.focus_groups) if job.focus_groups is not None else 0),
            ("measures", len(job.measures)),
            ("before_after", "; ".join(_check_note(c) for c in job.checks) or "–")]
    if job.audience == CITY:
        rows.append(("min_cell", job.min_cell))
        rows.append(("note", f"Počty od 1 do {job.min_cell - 1} jsou potlačené (prázdné, suppressed = 1), "
                             "spolu s nejbližším menším počtem ve stejné tabulce; malé skupiny jsou "
                             "sloučené do „ostatní“."))
    return pd.DataFrame(rows, columns=["key", "value"]).astype(object)


def _check_note(check) -> str:
    """"opatření 3: zveřejnění 1 (2026-jaro) → zveřejnění 2 (2026-podzim)" for the about sheet."""
    def side(end):
        return f"zveřejnění {end['number']} ({end['wave']})" if end else "–"
    return f"opatření {check['measure']}: {side(check.get('before'))} → {side(check.get('after'))}"


def _charts(job, part=None):
    from .analysis import charts

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, png in charts.all_charts(job.questionnaire, job.summary, lang=job.lang):
            archive.writestr(name, png)
    return [("", buffer.getvalue())]


EXPORTERS = {e.name: e for e in (
    Exporter("csv", "csv", "text/csv; charset=utf-8", RAW, "facilitator", _raw_csv,
             ("", "marks", "codebook")),
    Exporter("xlsx", "xlsx", XLSX_TYPE, RAW, "facilitator", _raw_xlsx),
    Exporter("geojson", "geojson", "application/geo+json", RAW, "facilitator", _geojson),
    Exporter("summary-csv", "csv", "text/csv; charset=utf-8", SUMMARY, "city", _summary_csv,
             ("", "measures", "before_after")),
    Exporter("summary-xlsx", "xlsx", XLSX_TYPE, SUMMARY, "city", _summary_xlsx),
    Exporter("charts", "zip", "application/zip", SUMMARY, "city", _charts),
)}


def export(name, job, part=None):
    """The one export gate: check_job(), then build exporter `name`'s part `part` only
    (None: every part). Returns [(part, bytes)]; ExportError for an unknown part."""
    exporter = EXPORTERS[name]
    check_job(exporter, job)
    if part is not None and part not in exporter.parts:
        raise ExportError(f"format {name} has no part {part!r} (parts: {', '.join(p or '(main)' for p in exporter.parts)})")
    return exporter.write(job, part)


def file_name(questionnaire_id, wave, name, day, part=""):
    """`<questionnaire>_<wave or all>_<format>[-<part>]_<YYYY-MM-DD>.<ext>`; the wave
    label is made safe for file names (letters, digits, - and _)."""
    import unicodedata

    label = ALL if wave is None else wave
    label = unicodedata.normalize("NFKD", str(label)).encode("ascii", "ignore").decode()
    label = re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-") or "wave"
    fmt = f"{name}-{part}" if part else name
    return f"{questionnaire_id}_{label}_{fmt}_{day}.{EXPORTERS[name].extension}"


def select_records(records, campaign=None, wave=None):
    """The records of one campaign and/or wave (as stored, compared as text; the wave
    label "bez vlny" selects responses without a wave). ExportError names the
    campaigns or waves that exist when the asked one has no responses."""

    def wave_of(record):
        return NO_WAVE if record.get("wave") is None else str(record["wave"])

    if campaign is not None:
        found = [r for r in records if str(r.get("campaign_id")) == str(campaign)]
        if not found:
            known = sorted({str(r.get("campaign_id")) for r in records if r.get("campaign_id") is not None})
            raise ExportError(f"--campaign {campaign}: no responses in this campaign "
                              f"(campaigns with responses: {', '.join(known) or 'none'})")
        records = found
    if wave is not None:
        found = [r for r in records if wave_of(r) == str(wave)]
        if not found:
            known = sorted({wave_of(r) for r in records})
            raise ExportError(f"--wave {wave}: no responses in this wave "
                              f"(waves with responses: {', '.join(known) or 'none'})")
        records = found
    return records
