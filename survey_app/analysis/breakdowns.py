"""The inputs of summary counting (numpy/pandas, no Flask): waves, breakdown groups
and questions, each turned into integer pairs.

- a *membership* lists (respondent row, group) pairs of one breakdown: age band,
  place, channel, or "all";
- a *spec* lists (respondent row, option) pairs of one question, plus the rows that
  answered it (the base).
summaries.py counts them with np.bincount; nothing here loops over responses in
Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from .lazy_imports import pandas as pd  # imported on first use, not at app start

from . import suppression
from .tables import options_of
from ..questionnaire.model import QUESTION_TYPES
from ..vocabulary import ALL, NO_WAVE, OTHER, UNKNOWN  # noqa: F401 (importable from here)

BREAKDOWNS = ("all", "age_band", "place", "channel")  # in the order of the summary table
LABELS = {
    OTHER: {"cs": "ostatní", "en": "other"}, UNKNOWN: {"cs": "neuvedeno", "en": "not stated"},
    "mean": {"cs": "průměr", "en": "mean"}, "median": {"cs": "medián", "en": "median"},
    "feeling:unsafe": {"cs": "značky „necítím se tu bezpečně“", "en": "marks 'I do not feel safe here'"},
    "feeling:safe": {"cs": "značky „cítím se tu bezpečně“", "en": "marks 'I feel safe here'"},
}
# How a question is counted is its type's `summary` part (QUESTION_TYPES): "single": one
# option per respondent (the options add up to the base); "multi": several; "numeric":
# distribution plus mean and median; "map": respondents with marks of each category;
# None: not summarised (free text).
NUMBER_BINS = 5


@dataclass
class Membership:
    """Which respondent rows belong to which groups of one breakdown."""
    rows: np.ndarray
    groups: np.ndarray
    labels: list
    partition: bool

    merged = ()  # the labels of the groups merged into "ostatní", when merged

    def __post_init__(self):
        self.rows = np.asarray(self.rows, dtype=np.int64)
        self.groups = np.asarray(self.groups, dtype=np.int64)
        if len(self.rows) > 1 and (np.diff(self.rows) < 0).any():
            order = np.argsort(self.rows, kind="stable")
            self._rows, self._groups = self.rows[order], self.groups[order]
        else:
            self._rows, self._groups = self.rows, self.groups
        # a partition of rows 0..n-1 (each row once, in order) needs no search
        self._direct = (self.partition and len(self._rows) > 0 and self._rows[0] == 0
                        and self._rows[-1] == len(self._rows) - 1 and bool((np.diff(self._rows) == 1).all()))

    @property
    def direct(self) -> bool:
        """Each row 0..n-1 in exactly one group: group_of(rows) needs no expansion."""
        return self._direct

    def group_of(self, rows):
        return self._groups[rows]

    def expand(self, rows):
        """For item rows `rows`: (positions into rows, group) for every membership."""
        rows = np.asarray(rows, dtype=np.int64)
        if self._direct:
            return np.arange(len(rows)), self._groups[rows]
        start = np.searchsorted(self._rows, rows, side="left")
        count = np.searchsorted(self._rows, rows, side="right") - start
        position = np.repeat(np.arange(len(rows)), count)
        offset = np.arange(len(position)) - np.repeat(np.cumsum(count) - count, count)
        return position, self._groups[np.repeat(start, count) + offset]


def encode(values):
    """(codes, uniques) of a column: one hash pass (pd.factorize); missing -> -1.
    Hashing 100,000 Python strings is the dominant cost of a summary, so every column
    is encoded once and recoded against its categories with recode()."""
    array = values.to_numpy(dtype=object) if isinstance(values, (pd.Series, pd.Index)) \
        else np.asarray(values, dtype=object)
    if array.ndim != 1 or not len(array):
        return np.zeros(len(array), dtype=np.int64), []
    found, uniques = pd.factorize(array)
    return found.astype(np.int64), list(uniques)


def recode(found, uniques, categories):
    """Codes among `categories` (-1: missing or unknown) of an encode() result."""
    lookup = {c: i for i, c in enumerate(categories)}
    table = np.array([lookup.get(u, -1) for u in uniques] + [-1], dtype=np.int64)
    return table[found]


def scopes(responses, extra=()):
    """Wave code per row and the wave labels, in order of each wave's first day (ties:
    first appearance). `extra`: (wave, day) pairs of other sources (focus groups)
    whose waves take part too."""
    found, uniques = encode(responses["wave"])
    labels = [str(u) for u in uniques] + [NO_WAVE]
    code = np.where(found < 0, len(uniques), found)
    days, day_values = encode(responses["submitted_date"].astype(object).fillna(""))
    day_text = [str(d) for d in day_values]
    by_day = np.argsort(np.array(day_text, dtype=object), kind="stable") if day_text else np.zeros(0, int)
    rank = np.empty(len(day_text), dtype=np.int64)
    rank[by_day] = np.arange(len(day_text))
    first_row = np.full(len(labels), len(code), dtype=np.int64)
    np.minimum.at(first_row, code, np.arange(len(code), dtype=np.int64))
    min_rank = np.full(len(labels), len(day_text), dtype=np.int64)
    if len(code):
        np.minimum.at(min_rank, code, rank[days])
    first_day = {}  # label -> first day, in order of first appearance
    for c in np.argsort(first_row, kind="stable"):
        if first_row[c] < len(code):
            day = day_text[by_day[min_rank[c]]]
            first_day[labels[c]] = min(first_day.get(labels[c], day), day)
    for wave, day in extra:
        label = NO_WAVE if wave is None else str(wave)
        first_day[label] = min(first_day.get(label, str(day or "")), str(day or ""))
    appearance = {w: i for i, w in enumerate(first_day)}
    order = sorted(first_day, key=lambda w: (first_day[w], appearance[w]))
    position = {w: i for i, w in enumerate(order)}
    table = np.array([position.get(label, -1) for label in labels], dtype=np.int64)
    return table[code], order


def unique_keys(keys, size):
    """Sorted distinct non-negative int keys below `size` (a bitmap when it is small
    enough, which is several times faster than sorting)."""
    keys = np.asarray(keys, dtype=np.int64)
    if size > 50_000_000:
        return np.unique(keys)
    seen = np.zeros(max(int(size), 1), dtype=bool)
    seen[keys] = True
    return np.flatnonzero(seen)


def split_marks(marks, questionnaire=None) -> dict:
    """{question id: its marks}, split once (comparing 100,000 ids per use adds up).
    With the questionnaire, each part also carries its codes, encoded once for every
    later use: `_category` and `_feeling` (among the map question's categories and
    feelings) and `_place` (among the questionnaire's places); -1 when unknown."""
    if not len(marks):
        return {}
    found, uniques = encode(marks["question"])
    order = np.argsort(found, kind="stable")
    bounds = np.searchsorted(found[order], np.arange(len(uniques) + 1))
    coded = {}
    if questionnaire is not None:
        coded = {name: encode(marks[name]) for name in ("category", "feeling", "place")}
        places = [p.id for p in questionnaire.places]
    parts = {}
    for index, question_id in enumerate(uniques):
        rows = order[bounds[index]:bounds[index + 1]]
        part = marks.iloc[rows]
        question = questionnaire.question(question_id) if coded else None
        if question is not None and question.type == "map":
            categories = [str(o.value) for o in options_of(question, questionnaire)]
            feelings = list(question.config.get("feelings") or [])
            part = part.assign(_category=recode(coded["category"][0][rows], coded["category"][1], categories),
                               _feeling=recode(coded["feeling"][0][rows], coded["feeling"][1], feelings),
                               _place=recode(coded["place"][0][rows], coded["place"][1], places))
        parts[question_id] = part
    return parts


def codes(values, categories):
    """Integer codes of `values` among `categories`; -1 for missing or unknown."""
    return recode(*encode(values), list(categories))


def memberships(questionnaire, responses, marks):
    n = len(responses)
    rows = np.arange(n, dtype=np.int64)
    result = {"all": Membership(rows, np.zeros(n, dtype=np.int64), [ALL], True)}
    age = next((q for q in questionnaire.questions if q.type == "age_band"), None)
    bands = [o.value for o in age.options] if age else []
    found = codes(responses[age.id], bands) if age else np.full(n, -1, dtype=np.int64)
    result["age_band"] = Membership(rows, np.where(found < 0, len(bands), found), bands + [UNKNOWN], True)
    found, uniques = encode(responses["channel"])
    channels = sorted({str(c) for c in uniques})
    found = recode(found, [str(c) for c in uniques], channels)
    result["channel"] = Membership(rows, np.where(found < 0, len(channels), found),
                                   channels + [UNKNOWN], True)
    result["place"] = _place_membership(questionnaire, responses, marks)
    return result


def _place_membership(questionnaire, responses, marks):
    """A respondent belongs to every place they named in a place question or marked on
    a map (a mark inside the place's polygon, or a place chosen in the list fallback)."""
    places = [p.id for p in questionnaire.places]
    pairs_rows, pairs_groups = [], []
    for question in questionnaire.questions:
        if question.type != "place":
            continue
        if question.id in responses:
            found = codes(responses[question.id], places)
            hit = np.nonzero(found >= 0)[0]
            pairs_rows.append(hit), pairs_groups.append(found[hit])
        for index, place in enumerate(places):
            column = f"{question.id}__{place}"
            if column in responses:
                hit = np.nonzero(_ints(responses[column], 0) == 1)[0]
                pairs_rows.append(hit), pairs_groups.append(np.full(len(hit), index))
    parts = marks.values() if isinstance(marks, dict) else [marks] if len(marks) else []
    for part in parts:
        found = part["_place"].to_numpy() if "_place" in part else codes(part["place"], places)
        hit = found >= 0
        pairs_rows.append(part["row"].to_numpy()[hit]), pairs_groups.append(found[hit])
    rows = np.concatenate(pairs_rows or [np.zeros(0)]).astype(np.int64)
    groups = np.concatenate(pairs_groups or [np.zeros(0)]).astype(np.int64)
    width = max(len(places), 1)
    unique = unique_keys(rows * width + groups, len(responses) * width)
    return Membership(unique // width, unique % width, places, False)


def merged(membership, scope_of_row, n_scopes, k, forced=()):
    """Small groups merged into "ostatní" (suppression.merge_groups), plus the groups
    labelled in `forced` (a release keeps every merge of the releases before it)."""
    _mapping, merged = suppression.merge_groups(membership.rows, membership.groups, scope_of_row,
                                                n_scopes, len(membership.labels), k)
    forced = {g for g, label in enumerate(membership.labels) if label in set(forced)}
    merged = sorted(set(merged) | forced)
    if not merged:
        return membership
    labels = [label for g, label in enumerate(membership.labels) if g not in merged] + [OTHER]
    mapping = np.empty(len(membership.labels), dtype=np.int64)
    kept = [g for g in range(len(membership.labels)) if g not in merged]
    mapping[kept] = np.arange(len(kept))
    mapping[merged] = len(kept)
    membership_merged = [membership.labels[g] for g in merged]
    code = membership.rows * len(labels) + mapping[membership.groups]
    unique = unique_keys(code, (int(membership.rows.max(initial=0)) + 1) * len(labels))
    result = Membership(unique // len(labels), unique % len(labels), labels, membership.partition)
    result.merged = membership_merged
    return result


# --- questions as (row, cell) items ---------------------------------------------------

@dataclass
class Spec:
    """One summarised question: its options (value, label), the answered rows and the
    (row, option index) items; numeric questions also carry their values."""
    question: object
    kind: str
    options: list
    answered: np.ndarray
    item_rows: np.ndarray
    item_options: np.ndarray
    values: np.ndarray | None = None
    binned: bool = False
    exact: bool = True
    skip: frozenset = frozenset()


def question_specs(questionnaire, responses, marks, age_membership):
    specs, age_done = [], False
    for question in questionnaire.questions:
        kind = QUESTION_TYPES[question.type].summary
        if kind is None:
            continue
        if question.type == "age_band" and not age_done:
            age_done = True  # the breakdown's own groups, so the two always agree
            labels = {o.value: o.label for o in question.options}
            options = [(g, labels.get(g) or LABELS[g]) for g in age_membership.labels]
            specs.append(Spec(question, "single", options, np.arange(len(responses)),
                              age_membership.rows, age_membership.groups, skip=frozenset({"age_band"})))
            continue
        builder = {"single": _single, "place": _place, "multi": _multi, "numeric": _numeric,
                   "map": _map}[kind]
        specs.append(builder(question, questionnaire, responses, marks))
    return specs


def _single(question, questionnaire, responses, marks, skip=frozenset()):
    options = [(str(o.value), o.label) for o in options_of(question, questionnaire)]
    found = codes(responses[question.id] if len(responses) else [], [v for v, _ in options])
    rows = np.nonzero(found >= 0)[0]
    return Spec(question, "single", options, rows, rows, found[rows], skip=skip)


def _multi(question, questionnaire, responses, marks, skip=frozenset()):
    options = [(str(o.value), o.label) for o in options_of(question, questionnaire)]
    matrix = np.column_stack([_ints(responses[f"{question.id}__{v}"], -1)
                              for v, _ in options]) if options else np.zeros((len(responses), 0))
    answered = np.nonzero((matrix >= 0).any(axis=1))[0] if options else np.zeros(0, dtype=np.int64)
    rows, option = np.nonzero(matrix == 1)
    return Spec(question, "multi", options, answered, rows, option, exact=False, skip=skip)


def _ints(column, missing):
    """An Int64 (or numeric) column as int64 numbers, `missing` where empty."""
    return column.to_numpy(dtype=np.int64, na_value=missing)


def _place(question, questionnaire, responses, marks):
    onehot = any(f"{question.id}__{p.id}" in responses for p in questionnaire.places)
    build = _multi if onehot else _single
    return build(question, questionnaire, responses, marks, skip=frozenset({"place"}))


def _numeric(question, questionnaire, responses, marks):
    values = responses[question.id].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    rows = np.nonzero(~np.isnan(values))[0]
    low = question.min if question.min is not None else (1 if question.type != "number" else 0)
    high = question.max if question.max is not None else (5 if question.type != "number" else 100)
    if question.type == "smiley":
        edges = None
        options = [(str(o.value), o.label) for o in options_of(question, questionnaire)]
    elif question.type == "scale" or float(high - low) <= 10 and float(low).is_integer():
        edges = None
        options = [(str(v), {"cs": str(v)}) for v in range(int(low), int(high) + 1)]
    else:
        edges = np.linspace(float(low), float(high), NUMBER_BINS + 1)
        options = [(f"{a:g}-{b:g}", {"cs": f"{a:g}–{b:g}"}) for a, b in zip(edges, edges[1:])]
    if edges is None:
        found = np.floor(values[rows]).astype(np.int64) - int(low if question.type != "smiley" else 1)
    else:
        found = np.clip(np.searchsorted(edges, values[rows], side="right") - 1, 0, NUMBER_BINS - 1)
    # a number may have decimals (1.5 counts under "1"): its mean and median come from
    # the values themselves, not from the distribution
    return Spec(question, "numeric", options, rows, rows, found.astype(np.int64), values=values,
                binned=edges is not None or question.type == "number")


def _map(question, questionnaire, responses, marks):
    categories = [(str(o.value), o.label) for o in options_of(question, questionnaire)]
    feelings = list(question.config.get("feelings") or [])
    options = categories + [(f"feeling:{f}", LABELS[f"feeling:{f}"]) for f in feelings]
    rows, option = map_items(marks, question.id, [v for v, _ in categories], feelings)
    width = max(len(options), 1)
    unique = unique_keys(rows * width + option, len(responses) * width)
    # every respondent with a mark is in the base, a place mark without category too
    answered = unique_keys(question_marks(marks, question.id)["row"].to_numpy(dtype=np.int64), len(responses))
    return Spec(question, "map", options, answered, unique // width, unique % width,
                exact=False, skip=frozenset({"place"}))


@lru_cache(maxsize=1)
def _no_marks():
    # Built on first use: pandas is not loaded at app start.
    return pd.DataFrame({"row": pd.Series(dtype="int64"), "category": pd.Series(dtype=object),
                         "feeling": pd.Series(dtype=object), "place": pd.Series(dtype=object)})


def question_marks(marks, question_id):
    """The marks of one question from the marks frame or split_marks() of it."""
    own = marks.get(question_id) if isinstance(marks, dict) else marks[marks["question"] == question_id]
    return own if own is not None else _no_marks()


def map_items(marks, question_id, categories, feelings, extra=None):
    """(rows, option) of one map question's marks: each mark counts for its category
    (option index) and for its feeling (index after the categories); unknown or missing
    ones are left out. With `extra` (a column name of marks, or an array aligned with
    the question's marks), also returns it, aligned.
    `marks` is the marks frame or split_marks() of it."""
    own = question_marks(marks, question_id)
    rows = own["row"].to_numpy(dtype=np.int64) if len(own) else np.zeros(0, dtype=np.int64)
    coded = "_category" in own
    category = (own["_category"].to_numpy() if coded else codes(own["category"], categories)) if len(own) else rows
    feeling = (own["_feeling"].to_numpy() if coded else codes(own["feeling"], feelings)) if len(own) else rows
    feeling = np.where(feeling >= 0, feeling + len(categories), -1)
    option = np.concatenate([category, feeling])
    keep = option >= 0
    result = (np.concatenate([rows, rows])[keep], option[keep])
    if extra is not None:
        if isinstance(extra, str):
            column = own[extra].to_numpy() if len(own) else np.zeros(0, dtype=object)
        else:
            column = np.asarray(extra)
        return result + (np.concatenate([column, column])[keep],)
    return result
