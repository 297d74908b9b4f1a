""""Checked in the next wave": a measure's linked figures in the release before it and
in the first release after it (pure, no Flask; release dicts are handed in).

Before = the release the measure names (else the latest one published by the day it
was decided), its newest wave. After = the first later release published after the
measure was done (or decided) that covers a wave the before release did not; its
first such wave. The figures (summary rows of the wave, as the release publishes them):
- a linked option ("question:value"): its row with breakdown "all";
- a linked place on a map question: the respondents with an unsafe mark in the place
  (breakdown "place", option "feeling:unsafe") out of the respondents who answered the
  map question (its base with breakdown "all"), both as published in that release;
- a linked place that is an option of a place question (older files): its "all" row.
Only what the release publishes is shown: a suppressed cell, or one whose count or base
is from 1 to K-1, is None, and so is the change.

`release_checks()` gives the checks whose "after" is a given release: what the release
stores as its `before_after` part when it is published; `check_rows()` flattens checks
into CHECK_COLUMNS for the `before_after` sheet and `before_after.csv`.
"""

from ..vocabulary import ALL
UNSAFE = "feeling:unsafe"
CHECK_COLUMNS = ["measure", "title_cs", "status", "question", "question_label", "option", "option_label", "place",
                 "place_label", "before_release", "before_wave", "before_pct", "before_base", "after_release",
                 "after_wave", "after_pct", "after_base", "change_pp"]


def _day(release) -> str:
    return str(release.get("published_at") or "")[:10]


def safe_cell(row, k) -> dict | None:
    """{"pct", "base"} of a published row, None when the release hides it (or when a
    count or base from 1 to K-1 would show)."""
    if row is None or row.get("suppressed") or row.get("pct") is None:
        return None
    for name in ("n", "base"):
        value = row.get(name)
        if value is None or (isinstance(value, (int, float)) and 0 < value < k):
            return None
    return {"pct": row["pct"], "base": int(row["base"])}


def releases_around(measure, releases) -> tuple[dict | None, dict | None, str | None, str | None]:
    """(before release, after release, before wave, after wave) for a measure."""
    ordered = sorted(releases or [], key=lambda r: r["number"])
    before = None
    if measure.get("release") is not None:
        before = next((r for r in ordered if r["number"] == measure["release"]), None)
    elif measure.get("decided_on"):
        earlier = [r for r in ordered if _day(r) <= measure["decided_on"]]
        before = earlier[-1] if earlier else None
    if before is None or not before.get("waves"):
        return None, None, None, None
    since = measure.get("done_on") or measure.get("decided_on") or ""
    for release in ordered:
        if release["number"] <= before["number"] or _day(release) <= since:
            continue
        new_waves = [w for w in release.get("waves", []) if w not in before["waves"]]
        if new_waves:
            return before, release, before["waves"][-1], new_waves[0]
    return before, None, before["waves"][-1], None


def _summary(release, wave) -> list[dict]:
    return [r for r in (release or {}).get("tables", {}).get("summary", []) if r.get("wave") == wave]


def _option_rows(rows, question, option) -> list[dict]:
    return [r for r in rows if r.get("breakdown") == ALL and str(r.get("option")) == option
            and (question is None or r.get("question") == question)]


def place_rows(rows, place) -> list[dict]:
    """The map questions' "unsafe in this place" rows, their count out of the map
    question's base (both as published): {question, question_label, option, option_label,
    n, base, pct, suppressed}."""
    bases = {}
    for r in rows:
        if r.get("breakdown") == ALL and r.get("question") not in bases:
            bases[r.get("question")] = r
    out = []
    for r in rows:
        if r.get("breakdown") != "place" or str(r.get("breakdown_value")) != place or r.get("option") != UNSAFE:
            continue
        whole = bases.get(r.get("question")) or {}
        n, base = r.get("n"), whole.get("base")
        hidden = bool(r.get("suppressed")) or whole.get("base") is None or n is None
        out.append({**r, "base": base, "suppressed": hidden,
                    "pct": None if hidden or not base else round(100 * n / base, 1)})
    return out


