""""Checked in the next wave": a measure's linked figures in the release before it and
in the first release after it (pure, no Flask; release dicts are handed in).

Before = the release the measure names (else the latest one published by the day it
was decided), its newest wave. After = the first later release published after the
measure was done (or decided) that covers a wave the before release did not; its
first such wave. A figure is a summary row with breakdown "all" of a linked place
(any question's option equal to the place id) or option ("question:value"). Only
what the release publishes is shown: a suppressed cell, or one whose count or base
is from 1 to K-1, is None, and so is the change.
"""

ALL = "all"


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


def _links(measure) -> list[tuple[str | None, str]]:
    """[(question or None for any, option)] the measure answers."""
    links = [(None, place) for place in measure.get("places", [])]
    for option in measure.get("options", []):
        question, _, value = option.partition(":")
        links.append((question, value))
    return links


def _rows(release, wave, question, option) -> list[dict]:
    return [r for r in (release or {}).get("tables", {}).get("summary", [])
            if r.get("wave") == wave and r.get("breakdown") == ALL and str(r.get("option")) == option
            and (question is None or r.get("question") == question)]


def before_after(measure, releases) -> dict:
    """{"measure", "before": {number, wave} | None, "after": ..., "figures": [...]};
    each figure: question, question_label, option, option_label, before {pct, base} |
    None, after {pct, base} | None, change_pp (None unless both are shown)."""
    before, after, wave_b, wave_a = releases_around(measure, releases)
    result = {"measure": measure.get("id"),
              "before": None if before is None else {"number": before["number"], "wave": wave_b},
              "after": None if after is None else {"number": after["number"], "wave": wave_a},
              "figures": []}
    if before is None:
        return result
    for question, option in _links(measure):
        rows_b = _rows(before, wave_b, question, option)
        rows_a = _rows(after, wave_a, question, option) if after else []
        keys = list(dict.fromkeys([r["question"] for r in rows_b] + [r["question"] for r in rows_a]))
        for qid in keys:
            row_b = next((r for r in rows_b if r["question"] == qid), None)
            row_a = next((r for r in rows_a if r["question"] == qid), None)
            cell_b = safe_cell(row_b, before.get("k", 5))
            cell_a = safe_cell(row_a, after.get("k", 5)) if after else None
            label_row = row_b or row_a
            change = round(cell_a["pct"] - cell_b["pct"], 1) if cell_a and cell_b else None
            result["figures"].append({"question": qid, "question_label": label_row.get("question_label"),
                                      "option": option, "option_label": label_row.get("option_label"),
                                      "before": cell_b, "after": cell_a, "change_pp": change})
    return result


def all_before_after(measures, releases) -> list[dict]:
    """before_after of every measure with places or options, measure order kept;
    what web/templates/measures/_before_after.html shows."""
    return [{**before_after(m, releases), "title": m.get("title", {}), "status": m.get("status")}
            for m in measures if m.get("places") or m.get("options")]
