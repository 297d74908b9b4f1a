"""The parts of the question types that need neither analysis nor Flask (no Flask).

These are the functions the QUESTION_TYPES table (model.py) points at. A normaliser
gets (question type, question, raw value, questionnaire) and returns the stored value,
None for an empty answer, or raises AnswerError. A form parser gets (question type,
question, getlist) and turns posted strings into the raw value the normaliser expects,
so the HTML form and the JSON API share one set of rules. A demo generator gets
(rng, question, questionnaire) and returns a plausible raw answer; a config check
gets (checker, data, context) and returns the question's `config`.
"""
import json
import math
import re
import unicodedata

from ..responses.messages import AnswerError

MARK_KEYS = ("lat", "lon", "category", "feeling", "comment")
# Without JavaScript the map is a list of places: a mark then names a place instead of
# coordinates, and category/feeling become optional (the list cannot ask for them).
PLACE_MARK_KEYS = ("place", "category", "feeling", "comment")
MARK_COMMENT_MAX = 280
DEFAULT_MARKS = (0, 5)
# C0 control characters except tab and newline: they break CSV/Excel exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _empty(value) -> bool:
    return value is None or (isinstance(value, (str, list)) and len(value) == 0)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite(value) -> bool:
    # math.isfinite(int) converts to float and overflows for huge ints; ints are finite.
    return isinstance(value, int) or math.isfinite(value)


def _find(value, allowed):
    """The allowed value equal to `value` (so smiley 3.0 is stored as 3), else raise."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerError("not_an_option")
    for candidate in allowed:
        same_kind = type(candidate) is type(value) or (_is_number(candidate) and _is_number(value))
        if same_kind and candidate == value:
            return candidate
    raise AnswerError("not_an_option")


def choice(qtype, question, value, questionnaire):
    """single_choice, multi_choice, yes_no, smiley, age_band, place: one allowed value, or
    a list of them (stored in option order, without duplicates) for multi types."""
    if _empty(value):
        return None
    allowed = qtype.choice_values(question, questionnaire) or []
    if not qtype.is_multi(question):
        return _find(value, allowed)
    if not isinstance(value, list):
        raise AnswerError("not_a_list")
    chosen = {_find(item, allowed) for item in value}
    result = [v for v in allowed if v in chosen]
    if question.max is not None and len(result) > question.max:
        raise AnswerError("too_many", max=question.max)
    if question.min is not None and len(result) < question.min:
        raise AnswerError("too_few", min=question.min)
    return result


# Floats beyond 2**53 are not exact integers; turning 1e300 into a 301-digit int helps nobody.
_EXACT = 2 ** 53


def _number(value):
    if not _is_number(value) or not _finite(value):
        raise AnswerError("not_a_number")
    if isinstance(value, float) and value.is_integer() and abs(value) <= _EXACT:
        return int(value)
    return value


def _check_bounds(value, low, high):
    if low is not None and high is not None:
        if not low <= value <= high:
            raise AnswerError("out_of_range", min=low, max=high)
    elif low is not None and value < low:
        raise AnswerError("number_too_small", min=low)
    elif high is not None and value > high:
        raise AnswerError("number_too_large", max=high)
    return value


def _bound(question, qtype, key):
    value = getattr(question, key)
    return qtype.defaults.get(key) if value is None else value


def number(qtype, question, value, questionnaire):
    """A JSON number (not a bool, not a string), finite, int if integral, in min..max."""
    if _empty(value):
        return None
    return _check_bounds(_number(value), _bound(question, qtype, "min"), _bound(question, qtype, "max"))


def integer(qtype, question, value, questionnaire):
    """scale: a whole number in min..max (default 1..5)."""
    if _empty(value):
        return None
    value = _number(value)
    if not isinstance(value, int):
        raise AnswerError("not_an_integer")
    return _check_bounds(value, _bound(question, qtype, "min"), _bound(question, qtype, "max"))


def clean_text(value: str) -> str:
    """Stripped, NFC-normalised text with \\n line ends and no control characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()


def free_text(qtype, question, value, questionnaire):
    """text, textarea: a string, stripped, at most max_length characters."""
    if _empty(value):
        return None
    if not isinstance(value, str):
        raise AnswerError("not_a_string")
    value = clean_text(value)
    limit = _bound(question, qtype, "max_length")
    if limit is not None and len(value) > limit:
        raise AnswerError("too_long", max=limit)
    return value or None