def _figures(rows_b, rows_a, k_b, k_a, place=None, place_label=None) -> list[dict]:
    keys = list(dict.fromkeys([r["question"] for r in rows_b] + [r["question"] for r in rows_a]))
    figures = []
    for qid in keys:
        row_b = next((r for r in rows_b if r["question"] == qid), None)
        row_a = next((r for r in rows_a if r["question"] == qid), None)
        cell_b, cell_a = safe_cell(row_b, k_b), safe_cell(row_a, k_a)
        label_row = row_b or row_a
        change = round(cell_a["pct"] - cell_b["pct"], 1) if cell_a and cell_b else None
        figures.append({"question": qid, "question_label": label_row.get("question_label"),
                        "option": str(label_row.get("option")), "option_label": label_row.get("option_label"),
                        "place": place, "place_label": place_label,
                        "before": cell_b, "after": cell_a, "change_pp": change})
    return figures


def before_after(measure, releases, place_labels=None) -> dict:
    """{"measure", "before": {number, wave} | None, "after": ..., "figures": [...]};
    each figure: question, question_label, option, option_label, place and
    place_label (None for an option), before {pct, base} | None, after {pct, base} |
    None, change_pp (None unless both are shown). `place_labels`: place id -> label."""
    before, after, wave_b, wave_a = releases_around(measure, releases)
    result = {"measure": measure.get("id"),
              "before": None if before is None else {"number": before["number"], "wave": wave_b},
              "after": None if after is None else {"number": after["number"], "wave": wave_a},
              "figures": []}
    if before is None:
        return result
    rows_b, rows_a = _summary(before, wave_b), _summary(after, wave_a) if after else []
    k_b, k_a = before.get("k", 5), (after or {}).get("k", 5)
    for place in measure.get("places", []):
        label = (place_labels or {}).get(place, place)
        result["figures"] += _figures(_option_rows(rows_b, None, place), _option_rows(rows_a, None, place), k_b, k_a)
        result["figures"] += _figures(place_rows(rows_b, place), place_rows(rows_a, place), k_b, k_a,
                                      place, label)
    for option in measure.get("options", []):
        question, _, value = option.partition(":")
        result["figures"] += _figures(_option_rows(rows_b, question, value), _option_rows(rows_a, question, value),
                                      k_b, k_a)
    return result


def all_before_after(measures, releases, place_labels=None) -> list[dict]:
    """before_after of every measure with places or options, measure order kept;
    what web/templates/measures/_before_after.html shows."""
    return [{**before_after(m, releases, place_labels), "title": m.get("title", {}), "status": m.get("status")}
            for m in measures if m.get("places") or m.get("options")]


def release_checks(measures, releases, release, place_labels=None) -> list[dict]:
    """The checks whose "after" is `release` (it may not be stored yet: it is added to
    `releases` when missing): the release's `before_after` part, in measure id order."""
    others = [r for r in releases or [] if r["number"] != release["number"]]
    checks = all_before_after(sorted(measures, key=lambda m: m["id"]), others + [release], place_labels)
    return [c for c in checks if c["after"] is not None and c["after"]["number"] == release["number"]]


def check_rows(checks, lang="cs") -> list[dict]:
    """One dict (CHECK_COLUMNS) per figure of `checks`; a value the release does not
    publish is None (an empty cell)."""
    def label(value):
        return value.get(lang) or value.get("cs") if isinstance(value, dict) else value

    rows = []
    for check in checks:
        before, after = check.get("before") or {}, check.get("after") or {}
        for f in check.get("figures", []):
            shown_b, shown_a = f.get("before") or {}, f.get("after") or {}
            rows.append({"measure": check.get("measure"), "title_cs": label(check.get("title") or {}) or "",
                         "status": check.get("status"), "question": f["question"],
                         "question_label": label(f.get("question_label")), "option": f["option"],
                         "option_label": label(f.get("option_label")), "place": f.get("place"),
                         "place_label": label(f.get("place_label")), "before_release": before.get("number"),
                         "before_wave": before.get("wave"), "before_pct": shown_b.get("pct"),
                         "before_base": shown_b.get("base"), "after_release": after.get("number"),
                         "after_wave": after.get("wave"), "after_pct": shown_a.get("pct"),
                         "after_base": shown_a.get("base"), "change_pp": f.get("change_pp")})
    return rows
