"""Small-cell protection: hand-checked cases of the engine, and a hypothesis property
test over random datasets: no city output holds a count from 1 to K-1, and no
suppressed cell can be recomputed from the published ones (checked here
independently of survey_app.analysis.suppression, by solving the linear relations)."""
import random
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.analysis import summaries
from survey_app.analysis import suppression
from survey_app.analysis import tables
from survey_app.questionnaire.loader import load_text
from survey_app.responses.submissions import build_record

FIXTURE = Path(__file__).parents[1] / "fixtures" / "souhrn.yaml"
QUESTIONNAIRE = load_text(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
SINGLE = {"vek", "pocit", "problem", "doma", "deti"}  # options add up to the base
PARTITIONS = ("age_band", "channel")
STATS = {"mean", "median"}


# --- the engine on hand-made cases ------------------------------------------------------

def test_merge_groups__small_group_merged_with_next_smallest():
    # groups 0..3 with 10, 2, 6, 30 respondents in one wave; K = 5
    sizes = [10, 2, 6, 30]
    rows = np.arange(sum(sizes))
    groups = np.repeat(np.arange(4), sizes)
    mapping, merged = suppression.merge_groups(rows, groups, np.zeros(len(rows), dtype=np.int64), 1, 4, 5)
    assert merged == [1, 2]  # 2 alone is too small, so 6 joins it: "ostatní" has 8
    assert mapping.tolist() == [0, 2, 2, 1]


def test_merge_groups__nothing_small__identity():
    rows = np.arange(20)
    mapping, merged = suppression.merge_groups(rows, rows % 2, np.zeros(20, dtype=np.int64), 1, 2, 5)
    assert (merged, mapping.tolist()) == ([], [0, 1])


def test_suppress__single_small_cell_gets_a_partner():
    # one line: options 7, 3, 12 with base 22 published; 3 is small
    lines = [suppression.Lines(np.array([0, 0, 0, -1]), np.array([3]))]
    hidden = suppression.suppress([7, 3, 12, 22], suppression.primary([7, 3, 12, 22], 5), lines,
                                  [3, 3, 3, -1])
    assert hidden.tolist() == [True, True, False, False]  # 7 is the next smallest


def test_suppress__zero_is_not_a_partner():
    lines = [suppression.Lines(np.array([0, 0, 0, -1]), np.array([3]))]
    values = [0, 3, 9, 12]
    hidden = suppression.suppress(values, suppression.primary(values, 5), lines, [3, 3, 3, -1])
    assert hidden.tolist() == [False, True, True, False]


def test_suppress__hidden_base_hides_its_group():
    lines = [suppression.Lines(np.array([0, 0, -1]), np.array([2]))]
    values = [3, 1, 4]
    hidden = suppression.suppress(values, suppression.primary(values, 5), lines, [2, 2, -1])
    assert hidden.tolist() == [True, True, True]


def test_suppress__audit_catches_what_lines_miss():
    # a 2x2 table with margins where each line has two hidden cells, but the row and
    # column totals together still fix x: rows (x + y = 10), (z + w = 10) and columns
    # (x + z = 8) hidden pattern x, y, z -> w visible makes z and then x determined.
    #   cells: 0 x, 1 y, 2 z, 3 w, 4 row1 total, 5 row2 total, 6 col1 total, 7 col2 total
    values = [3, 7, 5, 5, 10, 10, 8, 12]
    rows = suppression.Lines(np.array([0, 0, 1, 1, -1, -1, -1, -1]), np.array([4, 5]))
    cols = suppression.Lines(np.array([0, 1, 0, 1, -1, -1, -1, -1]), np.array([6, 7]))
    hidden = suppression.suppress(values, [True, True, True, False, False, False, False, False],
                                  [rows, cols], [-1] * 8)
    assert hidden[3]  # w had to go as well; now x, y, z, w are all free
    assert _free(values, hidden, [([0, 1], 4), ([2, 3], 5), ([0, 2], 6), ([1, 3], 7)])


# --- an independent check of a published table ----------------------------------------

def _null_space(matrix):
    """A basis of {x : matrix @ x = 0} (rows of the result), from the reduced row
    echelon form: one vector per free column."""
    a = np.array(matrix, dtype=float)
    pivots, r = [], 0
    for c in range(a.shape[1]):
        if r == a.shape[0]:
            break
        p = r + int(np.argmax(np.abs(a[r:, c])))
        if abs(a[p, c]) < 1e-9:
            continue
        a[[r, p]] = a[[p, r]]
        a[r] /= a[r, c]
        for other in range(a.shape[0]):
            if other != r and abs(a[other, c]) > 1e-12:
                a[other] -= a[other, c] * a[r]
        pivots.append(c)
        r += 1
    basis = []
    for free in (c for c in range(a.shape[1]) if c not in pivots):
        vector = np.zeros(a.shape[1])
        vector[free] = 1.0
        for row, pivot in enumerate(pivots):
            vector[pivot] = -a[row, free]
        basis.append(vector)
    return np.array(basis).reshape(len(basis), a.shape[1])


def _free(values, hidden, relations):
    """True when no hidden cell is fixed by the relations (members add up to total):
    every hidden cell can change along some solution of the homogeneous system."""
    unknown = [i for i, h in enumerate(hidden) if h]
    if not unknown:
        return True
    column = {cell: j for j, cell in enumerate(unknown)}
    rows = []
    for members, total in relations:
        row = np.zeros(len(unknown))
        for cell, sign in [(m, 1.0) for m in members] + [(total, -1.0)]:
            if cell in column:
                row[column[cell]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return True
    null = _null_space(np.array(rows))
    return null.shape[0] > 0 and bool((np.abs(null).max(axis=0) > 1e-9).all())


def check_city_table(table, k):
    """Every rule of the city's table, as the city could test it from the file."""
    for column in ("n", "base"):
        shown = table[column].dropna()
        assert not ((shown >= 1) & (shown < k)).any(), f"{column} from 1 to {k - 1} published"
    hidden = table[table["suppressed"] == 1]
    assert hidden["n"].isna().all() and hidden["pct"].isna().all()
    cells = table[(table["breakdown"] != "wave_change") & ~table["option"].isin(STATS)].reset_index(drop=True)
    values, hide, index = [], [], {}

    def cell(key, value, is_hidden):
        if key not in index:
            index[key] = len(values)
            values.append(value)
            hide.append(is_hidden)
        return index[key]

    for row in cells.itertuples():
        group = (row.wave, row.question, row.breakdown, row.breakdown_value)
        cell(group + (row.option,), row.n, row.suppressed == 1)
        cell(group + ("__base__",), row.base, pd.isna(row.base))
    relations, lines = [], []
    for (wave, question, breakdown, value), rows in cells.groupby(
            ["wave", "question", "breakdown", "breakdown_value"]):
        group = (wave, question, breakdown, value)
        members = [index[group + (o,)] for o in rows["option"]]
        lines.append(members + [index[group + ("__base__",)]])
        if question in SINGLE:
            relations.append((members, index[group + ("__base__",)]))
    waves = set(cells["wave"])
    for (wave, question, breakdown), rows in cells[cells["breakdown"].isin(PARTITIONS)].groupby(
            ["wave", "question", "breakdown"]):
        for option in list(rows["option"].unique()) + ["__base__"]:
            total = index.get((wave, question, "all", "all", option))
            members = [index[(wave, question, breakdown, v, option)] for v in rows["breakdown_value"].unique()
                       if (wave, question, breakdown, v, option) in index]
            relations.append((members, total))
            lines.append(members + [total])
    if "all" in waves and len(waves) > 2:
        pooled = cells[cells["wave"] == "all"]
        for row in pooled.drop_duplicates(["question", "breakdown", "breakdown_value", "option"]).itertuples():
            for option in (row.option, "__base__"):
                tail = (row.question, row.breakdown, row.breakdown_value, option)
                members = [index[(w,) + tail] for w in waves - {"all"} if (w,) + tail in index]
                dropped = len(waves) - 1 - len(members)
                if row.question == "mapa" and row.breakdown == "place" and dropped:
                    # a wave's area is left out when it is small (or has no marks): the
                    # city must not be able to tell a left-out count from the others
                    line = members + [index[("all",) + tail]]
                    if not any(hide[c] for c in line):
                        residual = values[line[-1]] - sum(values[c] for c in members)
                        assert residual == 0 or dropped >= 2, f"left-out area recomputable: {tail}"
                    continue
                relations.append((members, index[("all",) + tail]))
                lines.append(members + [index[("all",) + tail]])
    for line in lines:
        count = sum(hide[c] if c is not None else 1 for c in line)
        assert count != 1, f"a line with exactly one suppressed cell: {[list(index)[c] for c in line if c is not None]}"
    relations = [(m, t) for m, t in relations if t is not None]
    by_question = {}
    for members, total in relations:
        by_question.setdefault(list(index)[total][1], []).append((members, total))
    for question, found in by_question.items():
        assert _free(values, hide, found), f"{question}: a suppressed cell can be recomputed"


def check_city_grid(grid, k, waves):
    """Cells under k are left out; with several waves, a left-out wave cell is never
    the only gap between the pooled count and the waves shown."""
    assert (grid["n"] >= k).all()
    if len(waves) > 1:
        for (question, cell, category), rows in grid.groupby(["question", "cell", "category"]):
            pooled = rows[rows["wave"] == "all"]["n"].sum()
            shown = rows[rows["wave"] != "all"]
            missing = pooled - shown["n"].sum()
            assert missing == 0 or len(waves) - len(shown) >= 2 or pooled == 0


# --- random datasets ---------------------------------------------------------------------

SPOTS = [(50.5925, 13.6050), (50.5825, 13.6050), (50.5960, 13.5950)]  # park, station, outside


@st.composite
def datasets(draw):
    seed = draw(st.integers(0, 2 ** 32 - 1))
    count = draw(st.integers(0, 70))
    waves = draw(st.sampled_from([[None], ["2025"], ["2025", "2026"], ["2025", "2026", None]]))
    skew = draw(st.floats(0.05, 0.95))
    rng = random.Random(seed)
    records = []
    for i in range(count):
        answers = {}

        def maybe(value, p=0.85):
            return value if rng.random() < p else None
        answers["vek"] = maybe("18-39" if rng.random() < skew else "40-plus")
        answers["pocit"] = maybe(rng.choice([1, 2, 3, 4, 5]))
        answers["problem"] = maybe(rng.choices(["drogy", "hluk", "vzorec"], [skew, 1 - skew, 0.1])[0])
        answers["obavy"] = maybe([v for v in ("tma", "psi") if rng.random() < 0.5] or None)
        answers["doma"] = maybe(rng.choice(["yes", "no"]))
        answers["mista"] = maybe([p for p in ("park", "nadrazi", "jinde") if rng.random() < 0.4] or None)
        marks = []
        for _ in range(rng.choice([0, 0, 1, 2])):
            if rng.random() < 0.2:
                marks.append({"place": rng.choice(["park", "jinde"])})
            else:
                lat, lon = rng.choice(SPOTS)
                marks.append({"lat": round(lat + rng.uniform(-3e-4, 3e-4), 6),
                              "lon": round(lon + rng.uniform(-3e-4, 3e-4), 6),
                              "category": rng.choice(["drogy", "tma"]),
                              "feeling": rng.choice(["unsafe", "safe"])})
        answers["mapa"] = marks or None
        answers["deti"] = maybe(rng.randint(0, 6), 0.5)
        answers = {key: value for key, value in answers.items() if value is not None}
        context = {"wave": rng.choice(waves), "channel": rng.choices(["web", "tablet", "focus_group"],
                                                                      [0.6, 0.3, 0.1])[0]}
        record = build_record(QUESTIONNAIRE, f"s{i}", "cs", answers, context,
                              now=f"2026-0{1 + (i % 3)}-1{i % 10}T10:00:00Z")
        record["id"] = f"r{i:03d}"
        records.append(record)
    return records, draw(st.sampled_from([3, 5]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_city_summary__random_data__no_small_value_and_nothing_recomputable(dataset):
    records, k = dataset
    responses = tables.responses_frame(QUESTIONNAIRE, records)
    marks = tables.marks_frame(QUESTIONNAIRE, records)
    summary = summaries.summarise(QUESTIONNAIRE, responses, marks, audience="city", min_cell=k)
    check_city_table(summary.table, k)
    check_city_grid(summary.grid, k, summary.waves)
    assert list(summary.table.columns) == summaries.SUMMARY_COLUMNS


def test_check_city_table__catches_a_lonely_suppressed_cell():
    # the checker itself must fail on a table that leaks (a guard against a blind test)
    table = pd.DataFrame({
        "wave": "w", "question": "doma", "question_label": "", "option": ["yes", "no"], "option_label": "",
        "breakdown": "all", "breakdown_value": "all", "n": pd.array([pd.NA, 9], dtype="Int64"),
        "base": pd.array([12, 12], dtype="Int64"), "pct": [None, 75.0], "suppressed": [1, 0]})
    try:
        check_city_table(table, 5)
    except AssertionError as error:
        assert "exactly one suppressed" in str(error)
    else:
        raise AssertionError("the checker accepted a recomputable cell")
