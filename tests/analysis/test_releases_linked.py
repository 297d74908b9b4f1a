"""Releases are protected together: no count from 1 to K-1 can be derived from all the
city's cells of all releases, checked by an independent solver written here.

The solver knows nothing of the code's cells, lines or atoms: its unknowns are the
numbers of respondents of each *type* (wave, the releases that contain the response,
age band, channel, and the answers), every published number is the sum of the types
its row describes, and a count is derivable when its vector lies in the row space of
the published ones (rank test). It checks every hidden cell of every release and every
segment of every cell (what a difference between releases would show).
"""
import itertools
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from survey_app.analysis import releases
from survey_app.questionnaire.loader import load_text
from survey_app.responses.submissions import build_record

K = 3
YAML = """
id: mini-rel
version: 1
title: {cs: Mini, en: Mini}
audience: adults
end: {cs: Díky., en: Thanks.}
pages:
  - id: p1
    questions:
      - id: vek
        type: age_band
        label: {cs: Věk, en: Age}
        options:
          - {value: "6-7", label: {cs: 6–7, en: 6–7}}
          - {value: "8-11", label: {cs: 8–11, en: 8–11}}
          - {value: "12-14", label: {cs: 12–14, en: 12–14}}
      - id: doma
        type: yes_no
        label: {cs: "Doma?", en: "Home?"}
      - id: problem
        type: single_choice
        label: {cs: Problém, en: Problem}
        options:
          - {value: a, label: {cs: A, en: A}}
          - {value: b, label: {cs: B, en: B}}
"""
QUESTIONNAIRE = load_text(YAML, "mini-rel.yaml")
AGES = ["6-7", "8-11", "12-14", None]
CHANNELS = ["tablet", "web"]
ANSWERS = {"doma": ["yes", "no", None], "problem": ["a", "b", None]}


def _records(rng, count, wave, start):
    out = []
    for i in range(count):
        answers = {"vek": rng.choices(AGES, weights=[1, 6, 3, 1])[0],
                   "doma": rng.choice(ANSWERS["doma"]), "problem": rng.choices(ANSWERS["problem"], [5, 2, 1])[0]}
        answers = {k: v for k, v in answers.items() if v is not None}
        record = build_record(QUESTIONNAIRE, f"s{start + i}", "cs", answers,
                              {"wave": wave, "channel": rng.choice(CHANNELS)},
                              now=f"2026-0{3 if wave == 'A' else 5}-0{1 + i % 5}T10:00:00Z")
        out.append(record)
    return out


def _publish(records, earlier, waves):
    eligible = releases.eligible(records)
    release, private = releases.build(QUESTIONNAIRE, eligible, earlier, k=K, waves=waves, published_by="t",
                                      published_at="2026-06-01T10:00Z", every=records)
    release["number"] = len(earlier) + 1
    return earlier + [(release, private)]


# --- the independent solver -------------------------------------------------------------

def _type(record, number_sets):
    answers = record["answers"]
    return (record["wave"], number_sets[record["submission_id"]], answers.get("vek"), record["channel"],
            answers.get("doma"), answers.get("problem"))


def _merge(release, wave):
    """The groups merged into "ostatní" in a wave's rows (per wave), or in the all-waves rows."""
    if wave == "all":
        return release.get("merged", {})
    return release.get("merged_by_wave", {}).get(wave, release.get("merged", {}))


def _matches(t, release, wave, question, option, breakdown, value):
    t_wave, t_in, vek, channel, doma, problem = t
    if release["number"] not in t_in:
        return False
    if (t_wave not in release["waves"]) if wave == "all" else t_wave != wave:
        return False
    answer = {"vek": vek, "doma": doma, "problem": problem}[question]
    age_merged = _merge(release, wave).get("age_band", [])
    if question == "vek":
        # the age question's table is the age breakdown itself: "neuvedeno" is one of its
        # options, and its options are merged like the age bands
        answer = "neuvedeno" if answer is None else answer
        answer = "ostatní" if answer in age_merged else answer
    if answer is None or (option is not None and answer != option):
        return False
    if breakdown == "all":
        return True
    own = {"age_band": vek, "channel": channel}[breakdown]
    own = "neuvedeno" if own is None else own
    merged = _merge(release, wave).get(breakdown, [])
    if value == "ostatní":
        return own in merged
    return own == value and own not in merged


