"""Template helpers shared by every page: localised text and the choices of a question;
the city's dashboard templates compiled at app start (once per process)."""
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import BytecodeCache

from .i18n import TEXT_FALLBACK, current_lang
from ..questionnaire.model import SMILEY_OPTIONS, YES_NO_OPTIONS, text


@dataclass
class Choice:
    value: object
    label: dict
    icon: str | None = None


def choices(question, questionnaire):
    """What a respondent can pick for this question, with labels and pictograms."""
    if question.type == "yes_no":
        return [Choice(o.value, o.label, o.icon) for o in YES_NO_OPTIONS]  # cs, en and uk
    if question.type == "smiley":
        return [Choice(o.value, o.label, o.icon) for o in SMILEY_OPTIONS]
    if question.type == "scale":
        low = int(question.min if question.min is not None else 1)
        high = int(question.max if question.max is not None else 5)
        return [Choice(v, {"cs": str(v)}) for v in range(low, high + 1)]
    if question.type == "place":
        return [Choice(p.id, p.label, place_icon(p.id)) for p in questionnaire.places]
    return [Choice(o.value, o.label, o.icon) for o in question.options]


ICONS_DIR = Path(__file__).resolve().parent.parent / "static" / "icons"


@lru_cache(maxsize=256)
def place_icon(place_id):
    """The pictogram of a named place: static/icons/place-<id>.svg when it exists, else None."""
    name = f"place-{place_id}"
    return name if (ICONS_DIR / f"{name}.svg").is_file() else None


def _inside(lat, lon, polygon):
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (lon1 > lon) != (lon2 > lon) and lat < (lat2 - lat1) * (lon - lon1) / (lon2 - lon1) + lat1:
            inside = not inside
    return inside


def map_view(question, questionnaire, margin=0.08):
    """[[south, west], [north, east]] of the named place whose polygon holds the map's
    centre (the Janov estate), widened by `margin` on each side, or None: the map opens
    showing that whole place on any screen size."""
    center = (question.config or {}).get("center")
    if not center:
        return None
    lat, lon = center
    for place in questionnaire.places:
        polygon = [list(point) for point in (place.polygon or [])]
        if len(polygon) >= 3 and _inside(lat, lon, polygon):
            lats, lons = [p[0] for p in polygon], [p[1] for p in polygon]
            d_lat, d_lon = (max(lats) - min(lats)) * margin, (max(lons) - min(lons)) * margin
            return [[round(min(lats) - d_lat, 6), round(min(lons) - d_lon, 6)],
                    [round(max(lats) + d_lat, 6), round(max(lons) + d_lon, 6)]]
    return None


def localise(value, lang=None):
    """The text of a localised {cs: ..., en: ...} in the current language; a language
    the text lacks (uk before its translation) falls back to TEXT_FALLBACK, then Czech."""
    lang = lang or current_lang()
    if isinstance(value, Mapping) and not value.get(lang) and lang in TEXT_FALLBACK:
        lang = TEXT_FALLBACK[lang]
    return text(value, lang)


def vector_twin(image, maps_dir):
    """'maps/janov.svg' when a vector drawing of the basemap image 'maps/janov.png' lies
    next to it (sharp at every zoom), else `image` itself."""
    stem = image.rsplit(".", 1)[0]
    return stem + ".svg" if (Path(maps_dir) / (stem[len("maps/"):] + ".svg")).is_file() else image


def show_if_json(screen):
    """The show_if rules of a screen's questions, for the page script that hides
    questions live (the server applies the same rules)."""
    rules = {}
    for question in screen.questions:
        if question.show_if is not None:
            condition = question.show_if
            rules[question.id] = {"question": condition.question, "op": condition.op,
                                  "value": condition.value}
    return json.dumps(rules, ensure_ascii=False)


class SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory for every app of the process (a test run or a
    bench builds many apps); a template whose source changed is compiled again (the
    bucket's checksum)."""

    def __init__(self):
        self._store, self._lock = {}, threading.Lock()

    def load_bytecode(self, bucket):
        with self._lock:
            code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        code = bucket.bytecode_to_string()
        with self._lock:
            self._store[bucket.key] = code

    def clear(self):
        with self._lock:
            self._store.clear()


BYTECODE = SharedBytecode()
# The city's first dashboard view in a fresh worker would otherwise compile these
# (≈ 0.4 s): they are compiled when the worker starts, before it takes a request.
WARM_TEMPLATES = ("base.html", "admin/base.html", "dashboard/_publish.html", "dashboard/questionnaire.html",
                  "dashboard/unpublished.html", "measures/_coverage.html", "measures/_before_after.html")


def warm_templates(app, names=WARM_TEMPLATES):
    """Compile (or load from BYTECODE) the templates `names` into the app's cache."""
    for name in names:
        app.jinja_env.get_template(name)


def init_app(app):
    app.jinja_env.bytecode_cache = BYTECODE
    app.jinja_env.filters["loc"] = localise
    app.jinja_env.globals.update(choices=choices, show_if_json=show_if_json, place_icon=place_icon,
                                 map_view=map_view,
                                 vector_twin=lambda image: vector_twin(image, Path(app.config["QUESTIONNAIRES_DIR"]) / "maps"))
    warm_templates(app)
