"""City releases (pandas/numpy, no Flask): the protected summary of one questionnaire,
computed once from a frozen set of responses, audited together with every earlier
release (linked.py), then only read.

`plan()` says what a release would hold (the publish preview); `build()` computes it:
(public release dict, private part). The private part (response ids per wave, true
counts, merged groups) stays in the data dir for the next release's audit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import linked
from . import tables
from . import breakdowns
from .breakdowns import ALL
from .lazy_imports import pandas as pd
from ..questionnaire.model import QUESTION_TYPES
from .summaries import STATS, WAVE_CHANGE, compare_waves, merged_groups, summarise

# An age band or a channel is shown in a wave of a release only with at least 4 K
# respondents (20 with K = 5), or a fifth of the wave if that is less (least_group), else
# it joins "ostatní" (percentages of fewer are noise anyway). A group of a few more than K splits nearly every option into cells below
# K, and each of those costs a large cell of the other groups to protect it (measured in
# docs/privacy.md: 54 % of the large cells hidden with K = 5 and 10 poster children a wave
# beside 90 from the tablet, 10 % with the group merged). Places keep K.
MIN_GROUP_FACTOR = 4

TABLE_COLUMNS = ["wave", "question", "question_label", "option", "option_label", "breakdown",
                 "breakdown_value", "n", "base", "pct", "suppressed"]


@dataclass
class Plan:
    """What a release would hold: waves released, waves left out (and why), the
    respondents per wave, and responses never released (no wave, test runs)."""
    waves: list
    held_back: dict = field(default_factory=dict)   # wave -> reason code
    counts: dict = field(default_factory=dict)      # wave -> responses
    off_wave: int = 0
    test_runs: int = 0


def eligible(records, test_runs=frozenset()):
    """Responses that may be released: with a wave, not marked as a test run."""
    return [r for r in records if r.get("wave") is not None and r.get("submission_id") not in test_runs]


def plan(records, test_runs=frozenset(), waves=None, min_release=15) -> Plan:
    """The waves of a release: `waves` (default every wave with responses) with at
    least `min_release` eligible responses."""
    ok = eligible(records, test_runs)
    counts = {}
    for record in ok:
        counts[str(record["wave"])] = counts.get(str(record["wave"]), 0) + 1
    asked = list(counts) if waves is None else [str(w) for w in waves]
    held = {w: ("no_responses" if w not in counts else "too_few")
            for w in asked if counts.get(w, 0) < min_release}
    result = Plan([w for w in asked if w not in held], held, {w: counts.get(w, 0) for w in asked})
    result.off_wave = sum(1 for r in records if r.get("wave") is None)
    result.test_runs = sum(1 for r in records if r.get("wave") is not None and r.get("submission_id") in test_runs)
    return result


def _rows(summary):
    table = summary.table.astype(object).where(summary.table.notna(), None)
    truth = summary.truth.astype(object).where(summary.truth.notna(), None)
    rows = table.to_dict("records")
    for row, (n, base) in zip(rows, truth.itertuples(index=False, name=None)):
        row["true_n"], row["true_base"] = n, base
        row["suppressed"] = bool(row["suppressed"])
    return rows


def least_group(k, respondents):
    """The fewest respondents an age band or a channel needs in a wave of `respondents`:
    4 K, or a fifth of the wave if less (a small wave would lose every breakdown), never
    under K."""
    return max(k, min(MIN_GROUP_FACTOR * k, respondents // 5))


def _frames(questionnaire, records):
    """(responses frame, marks frame) of `records`: the summaries' input."""
    return tables.responses_frame(questionnaire, records), tables.marks_frame(questionnaire, records)


def _summary(questionnaire, records, k, merge=None, focus_groups=None, min_group=None, frames=None):
    responses, marks = frames or _frames(questionnaire, records)
    return summarise(questionnaire, responses, marks, audience="city", min_cell=k, focus_groups=focus_groups,
                     merge=merge, secondary=False, min_group=min_group)


