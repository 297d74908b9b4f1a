"""Focus groups (fokusní skupiny) as a second channel of the survey dataset (no Flask).

A focus-group record belongs to a campaign and wave of a questionnaire (the children's
`deti-bezpeci`) and holds: date, place, facilitators (staff names; children's names
are never asked for), the group's composition as counts by age band and gender, the
consent confirmation (counts only), free notes, sticky notes on the map, tallies of
the `strategie` and `potreby` option codes, photos of the paper map, and the history
of every change (who changed which field, when, old and new value).

Categories, age bands, places and tally options are read from the questionnaire
(`spec_for`), so that the notes merge with the children's own map marks.
Table in meta.json: "focus_groups"; its TinyDB doc ids are the record ids.
The merged outputs for exports are at the end: focus_group_marks, _tallies, _composition.
"""
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from .messages import CatalogueError

TABLE = "focus_groups"
MAP_QUESTION, AGE_QUESTION = "mapa", "vek"
TALLY_QUESTIONS = ("strategie", "potreby")
CHANNEL = "focus_group"
MAX_TEXT, MAX_QUOTE, MAX_NOTES_TEXT, MAX_FACILITATORS = 120, 1000, 5000, 10
MAX_CHILDREN = 200


def N_(message):
    """Marks a string for extraction; templates translate it where it is shown."""
    return message


# Gender columns of the composition table: stored key -> label.
GENDERS = {"girl": N_("Girls"), "boy": N_("Boys"), "other": N_("Other or not stated")}
# Where what a note says comes from, a distinction the field report makes.
EXPERIENCES = {"own": N_("Own experience"), "heard": N_("Heard about it")}
# Editable fields of a record, in form order (history names them).
SESSION_FIELDS = ("campaign_id", "wave", "date", "place", "facilitators", "composition",
                  "consent", "free_notes")


class FocusGroupError(CatalogueError):
    """Invalid focus-group data: `field` names the form field, `code` (a key of
    focus_group_messages.MESSAGES) and its params say why; `message(lang)` renders it."""

    def __init__(self, field, code, **params):
        super().__init__(code, field, **params)


@dataclass
class Spec:
    """What a focus group of one questionnaire may record, read from its file."""
    questionnaire_id: str
    categories: dict            # value -> label (localised dict)
    age_bands: dict             # value -> label
    places: dict                # place id -> label
    tally_options: dict         # question id -> {code: label}
    bounds: list | None = None  # [[south, west], [north, east]] of the map question
    map_config: dict = field(default_factory=dict)


def spec_for(questionnaire) -> Spec:
    """The Spec of a questionnaire; FocusGroupError when it lacks the `mapa` question."""
    mapa = questionnaire.question(MAP_QUESTION)
    if mapa is None or mapa.type != "map":
        raise FocusGroupError("questionnaire", "no_map_question", questionnaire=questionnaire.id,
                              question=MAP_QUESTION)
    age = questionnaire.question(AGE_QUESTION)
    tallies = {}
    for qid in TALLY_QUESTIONS:
        question = questionnaire.question(qid)
        if question is not None:
            tallies[qid] = {o.value: o.label for o in question.options}
    return Spec(questionnaire.id,
                categories={c.value: c.label for c in mapa.config.get("categories", [])},
                age_bands={o.value: o.label for o in age.options} if age is not None else {},
                places={p.id: p.label for p in questionnaire.places},
                tally_options=tallies, bounds=mapa.config.get("bounds"), map_config=mapa.config)


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- parsing form-like input (strings) -------------------------------------------

def _text(raw, field, limit, required=False) -> str:
    value = (raw or "").strip() if isinstance(raw, (str, type(None))) else None
    if value is None:
        raise FocusGroupError(field, "not_text")
    if required and not value:
        raise FocusGroupError(field, "required")
    if len(value) > limit:
        raise FocusGroupError(field, "too_long", length=len(value), limit=limit)
    return value


def _count(raw, field, low=0, high=MAX_CHILDREN, default=None) -> int:
    if raw in (None, "") and default is not None:
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise FocusGroupError(field, "not_whole_number", value=str(raw)) from None
    if not low <= value <= high:
        raise FocusGroupError(field, "out_of_range", low=low, high=high, value=value)
    return value


