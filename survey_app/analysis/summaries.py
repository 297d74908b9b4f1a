"""Summaries for the city and the facilitators: one long table of counts and
percentages per question, option, breakdown and wave (pandas/numpy, no Flask).

Input is generic: the responses frame and the marks frame of tables.py (focus groups
add rows to both). Counting is vectorised: every answer becomes an (respondent row,
cell) pair, every breakdown a (respondent row, group) membership, and one np.bincount
per breakdown counts all questions at once.

Output columns (SUMMARY_COLUMNS), documented in README "Summaries":
wave, question, question_label, option, option_label, breakdown, breakdown_value,
n, base, pct, suppressed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lazy_imports import numpy as np  # imported on first use, not at app start
from .lazy_imports import pandas as pd

from . import focus_group_merge as fg_merge
from . import grid as grid_module
from . import suppression
from .summary_stats import numeric_stats as _stats
from .breakdowns import (ALL, BREAKDOWNS, LABELS, Membership, Spec, codes, map_items, memberships, merged, question_marks,
                         question_specs, scopes, split_marks, unique_keys)
from ..questionnaire.model import text
from ..vocabulary import CITY, DEFAULT_LANG, VIEWER_AUDIENCES

SUMMARY_COLUMNS = ["wave", "question", "question_label", "option", "option_label", "breakdown",
                   "breakdown_value", "n", "base", "pct", "suppressed"]
COMPARISON_COLUMNS = ["question", "question_label", "option", "option_label", "base_a", "n_a",
                      "pct_a", "base_b", "n_b", "pct_b", "change_pp", "suppressed"]
WAVE_CHANGE = "wave_change"
STATS = ("mean", "median")
AUDIENCES = VIEWER_AUDIENCES  # who reads a summary (not who answers: vocabulary.py)


@dataclass
class Summary:
    """A computed summary: the long `table`, the map `grid`, the waves in order."""
    table: pd.DataFrame
    grid: pd.DataFrame
    waves: list
    audience: str
    min_cell: int
    questionnaire_id: str = ""
    notes: dict = field(default_factory=dict)
    # the true n and base of each table row (NA for derived rows): releases.py audits
    # releases against each other with them; never shown to the city
    truth: object = None

    def comparison(self, wave_a, wave_b) -> pd.DataFrame:
        return compare_waves(self.table, wave_a, wave_b)


def merged_groups(questionnaire, responses, marks, k, merge=None, min_group=None, fg=None):
    """(scope of each row, waves, marks by question, {breakdown: Membership}) with the
    groups merged as summarise() merges them: below `k` (age bands and channels below
    `min_group` too), plus the `merge` ones; nothing merged when k is 0 and no `merge`.
    Releases ask it which places a summary would merge, without counting."""
    scope_of_row, waves = scopes(responses, fg_merge.wave_days(fg) if fg else ())
    by_question = split_marks(marks, questionnaire)
    groups = memberships(questionnaire, responses, by_question)
    if k or merge:
        # places keep K: which places are named is the city's main finding
        least = {b: max(k, min_group or 0) if k and b in ("age_band", "channel") else k for b in groups}
        groups = {b: m if b == ALL else merged(m, scope_of_row, len(waves), least[b], (merge or {}).get(b, ()))
                  for b, m in groups.items()}
    return scope_of_row, waves, by_question, groups


def summarise(questionnaire, responses, marks, *, audience=CITY, min_cell=5, lang=DEFAULT_LANG,
              focus_groups=None, merge=None, secondary=True, min_group=None) -> Summary:
    """The summary of `responses` (tables.responses_frame) and `marks`
    (tables.marks_frame), with `focus_groups` (focus_group_merge.FocusGroupData) as
    channel `focus_group` when given. audience "city" merges small groups and
    suppresses small cells (min_cell = K); "facilitator" gets every count. `merge`
    ({breakdown: [group labels]}) names groups to merge in any case (releases);
    `min_group` (default K) is the fewest respondents an age band or a channel must have
    in every wave not to be merged (releases ask for more: see releases.MIN_GROUP_FACTOR).
    `notes["merged"]` says which groups were merged, per breakdown."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    k = min_cell if audience == CITY else 0
    fg = focus_groups if focus_groups is not None and len(focus_groups) else None
    scope_of_row, waves, by_question, groups = merged_groups(questionnaire, responses, marks, k, merge, min_group, fg)
    notes = {"merged": {b: list(m.merged) for b, m in groups.items() if m.merged}}
    specs = question_specs(questionnaire, responses, by_question, groups["age_band"])
    pooled = len(waves) > 1
    labels = waves + ([ALL] if pooled else [])
    fg_scope = fg_merge.scope_of_sessions(fg, waves) if fg else None
    if fg:  # an extra channel group, outside the survey's channels (they add up to "all")
        channel = groups["channel"]
        groups["channel"] = Membership(channel.rows, channel.groups, channel.labels + [fg_merge.CHANNEL],
                                       channel.partition)
        specs.append(Spec(fg_merge.gender_spec_question(), "single",
                          list(fg_merge.GENDER_LABELS.items()), np.zeros(0, dtype=np.int64),
                          np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), skip=frozenset(BREAKDOWNS)))
    items = _Items.of(specs)
    frames = [_count(items, specs, groups[b], b, scope_of_row, len(waves), pooled)
              for b in BREAKDOWNS]
    frames.append(_map_areas(questionnaire, specs, by_question, scope_of_row, len(waves), pooled, fg, fg_scope))
    if fg:
        frames.append(fg_merge.summary_cells(fg, specs, fg_scope, len(waves), pooled,
                                             len(groups["channel"].labels) - 1, groups["age_band"].labels))
    frames = [f for f in frames if len(f)]
    if not frames:  # no responses (or nothing countable): the empty table, same columns
        return Summary(pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_COLUMNS}),
                       grid_module.grid_table(questionnaire, by_question, scope_of_row, labels, k, lang,
                                              fg, fg_scope),
                       waves, audience, min_cell, questionnaire.id, notes)
    cells = pd.concat(frames, ignore_index=True)
    stats = _stats(cells, specs, groups, scope_of_row, len(waves), pooled)
    cells, stats = _protect(cells, stats, specs, k, pooled, secondary)
    table = _finish(cells, stats, specs, groups, [p.id for p in questionnaire.places], labels, lang)
    table = pd.concat([table, _wave_changes(table[SUMMARY_COLUMNS], waves)], ignore_index=True)
    truth = table[["true_n", "true_base"]]
    grid = grid_module.grid_table(questionnaire, by_question, scope_of_row, labels, k, lang, fg, fg_scope)
    return Summary(table[SUMMARY_COLUMNS], grid, waves, audience, min_cell, questionnaire.id, notes, truth=truth)


