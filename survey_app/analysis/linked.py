"""The audit of a release against itself and every earlier release (numpy/pandas, no
Flask): every count the city can see, in every release of a questionnaire, is one
variable of one linear system; a hidden count from 1 to K-1 must not be determined by
the published ones.

Variables: the cells (option counts and group bases) of every release, plus, per wave
seen in several releases with different response sets, one hidden *atom* per segment
of responses (the responses contained in exactly the same releases) and cell key.
Equations (all exact): options of a single-choice question add up to the base; age
bands and channels add up to the all-respondents row; the waves add up to the
all-waves row; and a release's cell of a wave is the sum of the atoms of the segments
it contains (a wave released twice with the same responses: the two cells are equal).
Merged groups ("ostatní") only grow from release to release (releases.py forces it),
so an earlier group lies inside one group of the newest release: age-band and channel
blocks are linked by their sums.

A hidden variable is disclosed when its column of the reduced system is a pivot with
no free partner (suppression._determined, exact for these small integer systems);
only disclosed values from 1 to K-1 count. The fix hides one more cell of the newest
release (never an earlier one: it is published) and the audit repeats.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from .breakdowns import ALL, OTHER
from .suppression import _determined

BASE = "\x00base"  # the option key of a group's base cell
PARTITIONS = ("age_band", "channel")
STATS = ("mean", "median")
WAVE_CHANGE = "wave_change"


class DisclosedBefore(RuntimeError):
    """A cell the earlier releases alone determine: nothing in the new one can help."""


class System:
    """Cells (value, hidden, frozen, release) and equations [(cells, coefs)]."""

    def __init__(self):
        self.values, self.hidden, self.frozen, self.release = [], [], [], []
        self.keys = {}
        self.equations = []

    def cell(self, key, value, hidden, frozen, release):
        if key in self.keys:
            return self.keys[key]
        self.keys[key] = len(self.values)
        self.values.append(int(value))
        self.hidden.append(bool(hidden))
        self.frozen.append(bool(frozen))
        self.release.append(release)
        return self.keys[key]

    def broken(self):
        """Equations the true values do not satisfy, as cell keys (a model error)."""
        keys = {c: key for key, c in self.keys.items()}
        values = np.array(self.values)
        return [[keys[int(c)] for c in cells] for cells, coefs in self.equations
                if abs(float(values[cells] @ coefs)) > 0.5]

    def equation(self, plus, minus=()):
        cells = list(plus) + list(minus)
        if cells:
            self.equations.append((np.array(cells, dtype=np.int64),
                                   np.array([1.0] * len(plus) + [-1.0] * len(minus))))


def release_cells(rows, exact_questions):
    """The countable cells of a release's summary rows (dicts with the true counts
    `true_n`/`true_base`): [(wave, question, option, breakdown, value, n, hidden)],
    base cells with option BASE."""
    cells, bases = [], {}
    for row in rows:
        if row["breakdown"] == WAVE_CHANGE or row["option"] in STATS or row.get("true_base") is None:
            continue
        group = (str(row["wave"]), row["question"], row["breakdown"], str(row["breakdown_value"]))
        cells.append(group[:2] + (row["option"],) + group[2:] + (int(row["true_n"]), bool(row["suppressed"])))
        bases.setdefault(group, (int(row["true_base"]), row["base"] is None))
    for (wave, question, breakdown, value), (n, hidden) in bases.items():
        cells.append((wave, question, BASE, breakdown, value, n, hidden))
    return cells


def build(releases, exact_questions, atoms, k, age_questions=()):
    """The linked system of `releases`: [(number, waves, cells, merged, frozen)] in
    order (the newest last, not frozen); `merged[wave][breakdown]` the labels inside
    "ostatní" in that wave's rows (`merged["all"]`: in the all-waves rows, holding
    every wave's); `atoms[wave]`: {segment (tuple of release numbers): {(q, o, b, v): n}}
    for waves whose response sets differ between releases."""
    system = System()
    newest = releases[-1][3]
    by_wave = defaultdict(list)  # wave -> [(number, {(q, o, b, v): cell index}, merge)]
    for number, waves, cells, merged, frozen in releases:
        index = {}
        for wave, q, o, b, v, n, hidden in cells:
            index[(wave, q, o, b, v)] = system.cell((number, wave, q, o, b, v), n, hidden, frozen, number)
        _within(system, index, waves, exact_questions, merged, set(age_questions))
        for wave in waves:
            own = {key[1:]: c for key, c in index.items() if key[0] == wave}
            by_wave[wave].append((number, own, merged.get(wave, merged.get(ALL, {}))))
    for wave, seen in by_wave.items():
        _across(system, wave, seen, newest.get(wave, newest.get(ALL, {})), atoms.get(wave), k, set(age_questions))
    return system


def _pooled_key(q, o, b, v, own, pooled, age_questions):
    """The all-waves cell that holds a wave's cell: a group merged in the all-waves rows
    only is inside their "ostatní" (so are the age question's options)."""
    if q in age_questions and o != BASE:
        o = _block("age_band", o, own, pooled)
    if b in PARTITIONS:
        v = _block(b, v, own, pooled)
    elif tuple(sorted(own.get(b, ()))) != tuple(sorted(pooled.get(b, ()))) and v in (OTHER, *pooled.get(b, ())):
        return None  # merged places of two merges: not a sum
    return q, o, b, v


def _within(system, index, waves, exact_questions, merged=None, age_questions=frozenset()):
    groups = defaultdict(list)
    partitions = defaultdict(list)
    pooled = defaultdict(list)
    for (wave, q, o, b, v), c in index.items():
        if o != BASE and q in exact_questions:
            groups[(wave, q, b, v)].append(c)
        if b in PARTITIONS and v != "focus_group":
            partitions[(wave, q, o, b)].append(c)
        if len(waves) > 1 and wave != ALL:
            key = _pooled_key(q, o, b, v, (merged or {}).get(wave, {}), (merged or {}).get(ALL, {}), age_questions)
            if key is not None:
                pooled[key].append(c)
    for (wave, q, b, v), members in groups.items():
        base = index.get((wave, q, BASE, b, v))
        if base is not None:
            system.equation(members, [base])
    for (wave, q, o, b), members in partitions.items():
        total = index.get((wave, q, o, "all", ALL))
        if total is not None:
            system.equation(members, [total])
    for (q, o, b, v), members in pooled.items():
        total = index.get((ALL, q, o, b, v))
        if total is not None:
            system.equation(members, [total])


def _block(b, v, merged, newest):
    """The group of the newest release that holds group `v` of an earlier release."""
    inside = set(newest.get(b, ()))
    if v == OTHER or v in inside:
        return OTHER if inside else v
    return v


def _across(system, wave, seen, newest_merged, atoms, k, age_questions=frozenset()):
    """Equations between the releases that contain `wave` (and its atoms)."""
    if len(seen) < 2 and not atoms:
        return
    blocks = defaultdict(lambda: defaultdict(list))  # block key -> release -> cells
    for number, own, merged in seen:
        for (q, o, b, v), c in own.items():
            same = tuple(sorted(merged.get(b, ()))) == tuple(sorted(newest_merged.get(b, ())))
            if q in age_questions and o != BASE:  # its options merge with the age bands
                o = _block("age_band", o, merged, newest_merged)
            if b in PARTITIONS or same or v not in (OTHER, *newest_merged.get(b, ())):
                block = (q, o, b, _block(b, v, merged, newest_merged))
            else:  # a merged place of another merge: counted once per respondent, not a sum
                continue
            blocks[block][number].append(c)
    for block, per_release in blocks.items():
        if atoms:
            for number, members in per_release.items():
                parts = []
                for segment, counts in atoms.items():
                    if number in segment:
                        value = counts.get(block[:4], 0)
                        parts.append(system.cell(("atom", wave, segment) + block[:4], value, True, True, None))
                system.equation(members, parts)
        else:
            numbers = list(per_release)
            for first, second in zip(numbers, numbers[1:]):
                system.equation(per_release[first], per_release[second])


def audit(system, k, max_rounds=100_000):
    """Hide cells of the newest release (not frozen) until no hidden value from 1 to
    k-1 is determined; returns the set of cell keys it hid."""
    values = np.array(system.values, dtype=np.int64)
    hidden = np.array(system.hidden, dtype=bool)
    frozen = np.array(system.frozen, dtype=bool)
    # a hidden base hides its whole group: hide bases last
    is_base = np.array([key[3] == BASE if len(key) > 3 else False
                        for key, _c in sorted(system.keys.items(), key=lambda item: item[1])], dtype=bool)
    values = values + is_base * (1 << 40)
    sensitive = (np.array(system.values) >= 1) & (np.array(system.values) < k)
    added, clean = set(), set()
    for _ in range(max_rounds):
        fixes = _round(system.equations, values, hidden, frozen, sensitive, clean)
        if not fixes:
            break
        for cell in fixes:
            hidden[cell] = True
            added.add(cell)
    else:
        raise RuntimeError("linked audit did not converge")
    keys = {c: key for key, c in system.keys.items()}
    return {keys[c] for c in added}


def _round(equations, values, hidden, frozen, sensitive, clean):
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_component = defaultdict(list)
    for e, (cells, _coefs) in enumerate(equations):
        unknown = cells[hidden[cells]]
        for other in unknown[1:]:
            a, b = find(int(unknown[0])), find(int(other))
            if a != b:
                parent[a] = b
    for e, (cells, _coefs) in enumerate(equations):
        unknown = cells[hidden[cells]]
        if len(unknown):
            by_component[find(int(unknown[0]))].append(e)
    fixes = []
    for root, ids in by_component.items():
        columns = sorted({int(c) for e in ids for c in equations[e][0] if hidden[c]})
        key = tuple(columns)
        if key in clean or not sensitive[columns].any():
            continue
        position = {c: j for j, c in enumerate(columns)}
        matrix = np.zeros((len(ids), len(columns)))
        for r, e in enumerate(ids):
            for cell, coef in zip(*equations[e]):
                if hidden[cell]:
                    matrix[r, position[int(cell)]] += coef
        determined = [columns[j] for j in np.nonzero(_determined(matrix))[0] if sensitive[columns[j]]]
        if not determined:
            clean.add(key)
            continue
        # the equations the derivation uses: x_i = sum(lambda_r * row r), M^T lambda = e_i
        target = np.zeros(len(columns))
        target[position[determined[0]]] = 1.0
        weights = np.linalg.lstsq(matrix.T, target, rcond=None)[0]
        used = [e for e, w in zip(ids, weights) if abs(w) > 1e-9]
        fix = _neighbour(equations, used, determined[0], values, hidden, frozen)
        if fix is None:
            fix = _neighbour(equations, ids, determined[0], values, hidden, frozen)
        if fix is None:
                raise DisclosedBefore(determined[0])
        fixes.append(fix)
    return fixes


def _neighbour(equations, ids, cell, values, hidden, frozen):
    """A visible cell of the newest release to hide: of the equations `ids` (those the
    derivation of `cell` uses), the smallest non-zero cell (bases last, since a hidden
    base hides its group)."""
    for group in (list(ids),):
        visible = {int(c) for e in group for c in equations[e][0] if not hidden[c] and not frozen[c]}
        if visible:
            return min(visible, key=lambda c: (values[c] == 0, values[c], c))
    return None
