"""Raw tables from stored responses: one row per response, one row per map mark, and
the codebook (pandas, no Flask).

These frames are the single input of every export and summary. Other sources (focus
groups) join by appending rows with the same columns: a response row with its
`channel`, and marks whose `row` points at that response row.

Column rules (README "Exports"): choice-like answers, smileys, scales and numbers are
one column holding the value; multi_choice and multi-place are one 0/1 column per
option named `<question>__<value>` (empty when the question was not answered, 0/1
otherwise); a map question is `<question>__count`; text only with include_text.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import grid
from .lazy_imports import numpy as np  # imported on first use, not at app start
from .lazy_imports import pandas as pd
from ..questionnaire.model import QUESTION_TYPES, text
from ..vocabulary import DEFAULT_LANG

META_COLUMNS = ["response_id", "submitted_date", "campaign", "wave", "channel",
                "questionnaire_version", "lang"]
MARK_COLUMNS = ["response_id", "question", "lat", "lon", "category", "category_label",
                "feeling", "place", "comment"]
CODEBOOK_COLUMNS = ["question", "type", "column", "label_cs", "label_en", "value",
                    "value_label_cs", "value_label_en", "sensitive"]


def options_of(question, questionnaire) -> list:
    """The Options a question's answers come from (categories for a map), or []."""
    return QUESTION_TYPES[question.type].value_options(question, questionnaire)


def is_multi(question) -> bool:
    return QUESTION_TYPES[question.type].is_multi(question)


# --- how each kind of raw column is built ------------------------------------------
# Each builder gets (question, questionnaire, answers: list of raw answers, one per
# response) and returns {column name: array}. Builders are keyed by the raw-column kind
# a type declares in QUESTION_TYPES (its `raw_columns` part), so a new type is one row
# there and nothing here.

def _values(question, questionnaire, answers):
    return {question.id: pd.Series(answers, dtype=object)}


def _numbers(question, questionnaire, answers):
    series = pd.Series([np.nan if a is None else a for a in answers], dtype="float64")
    integral = series.dropna().mod(1).eq(0).all()
    return {question.id: series.astype("Int64") if integral else series.astype("Float64")}


def _onehot(question, questionnaire, answers):
    values = [o.value for o in options_of(question, questionnaire)]
    series = pd.Series(answers, dtype=object)
    answered = series.map(lambda a: isinstance(a, list) and len(a) > 0, na_action="ignore")
    answered = answered.fillna(False).to_numpy(dtype=bool)
    exploded = series[answered].explode()
    codes = pd.Categorical(exploded.to_numpy(), categories=values).codes
    rows = exploded.index.to_numpy()
    matrix = np.zeros((len(answers), len(values)), dtype=np.int64)
    known = codes >= 0
    matrix[rows[known], codes[known]] = 1
    return {f"{question.id}__{value}": _masked(matrix[:, i], answered) for i, value in enumerate(values)}


def _masked(column, answered):
    result = pd.array(column, dtype="Int64")
    result[~answered] = pd.NA
    return result


def _place(question, questionnaire, answers):
    return (_onehot if is_multi(question) else _values)(question, questionnaire, answers)


def _mark_count(question, questionnaire, answers):
    counts = [len(a) if isinstance(a, list) and a else None for a in answers]
    return {f"{question.id}__count": pd.array(counts, dtype="Int64")}


def _text(question, questionnaire, answers):
    return {question.id: pd.Series(answers, dtype=object)}


# One builder per model.RAW_COLUMN_KINDS kind (tests/analysis check they match).
COLUMN_BUILDERS = MappingProxyType({
    "value": _values, "number": _numbers, "onehot": _onehot, "place": _place,
    "mark_count": _mark_count, "text": _text,
})


def column_names(question, questionnaire) -> list:
    """The raw column names of one question, in order."""
    return QUESTION_TYPES[question.type].column_names(question, questionnaire)


def _exported(question, include_text) -> bool:
    """Whether a question has raw columns in this export: free text only with include_text."""
    qtype = QUESTION_TYPES[question.type]
    return qtype.raw_columns is not None and (include_text or not qtype.free_text)


def responses_frame(questionnaire, records, include_text=False) -> pd.DataFrame:
    """One row per response: META_COLUMNS, then each question's columns in questionnaire
    order. Text and textarea answers only with include_text."""
    answers = [r.get("answers") or {} for r in records]
    data = {
        "response_id": [r.get("id") for r in records],
        "submitted_date": [(r.get("submitted_at") or "")[:10] or None for r in records],
        # ids and labels as text: a campaign id 3 must not become 3.0 next to a missing one
        "campaign": [_text_or_none(r.get("campaign_id")) for r in records],
        "wave": [_text_or_none(r.get("wave")) for r in records],
        "channel": [_text_or_none(r.get("channel")) for r in records],
        "questionnaire_version": pd.array([r.get("questionnaire_version") for r in records], dtype="Int64"),
        "lang": [r.get("lang") for r in records],
    }
    for question in questionnaire.questions:
        if not _exported(question, include_text):
            continue
        column = [a.get(question.id) for a in answers]
        data.update(COLUMN_BUILDERS[QUESTION_TYPES[question.type].raw_columns](question, questionnaire, column))
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(records)))
    for name in ("response_id", "submitted_date", "campaign", "wave", "channel", "lang"):
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def _text_or_none(value):
    return None if value is None else str(value)


