"""Who took part against who lives there, read from a release (pure, no Flask).

`coverage_rows(release, population, age_question)` gives one row per wave (the
release's waves, then "all"), channel ("all", then each channel) and age band: the
respondents of the release's summary rows for the age question (breakdown "all" and
"channel"), the population of that band, and the rate per 1,000. A cell the release
suppresses stays suppressed here (respondents, rate and sentence None); nothing is
computed from live data. `sentence()` says it plainly:
"Odpovědělo 42 dětí ve věku 8–11 let, to je asi 1 z 12."
"""
import re

from ..vocabulary import ALL

COLUMNS = ["wave", "channel", "age_band", "age_label", "respondents", "population", "per_1000", "one_in",
           "suppressed"]
# Rows of the age question that are not a band of people (merged groups keep their label).
NOT_A_BAND = {"neuvedeno", "mean", "median"}


def _rows(release):
    return (release or {}).get("tables", {}).get("summary", []) or []


def _people(population) -> dict:
    if population is None:
        return {}
    bands = population.get("age_bands") if isinstance(population, dict) else population.age_bands
    return dict(bands or {})


def coverage_rows(release, population, age_question) -> list[dict]:
    """Coverage rows (COLUMNS) of one release dict; `population` a Population, its
    as_json() dict or None; `age_question` the id of the age_band question."""
    bands = _people(population)
    waves = list(release.get("waves") or [])
    order = {w: i for i, w in enumerate(waves + [ALL])}
    out = []
    for row in _rows(release):
        if row.get("question") != age_question or row.get("option") in NOT_A_BAND:
            continue
        if row.get("breakdown") == ALL:
            channel = ALL
        elif row.get("breakdown") == "channel":
            channel = row.get("breakdown_value")
        else:
            continue
        if row.get("wave") not in order:
            continue
        suppressed = bool(row.get("suppressed")) or row.get("n") is None
        n = None if suppressed else int(row["n"])
        people = bands.get(str(row.get("option")))
        per_1000 = round(1000 * n / people, 1) if n is not None and people else None
        one_in = round(people / n) if n and people else None
        out.append({"wave": row["wave"], "channel": channel, "age_band": str(row.get("option")),
                    "age_label": row.get("option_label") or str(row.get("option")), "respondents": n,
                    "population": people, "per_1000": per_1000, "one_in": one_in, "suppressed": suppressed})
    channels = sorted({r["channel"] for r in out} - {ALL})
    chan_order = {c: i for i, c in enumerate([ALL] + channels)}
    # Bands in the population's order, then in the release's own order.
    band_order = {b: i for i, b in enumerate(dict.fromkeys(list(bands) + [r["age_band"] for r in out]))}
    return sorted(out, key=lambda r: (order[r["wave"]], chan_order[r["channel"]], band_order[r["age_band"]]))


def _age_words(band, label) -> str:
    """"8–11" from "8-11" (an en dash between numbers), else the option's label."""
    match = re.fullmatch(r"(\d+)-(\d+)", band or "")
    return f"{match.group(1)}–{match.group(2)}" if match else label


def _czech_count(n, audience) -> str:
    """"Odpovědělo 42 dětí" / "Odpověděly 3 děti" / "Odpovědělo 1 dítě" (Czech plurals)."""
    if audience == "children":
        if n == 1:
            return "Odpovědělo 1 dítě"
        return f"Odpověděly {n} děti" if 2 <= n <= 4 else f"Odpovědělo {n} dětí"
    if n == 1:
        return "Odpověděl 1 člověk"
    return f"Odpověděli {n} lidé" if 2 <= n <= 4 else f"Odpovědělo {n} lidí"


def sentence(row, audience="children", lang="cs") -> str | None:
    """The plain sentence of a coverage row, None when it is suppressed.
    cs: "Odpovědělo 42 dětí ve věku 8–11 let, to je asi 1 z 12."
    en: "42 children aged 8–11 answered, about 1 in 12."."""
    n = row.get("respondents")
    if n is None:
        return None
    band = row["age_band"]
    ages = _age_words(band, row.get("age_label") or band)
    numeric = bool(re.fullmatch(r"\d+-\d+", band or ""))
    if n == 0:  # a group nobody from took part in is the finding coverage is for
        return _nobody(ages, numeric, audience, lang)
    if lang == "cs":
        age_part = f" ve věku {ages} let" if numeric else f" ({ages})"
        text = _czech_count(n, audience) + age_part
        return text + (f", to je asi 1 z {row['one_in']}." if row.get("one_in") else ".")
    who = ("child" if n == 1 else "children") if audience == "children" else ("person" if n == 1 else "people")
    age_part = f" aged {ages}" if numeric else f" ({ages})"
    return f"{n} {who}{age_part} answered" + (f", about 1 in {row['one_in']}." if row.get("one_in") else ".")


def _nobody(ages, numeric, audience, lang) -> str:
    """"Ve věku 15–18 let neodpovědělo žádné dítě." / "No children aged 15–18 answered."."""
    if lang == "cs":
        who = "žádné dítě" if audience == "children" else "nikdo"
        return f"Ve věku {ages} let neodpovědělo {who}." if numeric else f"Ve skupině {ages} neodpověděl {who}."
    who = "No children" if audience == "children" else "Nobody"
    return f"{who} aged {ages} answered." if numeric else f"{who} ({ages}) answered."


def dashboard_coverage(release, population, age_question, audience="children", lang="cs") -> dict:
    """What web/templates/measures/_coverage.html shows: the coverage rows of every wave
    of the release and of "all" (per channel only when there are two or more channels),
    each with its sentence; the sentences of the newest wave; the population's source,
    date, area totals and the bands it has no figure for. Empty rows without a release."""
    rows = coverage_rows(release, population, age_question) if release else []
    if len({r["channel"] for r in rows} - {ALL}) == 1:  # one channel: its rows repeat "all"
        rows = [r for r in rows if r["channel"] == ALL]
    for row in rows:
        row["sentence"] = sentence(row, audience, lang)
    pop = population.as_json() if hasattr(population, "as_json") else population
    return {"release": release.get("number") if release else None, "rows": rows,
            "waves": list(dict.fromkeys(r["wave"] for r in rows)),
            "sentences": [r["sentence"] for r in rows if r["channel"] == ALL and r["sentence"]
                          and r["wave"] == (release.get("waves") or [ALL])[-1]],
            "source": (pop or {}).get("source"), "date": (pop or {}).get("date"),
            "areas": (pop or {}).get("areas", []),
            "bands_missing": [b for b, v in ((pop or {}).get("age_bands") or {}).items() if v is None]}