def no_answer(qtype, question, value, questionnaire):
    """info: takes no answer."""
    if _empty(value):
        return None
    raise AnswerError("info_no_answer")


def map_marks(qtype, question, value, questionnaire):
    """map: a list of marks {lat, lon, category, feeling?, comment?} (or, from the list
    fallback, {place, category?, feeling?, comment?}), min_marks..max_marks of them."""
    if _empty(value):
        return None
    if not isinstance(value, list):
        raise AnswerError("not_a_list")
    config = question.config or {}
    low = config.get("min_marks", DEFAULT_MARKS[0])
    high = config.get("max_marks", DEFAULT_MARKS[1])
    if len(value) > high:
        raise AnswerError("too_many_marks", max=high)
    marks = [_mark(mark, index, config, questionnaire) for index, mark in enumerate(value, 1)]
    if len(marks) < low:
        raise AnswerError("too_few_marks", min=low)
    return marks


def _mark(mark, index, config, questionnaire) -> dict:
    if not isinstance(mark, dict):
        raise AnswerError("mark_not_object", index=index)
    by_place = "place" in mark
    for key in mark:
        if key not in (PLACE_MARK_KEYS if by_place else MARK_KEYS):
            raise AnswerError("mark_unknown_key", index=index, key=str(key)[:40])
    result = _mark_place(mark, index, questionnaire) if by_place else _mark_position(mark, index, config)
    category = mark.get("category")
    categories = [c.get("value") if isinstance(c, dict) else c.value for c in config.get("categories", [])]
    if not (by_place and _empty(category)):
        if not isinstance(category, str) or category not in categories:
            raise AnswerError("mark_unknown_category", index=index)
        result["category"] = category
    feeling, feelings = mark.get("feeling"), config.get("feelings") or []
    if _empty(feeling):
        if feelings and not by_place:
            raise AnswerError("mark_feeling_required", index=index)
    elif not isinstance(feeling, str) or feeling not in feelings:
        raise AnswerError("mark_unknown_feeling", index=index)
    else:
        result["feeling"] = feeling
    comment = mark.get("comment")
    if not _empty(comment):
        if config.get("comment", "off") != "optional":
            raise AnswerError("mark_comment_not_allowed", index=index)
        if not isinstance(comment, str):
            raise AnswerError("mark_comment_not_text", index=index)
        comment = clean_text(comment)
        if len(comment) > MARK_COMMENT_MAX:
            raise AnswerError("mark_comment_too_long", index=index, max=MARK_COMMENT_MAX)
        if comment:
            result["comment"] = comment
    return result


def _mark_place(mark, index, questionnaire) -> dict:
    place = mark["place"]
    if not isinstance(place, str) or questionnaire.place(place) is None:
        raise AnswerError("mark_unknown_place", index=index)
    return {"place": place}


def _mark_position(mark, index, config) -> dict:
    lat, lon = mark.get("lat"), mark.get("lon")
    if not all(_is_number(v) and _finite(v) for v in (lat, lon)):
        raise AnswerError("mark_bad_coordinates", index=index)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AnswerError("mark_bad_coordinates", index=index)
    bounds = config.get("bounds")
    if bounds:
        (south, west), (north, east) = bounds
        if not (south <= lat <= north and west <= lon <= east):
            raise AnswerError("mark_out_of_bounds", index=index)
    return {"lat": round(float(lat), 6), "lon": round(float(lon), 6)}


# ---- HTML form parsing -------------------------------------------------------------

def _values(question, getlist, suffix=""):
    return [v.strip() for v in getlist(question.id + suffix) if isinstance(v, str) and v.strip()]


def parse_single(qtype, question, getlist):
    """The first non-empty posted value."""
    values = _values(question, getlist)
    return values[0] if values else None


def parse_list(qtype, question, getlist):
    """All non-empty posted values (checkboxes)."""
    return _values(question, getlist) or None


def parse_place(qtype, question, getlist):
    return parse_list(qtype, question, getlist) if qtype.is_multi(question) else parse_single(
        qtype, question, getlist)


