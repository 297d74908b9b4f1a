"""Measures (opatření) the town takes after a finding: the model, form parsing with
errors that name the field, records with the history of every change, and the rows
of the city's `measures` sheet (no Flask).

A measure: title and description (cs, optional en), who acts, status, the dates it
was decided and done, the questionnaire, the places and answer options it answers,
the release whose finding led to it, and `public` (shown on /vysledky or not).
Table in meta.json: "measures"; its TinyDB doc ids are the measure ids.
"""
from dataclasses import dataclass
from datetime import date, datetime, timezone

from ..storage.metadata import get_by_id, with_id
from ..vocabulary import Catalogue

TABLE = "measures"
STATUSES = ("planned", "in_progress", "done", "dropped")
# Who acts: id -> Czech name (the town extends the list with SURVEY_MEASURE_ACTORS).
ACTORS = {
    "mp": "Městská policie",
    "apk": "Asistenti prevence kriminality",
    "osvs": "Odbor sociálních věcí a školství",
    "mesto": "Město",
    "my-litvinov": "MY Litvínov / Sousedský dům Libuše",
    "skola": "Škola",
    "jiny": "Jiný",
}
MAX_TITLE, MAX_DESCRIPTION = 200, 5000
# Question types whose options a measure may answer (map: its categories).
OPTION_TYPES = ("single_choice", "multi_choice", "map", "smiley")
FIELDS = ("title", "description", "actor", "status", "decided_on", "done_on", "questionnaire_id",
          "places", "point", "options", "release", "public")

MESSAGES = {
    "required": {"cs": "je potřeba vyplnit", "en": "is required"},
    "not_text": {"cs": "musí to být text", "en": "must be text"},
    "too_long": {"cs": "text je příliš dlouhý (počet znaků: {length}, nejvýše {limit})",
                 "en": "is too long ({length} characters, at most {limit})"},
    "not_a_date": {"cs": "„{value}“ není datum (RRRR-MM-DD)", "en": "'{value}' is not a date (YYYY-MM-DD)"},
    "done_before_decided": {"cs": "datum dokončení ({done}) je dřív než datum rozhodnutí ({decided})",
                            "en": "the done date ({done}) is before the decision date ({decided})"},
    "unknown_choice": {"cs": "„{value}“ není na výběr (možnosti: {choices})",
                       "en": "'{value}' is not one of the choices ({choices})"},
    "unknown_questionnaire": {"cs": "dotazník „{value}“ neexistuje", "en": "there is no questionnaire '{value}'"},
    "unknown_place": {"cs": "místo „{value}“ v dotazníku {questionnaire} není",
                      "en": "place '{value}' is not in questionnaire {questionnaire}"},
    "unknown_option": {"cs": "odpověď „{value}“ v dotazníku {questionnaire} není",
                       "en": "answer '{value}' is not in questionnaire {questionnaire}"},
    "unknown_release": {"cs": "zveřejnění č. {value} u dotazníku {questionnaire} neexistuje",
                        "en": "questionnaire {questionnaire} has no release {value}"},
    "not_whole_number": {"cs": "„{value}“ není celé číslo", "en": "'{value}' is not a whole number"},
    "point_not_numbers": {"cs": "zeměpisná šířka a délka musí být čísla (např. 50.5925 a 13.566)",
                          "en": "latitude and longitude must be numbers (e.g. 50.5925 and 13.566)"},
    "point_half": {"cs": "vyplňte zeměpisnou šířku i délku, nebo nic", "en": "give both latitude and longitude, or neither"},
    "point_outside_map": {"cs": "bod ({lat}; {lon}) leží mimo mapu dotazníku", "en": "the point ({lat}, {lon}) is outside the questionnaire's map"},
    "no_measure": {"cs": "opatření {id} neexistuje", "en": "there is no measure {id}"},
}

CATALOGUE = Catalogue(MESSAGES)


class MeasureError(ValueError):
    """Invalid measure input: `field` names the form field, `code` (a key of MESSAGES)
    and `params` say why; `message(lang)` renders the reason in cs or en."""

    def __init__(self, field, code, **params):
        self.field, self.code, self.params = field, code, params
        super().__init__(f"{field}: {self.message('en')}")

    def message(self, lang="cs") -> str:
        return CATALOGUE.message(self.code, lang, **self.params)


@dataclass
class Choices:
    """What a measure of one questionnaire may refer to (read from its file)."""
    questionnaire_id: str
    places: dict      # place id -> label
    options: dict     # "question:value" -> (question label, option label)
    releases: list    # release numbers that exist
    bounds: list | None = None  # [[south, west], [north, east]] of the map question