def parse_session(form, spec: Spec, campaign_lookup) -> dict:
    """The record fields from a form (a mapping of strings; `comp__<band>__<gender>`
    for composition, `facilitators` one name per line). `campaign_lookup(id)` returns
    the campaign dict or None. Raises FocusGroupError naming the first bad field."""
    campaign_id = _count(form.get("campaign_id"), "campaign_id", 1, 10**9)
    campaign = campaign_lookup(campaign_id)
    if campaign is None:
        raise FocusGroupError("campaign_id", "no_campaign", id=campaign_id)
    if campaign.get("questionnaire_id") != spec.questionnaire_id:
        raise FocusGroupError("campaign_id", "campaign_other_questionnaire", id=campaign_id,
                              actual=campaign.get("questionnaire_id"), expected=spec.questionnaire_id)
    raw_date = _text(form.get("date"), "date", MAX_TEXT, required=True)  # a typo gets "not a date"
    try:
        day = date.fromisoformat(raw_date).isoformat()
    except ValueError:
        raise FocusGroupError("date", "not_a_date", value=raw_date) from None
    names = [n.strip() for n in (form.get("facilitators") or "").splitlines() if n.strip()]
    if not names:
        raise FocusGroupError("facilitators", "facilitator_required")
    if len(names) > MAX_FACILITATORS:
        raise FocusGroupError("facilitators", "too_many_facilitators", max=MAX_FACILITATORS)
    for name in names:
        _text(name, "facilitators", MAX_TEXT)
    composition = {band: {g: _count(form.get(f"comp__{band}__{g}"), f"comp__{band}__{g}", default=0)
                          for g in GENDERS} for band in spec.age_bands}
    present = sum(sum(row.values()) for row in composition.values())
    if present == 0:
        raise FocusGroupError("composition", "no_children")
    if present > MAX_CHILDREN:
        raise FocusGroupError("composition", "too_many_children", max=MAX_CHILDREN)
    consent = {"confirmed": str(form.get("consent_confirmed") or "").lower() in ("y", "yes", "on", "true", "1"),
               "parental": _count(form.get("parental_consents"), "parental_consents", default=0),
               "assent": _count(form.get("assents"), "assents", default=0)}
    if not consent["confirmed"]:
        raise FocusGroupError("consent_confirmed", "consent_not_confirmed")
    if consent["parental"] < present:
        raise FocusGroupError("parental_consents", "parental_consents_short", given=consent["parental"],
                              present=present)
    if consent["assent"] < present:
        raise FocusGroupError("assents", "assents_short", given=consent["assent"], present=present)
    return {"campaign_id": campaign_id, "wave": campaign.get("wave"), "date": day,
            "place": _text(form.get("place"), "place", MAX_TEXT, required=True),
            "facilitators": names, "composition": composition, "consent": consent,
            "free_notes": _text(form.get("free_notes"), "free_notes", MAX_NOTES_TEXT)}


def children_present(record) -> int:
    return sum(sum(row.values()) for row in record.get("composition", {}).values())


def parse_note(form, spec: Spec, record) -> dict:
    """A sticky note from a form: `lat`+`lon` (inside the map's bounds) or `place`,
    `category`, `quote`, `agreed`, `experience`, optional `age_band`."""
    place = (form.get("place") or "").strip() or None
    if place is not None and place not in spec.places:
        raise FocusGroupError("place", "unknown_place", value=place)
    lat_raw, lon_raw = (form.get("lat") or "").strip(), (form.get("lon") or "").strip()
    lat = lon = None
    if lat_raw or lon_raw:
        try:
            lat, lon = round(float(lat_raw), 6), round(float(lon_raw), 6)
        except ValueError:
            raise FocusGroupError("lat", "point_not_numbers") from None
        if spec.bounds:
            (south, west), (north, east) = spec.bounds
            if not (south <= lat <= north and west <= lon <= east):
                raise FocusGroupError("lat", "point_outside_map", lat=lat, lon=lon)
    if lat is None and place is None:
        raise FocusGroupError("lat", "point_or_place")
    category = (form.get("category") or "").strip()
    if category not in spec.categories:
        raise FocusGroupError("category", "choose_category", choices=", ".join(spec.categories))
    experience = (form.get("experience") or "").strip()
    if experience not in EXPERIENCES:
        raise FocusGroupError("experience", "choose_experience")
    age_band = (form.get("age_band") or "").strip() or None
    if age_band is not None and age_band not in spec.age_bands:
        raise FocusGroupError("age_band", "unknown_age_band", value=age_band)
    return {"lat": lat, "lon": lon, "place": place, "category": category,
            "quote": _text(form.get("quote"), "quote", MAX_QUOTE),
            "agreed": _count(form.get("agreed"), "agreed", 1, max(1, children_present(record)), default=1),
            "experience": experience, "age_band": age_band}


def parse_tallies(form, spec: Spec, record) -> tuple[dict, dict]:
    """({question: {code: count}}, {question: quotes text}) from `tally__<q>__<code>`
    and `quotes__<q>` fields; a count cannot exceed the children present."""
    present = children_present(record)
    tallies, quotes = {}, {}
    for qid, options in spec.tally_options.items():
        tallies[qid] = {code: _count(form.get(f"tally__{qid}__{code}"), f"tally__{qid}__{code}",
                                     0, present, default=0) for code in options}
        quotes[qid] = _text(form.get(f"quotes__{qid}"), f"quotes__{qid}", MAX_NOTES_TEXT)
    return tallies, quotes


