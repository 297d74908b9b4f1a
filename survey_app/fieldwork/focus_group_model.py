"""Focus groups, the record itself (no Flask): constants, the Spec read from the
questionnaire, the error type, and parsing form-like input into record fields.
Storage of records and the merged outputs are in focus_group_records.py; import
both through survey_app.fieldwork.focus_groups."""
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from .messages import CatalogueError
from ..vocabulary import FOCUS_GROUP, N_

TABLE = "focus_groups"
MAP_QUESTION, AGE_QUESTION = "mapa", "vek"
TALLY_QUESTIONS = ("strategie", "potreby")
CHANNEL = FOCUS_GROUP  # what its marks carry as `channel`
MAX_TEXT, MAX_QUOTE, MAX_NOTES_TEXT, MAX_FACILITATORS = 120, 1000, 5000, 10
MAX_CHILDREN = 200


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
