"""Small-cell protection for the city's outputs (numpy, no Flask).

Three steps, applied by summaries.py to every city table:

1. merge_groups(): breakdown groups (age bands, channels, places) with fewer than K
   respondents in any wave are merged into "ostatní", together with the next smallest
   groups until "ostatní" itself has K or more (or holds everyone). The same merge is
   used in every wave and in the pooled table, so tables stay comparable and cannot be
   subtracted from each other to recover a small group.
2. suppress(): primary suppression of every count or base from 1 to K-1, then
   secondary suppression along *lines*: a line is a set of cells that add up to (or are
   read against) a total, e.g. the options of one question in one group with the base,
   the age bands of one option with its overall count, or the waves with the pooled
   count. Any line with exactly one hidden cell gets its next smallest non-zero cell
   hidden too. A suppressed base hides its whole group.
3. an audit: the exact linear relations between the published cells are solved for
   each connected block; a hidden cell that the visible ones still determine (which
   lines alone cannot rule out when several relations combine) gets a neighbour hidden,
   and the steps repeat until no hidden cell can be recomputed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Lines:
    """One family of lines over N cells: `member[i]` is the line of cell i (-1: none),
    `total[j]` the cell holding line j's total (-1: no published total). `exact` says
    whether members really add up to the total (the options of a multi-choice
    question do not); only exact lines go into the audit."""
    member: np.ndarray
    total: np.ndarray
    exact: bool = True


def merge_groups(pair_rows, pair_groups, scope_of_row, n_scopes, n_groups, k):
    """The merge of small groups, as an array old group -> new group. `pair_rows` and
    `pair_groups` list each (respondent row, group) membership once. Returns
    (mapping, merged) where merged is the sorted list of old groups that became the
    last new group ("ostatní"); mapping is the identity when nothing is small."""
    pair_rows = np.asarray(pair_rows, dtype=np.int64)
    pair_groups = np.asarray(pair_groups, dtype=np.int64)
    scopes = scope_of_row[pair_rows] if len(pair_rows) else pair_rows
    sizes = np.bincount(scopes * n_groups + pair_groups, minlength=n_scopes * n_groups)
    sizes = sizes.reshape(n_scopes, n_groups)
    merged = set(np.nonzero(((sizes > 0) & (sizes < k)).any(axis=0))[0].tolist())
    while merged:
        inside = np.isin(pair_groups, list(merged))
        union = np.unique(pair_rows[inside])
        union_sizes = np.bincount(scope_of_row[union], minlength=n_scopes)
        if ((union_sizes == 0) | (union_sizes >= k)).all():
            break
        candidates = [g for g in range(n_groups) if g not in merged and sizes[:, g].sum() > 0]
        if not candidates:
            break
        merged.add(min(candidates, key=lambda g: (sizes[:, g].sum(), g)))
    kept = [g for g in range(n_groups) if g not in merged]
    mapping = np.empty(n_groups, dtype=np.int64)
    mapping[kept] = np.arange(len(kept))
    if merged:
        mapping[sorted(merged)] = len(kept)
    return mapping, sorted(merged)


def primary(values, k) -> np.ndarray:
    """Cells whose value is a small number: 1..k-1."""
    values = np.asarray(values)
    return (values >= 1) & (values < k)


def suppress(values, hidden, lines, base_of, max_rounds=10_000) -> np.ndarray:
    """Secondary suppression until stable. `values` (int) and `hidden` (bool, the primary
    suppression) are per cell; `lines` a list of Lines; `base_of[i]` the base cell of
    option cell i's group (-1 for base cells and cells without one).
    Returns the final hidden mask."""
    values = np.asarray(values, dtype=np.int64)
    hidden = np.array(hidden, dtype=bool)
    base_of = np.asarray(base_of, dtype=np.int64)
    has_base = base_of >= 0
    equations = _equations([f for f in lines if f.exact])
    clean = set()  # components of hidden cells already proven safe
    for _ in range(max_rounds):
        changed = _propagate(hidden, base_of, has_base)
        for family in lines:
            changed |= _complete_lines(values, hidden, family)
        if changed:
            continue
        if not _audit(values, hidden, equations, clean):
            return hidden
    raise RuntimeError("suppression did not converge")


def _propagate(hidden, base_of, has_base) -> bool:
    """A hidden base hides every cell of its group."""
    spread = has_base & ~hidden
    spread[spread] = hidden[base_of[spread]]
    hidden |= spread
    return bool(spread.any())


def _line_counts(hidden, family):
    members = family.member >= 0
    counts = np.bincount(family.member[members], weights=hidden[members], minlength=len(family.total))
    with_total = family.total >= 0
    counts[with_total] += hidden[family.total[with_total]]
    return counts.astype(np.int64)


def _complete_lines(values, hidden, family) -> bool:
    """Hide one more cell in every line that has exactly one hidden cell."""
    if len(family.total) == 0:
        return False
    lonely = _line_counts(hidden, family) == 1
    if not lonely.any():
        return False
    chosen = _pick(values, hidden, family, np.nonzero(lonely)[0])
    hidden[chosen] = True
    return len(chosen) > 0


def _pick(values, hidden, family, lines):
    """For each of `lines`, the cell to hide: its smallest non-zero visible member, else
    its total if visible, else a visible zero member."""
    cells = np.nonzero(np.isin(family.member, lines) & ~hidden)[0]
    line_of = family.member[cells]
    # rank: 0 for non-zero members (by value), 2 for zero members; totals get rank 1.
    rank = np.where(values[cells] > 0, 0, 2)
    totals = family.total[lines]
    visible_total = (totals >= 0)
    visible_total[visible_total] = ~hidden[totals[visible_total]]
    cand_cell = np.concatenate([cells, totals[visible_total]])
    cand_line = np.concatenate([line_of, lines[visible_total]])
    cand_rank = np.concatenate([rank, np.ones(visible_total.sum(), dtype=np.int64)])
    cand_value = values[cand_cell]
    order = np.lexsort((cand_cell, cand_value, cand_rank, cand_line))
    first = np.ones(len(order), dtype=bool)
    first[1:] = cand_line[order][1:] != cand_line[order][:-1]
    return cand_cell[order][first]


@dataclass
class Equations:
    """The exact relations as one sparse matrix: entry j puts cell `cells[j]` with
    coefficient `coefs[j]` into equation `eq[j]` (members +1, total -1: the members
    minus the total add up to 0)."""
    eq: np.ndarray
    cells: np.ndarray
    coefs: np.ndarray
    count: int

    def rows(self, ids):
        """[(cells, coefs)] of the equations `ids` (entries are sorted by equation)."""
        start = np.searchsorted(self.eq, ids, side="left")
        stop = np.searchsorted(self.eq, ids, side="right")
        return [(self.cells[a:b], self.coefs[a:b]) for a, b in zip(start, stop)]


def _equations(exact_lines) -> Equations:
    """Exact lines with a published total as equations; lines without a total are free."""
    eqs, cells, coefs, offset = [], [], [], 0
    for family in exact_lines:
        members = np.nonzero(family.member >= 0)[0]
        line = family.member[members]
        keep = family.total[line] >= 0
        totals = np.nonzero(family.total >= 0)[0]
        eqs += [offset + line[keep], offset + totals]
        cells += [members[keep], family.total[totals]]
        coefs += [np.ones(int(keep.sum())), -np.ones(len(totals))]
        offset += len(family.total)
    if not eqs:
        return Equations(*(np.zeros(0, dtype=np.int64),) * 2, np.zeros(0), 0)
    eq = np.concatenate(eqs).astype(np.int64)
    order = np.argsort(eq, kind="stable")
    return Equations(eq[order], np.concatenate(cells).astype(np.int64)[order],
                     np.concatenate(coefs)[order], offset)


def _audit(values, hidden, equations, clean) -> bool:
    """Hide more where the exact relations still determine a hidden cell; True when it
    hid something. Hidden cells linked by relations form components; a component with
    one relation is safe when it holds two or more hidden cells, a larger one is
    solved: x_i is determined iff the null space of its relations (restricted to its
    hidden cells) has no component on i."""
    if equations.count == 0:
        return False
    unknown = hidden[equations.cells]
    per_eq = np.bincount(equations.eq, weights=unknown, minlength=equations.count)
    label = _component_labels(hidden, equations, unknown)
    # each equation with hidden cells belongs to the component of its hidden cells
    eq_label = np.full(equations.count, -1, dtype=np.int64)
    eq_label[equations.eq[unknown]] = label[equations.cells[unknown]]
    active = np.nonzero(per_eq > 0)[0]
    size = np.bincount(eq_label[active], minlength=len(hidden))
    # one relation with two or more unknowns fixes none of them: skip those components
    active = active[(size[eq_label[active]] > 1) | (per_eq[active] < 2)]
    active = active[np.argsort(eq_label[active], kind="stable")]
    splits = np.nonzero(np.diff(eq_label[active]))[0] + 1
    hidden_cells = np.nonzero(hidden)[0]
    hidden_cells = hidden_cells[np.argsort(label[hidden_cells], kind="stable")]
    sorted_labels = label[hidden_cells]
    changed = False
    for ids in np.split(active, splits) if len(active) else []:
        lo, hi = np.searchsorted(sorted_labels, eq_label[ids[0]], side="left"), \
            np.searchsorted(sorted_labels, eq_label[ids[0]], side="right")
        key = tuple(sorted(hidden_cells[lo:hi].tolist()))
        if key in clean:
            continue
        rows = equations.rows(ids)
        position = {cell: j for j, cell in enumerate(key)}
        matrix = np.zeros((len(rows), len(key)))
        for r, (members, coefs) in enumerate(rows):
            for cell, coef in zip(members.tolist(), coefs):
                j = position.get(cell)
                if j is not None:
                    matrix[r, j] += coef
        determined = np.nonzero(_determined(matrix))[0]
        if len(determined) == 0:
            clean.add(key)
            continue
        # one fix per component and round: the next round re-checks with it in place
        extra = _neighbour(values, hidden, rows, key[determined[0]])
        if extra is not None:
            hidden[extra] = True
            changed = True
    return changed


def _component_labels(hidden, equations, unknown):
    """Per cell, the smallest hidden cell it is linked to through relations (label
    propagation, vectorised); visible cells keep their own index."""
    label = np.arange(len(hidden), dtype=np.int64)
    eq, cells = equations.eq[unknown], equations.cells[unknown]
    while True:
        smallest = np.full(equations.count, len(hidden), dtype=np.int64)
        np.minimum.at(smallest, eq, label[cells])
        updated = label.copy()
        np.minimum.at(updated, cells, smallest[eq])
        if (updated == label).all():
            return label
        label = updated


def _determined(matrix) -> np.ndarray:
    """Which unknowns (columns) the equations fix to a single value: reduced row
    echelon form by Gauss-Jordan elimination; x_i is fixed iff its column is a pivot
    whose row has no other non-zero entry. (Plain numpy row operations: LAPACK's SVD
    spins up BLAS threads, which costs more than these small systems themselves.)"""
    a = np.array(matrix, dtype=float)
    rows, columns = a.shape
    pivots, r = [], 0
    for c in range(columns):
        if r == rows:
            break
        p = r + int(np.argmax(np.abs(a[r:, c])))
        if abs(a[p, c]) < 1e-9:
            continue
        a[[r, p]] = a[[p, r]]
        a[r] /= a[r, c]
        others = np.abs(a[:, c]) > 1e-12
        others[r] = False
        a[others] -= a[others, c][:, None] * a[r]
        pivots.append(c)
        r += 1
    fixed = np.zeros(columns, dtype=bool)
    for row, c in enumerate(pivots):
        fixed[c] = int((np.abs(a[row]) > 1e-9).sum()) == 1
    return fixed


def _neighbour(values, hidden, rows, cell):
    """A visible cell to hide so that `cell` is no longer determined: the smallest
    non-zero visible cell of the relation containing `cell` with the fewest hidden
    cells; failing that, of any relation of the component. None when all are hidden."""
    related = sorted((cells for cells, _ in rows if cell in cells),
                     key=lambda cells: int(hidden[cells].sum()))
    for cells in related + [cells for cells, _ in rows]:
        visible = [int(c) for c in cells if not hidden[c]]
        if visible:
            return min(visible, key=lambda c: (values[c] == 0, values[c], c))
    return None


# --- the cells and lines of a summary table --------------------------------------------

PARTITIONS = ("age_band", "channel")  # breakdowns whose groups add up to "all"
GROUP = ["scope", "spec", "breakdown", "group"]


def protect(cells, exact, k, pooled_scope=None, secondary=True):
    """Suppression for summaries.py's cell rows (columns scope, spec, option,
    breakdown, group, n, base, and `area` for map rows by area). `exact[spec]` says
    whether the options of that question add up to its base; `pooled_scope` is the
    scope code of the all-waves rows (None when there is one wave). Without
    `secondary`, only primary suppression and hidden bases (releases: linked.py then
    hides exactly what the whole linked set needs). Returns (hidden n, hidden base) per row."""
    import pandas as pd

    count = len(cells)
    frame = cells[GROUP + ["option"]].reset_index(drop=True)
    frame["area"] = cells["area"].eq(True).to_numpy() if "area" in cells else False
    # focus-group rows (channel focus_group) are not part of the survey's "all"
    frame["fg"] = cells["fg"].eq(True).to_numpy() if "fg" in cells else False
    group_id = frame.groupby(GROUP, sort=False).ngroup().to_numpy()
    n_groups = int(group_id.max()) + 1 if count else 0
    first = np.unique(group_id, return_index=True)[1]
    base_values = cells["base"].to_numpy()[first]
    bases = frame.iloc[first].assign(option=-1).reset_index(drop=True)
    every = pd.concat([frame, bases], ignore_index=True)
    every["idx"] = np.arange(len(every))
    values = np.concatenate([cells["n"].to_numpy(), base_values]).astype(np.int64)
    base_of = np.concatenate([count + group_id, np.full(n_groups, -1)])
    is_exact = np.concatenate([cells["spec"].map(exact).to_numpy(dtype=bool), np.zeros(n_groups, bool)])
    in_group = np.concatenate([group_id, np.full(n_groups, -1)])
    totals = count + np.arange(n_groups)
    lines = [Lines(np.where(is_exact, in_group, -1), totals, True),
             Lines(np.where(~is_exact & (in_group >= 0), in_group, -1), totals, False)]
    # age bands and channels add up to the "all" row of the same option (bases too)
    lines.append(_family(every, every["breakdown"].isin(PARTITIONS) & ~every["area"] & ~every["fg"],
                         ["scope", "spec", "breakdown", "option"],
                         every["breakdown"].eq("all"), ["scope", "spec", "option"]))
    if pooled_scope is not None:  # the waves add up to the pooled rows
        lines.append(_family(every, every["scope"].ne(pooled_scope), ["spec", "breakdown", "group", "option", "area"],
                             every["scope"].eq(pooled_scope), ["spec", "breakdown", "group", "option", "area"]))
    if secondary:
        hidden = suppress(values, primary(values, k), lines, base_of)
    else:
        hidden = primary(values, k)
        _propagate(hidden, base_of, base_of >= 0)
    return hidden[:count], hidden[count + group_id]


def _family(every, member_mask, keys, total_mask, total_keys):
    """Lines: members grouped by `keys`, each line's total the row of `total_mask`
    matching on `total_keys` (a subset of keys)."""
    members = every[member_mask.to_numpy()]
    line = members.groupby(keys, sort=False).ngroup().to_numpy()
    member = np.full(len(every), -1, dtype=np.int64)
    member[members["idx"].to_numpy()] = line
    heads = members.drop_duplicates(keys)[keys]
    found = every[total_mask.to_numpy()][total_keys + ["idx"]].drop_duplicates(total_keys)
    total = heads.merge(found, on=total_keys, how="left")["idx"].fillna(-1).to_numpy(dtype=np.int64)
    return Lines(member, total, True)