# --- records and their history ----------------------------------------------------

def _record(doc) -> dict | None:
    return None if doc is None else {**doc, "id": doc.doc_id}


def get_session(storage, fg_id) -> dict | None:
    if not isinstance(fg_id, int) or isinstance(fg_id, bool):
        return None
    return _record(storage.table(TABLE).get(doc_id=fg_id))


def list_sessions(storage, questionnaire_id=None, wave=None) -> list[dict]:
    """Records, newest date first, optionally of one questionnaire and wave."""
    found = [_record(d) for d in storage.table(TABLE).all()
             if (questionnaire_id is None or d.get("questionnaire_id") == questionnaire_id)
             and (wave is None or d.get("wave") == wave)]
    return sorted(found, key=lambda r: (r["date"], r["id"]), reverse=True)


def _change(by, field, old, new, now) -> dict:
    return {"at": now, "by": by, "field": field, "old": old, "new": new}


def create_session(storage, spec: Spec, fields: dict, by: str, now=None) -> dict:
    """Store a new record from parse_session's fields; `by` is the staff email."""
    now = now or utc_now()
    doc = {**fields, "questionnaire_id": spec.questionnaire_id, "notes": [], "photos": [],
           "tallies": {q: {c: 0 for c in opts} for q, opts in spec.tally_options.items()},
           "tally_quotes": {q: "" for q in spec.tally_options},
           "created_at": now, "created_by": by,
           "history": [_change(by, "created", None, None, now)]}
    fg_id = storage.table(TABLE).insert(doc)
    return get_session(storage, fg_id)


def _modify(storage, fg_id, change):
    """Run change(doc) -> list of history entries inside one metadata transaction."""
    with storage.transaction():
        table = storage.table(TABLE)
        doc = table.get(doc_id=fg_id) if isinstance(fg_id, int) else None
        if doc is None:
            raise FocusGroupError("id", "no_focus_group", id=fg_id)
        doc = dict(doc)
        entries = change(doc)
        if entries:
            doc["history"] = list(doc.get("history", [])) + entries
            table.update(doc, doc_ids=[fg_id])
    return get_session(storage, fg_id)


def update_session(storage, fg_id, fields: dict, by: str, now=None) -> dict:
    """Apply edited fields; one history entry per field that changed."""
    now = now or utc_now()

    def change(doc):
        entries = []
        for name in SESSION_FIELDS:
            if name in fields and fields[name] != doc.get(name):
                entries.append(_change(by, name, doc.get(name), fields[name], now))
                doc[name] = fields[name]
        return entries
    return _modify(storage, fg_id, change)


def add_note(storage, fg_id, note: dict, by: str, now=None) -> tuple[dict, str]:
    """Add a parsed note; returns (record, note id)."""
    now, note_id = now or utc_now(), secrets.token_hex(4)

    def change(doc):
        doc["notes"] = list(doc.get("notes", [])) + [{"id": note_id, **note}]
        return [_change(by, f"note {note_id}", None, note, now)]
    return _modify(storage, fg_id, change), note_id


def _find_note(doc, note_id) -> int:
    for index, note in enumerate(doc.get("notes", [])):
        if note["id"] == note_id:
            return index
    raise FocusGroupError("note", "no_note", id=note_id)


def update_note(storage, fg_id, note_id, note: dict, by: str, now=None) -> dict:
    """Replace a note's fields; one history entry per changed field (e.g. `note ab12: quote`)."""
    now = now or utc_now()

    def change(doc):
        notes = [dict(n) for n in doc.get("notes", [])]
        index = _find_note(doc, note_id)
        entries = [_change(by, f"note {note_id}: {key}", notes[index].get(key), value, now)
                   for key, value in note.items() if notes[index].get(key) != value]
        notes[index].update(note)
        doc["notes"] = notes
        return entries
    return _modify(storage, fg_id, change)


def delete_note(storage, fg_id, note_id, by: str, now=None) -> dict:
    now = now or utc_now()

    def change(doc):
        index = _find_note(doc, note_id)
        notes = list(doc["notes"])
        removed = notes.pop(index)
        doc["notes"] = notes
        return [_change(by, f"note {note_id}", {k: v for k, v in removed.items() if k != "id"}, None, now)]
    return _modify(storage, fg_id, change)


