"""Loader checks for the `map` question type and for coordinates (no Flask).

check_map() turns a map question's YAML keys into its `config` dict with defaults
filled in: categories (Options with extra["colour"]), feelings, min_marks, max_marks,
comment, bounds, center, zoom, basemap.
"""
import re
from pathlib import Path

from .checks import Checker, describe, display_path, is_number, suggest
from .yaml_lines import LineDict

FEELINGS = ("unsafe", "safe")
COMMENT_MODES = ("off", "optional")
MAX_MARKS_LIMIT = 50
DEFAULT_ZOOM = 15
COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
IMAGE_RE = re.compile(r"maps/([A-Za-z0-9_-][A-Za-z0-9._-]*\.(?:png|jpe?g|webp))")
# Colours for categories that name none, distinct enough on a street map.
PALETTE = ("#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#f39c12")
BASEMAP_KEYS = {"tiles": ({"type", "url", "attribution", "fallback"}, ("url", "attribution")),
                "image": ({"type", "file", "bounds", "attribution"}, ("file", "bounds"))}


def latlon(checker: Checker, value, line: int, what: str):
    """[lat, lon] as floats when `value` is a pair of numbers in range, else None (reported)."""
    if not (isinstance(value, list) and len(value) == 2 and all(is_number(v) for v in value)):
        checker.error(line, f"{what} must be a [lat, lon] pair of numbers (found {describe(value)})")
        return None
    lat, lon = value
    ok = True
    if not -90 <= lat <= 90:
        checker.error(line, f"{what}: latitude {lat} is outside -90..90")
        ok = False
    if not -180 <= lon <= 180:
        checker.error(line, f"{what}: longitude {lon} is outside -180..180")
        ok = False
    return [float(lat), float(lon)] if ok else None


def bounds(checker: Checker, data: LineDict, key: str = "bounds"):
    """[[south, west], [north, east]] with south < north and west < east, else None."""
    value, line = data.get(key), data.value_line(key)
    if not (isinstance(value, list) and len(value) == 2):
        checker.error(line, f"'{key}' must be [[south, west], [north, east]] (found {describe(value)})")
        return None
    corners = [latlon(checker, corner, value.item_line(i), f"'{key}' corner {i + 1}")
               for i, corner in enumerate(value)]
    if None in corners:
        return None
    (south, west), (north, east) = corners
    ok = True
    if not south < north:
        checker.error(line, f"'{key}': south ({south:g}) must be less than north ({north:g})")
        ok = False
    if not west < east:
        checker.error(line, f"'{key}': west ({west:g}) must be less than east ({east:g})")
        ok = False
    return corners if ok else None


def polygon(checker: Checker, data: LineDict, key: str = "polygon"):
    """A list of at least three [lat, lon] pairs, else None (reported)."""
    value = data.get(key)
    if not (isinstance(value, list) and len(value) >= 3):
        checker.error(data.value_line(key),
                      f"'{key}' must be a list of at least 3 [lat, lon] points (found {describe(value)})")
        return None
    points = [latlon(checker, p, value.item_line(i), f"'{key}' point {i + 1}") for i, p in enumerate(value)]
    return None if None in points else points


def check_map(checker: Checker, question: LineDict, maps_dir: Path, icons_dir: Path) -> dict:
    """The `config` of a map question; every problem goes to `checker`."""
    checker.require(question, ("categories", "bounds", "basemap"), "map")
    config = {"categories": _categories(checker, question, icons_dir) if "categories" in question else [],
              "feelings": _feelings(checker, question),
              "comment": _comment(checker, question)}
    config["min_marks"] = _count(checker, question, "min_marks", 0)
    config["max_marks"] = _count(checker, question, "max_marks", 5)
    if config["min_marks"] > config["max_marks"]:
        checker.error(question.value_line("min_marks"), f"min_marks ({config['min_marks']}) is greater"
                                                         f" than max_marks ({config['max_marks']})")
    box = bounds(checker, question) if "bounds" in question else None
    config["bounds"] = box
    config["center"] = _center(checker, question, box)
    config["zoom"] = _zoom(checker, question)
    config["basemap"] = _basemap(checker, question, maps_dir) if "basemap" in question else None
    return config


def _categories(checker, question, icons_dir):
    items = checker.sequence(question, "categories", non_empty=True)
    if items is None:
        return []
    categories = checker.options(items, icons_dir, what="category", extra=("colour",))
    by_value = {c.value: c for c in categories}
    for index, item in enumerate(c for c in items if isinstance(c, LineDict)):
        colour = item.get("colour")
        value = item.get("value")
        category = by_value.get(value) if isinstance(value, str) else None  # bad values are reported
        if "colour" in item and not (isinstance(colour, str) and COLOUR_RE.fullmatch(colour)):
            hint = " (quote it: '#' starts a YAML comment)" if colour is None else ""
            checker.error(item.value_line("colour"),
                          f"colour must be like \"#c0392b\" (found {describe(colour)}){hint}")
        elif category is not None:
            category.extra["colour"] = colour.lower() if colour else PALETTE[index % len(PALETTE)]
    return categories


