"""The content of the public page /vysledky/<questionnaire_id> ("Co se změnilo") from
the latest release and the public measures (pure, no Flask).

Shows only what a release publishes: the respondents of its waves (a suppressed wave
is left out), the places and worries named most often (rows the release publishes,
n at least K) as percentages, and the public measures. Never a count the release
hides, never free text from a respondent, never a point (only named places).
Before the first release: the public measures only, and `released` False.
"""
from ..questionnaire.model import text
from ..vocabulary import ALL
from .before_after import place_rows

TOP = 3
# Options that name no place or worry ("somewhere else", "something else", "I feel good here").
LEFT_OUT = {"jinde", "jine", "dobre_misto"}
STATUS_ICONS = {"planned": "measure-planned", "in_progress": "measure-in-progress", "done": "measure-done",
                "dropped": "measure-dropped"}


def _published(row, k) -> bool:
    n = row.get("n")
    return (not row.get("suppressed") and row.get("pct") is not None and isinstance(n, int)
            and n >= k and isinstance(row.get("base"), int) and row["base"] >= k)


def _scope(release) -> str:
    waves = release.get("waves") or []
    return ALL if len(waves) > 1 else (waves[0] if waves else ALL)


def _top(release, question_id, labels, icons, lang, k) -> list[dict]:
    scope = _scope(release)
    rows = [r for r in release.get("tables", {}).get("summary", [])
            if r.get("question") == question_id and r.get("breakdown") == ALL and r.get("wave") == scope
            and str(r.get("option")) in labels and str(r.get("option")) not in LEFT_OUT and _published(r, k)]
    rows.sort(key=lambda r: (-r["pct"], str(r["option"])))
    return [{"id": str(r["option"]), "label": text(labels[str(r["option"])], lang), "pct": r["pct"],
             "in_ten": max(1, round(r["pct"] / 10)), "icon": icons.get(str(r["option"]))}
            for r in rows[:TOP]]


def _top_places(release, map_ids, labels, lang, k) -> list[dict]:
    """The places named most often: rows whose option is a place (a place question, also
    one of an older version of the file) and the map's places marked unsafe (the
    respondents with an unsafe mark there out of those who answered the map question,
    both as published: before_after.place_rows); only published cells, the higher share
    per place."""
    scope, best = _scope(release), {}
    rows = [r for r in release.get("tables", {}).get("summary", []) if r.get("wave") == scope]
    candidates = [(str(r["option"]), r) for r in rows if r.get("breakdown") == ALL and str(r.get("option")) in labels]
    for place in labels:
        candidates += [(place, r) for r in place_rows(rows, place) if r.get("question") in map_ids]
    for place, r in candidates:
        if not _published(r, k):
            continue
        if place not in LEFT_OUT and (place not in best or r["pct"] > best[place]["pct"]):
            best[place] = r
    ranked = sorted(best.items(), key=lambda item: (-item[1]["pct"], item[0]))[:TOP]
    return [{"id": place, "label": text(labels[place], lang), "pct": r["pct"],
             "in_ten": max(1, round(r["pct"] / 10)), "icon": None} for place, r in ranked]


def _questions(questionnaire):
    """(place question, worry question): the first `place` question, and the first
    multiple choice whose options are the map's categories (else the first one)."""
    place = next((q for q in questionnaire.questions if q.type == "place"), None)
    categories = set()
    for q in questionnaire.questions:
        if q.type == "map":
            categories |= {c.value for c in q.config.get("categories", [])}
    multis = [q for q in questionnaire.questions if q.type == "multi_choice"]
    worry = next((q for q in multis if {o.value for o in q.options} & categories), multis[0] if multis else None)
    return place, worry


def took_part(release, k) -> int | None:
    """Respondents of the release: the sum over its waves of the published counts
    (a wave below K is None in the release and left out)."""
    values = [v for v in (release.get("respondents") or {}).values()
              if isinstance(v, int) and not isinstance(v, bool) and v >= k]
    return sum(values) if values else None


def public_measure(measure, actor_names, place_labels, lang) -> dict:
    title = measure["title"].get(lang) or measure["title"]["cs"]
    description = measure["description"].get(lang) or measure["description"]["cs"]
    return {"id": measure["id"], "title": title, "description": description, "status": measure["status"],
            "icon": STATUS_ICONS[measure["status"]], "actor": actor_names.get(measure["actor"], measure["actor"]),
            "places": [text(place_labels[p], lang) for p in measure["places"] if p in place_labels],
            "decided_on": measure["decided_on"], "done_on": measure["done_on"]}


def page_content(questionnaire, releases, measures, actor_names, lang="cs") -> dict:
    """Everything the public page and its JSON twin show. `releases` are release dicts
    (any order), `measures` the questionnaire's measures (only `public` ones are used)."""
    place_q, worry_q = _questions(questionnaire)
    place_labels = {p.id: p.label for p in questionnaire.places}
    latest = max(releases, key=lambda r: r["number"]) if releases else None
    shown = [public_measure(m, actor_names, place_labels, lang)
             for m in sorted(measures, key=lambda m: (m.get("decided_on") or "", m["id"]), reverse=True)
             if m.get("public") and m.get("questionnaire_id") == questionnaire.id]
    content = {"questionnaire": questionnaire.id, "title": text(questionnaire.title, lang),
               "audience": questionnaire.audience, "lang": lang, "released": latest is not None,
               "release": None, "took_part": None, "places": [], "worries": [], "measures": shown}
    if latest is None:
        return content
    k = int(latest.get("k") or 5)
    content["release"] = {"number": latest["number"], "published_on": str(latest.get("published_at", ""))[:10],
                          "waves": list(latest.get("waves") or [])}
    content["took_part"] = took_part(latest, k)
    map_ids = {q.id for q in questionnaire.questions if q.type == "map"}
    content["places"] = _top_places(latest, map_ids, place_labels, lang, k)
    if worry_q is not None:
        content["worries"] = _top(latest, worry_q.id, {o.value: o.label for o in worry_q.options},
                                  {o.value: o.icon for o in worry_q.options}, lang, k)
    return content