# --- counting ---------------------------------------------------------------------------

def _cube(keys_scope, keys_a, keys_g, n_scopes, size_a, size_g, pooled):
    counts = np.bincount((keys_scope * size_a + keys_a) * size_g + keys_g,
                         minlength=n_scopes * size_a * size_g).reshape(n_scopes, size_a, size_g)
    return np.concatenate([counts, counts.sum(axis=0, keepdims=True)]) if pooled else counts


@dataclass
class _Items:
    """All questions' (row, cell) answers and (row, question) bases, concatenated once."""
    rows: np.ndarray
    cells: np.ndarray
    base_rows: np.ndarray
    base_q: np.ndarray
    offsets: np.ndarray
    cell_q: np.ndarray

    @classmethod
    def of(cls, specs):
        offsets = np.cumsum([0] + [len(s.options) for s in specs]).astype(np.int64)
        empty = np.zeros(0, dtype=np.int64)
        return cls(np.concatenate([s.item_rows for s in specs] + [empty]).astype(np.int64),
                   np.concatenate([s.item_options + offsets[i] for i, s in enumerate(specs)] + [empty]
                                  ).astype(np.int64),
                   np.concatenate([s.answered for s in specs] + [empty]).astype(np.int64),
                   np.repeat(np.arange(len(specs)), [len(s.answered) for s in specs]).astype(np.int64),
                   offsets, np.repeat(np.arange(len(specs)), [len(s.options) for s in specs]))