def choices_for(questionnaire, release_numbers=()) -> Choices:
    """The places and answer options of a questionnaire a measure can answer."""
    options, bounds = {}, None
    for question in questionnaire.questions:
        if question.type == "map" and bounds is None:
            bounds = question.config.get("bounds")
        if question.type not in OPTION_TYPES:
            continue
        items = question.config.get("categories", []) if question.type == "map" else question.options
        for option in items:
            options[f"{question.id}:{option.value}"] = (question.label, option.label)
    return Choices(questionnaire.id, {p.id: p.label for p in questionnaire.places}, options,
                   list(release_numbers), bounds)


def actors(extra=()) -> dict:
    """ACTORS plus the town's own (SURVEY_MEASURE_ACTORS names; id = the name)."""
    found = dict(ACTORS)
    for name in extra:
        name = name.strip()
        if name and name not in found.values():
            found[name] = name
    return found


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- parsing form-like input --------------------------------------------------------

def _get_list(form, name) -> list:
    if hasattr(form, "getlist"):
        values = form.getlist(name)
    else:
        value = form.get(name)
        values = value if isinstance(value, (list, tuple)) else ([] if value in (None, "") else [value])
    out = []
    for value in values:
        if not isinstance(value, str):
            raise MeasureError(name, "not_text")
        out += [v.strip() for v in value.split(",") if v.strip()] if "," in value else [value.strip()]
    return list(dict.fromkeys(v for v in out if v))


def _text(form, name, limit, required=False) -> str:
    raw = form.get(name)
    if raw is not None and not isinstance(raw, str):
        raise MeasureError(name, "not_text")
    value = (raw or "").strip()
    if required and not value:
        raise MeasureError(name, "required")
    if len(value) > limit:
        raise MeasureError(name, "too_long", length=len(value), limit=limit)
    return value


def _date(form, name, required=False) -> str | None:
    value = _text(form, name, 40, required)
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise MeasureError(name, "not_a_date", value=value) from None


def _choice(form, name, allowed, default=None) -> str:
    value = _text(form, name, 200) or default
    if value is None:
        raise MeasureError(name, "required")
    if value not in allowed:
        raise MeasureError(name, "unknown_choice", value=value, choices=", ".join(allowed))
    return value


def _flag(form, name) -> bool:
    value = form.get(name)
    return isinstance(value, str) and value.strip().lower() in ("y", "yes", "on", "true", "1")


def _point(form, choices) -> dict | None:
    """{"lat", "lon"} from `lat` and `lon` (inside the map's bounds), or None."""
    lat_raw, lon_raw = _text(form, "lat", 40), _text(form, "lon", 40)
    if not lat_raw and not lon_raw:
        return None
    if not (lat_raw and lon_raw):
        raise MeasureError("lat", "point_half")
    try:
        lat, lon = round(float(lat_raw.replace(",", ".")), 6), round(float(lon_raw.replace(",", ".")), 6)
    except ValueError:
        raise MeasureError("lat", "point_not_numbers") from None
    if choices.bounds:
        (south, west), (north, east) = choices.bounds
        if not (south <= lat <= north and west <= lon <= east):
            raise MeasureError("lat", "point_outside_map", lat=lat, lon=lon)
    return {"lat": lat, "lon": lon}


def parse_measure(form, choices_of, actor_ids) -> dict:
    """Measure fields from a form (strings; `places` and `options` repeated or
    comma-separated). `choices_of(questionnaire_id)` returns Choices or None for an
    unknown questionnaire. Raises MeasureError naming the first bad field."""
    qid = _text(form, "questionnaire_id", 100, required=True)
    choices = choices_of(qid)
    if choices is None:
        raise MeasureError("questionnaire_id", "unknown_questionnaire", value=qid)
    title = {"cs": _text(form, "title_cs", MAX_TITLE, required=True), "en": _text(form, "title_en", MAX_TITLE)}
    description = {"cs": _text(form, "description_cs", MAX_DESCRIPTION),
                   "en": _text(form, "description_en", MAX_DESCRIPTION)}
    actor = _choice(form, "actor", list(actor_ids))
    status = _choice(form, "status", STATUSES, default="planned")
    decided = _date(form, "decided_on", required=True)
    done = _date(form, "done_on")
    if done and done < decided:
        raise MeasureError("done_on", "done_before_decided", done=done, decided=decided)
    places = _get_list(form, "places")
    for place in places:
        if place not in choices.places:
            raise MeasureError("places", "unknown_place", value=place, questionnaire=qid)
    point = _point(form, choices)
    options = _get_list(form, "options")
    for option in options:
        if option not in choices.options:
            raise MeasureError("options", "unknown_option", value=option, questionnaire=qid)
    release = _text(form, "release", 20) or None
    if release is not None:
        if not release.isdigit():
            raise MeasureError("release", "not_whole_number", value=release)
        release = int(release)
        if release not in choices.releases:
            raise MeasureError("release", "unknown_release", value=release, questionnaire=qid)
    return {"title": title, "description": description, "actor": actor, "status": status,
            "decided_on": decided, "done_on": done, "questionnaire_id": qid, "places": places,
            "point": point, "options": options, "release": release, "public": _flag(form, "public")}


