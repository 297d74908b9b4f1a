"""Mean and median of numeric questions per wave, breakdown and group, for the
summary table (numpy/pandas, no Flask): from the counted distribution for whole-number
options, from the raw values for binned numbers."""
from __future__ import annotations

from .lazy_imports import numpy as np  # imported on first use, not at app start
from .lazy_imports import pandas as pd

from .breakdowns import BREAKDOWNS


def numeric_stats(cells, specs, groups, scope_of_row, n_scopes, pooled):
    """Mean and median of numeric questions per wave, breakdown and group. Questions
    with whole-number options (smiley, scale, short number ranges) get them from the
    counted distribution; binned numbers from their raw values."""
    frames = []
    discrete = {s.question.id: np.array([float(v) for v, _ in s.options]) for s in specs
                if s.kind == "numeric" and s.values is not None and not s.binned}
    own = cells[cells["spec"].isin(list(discrete))] if discrete else cells.iloc[:0]
    if len(own):
        value = np.array([discrete[q][o] for q, o in zip(own["spec"].tolist(), own["option"].tolist())])
        key = own.groupby(["scope", "spec", "breakdown", "group"], sort=False).ngroup().to_numpy()
        order = np.lexsort((value, key))
        key, value, n = key[order], value[order], own["n"].to_numpy()[order]
        base = np.bincount(key, weights=n).astype(np.int64)
        mean = np.bincount(key, weights=n * value) / np.maximum(base, 1)
        before = np.cumsum(n) - n  # answers below this option within its group
        start = np.r_[0, np.cumsum(np.bincount(key))][:-1]
        before = before - before[start][key]
        lower = _at_rank(key, value, n, before, (base - 1) // 2)
        upper = _at_rank(key, value, n, before, base // 2)
        heads = own.iloc[order].drop_duplicates(["scope", "spec", "breakdown", "group"])
        frames.append(heads[["scope", "spec", "breakdown", "group"]].assign(
            mean=mean, median=(lower + upper) / 2, base=base).reset_index(drop=True))
    for spec in (s for s in specs if s.kind == "numeric" and s.binned):
        for breakdown in BREAKDOWNS:
            if breakdown not in spec.skip:
                frames.append(_raw_stats(spec, groups[breakdown], breakdown, scope_of_row, n_scopes, pooled))
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["scope", "spec", "breakdown", "group", "mean", "median", "base"])


def _at_rank(key, value, n, before, rank):
    """The value of the answer at position `rank[g]` (0-based, in order) of each group."""
    hit = (before <= rank[key]) & (rank[key] < before + n)
    found = np.zeros(len(rank))
    found[key[hit]] = value[hit]
    return found


def _raw_stats(spec, membership, breakdown, scope_of_row, n_scopes, pooled):
    rows = spec.answered
    position, scope, group = grouped(membership, rows, scope_of_row)
    values = spec.values[rows[position]]
    frames = []
    for scope in [scope] + ([np.full(len(group), n_scopes)] if pooled else []):
        key = scope * len(membership.labels) + group
        order = np.lexsort((values, key))
        keys, start, count = np.unique(key[order], return_index=True, return_counts=True)
        ordered = values[order]
        median = (ordered[start + (count - 1) // 2] + ordered[start + count // 2]) / 2
        mean = np.bincount(key, weights=values)[keys] / count
        frames.append(pd.DataFrame({"scope": keys // len(membership.labels), "spec": spec.question.id,
                                    "breakdown": breakdown, "group": keys % len(membership.labels),
                                    "mean": mean, "median": median, "base": count}))
    return pd.concat(frames, ignore_index=True)




def grouped(membership, rows, scope_of_row):
    """(positions into rows, scope, group) of every membership of `rows`."""
    if membership.direct:
        return slice(None), scope_of_row[rows], membership.group_of(rows)
    position, group = membership.expand(rows)
    return position, scope_of_row[rows[position]], group