def set_tallies(storage, fg_id, tallies: dict, quotes: dict, by: str, now=None) -> dict:
    now = now or utc_now()

    def change(doc):
        entries = []
        for qid, counts in tallies.items():
            old = doc.get("tallies", {}).get(qid, {})
            if counts != old:
                entries.append(_change(by, f"tallies {qid}", old, counts, now))
            if quotes.get(qid, "") != doc.get("tally_quotes", {}).get(qid, ""):
                entries.append(_change(by, f"quotes {qid}", doc.get("tally_quotes", {}).get(qid, ""),
                                       quotes.get(qid, ""), now))
        doc["tallies"] = {**doc.get("tallies", {}), **tallies}
        doc["tally_quotes"] = {**doc.get("tally_quotes", {}), **quotes}
        return entries
    return _modify(storage, fg_id, change)


def add_photo(storage, fg_id, photo: dict, by: str, now=None) -> dict:
    """Attach a stored photo (photos.save_photo's dict) to the record."""
    now = now or utc_now()

    def change(doc):
        doc["photos"] = list(doc.get("photos", [])) + [{**photo, "bounds": None, "uploaded_at": now}]
        return [_change(by, f"photo {photo['id']}", None, photo["id"], now)]
    return _modify(storage, fg_id, change)


def set_photo_bounds(storage, fg_id, photo_id, bounds, by: str, now=None) -> dict:
    """Georeference a photo with two corners [[south, west], [north, east]] (or None)."""
    now = now or utc_now()

    def change(doc):
        photos = [dict(p) for p in doc.get("photos", [])]
        for photo in photos:
            if photo["id"] == photo_id:
                if photo.get("bounds") == bounds:
                    return []
                entry = _change(by, f"photo {photo_id}: bounds", photo.get("bounds"), bounds, now)
                photo["bounds"] = bounds
                doc["photos"] = photos
                return [entry]
        raise FocusGroupError("photo", "no_photo", id=photo_id)
    return _modify(storage, fg_id, change)


def find_photo(record, photo_id) -> dict | None:
    return next((p for p in record.get("photos", []) if p["id"] == photo_id), None)


# --- merged outputs (for summaries and exporters) ----------------------------------

def focus_group_marks(storage, questionnaire_id, wave=None, include_text=False) -> list[dict]:
    """One dict per sticky note, shaped like a survey map mark, channel `focus_group`.
    `agreed` says how many children stood behind the note (a property, not repeated
    rows). `quote` is included only when `include_text` (never for the city)."""
    marks = []
    for record in sorted(list_sessions(storage, questionnaire_id, wave), key=lambda r: r["id"]):
        for note in record.get("notes", []):
            mark = {"response_id": f"fg{record['id']}-{note['id']}", "focus_group_id": record["id"],
                    "question": MAP_QUESTION, "lat": note["lat"], "lon": note["lon"], "place": note["place"],
                    "category": note["category"], "feeling": "unsafe", "agreed": note["agreed"],
                    "experience": note["experience"], "age_band": note["age_band"], "channel": CHANNEL,
                    "campaign_id": record["campaign_id"], "wave": record["wave"],
                    "questionnaire_id": questionnaire_id, "date": record["date"]}
            if include_text:
                mark["quote"] = note.get("quote", "")
            marks.append(mark)
    return marks


def focus_group_tallies(storage, questionnaire_id, wave=None) -> dict:
    """{question: {"base": children present, "sessions": n, "counts": {code: children}}}
    summed over the matching records, for `strategie` and `potreby`."""
    result = {}
    for record in list_sessions(storage, questionnaire_id, wave):
        present = children_present(record)
        for qid, counts in record.get("tallies", {}).items():
            entry = result.setdefault(qid, {"base": 0, "sessions": 0, "counts": {}})
            entry["base"] += present
            entry["sessions"] += 1
            for code, n in counts.items():
                entry["counts"][code] = entry["counts"].get(code, 0) + n
    return result


def focus_group_composition(storage, questionnaire_id, wave=None, min_cell=5) -> dict:
    """Who took part, for the city: totals by age band and by gender over the matching
    records, each figure below `min_cell` (but above 0) replaced by None (suppressed).
    Never a band x gender cross table: small groups would identify children."""
    by_band, by_gender, sessions = {}, {g: 0 for g in GENDERS}, 0
    for record in list_sessions(storage, questionnaire_id, wave):
        sessions += 1
        for band, row in record.get("composition", {}).items():
            by_band[band] = by_band.get(band, 0) + sum(row.values())
            for gender, n in row.items():
                by_gender[gender] = by_gender.get(gender, 0) + n

    def safe(n):
        return None if 0 < n < min_cell else n
    return {"sessions": sessions, "children": safe(sum(by_band.values())),
            "by_age_band": {b: safe(n) for b, n in by_band.items()},
            "by_gender": {g: safe(n) for g, n in by_gender.items()}}


def public_json(record) -> dict:
    """The record for the facilitators' JSON API (everything, quotes included)."""
    return {**record, "children_present": children_present(record)}