def form_values(measure) -> dict:
    """A measure as the strings (and lists) its edit form sends back."""
    return {"questionnaire_id": measure["questionnaire_id"], "title_cs": measure["title"]["cs"],
            "title_en": measure["title"].get("en", ""), "description_cs": measure["description"]["cs"],
            "description_en": measure["description"].get("en", ""), "actor": measure["actor"],
            "status": measure["status"], "decided_on": measure["decided_on"] or "",
            "done_on": measure["done_on"] or "", "places": list(measure["places"]),
            "lat": "" if not measure.get("point") else str(measure["point"]["lat"]),
            "lon": "" if not measure.get("point") else str(measure["point"]["lon"]),
            "options": list(measure["options"]),
            "release": "" if measure["release"] is None else str(measure["release"]),
            "public": "y" if measure["public"] else ""}


# --- records and their history ------------------------------------------------------

def get_measure(storage, measure_id) -> dict | None:
    return get_by_id(storage.table(TABLE), measure_id)


def list_measures(storage, questionnaire_id=None, status=None, actor=None, public=None) -> list[dict]:
    """Measures, newest decision first (then newest id), filtered by any of the args."""
    found = [with_id(d) for d in storage.table(TABLE).all()
             if (questionnaire_id is None or d.get("questionnaire_id") == questionnaire_id)
             and (status is None or d.get("status") == status)
             and (actor is None or d.get("actor") == actor)
             and (public is None or bool(d.get("public")) == public)]
    return sorted(found, key=lambda m: (m.get("decided_on") or "", m["id"]), reverse=True)


def _change(by, field, old, new, now) -> dict:
    return {"at": now, "by": by, "field": field, "old": old, "new": new}


def create_measure(storage, fields: dict, by: str, now=None) -> dict:
    """Store a new measure from parse_measure's fields; `by` is the staff email."""
    now = now or utc_now()
    doc = {**fields, "created_at": now, "created_by": by, "updated_at": now,
           "history": [_change(by, "created", None, None, now)]}
    return get_measure(storage, storage.table(TABLE).insert(doc))


def update_measure(storage, measure_id, fields: dict, by: str, now=None) -> dict:
    """Apply edited fields in one transaction; one history entry per changed field."""
    now = now or utc_now()
    with storage.transaction():
        table = storage.table(TABLE)
        doc = table.get(doc_id=measure_id) if isinstance(measure_id, int) else None
        if doc is None:
            raise MeasureError("id", "no_measure", id=measure_id)
        doc = dict(doc)
        entries = [_change(by, name, doc.get(name), fields[name], now)
                   for name in FIELDS if name in fields and fields[name] != doc.get(name)]
        if entries:
            doc.update({name: fields[name] for name in FIELDS if name in fields})
            doc["history"] = list(doc.get("history", [])) + entries
            doc["updated_at"] = now
            table.update(doc, doc_ids=[measure_id])
    return get_measure(storage, measure_id)


# --- the city's sheet ---------------------------------------------------------------

MEASURE_COLUMNS = ["id", "questionnaire", "title_cs", "title_en", "description_cs", "description_en", "actor",
                   "status", "decided_on", "done_on", "places", "point", "options", "release", "public", "updated_at"]


def measures_rows(measures, actor_names=None) -> list[dict]:
    """One dict per measure with exactly MEASURE_COLUMNS (lists joined with ", "),
    for the `measures` sheet of the city's XLSX and `measures.csv`."""
    names = actor_names or ACTORS
    return [{"id": m["id"], "questionnaire": m["questionnaire_id"], "title_cs": m["title"]["cs"],
             "title_en": m["title"].get("en", ""), "description_cs": m["description"]["cs"],
             "description_en": m["description"].get("en", ""), "actor": names.get(m["actor"], m["actor"]),
             "status": m["status"], "decided_on": m["decided_on"] or "", "done_on": m["done_on"] or "",
             "places": ", ".join(m["places"]),
             "point": f"{m['point']['lat']}, {m['point']['lon']}" if m.get("point") else "", "options": ", ".join(m["options"]),
             "release": "" if m["release"] is None else m["release"], "public": "ano" if m["public"] else "ne",
             "updated_at": m.get("updated_at", "")}
            for m in sorted(measures, key=lambda m: m["id"])]


def public_json(measure) -> dict:
    """The measure for the staff JSON (everything, history included)."""
    return dict(measure)