def _feelings(checker, question):
    if "feelings" not in question:
        return []
    items = checker.sequence(question, "feelings")
    result = []
    for index, value in enumerate(items or []):
        line = items.item_line(index)
        if value not in FEELINGS:
            checker.error(line, f"unknown feeling {describe(value)}: use unsafe and/or safe"
                                f"{suggest(value, FEELINGS)}")
        elif value in result:
            checker.error(line, f"duplicate feeling '{value}'")
        else:
            result.append(value)
    return [f for f in FEELINGS if f in result]


def _comment(checker, question):
    value = question.get("comment", "off")
    if value is False:  # YAML reads a bare `off` as false
        return "off"
    if value in COMMENT_MODES:
        return value
    found = question.raw.get("comment") if isinstance(value, bool) else describe(value)
    checker.error(question.value_line("comment"), f"comment must be off or optional (found"
                                                  f" {found}){suggest(value, COMMENT_MODES)}")
    return "off"


def _count(checker, question, key, default):
    value = question.get(key, default)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_MARKS_LIMIT:
        return value
    checker.error(question.value_line(key), f"{key} must be a whole number from 0 to"
                                            f" {MAX_MARKS_LIMIT} (found {describe(value)})")
    return default


def _center(checker, question, box):
    if "center" not in question:
        if box is None:
            return None
        (south, west), (north, east) = box
        return [round((south + north) / 2, 6), round((west + east) / 2, 6)]
    point = latlon(checker, question["center"], question.value_line("center"), "'center'")
    if point and box and not (box[0][0] <= point[0] <= box[1][0] and box[0][1] <= point[1] <= box[1][1]):
        checker.error(question.value_line("center"), "'center' is outside 'bounds'")
    return point


def _zoom(checker, question):
    value = question.get("zoom", DEFAULT_ZOOM)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 19:
        return value
    checker.error(question.value_line("zoom"), f"zoom must be a whole number from 1 to 19"
                                               f" (found {describe(value)})")
    return DEFAULT_ZOOM


# The host goes into every page's Content-Security-Policy: letters, digits, '-', '.'
# only (Leaflet's {s}. subdomain prefix allowed); the path and query take no spaces,
# quotes, ';' or ',' that could end a CSP directive or a source list.
TILE_URL_RE = re.compile(r"https://(\{s\}\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
                         r"(:[0-9]{1,5})?/[A-Za-z0-9._~/{}@%-]*(\?[A-Za-z0-9._~=&{}%-]*)?")
TILE_PLACEHOLDERS = ("{s}", "{z}", "{x}", "{y}", "{r}")


def plain_tile_url(url) -> bool:
    """True for an https tile URL template fit for the CSP and Leaflet."""
    if not (isinstance(url, str) and len(url) <= 500 and TILE_URL_RE.fullmatch(url)):
        return False
    if not all(p in url for p in ("{z}", "{x}", "{y}")):
        return False
    rest = url
    for placeholder in TILE_PLACEHOLDERS:
        rest = rest.replace(placeholder, "")
    return "{" not in rest and "}" not in rest


def _basemap(checker, question, maps_dir):
    data = question["basemap"]
    if not checker.mapping(data, question.value_line("basemap"), "'basemap'"):
        return None
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in BASEMAP_KEYS:  # a list is unhashable (found by the fuzz test)
        if "type" in data:
            checker.error(data.value_line("type"), f"basemap type must be tiles or image (found"
                                                   f" {describe(kind)}){suggest(kind, BASEMAP_KEYS)}")
        else:
            checker.error(data.line, "missing required basemap key 'type' (tiles or image)")
        return None
    allowed, required = BASEMAP_KEYS[kind]
    checker.keys(data, allowed, f"{kind} basemap", required=required)
    result = {"type": kind}
    if "url" in data:
        url = data["url"]
        if not plain_tile_url(url):
            checker.error(data.value_line("url"), "tiles url must be a plain https:// address"
                                                  " (host, optional port, path) that contains"
                                                  " {z}, {x} and {y}, like"
                                                  " https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        result["url"] = url
    if "attribution" in data:
        if not (isinstance(data["attribution"], str) and data["attribution"].strip()):
            checker.error(data.value_line("attribution"), "attribution must be non-empty text")
        result["attribution"] = data["attribution"]
    for key in ("file", "fallback"):
        if key in data:
            result[key] = _image(checker, data, key, maps_dir)
    if "bounds" in data:
        result["bounds"] = bounds(checker, data)
    return result


def _image(checker, data, key, maps_dir: Path):
    value, line = data[key], data.value_line(key)
    match = IMAGE_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        checker.error(line, f"'{key}' must be an image in the maps folder, like maps/janov.png"
                            f" (found {describe(value)})")
        return None
    if not (maps_dir / match.group(1)).is_file():
        checker.error(line, f"'{key}': image '{value}' not found in {display_path(maps_dir)}/")
        return None
    return value
