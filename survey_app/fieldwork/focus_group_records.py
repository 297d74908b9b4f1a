"""Focus-group records in the metadata store (no Flask): create, edit, notes, tallies,
photos with their history of changes, and the merged outputs for summaries and
exporters (marks, tallies, composition)."""
import secrets

from ..storage.metadata import get_by_id, with_id
from .focus_group_model import (CHANNEL, GENDERS, MAP_QUESTION, SESSION_FIELDS, TABLE, FocusGroupError,
                                Spec, children_present, utc_now)


def get_session(storage, fg_id) -> dict | None:
    return get_by_id(storage.table(TABLE), fg_id)


def list_sessions(storage, questionnaire_id=None, wave=None) -> list[dict]:
    """Records, newest date first, optionally of one questionnaire and wave."""
    found = [with_id(d) for d in storage.table(TABLE).all()
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