def build(questionnaire, records, earlier, *, k, waves, published_by, published_at, focus_groups=None,
          every=None):
    """The release of `records` (already eligible) in `waves`, protected with every
    earlier release ([(release, private)] ascending); `every`: all stored responses
    (test runs too), for the segments of earlier releases. Returns (release, private)."""
    chosen = [r for r in records if str(r["wave"]) in set(waves)]
    summary, rows, merged, by_wave = _merged_per_wave(questionnaire, chosen, earlier, k, focus_groups)
    ids = {w: sorted(r["submission_id"] for r in chosen if str(r["wave"]) == w) for w in summary.waves}
    exact = {q.id for q in questionnaire.questions if QUESTION_TYPES[q.type].summary == "single"}
    number = (earlier[-1][0]["number"] if earlier else 0) + 1
    history = [(rel["number"], rel["waves"], linked.release_cells(priv["rows"], exact), _wave_merges(priv), True)
               for rel, priv in earlier]
    atoms = _atoms(questionnaire, every or records, earlier, ids, number, k, by_wave)
    ages = [q.id for q in questionnaire.questions if q.type == "age_band"]
    extra = _audit(rows, history, number, summary.waves, exact, atoms, k, {"all": merged, **by_wave}, ages)
    hidden_k = sum(1 for r in rows if _counted(r) and r["suppressed"] and 0 < (r["true_n"] or 0) < k)
    public = _public(rows)
    release = {
        "questionnaire": questionnaire.id, "number": number, "published_at": published_at,
        "published_by": published_by, "k": k, "waves": summary.waves,
        "respondents": {w: (len(ids[w]) if len(ids[w]) >= k else None) for w in summary.waves},
        "merged": merged, "merged_by_wave": by_wave,
        "tables": {"summary": public, "comparison": _comparisons(public, summary.waves),
                   "map_areas": [r for r in public if r["breakdown"] == "place" and _is_map(questionnaire, r)],
                   "grid": _grid(summary.grid),
                   "focus_groups": [r for r in public if r["breakdown_value"] == "focus_group"]},
        "hidden": {"k_rule": hidden_k,
                   "protect_others": sum(1 for r in rows if _counted(r) and r["suppressed"]) - hidden_k,
                   "linked": extra, "large_cells": sum(1 for r in rows if _counted(r) and (r["true_n"] or 0) >= k),
                   "large_hidden": sum(1 for r in rows if _counted(r) and r["suppressed"]
                                       and (r["true_n"] or 0) >= k)},
    }
    private = {"ids": ids, "merged": merged, "merged_by_wave": by_wave, "rows": [{key: r[key] for key in (
        "wave", "question", "option", "breakdown", "breakdown_value", "true_n", "true_base", "suppressed",
        "base")} for r in rows]}
    return release, private


def _union(*merges):
    result = {}
    for merge in merges:
        for b, labels in merge.items():
            result[b] = sorted(set(result.get(b, [])) | set(labels))
    return result


def _wave_merges(private):
    """{"all": merged, wave: merged, ...} of a stored release (older ones: one merge)."""
    merged = private.get("merged", {})
    return {"all": merged, **{w: private.get("merged_by_wave", {}).get(w, merged) for w in private.get("ids", {})}}


def _merged_per_wave(questionnaire, chosen, earlier, k, focus_groups):
    """Small groups merged per wave, not "in any wave": each wave's rows come from that
    wave alone (an age band small in the autumn stays its own row in the spring); the
    all-waves rows merge every group merged in some wave, so that each wave's group lies
    inside one all-waves group. Places are merged alike in every wave (a respondent may
    name several, so merged places do not add up). Every merge of an earlier release is
    kept. Returns (summary of all waves, rows, all-waves merge, {wave: merge})."""
    forced_all = _union(*(priv.get("merged", {}) for _r, priv in earlier))
    sizes = {}
    for record in chosen:
        sizes[str(record["wave"])] = sizes.get(str(record["wave"]), 0) + 1
    least = least_group(k, min(sizes.values(), default=0))
    frames = _frames(questionnaire, chosen)  # all waves' frames, made once for both uses below
    waves = breakdowns.scopes(frames[0])[1]  # as summarise() orders them
    if len(waves) < 2 or focus_groups is not None and len(focus_groups):
        # focus-group sessions belong to waves by date: they are summarised with all waves
        summary = _summary(questionnaire, chosen, k, forced_all, focus_groups, least, frames)
        merged = summary.notes.get("merged", {})
        return summary, _rows(summary), merged, {w: merged for w in summary.waves}
    places = {"place": _merged_places(questionnaire, frames, k, forced_all)}
    for _round in range(5):
        per_wave = {}
        for wave in waves:
            forced = _union(*(_wave_merges(priv).get(wave, {}) for _r, priv in earlier), places)
            own = _summary(questionnaire, [r for r in chosen if str(r["wave"]) == wave], k, forced,
                           min_group=least_group(k, sizes[wave]))
            per_wave[wave] = own
        grown = _union(places, *({"place": s.notes.get("merged", {}).get("place", [])} for s in per_wave.values()))
        if grown == places:
            break
        places = grown
    by_wave = {w: s.notes.get("merged", {}) for w, s in per_wave.items()}
    summary = _summary(questionnaire, chosen, k, _union(forced_all, *by_wave.values()), focus_groups, k, frames)
    rows = [row for wave in summary.waves for row in _rows(per_wave[wave])]
    rows += [row for row in _rows(summary) if str(row["wave"]) not in per_wave]
    return summary, rows, summary.notes.get("merged", {}), by_wave