def _by_group(membership, rows, keys, scope_of_row, n_scopes, size, pooled):
    """counts[scope, key, group] of (row, key) pairs for every group the row is in."""
    groups = len(membership.labels)
    if membership.direct:
        return _cube(scope_of_row[rows], keys, membership.group_of(rows), n_scopes, size, groups, pooled)
    patterns = _patterns(membership, len(scope_of_row))
    if patterns is not None and 0 < n_scopes * size * len(patterns[0]) <= 20_000_000:
        # A respondent may be in several groups (places): count the pairs once per
        # *set* of groups (few distinct sets), then spread each set's counts onto its
        # groups with one small matrix product.
        member, pattern_of_row = patterns
        scoped = (scope_of_row[rows] * size + keys) * len(member) + pattern_of_row[rows]
        by_set = np.bincount(scoped, minlength=n_scopes * size * len(member)).reshape(-1, len(member))
        counts = (by_set @ member).reshape(n_scopes, size, groups)
    else:
        scoped = scope_of_row[rows] * size + keys
        counts = np.zeros((n_scopes, size, groups), dtype=np.int64)
        in_group = np.zeros(len(scope_of_row), dtype=bool)
        for group in range(groups):
            in_group[:] = False
            in_group[membership.rows[membership.groups == group]] = True
            counts[:, :, group] = np.bincount(scoped[in_group[rows]],
                                              minlength=n_scopes * size).reshape(n_scopes, size)
    return np.concatenate([counts, counts.sum(axis=0, keepdims=True)]) if pooled else counts


def _patterns(membership, n_rows):
    """(member[set, group] 0/1, set of each row) of a membership whose rows may be in
    several groups; None with more groups than bits. Computed once per membership."""
    cached = getattr(membership, "_sets", False)
    if cached is not False:
        return cached
    groups = len(membership.labels)
    result = None
    if groups <= 52:  # the bits add up exactly in float64 weights
        bits = np.bincount(membership.rows, weights=np.exp2(membership.groups), minlength=n_rows).astype(np.int64)
        sets, set_of_row = np.unique(bits, return_inverse=True)
        member = (sets[:, None] >> np.arange(groups)) & 1
        result = (member.astype(np.int64), set_of_row.ravel().astype(np.int64))
    membership._sets = result
    return result


def _count(items, specs, membership, breakdown, scope_of_row, n_scopes, pooled):
    """Option counts and bases of every question for one breakdown, as cell rows."""
    counts = _by_group(membership, items.rows, items.cells, scope_of_row, n_scopes,
                       int(items.offsets[-1]), pooled)
    bases = _by_group(membership, items.base_rows, items.base_q, scope_of_row, n_scopes, len(specs), pooled)
    skipped = np.array([breakdown in s.skip for s in specs], dtype=bool)
    bases[:, skipped, :] = 0  # e.g. age by age band: not a breakdown of itself
    scope, cell, g = np.nonzero(bases[:, items.cell_q, :] > 0)
    q = items.cell_q[cell]
    ids = np.array([s.question.id for s in specs], dtype=object)
    return pd.DataFrame({"scope": scope, "spec": ids[q], "option": cell - items.offsets[q],
                         "breakdown": breakdown, "group": g, "n": counts[scope, cell, g],
                         "base": bases[scope, q, g]})