def _to_number(raw: str):
    """"12" -> 12, "1,5" -> 1.5 (Czech decimal comma), "1 000" -> 1000; else the string
    itself, which the normaliser then refuses with a proper message."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", raw).replace(",", ".")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        return raw
    return int(value) if value.is_integer() and abs(value) <= _EXACT else value


def parse_integer(qtype, question, getlist):
    raw = parse_single(qtype, question, getlist)
    return None if raw is None else _to_number(raw)


parse_number = parse_integer


def parse_text(qtype, question, getlist):
    values = [v for v in getlist(question.id) if isinstance(v, str)]
    return values[0] if values and values[0].strip() else None


def parse_nothing(qtype, question, getlist):
    return None


def parse_map(qtype, question, getlist):
    """Marks as JSON in field `<qid>` (the map script keeps it up to date), plus the list
    fallback's checkboxes `<qid>__place`, which decide the place marks."""
    raw = parse_single(qtype, question, getlist)
    marks = []
    if raw is not None:
        try:
            marks = json.loads(raw)
        except (ValueError, RecursionError):
            return raw  # refused by the normaliser as "not a list"
        if not isinstance(marks, list):
            return marks
    checked = _values(question, getlist, "__place")
    kept = {m["place"]: m for m in marks if isinstance(m, dict) and isinstance(m.get("place"), str)}
    result = [m for m in marks if not (isinstance(m, dict) and "place" in m)]
    for place in dict.fromkeys(checked):
        result.append(kept.get(place, {"place": place}))
    return result or None


# ---- the type's own configuration ----------------------------------------------------

def no_config(checker, data, context) -> dict:
    """Types whose keys are all plain question fields: no `config`."""
    return {}


def map_config(checker, data, context) -> dict:
    """map: categories, feelings, marks, bounds, basemap (questionnaire/map_config.py)."""
    from . import map_config as checks  # map_config -> checks -> model -> types: lazily
    return checks.check_map(checker, data, context.maps_dir, context.icons_dir)


# ---- demo data (responses/demo.py) --------------------------------------------------

DEMO_TEXT = ["Víc světla u zastávky.", "Hřiště pro větší děti.", "Klubovna, kde můžeme být.",
             "Aby tu jezdila policie i večer.", "More light in the park."]


def _pick_weighted(rng, values):
    # Earlier options are a little more common, as in real surveys.
    weights = [len(values) - i + 1 for i in range(len(values))]
    return rng.choices(values, weights=weights, k=1)[0]


def _some(rng, values, low=1, high=None):
    high = min(high or len(values), len(values))
    count = rng.randint(min(low, high), high)
    chosen = set(rng.sample(values, count))
    return [v for v in values if v in chosen]


def demo_option(rng, question, questionnaire):
    return _pick_weighted(rng, [o.value for o in question.options])


def demo_options(rng, question, questionnaire):
    return _some(rng, [o.value for o in question.options], question.min or 1, question.max or 3)


def demo_yes_no(rng, question, questionnaire):
    return rng.choice(["yes", "yes", "no"])


def demo_smiley(rng, question, questionnaire):
    return rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 4, 3, 2])[0]


def demo_scale(rng, question, questionnaire):
    low = question.min if question.min is not None else 1
    return rng.randint(int(low), int(question.max if question.max is not None else 5))


def demo_number(rng, question, questionnaire):
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else low + 100
    return rng.randint(int(low), int(high))


def demo_text(rng, question, questionnaire):
    return rng.choice(DEMO_TEXT)[: question.max_length or 200]


def demo_textarea(rng, question, questionnaire):
    return rng.choice(DEMO_TEXT)[: question.max_length or 2000]


def demo_place(rng, question, questionnaire):
    places = [p.id for p in questionnaire.places]
    return _some(rng, places, 1, 2) if question.multiple else rng.choice(places)


def demo_map(rng, question, questionnaire):
    config = question.config
    (south, west), (north, east) = config["bounds"]
    categories = [c.value for c in config["categories"]]
    feelings = config.get("feelings") or []
    low = max(config.get("min_marks", 0), 1 if question.required else 0)
    count = rng.randint(low, max(low, min(config.get("max_marks", 5), 3)))
    marks = []
    for _ in range(count):
        # Cluster marks around a few hot spots so that grid summaries have something to show.
        lat = rng.uniform(south, north)
        lon = rng.uniform(west, east)
        if rng.random() < 0.7:
            lat = south + (north - south) * rng.choice([0.3, 0.5, 0.62]) + rng.gauss(0, 0.0008)
            lon = west + (east - west) * rng.choice([0.4, 0.55, 0.7]) + rng.gauss(0, 0.0008)
            lat, lon = min(max(lat, south), north), min(max(lon, west), east)
        mark = {"lat": round(lat, 6), "lon": round(lon, 6), "category": _pick_weighted(rng, categories)}
        if feelings:
            mark["feeling"] = feelings[0] if rng.random() < 0.8 else rng.choice(feelings)
        marks.append(mark)
    return marks
