"""Hand-built release dicts (the `releases` contract) and a helper that stubs the
three storage methods, until the releases work is merged."""
from survey_app.storage.store import Storage

K = 5


def row(wave, question, option, n, base, breakdown="all", value="all", suppressed=False, qlabel=None, olabel=None):
    pct = None if suppressed or n is None else round(100 * n / base, 1)
    return {"wave": wave, "question": question, "question_label": qlabel or question, "option": option,
            "option_label": olabel or option, "breakdown": breakdown, "breakdown_value": value,
            "n": None if suppressed else n, "base": base, "pct": pct, "suppressed": suppressed}


def release(number, waves, summary, published_at="2026-04-01T10:00Z", respondents=None, k=K):
    return {"questionnaire": "deti-bezpeci", "number": number, "published_at": published_at,
            "published_by": "facilitator@example.org", "k": k, "waves": list(waves),
            "respondents": respondents or {}, "tables": {"summary": summary, "grid": [], "map_areas": []},
            "hidden": {}}


def stub_releases(monkeypatch, releases_by_questionnaire):
    """Make Storage.list_releases/get_release/latest_release answer from a dict
    {questionnaire_id: [release dicts]}."""
    def list_releases(self, qid):
        return sorted(releases_by_questionnaire.get(qid, []), key=lambda r: r["number"])

    def get_release(self, qid, number):
        return next((r for r in list_releases(self, qid) if r["number"] == number), None)

    def latest_release(self, qid):
        found = list_releases(self, qid)
        return found[-1] if found else None
    monkeypatch.setattr(Storage, "list_releases", list_releases, raising=False)
    monkeypatch.setattr(Storage, "get_release", get_release, raising=False)
    monkeypatch.setattr(Storage, "latest_release", latest_release, raising=False)


def spring_release():
    """Release 1: wave 2026-jaro, 60 children (42 aged 8-11, 18 aged 12-14, 15-18
    suppressed), channels tablet and web; places and worries."""
    w = "2026-jaro"
    summary = [
        row(w, "vek", "8-11", 42, 60, olabel="8 až 11 let"), row(w, "vek", "12-14", 18, 60, olabel="12 až 14 let"),
        row(w, "vek", "15-18", None, 60, suppressed=True, olabel="15 až 18 let"),
        row(w, "vek", "8-11", 30, 40, "channel", "tablet", olabel="8 až 11 let"),
        row(w, "vek", "12-14", 10, 40, "channel", "tablet", olabel="12 až 14 let"),
        row(w, "vek", "8-11", 12, 20, "channel", "web", olabel="8 až 11 let"),
        row(w, "vek", "12-14", 8, 20, "channel", "web", olabel="12 až 14 let"),
        row(w, "mista", "janov-nakupni-stredisko", 24, 50, qlabel="Kde se bojíš?", olabel="Janov – okolí nákupního střediska"),
        row(w, "mista", "nadrazi", 15, 50), row(w, "mista", "hamr", 3, 50, suppressed=True),
        row(w, "mista", "park-citadela", 10, 50), row(w, "mista", "janov-skola", 6, 50),
        row(w, "mista", "jinde", 30, 50),
        row(w, "obavy", "drogy", 30, 55, qlabel="Čeho se bojíš?", olabel="Prodávání drog"),
        row(w, "obavy", "opili_lide", 20, 55), row(w, "obavy", "exhibicionista", 2, 55, suppressed=True),
        row(w, "obavy", "strikacky", 11, 55), row(w, "obavy", "jine", 40, 55),
    ]
    return release(1, [w], summary, "2026-04-01T10:00Z", {w: 60})


def autumn_release():
    """Release 2: waves 2026-jaro and 2026-podzim, published in November."""
    first = spring_release()["tables"]["summary"]
    w = "2026-podzim"
    summary = first + [
        row(w, "vek", "8-11", 35, 51, olabel="8 až 11 let"), row(w, "vek", "12-14", 16, 51, olabel="12 až 14 let"),
        row(w, "vek", "15-18", None, 51, suppressed=True, olabel="15 až 18 let"),
        row(w, "mista", "janov-nakupni-stredisko", 12, 48, qlabel="Kde se bojíš?", olabel="Janov – okolí nákupního střediska"),
        row(w, "mista", "nadrazi", 16, 48), row(w, "mista", "hamr", None, 48, suppressed=True),
        row(w, "obavy", "drogy", 25, 50, qlabel="Čeho se bojíš?", olabel="Prodávání drog"),
        row("all", "mista", "janov-nakupni-stredisko", 36, 98), row("all", "mista", "nadrazi", 31, 98),
        row("all", "mista", "park-citadela", 14, 98), row("all", "obavy", "drogy", 55, 105),
        row("all", "obavy", "opili_lide", 33, 105), row("all", "obavy", "strikacky", None, 105, suppressed=True),
    ]
    return release(2, ["2026-jaro", w], summary, "2026-11-20T09:00Z", {"2026-jaro": 60, w: 51})


# --- real releases, published through the real publish path ------------------------

def children(questionnaire, wave, n, centre, drogy, young, channel="tablet"):
    """`n` validated records of children in `wave`: the first `young` aged 8-11 (the
    others 12-14), the first `drogy` afraid of drug dealing (the others of drunk
    people), the first `centre` with an unsafe mark at the shopping centre on the map
    (the others at the station), every mark in the category drug dealing."""
    from survey_app.responses.answers import validate_answers
    from survey_app.responses.submissions import build_record

    records = []
    for i in range(n):
        place = "janov-nakupni-stredisko" if i < centre else "nadrazi"
        answers = {"vek": "8-11" if i < young else "12-14", "obavy": ["drogy"] if i < drogy else ["opili_lide"],
                   "mapa": [{"place": place, "category": "drogy", "feeling": "unsafe"}]}
        records.append(build_record(questionnaire, f"{wave}-{i}", "cs", validate_answers(questionnaire, answers),
                                    {"wave": wave, "channel": channel}, now="2026-04-01T10:00:00Z"))
    return records


def publish(client, questionnaire_id="deti-bezpeci"):
    """POST /admin/summaries/<id>/releases (the client is logged in as a facilitator)."""
    response = client.post(f"/admin/summaries/{questionnaire_id}/releases", headers={"Accept": "application/json"})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()