def _map_areas(questionnaire, specs, by_question, scope_of_row, n_scopes, pooled, fg=None, fg_scope=None):
    """For map questions, breakdown "place" counts the respondents whose marks lie in
    each named area (polygon, or place chosen in the list fallback), by category, plus
    the children behind focus-group notes there (focus_group_merge.backed)."""
    places = [p.id for p in questionnaire.places]
    frames = []
    for spec in (s for s in specs if s.kind == "map" and places):
        categories = [v for v, _ in spec.options if not v.startswith("feeling:")]
        feelings = [v.split(":", 1)[1] for v, _ in spec.options if v.startswith("feeling:")]
        own = question_marks(by_question, spec.question.id)
        place_codes = own["_place"].to_numpy() if "_place" in own else codes(own["place"], places)
        rows, option, place = map_items(by_question, spec.question.id, categories, feelings,
                                        extra=place_codes)
        area = place
        keep = area >= 0
        width, size = len(spec.options), len(spec.options) * len(places)
        items = unique_keys(rows[keep] * size + area[keep] * width + option[keep], len(scope_of_row) * size)
        rest = items % size
        counts = _cube(scope_of_row[items // size], rest % width, rest // width,
                       n_scopes, width, len(places), pooled)
        own_area = place_codes
        own_rows = own["row"].to_numpy(dtype=np.int64)[own_area >= 0]
        # the base: respondents with any mark in the area (place marks without category too)
        based = unique_keys(own_rows * len(places) + own_area[own_area >= 0], len(scope_of_row) * len(places))
        bases = _cube(scope_of_row[based // len(places)], np.zeros(len(based), dtype=np.int64),
                      based % len(places), n_scopes, 1, len(places), pooled)
        if fg is not None:
            counts, bases = _with_notes(counts, bases, fg, fg_scope, spec, categories, feelings, places,
                                        n_scopes, pooled)
        scope, option, g = np.nonzero(np.broadcast_to(bases, counts.shape) > 0)
        frames.append(pd.DataFrame({"scope": scope, "spec": spec.question.id, "option": option,
                                    "breakdown": "place", "group": g, "n": counts[scope, option, g],
                                    "base": bases[scope, 0, g], "area": True}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _with_notes(counts, bases, fg, fg_scope, spec, categories, feelings, places, n_scopes, pooled):
    """Area counts and bases with the children behind focus-group notes added."""
    notes = fg.notes[fg.notes["question"] == spec.question.id]
    own = fg_merge.FocusGroupData(fg.sessions, notes, fg.tallies, fg.composition)
    area = codes(notes["place"], places)
    width = len(spec.options)
    category = codes(notes["category"], categories)
    feeling = codes(notes["feeling"], feelings)
    extra = np.zeros((n_scopes, width, len(places)), dtype=np.int64)
    for option, found in ((category, category >= 0), (feeling + len(categories), feeling >= 0)):
        keys = np.where(found & (area >= 0), area * width + option, -1)
        extra += fg_merge.backed(own, fg_scope, keys, width * len(places), n_scopes
                                 ).reshape(n_scopes, len(places), width).transpose(0, 2, 1)
    base = fg_merge.backed(own, fg_scope, area, len(places), n_scopes)[:, None, :]
    if pooled:
        extra = np.concatenate([extra, extra.sum(axis=0, keepdims=True)])
        base = np.concatenate([base, base.sum(axis=0, keepdims=True)])
    return counts + extra, bases + base


# --- protection, labels, waves --------------------------------------------------------

def _protect(cells, stats, specs, k, pooled, secondary=True):
    """Mark hidden cells (`hidden` for n, `base_hidden` for the base) for the city; a
    numeric question's mean and median are hidden with any cell of their group, since
    with the distribution they would let hidden counts be solved for."""
    cells = cells.assign(hidden=False, base_hidden=False)
    keys = ["scope", "spec", "breakdown", "group"]
    if not k or cells.empty:
        return cells, stats.assign(hidden=False, base_hidden=False)
    exact = {s.question.id: s.exact for s in specs}
    n_scopes = int(cells["scope"].max()) + 1
    hidden, base_hidden = suppression.protect(cells, exact, k, n_scopes - 1 if pooled else None, secondary)
    cells["hidden"], cells["base_hidden"] = hidden, base_hidden
    if "area" in cells:  # map areas and cells with too few respondents are dropped
        cells = cells[~(cells["area"].eq(True) & cells["base_hidden"])]
    group_hidden = cells.groupby(keys).agg(hidden=("hidden", "any"), base_hidden=("base_hidden", "any"))
    stats = stats.merge(group_hidden.reset_index(), on=keys, how="left")
    stats[["hidden", "base_hidden"]] = stats[["hidden", "base_hidden"]].fillna(True).astype(bool)
    return cells, stats


def _finish(cells, stats, specs, groups, places, labels, lang):
    """The long table with labels, empty values where hidden, in a stable order."""
    by_id = {s.question.id: (i, s) for i, s in enumerate(specs)}
    order = {b: i for i, b in enumerate(BREAKDOWNS)}
    question = cells["spec"].map(lambda q: by_id[q][0]).to_numpy()
    options = [[v for v, _ in s.options] for s in specs]
    option_labels = [[text(label, lang) for _, label in s.options] for s in specs]
    n = cells["n"].astype("Int64").mask(cells["hidden"])
    base = cells["base"].astype("Int64").mask(cells["base_hidden"])
    pct = (100 * cells["n"] / cells["base"]).round(1).astype("Float64").mask(cells["hidden"])
    table = pd.DataFrame({
        "wave": [labels[s] for s in cells["scope"]], "question": cells["spec"].to_numpy(),
        "question_label": [text(specs[i].question.label, lang) for i in question],
        "option": [options[q][o] for q, o in zip(question, cells["option"])],
        "option_label": [option_labels[q][o] for q, o in zip(question, cells["option"])],
        "breakdown": cells["breakdown"].to_numpy(), "breakdown_value": _group_labels(cells, groups, places),
        "n": n.array, "base": base.array, "pct": pct.array,
        "suppressed": cells["hidden"].astype("int64").to_numpy(),
        "true_n": cells["n"].astype("Int64").array, "true_base": cells["base"].astype("Int64").array,
        "_s": cells["scope"].to_numpy(), "_q": question, "_b": cells["breakdown"].map(order).to_numpy(),
        "_g": cells["group"].to_numpy(), "_o": cells["option"].to_numpy()})
    rows = [table]
    for stat_index, stat in enumerate(("mean", "median")):
        if stats.empty:
            break
        sq = stats["spec"].map(lambda q: by_id[q][0]).to_numpy()
        value = stats[stat].round(2).astype("Float64").mask(stats["hidden"])
        rows.append(pd.DataFrame({
            "wave": [labels[s] for s in stats["scope"]], "question": stats["spec"].to_numpy(),
            "question_label": [text(specs[i].question.label, lang) for i in sq],
            "option": stat, "option_label": text(LABELS[stat], lang),
            "breakdown": stats["breakdown"].to_numpy(),
            "breakdown_value": _group_labels(stats, groups, places),
            "n": pd.array([pd.NA] * len(stats), dtype="Int64"),
            "base": stats["base"].astype("Int64").mask(stats["base_hidden"]).array,
            "pct": value.array, "suppressed": stats["hidden"].astype("int64").to_numpy(),
            "true_n": pd.array([pd.NA] * len(stats), dtype="Int64"),
            "true_base": stats["base"].astype("Int64").array,
            "_s": stats["scope"].to_numpy(), "_q": sq, "_b": stats["breakdown"].map(order).to_numpy(),
            "_g": stats["group"].to_numpy(), "_o": 10_000 + stat_index}))
    table = pd.concat(rows, ignore_index=True)
    table = table.sort_values(["_s", "_q", "_b", "_g", "_o"], kind="stable")
    return table.drop(columns=["_s", "_q", "_b", "_g", "_o"]).reset_index(drop=True)


def _group_labels(frame, groups, places):
    """breakdown_value: the group's label; map rows by place name the area itself."""
    area = frame["area"].eq(True).to_numpy() if "area" in frame else np.zeros(len(frame), dtype=bool)
    result = np.empty(len(frame), dtype=object)
    group = frame["group"].to_numpy()
    for breakdown, membership in groups.items():
        hit = (frame["breakdown"] == breakdown).to_numpy() & ~area
        result[hit] = np.asarray(membership.labels, dtype=object)[group[hit]]
    result[area] = np.asarray(places, dtype=object)[group[area]] if area.any() else []
    return result


def _wave_changes(table, waves):
    """Rows `wave_change`: for each wave after the first, each option's change in
    percentage points since the wave before (named in breakdown_value); n and base
    are the later wave's. Hidden when either wave's cell is hidden."""
    frames = []
    for earlier, later in zip(waves, waves[1:]):
        joined = compare_waves(table, earlier, later)
        if joined.empty:
            continue
        frames.append(pd.DataFrame({
            "wave": later, "question": joined["question"], "question_label": joined["question_label"],
            "option": joined["option"], "option_label": joined["option_label"],
            "breakdown": WAVE_CHANGE, "breakdown_value": earlier,
            "n": joined["n_b"].mask(joined["suppressed"] == 1), "base": joined["base_b"],
            "pct": joined["change_pp"], "suppressed": joined["suppressed"]}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SUMMARY_COLUMNS)


def compare_waves(table, wave_a, wave_b) -> pd.DataFrame:
    """Each option's percentage in waves a and b (breakdown all) and the change in
    percentage points (b - a), with the respondents (base) in each wave. `change_pp`
    is empty when either percentage is suppressed."""
    rows = table[(table["breakdown"] == ALL) & ~table["option"].isin(STATS)]
    keys = ["question", "option"]
    a = rows[rows["wave"] == wave_a][keys + ["question_label", "option_label", "n", "base", "pct", "suppressed"]]
    b = rows[rows["wave"] == wave_b][keys + ["n", "base", "pct", "suppressed"]]
    joined = a.merge(b, on=keys, suffixes=("_a", "_b"))
    hidden = (joined["suppressed_a"] + joined["suppressed_b"]).gt(0)
    joined["change_pp"] = (joined["pct_b"] - joined["pct_a"]).round(1).mask(hidden)
    joined["suppressed"] = hidden.astype("int64")
    return joined[COMPARISON_COLUMNS].reset_index(drop=True)