def _published_and_secret(history, records):
    number_sets = {}
    for release, private in history:
        for wave, ids in private["ids"].items():
            for i in ids:
                number_sets.setdefault(i, set()).add(release["number"])
    number_sets = {i: frozenset(s) for i, s in number_sets.items()}
    by_type = {}
    for record in records:
        if record["submission_id"] in number_sets:
            t = _type(record, number_sets)
            by_type[t] = by_type.get(t, 0) + 1
    # every possible type, not only those in the data: the attacker does not know which are empty
    waves = sorted({t[0] for t in by_type})
    segments = sorted({t[1] for t in by_type}, key=sorted)
    types = list(itertools.product(waves, segments, AGES, CHANNELS, ANSWERS["doma"], ANSWERS["problem"]))
    truth = np.array([by_type.get(t, 0) for t in types])
    published, secret, readings = [], [], []
    for release, _private in history:
        groups = {"all": ["all"], "age_band": ["6-7", "8-11", "12-14", "neuvedeno", "ostatní"],
                  "channel": CHANNELS + ["neuvedeno", "ostatní"]}
        seen = {}
        for row in release["tables"]["summary"]:
            if row["breakdown"] in groups:
                seen[(row["wave"], row["question"], row["option"], row["breakdown"], row["breakdown_value"])] = row
        waves = release["waves"] + (["all"] if len(release["waves"]) > 1 else [])
        for wave, question, breakdown in itertools.product(waves, ["vek", "doma", "problem"], groups):
            if question == "vek" and breakdown == "age_band":
                continue  # not a breakdown of itself: not published at all
            age_merged = _merge(release, wave).get("age_band", [])
            ages = [a for a in ["6-7", "8-11", "12-14", "neuvedeno"] if a not in age_merged] + \
                (["ostatní"] if age_merged else [])
            options = {"vek": ages, "doma": ["yes", "no"], "problem": ["a", "b"]}[question]
            for value in groups[breakdown]:
                rows = [seen.get((wave, question, o, breakdown, value)) for o in options]
                base = next((r["base"] for r in rows if r is not None), 0)
                base_vec = np.array([_matches(t, release, wave, question, None, breakdown, value) for t in types])
                for option, row in zip([None] + options, [None] + rows):
                    vec = base_vec if option is None else np.array(
                        [_matches(t, release, wave, question, option, breakdown, value) for t in types])
                    shown = (base if option is None else (0 if row is None else row["n"]))
                    if option is None and base is None:
                        shown = None
                    if shown is not None:
                        published.append(vec.astype(float))
                        readings.append((vec, shown, (release["number"], wave, question, option, breakdown, value)))
                    secret.append(vec.astype(float))  # every cell's segments are checked below
    # The attacker's reading of each published cell must be what the cell counts: a
    # model that misreads a cell would find (or miss) leaks that are not there.
    misread = [(key, shown, int(vec @ truth)) for vec, shown, key in readings if int(vec @ truth) != shown]
    assert misread == [], misread[:5]
    return types, truth, published, secret


def _derivable_small(types, truth, published, secret):
    """Vectors (cells, and each cell's part in each segment) from 1 to K-1 in the row
    space of the published ones."""
    matrix = np.array(published) if published else np.zeros((1, len(types)))
    _u, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    basis = vt[singular > 1e-9 * max(1.0, singular.max(initial=0))]  # orthonormal rows of the row space
    segments = sorted({t[1] for t in types}, key=sorted)
    found = []
    for vec in secret:
        parts = [vec] + [vec * np.array([t[1] == s for t in types]) for s in segments]
        for part in parts:
            value = int(part @ truth)
            if 0 < value < K and np.linalg.norm(part - basis.T @ (basis @ part)) < 1e-6:
                found.append((value, [t for t, x in zip(types, part) if x]))
    return found


@pytest.mark.slow
# No shrinking: each example publishes three releases and solves the linked set, and a
# shrink of the known gap above would take many minutes; derandomised so runs repeat.
@settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size_a=st.integers(8, 25), size_b=st.integers(8, 25),
       late=st.integers(1, 3), off=st.integers(0, 3))
def test_releases__two_waves_then_late_responses__no_small_count_derivable(seed, size_a, size_b, late, off):
    rng = random.Random(seed)
    records = _records(rng, size_a, "A", 0) + _records(rng, size_b, "B", 1000) + _records(rng, off, None, 2000)
    history = _publish(records, [], ["A"])
    history = _publish(records, history, ["A", "B"])
    records = records + _records(rng, late, "B", 3000)
    history = _publish(records, history, ["A", "B"])
    types, truth, published, secret = _published_and_secret(history, records)
    assert _derivable_small(types, truth, published, secret) == []


def test_releases__off_wave_responses__never_released():
    rng = random.Random(1)
    records = _records(rng, 12, "A", 0) + _records(rng, 5, None, 100)
    (release, private), = _publish(records, [], ["A"])
    assert release["waves"] == ["A"] and sorted(private["ids"]) == ["A"]
    assert len(private["ids"]["A"]) == 12