def marks_frame(questionnaire, records, include_text=False) -> pd.DataFrame:
    """One row per map mark: MARK_COLUMNS (comment only with include_text) plus `row`,
    the position of its response in responses_frame(). `place` is the place chosen in
    the list fallback, or the named area whose polygon contains the point."""
    columns = {name: [] for name in MARK_COLUMNS + ["row"]}
    for question in questionnaire.questions:
        if question.type != "map":
            continue
        labels = {c.value: text(c.label, DEFAULT_LANG) for c in options_of(question, questionnaire)}
        for row, record in enumerate(records):
            marks = (record.get("answers") or {}).get(question.id)
            if not marks:
                continue
            for mark in marks:
                columns["response_id"].append(record.get("id"))
                columns["question"].append(question.id)
                columns["lat"].append(mark.get("lat"))
                columns["lon"].append(mark.get("lon"))
                columns["category"].append(mark.get("category"))
                columns["category_label"].append(labels.get(mark.get("category")))
                columns["feeling"].append(mark.get("feeling"))
                columns["place"].append(mark.get("place"))
                columns["comment"].append(mark.get("comment"))
                columns["row"].append(row)
    frame = pd.DataFrame({
        **{k: pd.Series(v, dtype=object) for k, v in columns.items() if k not in ("lat", "lon", "row")},
        "lat": pd.Series(columns["lat"], dtype="float64"),
        "lon": pd.Series(columns["lon"], dtype="float64"),
        "row": pd.Series(columns["row"], dtype="int64"),
    })[MARK_COLUMNS + ["row"]]
    positioned = frame["lat"].notna().to_numpy()
    if positioned.any():
        areas = grid.area_of_points(frame["lat"].to_numpy()[positioned], frame["lon"].to_numpy()[positioned],
                                    questionnaire.places)
        place = frame["place"].to_numpy(dtype=object, copy=True)
        place[positioned] = areas
        frame["place"] = pd.Series(place, dtype=object)
    if not include_text:
        frame = frame.drop(columns=["comment"])
    return frame


def public_marks(marks, responses=None, extra=None) -> pd.DataFrame:
    """The marks table as exported (without the internal `row`). With the responses
    frame, each mark also gets its response's `channel`, `agreed` = 1 (one child) and
    an empty `experience`, before `comment`; `extra` (rows with the same columns,
    e.g. focus-group notes) is appended."""
    public = marks.drop(columns=["row"]).reset_index(drop=True)
    if responses is None:
        return public
    channels = responses["channel"].to_numpy(dtype=object)
    rows = marks["row"].to_numpy(dtype=np.int64)
    at = list(public.columns).index("comment") if "comment" in public else len(public.columns)
    public.insert(at, "channel", pd.Series(channels[rows] if len(rows) else [], dtype=object))
    public.insert(at + 1, "agreed", pd.Series(np.ones(len(public), dtype=np.int64), dtype="Int64"))
    public.insert(at + 2, "experience", pd.Series([None] * len(public), dtype=object))
    if extra is not None and len(extra):
        extra = extra[list(public.columns)].astype({"agreed": "Int64"})
        public = pd.concat([public, extra], ignore_index=True) if len(public) else extra.reset_index(drop=True)
    return public


def codebook_frame(questionnaire, include_text=False) -> pd.DataFrame:
    """One row per question and option value (one row for questions without options):
    question id, type, raw column, Czech and English labels, value and its labels,
    and whether the question is marked sensitive; `label_uk` and `value_label_uk` too when
    the questionnaire has Ukrainian labels."""
    rows = []
    for question in questionnaire.questions:
        names = column_names(question, questionnaire)
        if not names or not _exported(question, include_text):
            continue
        options = options_of(question, questionnaire)
        onehot = question.type != "map" and names[0] != question.id
        base = {"question": question.id, "type": question.type,
                "label_cs": text(question.label, "cs"), "label_en": text(question.label, "en"),
                "label_uk": _uk(question.label),
                "sensitive": int(question.sensitive or question.type == "map" and
                                 question.config.get("comment") == "optional")}
        if not options:
            rows.append({**base, "column": names[0], "value": None, "value_label_cs": None,
                         "value_label_en": None, "value_label_uk": None})
            continue
        for index, option in enumerate(options):
            column = names[index] if onehot else names[0]
            rows.append({**base, "column": column, "value": str(option.value),
                         "value_label_cs": text(option.label, "cs"),
                         "value_label_en": text(option.label, "en"), "value_label_uk": _uk(option.label)})
    columns = CODEBOOK_COLUMNS
    if has_ukrainian(questionnaire):  # the labels as the Ukrainian form showed them, never Czech in their place
        columns = [*CODEBOOK_COLUMNS[:5], "label_uk", *CODEBOOK_COLUMNS[5:8], "value_label_uk", *CODEBOOK_COLUMNS[8:]]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"sensitive": "int64"}).astype(object).where(frame.notna(), None)


def _uk(label):
    return (label.get("uk") or None) if isinstance(label, Mapping) else None


def has_ukrainian(questionnaire) -> bool:
    """Whether the questionnaire's own texts (question labels, its options) have `uk`
    (the built-in yes/no and smiley options always do)."""
    return any(_uk(q.label) or any(_uk(o.label) for o in (q.options or ()))
               for q in questionnaire.questions)