def _merged_places(questionnaire, frames, k, forced):
    """The places summarise() merges over all waves of `frames` (its notes["merged"]
    ["place"]), without counting anything."""
    groups = merged_groups(questionnaire, *frames, k, forced)[3]
    return list(groups["place"].merged)


def _counted(row):
    return row["breakdown"] != WAVE_CHANGE and row["option"] not in STATS


def _is_map(questionnaire, row):
    question = questionnaire.question(row["question"])
    return question is not None and question.type == "map"


def _atoms(questionnaire, records, earlier, ids, number, k, merged):
    """Per wave whose response set differs between releases: the true counts of each
    segment (the responses in exactly the same releases), keyed like linked cells."""
    by_id = {r["submission_id"]: r for r in records}
    result = {}
    for wave, own in ids.items():
        member = {i: {number} for i in own}
        differs = False
        for release, private in earlier:
            theirs = private.get("ids", {}).get(wave)
            if theirs is None:
                continue
            differs |= set(theirs) != set(own)
            for i in theirs:
                member.setdefault(i, set()).add(release["number"])
        if not differs:
            continue
        segments = {}
        for i, releases in member.items():
            segments.setdefault(tuple(sorted(releases)), []).append(i)
        result[wave] = {}
        for segment, members in segments.items():
            found = [by_id[i] for i in members if i in by_id]
            # a response deleted since (kept ids, no record) counts in its segment's atom as
            # unknown: the segment's counts are then a lower bound, marked by `missing`
            summary = _summary(questionnaire, [dict(r, wave=wave) for r in found], 0, merged.get(wave, {})) \
                if found else None
            counts = {}
            if summary is not None:
                for row in _rows(summary):
                    if not _counted(row) or row["true_base"] is None or str(row["wave"]) != wave:
                        continue
                    key = (row["question"], row["option"], row["breakdown"], str(row["breakdown_value"]))
                    counts[key] = int(row["true_n"])
                    counts[(row["question"], linked.BASE, row["breakdown"], str(row["breakdown_value"]))] = \
                        int(row["true_base"])
            result[wave][segment] = counts
    return result


def _audit(rows, history, number, waves, exact, atoms, k, merged, ages):
    """Hide what the linked audit asks for in `rows` (in place); returns how many."""
    extra = 0
    while True:
        cells = linked.release_cells(rows, exact)
        system = linked.build(history + [(number, waves, cells, merged, False)], exact, atoms, k, ages)
        added = linked.audit(system, k)
        if not added:
            return extra
        extra += len(added)
        keys = {key[1:] for key in added if key[0] == number}
        for row in rows:
            wave, q, o, b, v = str(row["wave"]), row["question"], row["option"], row["breakdown"], \
                str(row["breakdown_value"])
            if (wave, q, o, b, v) in keys or (wave, q, linked.BASE, b, v) in keys:
                row["suppressed"] = True
                row["n"] = row["pct"] = None
                if (wave, q, linked.BASE, b, v) in keys:
                    row["base"] = None
        _hide_stats(rows)


def _hide_stats(rows):
    """Mean and median are hidden with any hidden cell of their group."""
    hidden = {(r["wave"], r["question"], r["breakdown"], r["breakdown_value"]) for r in rows
              if _counted(r) and r["suppressed"]}
    for row in rows:
        if row["option"] in STATS and (row["wave"], row["question"], row["breakdown"],
                                       row["breakdown_value"]) in hidden:
            row["suppressed"], row["pct"] = True, None


def _public(rows):
    """The rows without the true counts; wave-change rows re-derived from the final cells."""
    public = [{c: r[c] for c in TABLE_COLUMNS} for r in rows if r["breakdown"] != WAVE_CHANGE]
    frame = pd.DataFrame(public, columns=TABLE_COLUMNS)
    waves = list(dict.fromkeys(w for w in frame["wave"] if w != ALL))
    for earlier, later in zip(waves, waves[1:]):
        joined = compare_waves(frame, earlier, later)
        for r in joined.astype(object).where(joined.notna(), None).to_dict("records"):
            public.append({"wave": later, "question": r["question"], "question_label": r["question_label"],
                           "option": r["option"], "option_label": r["option_label"], "breakdown": WAVE_CHANGE,
                           "breakdown_value": earlier, "n": None if r["suppressed"] else r["n_b"],
                           "base": r["base_b"], "pct": r["change_pp"], "suppressed": bool(r["suppressed"])})
    return public


def _comparisons(public, waves):
    frame = pd.DataFrame(public, columns=TABLE_COLUMNS)
    frame["suppressed"] = frame["suppressed"].astype(int)
    result = []
    for a, b in zip(waves, waves[1:]):
        joined = compare_waves(frame, a, b).assign(wave_a=a, wave_b=b)
        result += joined.astype(object).where(joined.notna(), None).to_dict("records")
    return result


def _grid(grid):
    return grid.astype(object).where(grid.notna(), None).to_dict("records")
