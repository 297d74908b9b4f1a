"""The JSON that static/js/fg_map.js reads from the note form's `data-fg-map`.

`view` is where the map opens: the place (with a polygon) around the map question's
`center` - on deti-bezpeci the Janov estate, where the group's notes are - as
`bounds`, so the whole town is not shown small; the full `bounds` stay the limits."""
from flask import url_for
from flask_babel import gettext as _

from ...questionnaire.model import text
from ..i18n import current_lang


def _basemap(config) -> dict:
    basemap = dict(config.get("basemap") or {})
    out = {"type": basemap.get("type"), "bounds": basemap.get("bounds") or config.get("bounds"),
           "url": basemap.get("url"), "attribution": basemap.get("attribution")}
    if basemap.get("file"):
        out["image"] = url_for("survey.map_image", filename=basemap["file"][len("maps/"):])
    if basemap.get("fallback"):
        out["fallback"] = url_for("survey.map_image", filename=basemap["fallback"][len("maps/"):])
    return out


def _inside(point, polygon) -> bool:
    """Ray casting: is [lat, lon] inside the polygon [[lat, lon], ...]?"""
    lat, lon = point
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (lat1 > lat) != (lat2 > lat) and lon < lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1):
            inside = not inside
    return inside


def initial_view(config, places=()) -> dict:
    """{"center", "zoom", "place", "bounds"}: the place around `center` and its
    bounding box ([[south, west], [north, east]]); without one, center and zoom only."""
    center = config.get("center")
    view = {"center": center, "zoom": config.get("zoom", 15), "place": None, "bounds": None}
    if not center:
        return view
    for place in places:
        polygon = [list(map(float, corner)) for corner in (getattr(place, "polygon", None) or [])]
        if len(polygon) >= 3 and _inside(center, polygon):
            lats, lons = [c[0] for c in polygon], [c[1] for c in polygon]
            view.update(place=place.id, bounds=[[min(lats), min(lons)], [max(lats), max(lons)]])
            break
    return view


def map_data(record, spec, editing=None, places=()) -> dict:
    """Map settings (`places`: the questionnaire's places, for the initial view), the
    record's notes as points (no quotes: not needed on the map),
    georeferenced photos as optional basemaps, and the texts the script shows."""
    lang = current_lang()
    config = spec.map_config
    colours = {c.value: c.extra.get("colour") for c in config.get("categories", [])}
    notes = [{"id": n["id"], "lat": n["lat"], "lon": n["lon"], "category": n["category"],
              "label": text(spec.categories.get(n["category"]), lang), "agreed": n["agreed"],
              "colour": colours.get(n["category"]) or "#2456a6"}
             for n in record.get("notes", []) if n.get("lat") is not None and n["id"] != editing]
    photos = [{"url": url_for("focus_groups.photo", fg_id=record["id"], photo_id=p["id"]),
               "bounds": p["bounds"], "label": _("Photo of the paper map %(n)d", n=i + 1)}
              for i, p in enumerate(record.get("photos", [])) if p.get("bounds")]
    return {"bounds": config.get("bounds"), "center": config.get("center"), "zoom": config.get("zoom", 15),
            "view": initial_view(config, places), "basemap": _basemap(config), "notes": notes, "photos": photos,
            "texts": {"set": _("The point is set. Now fill in the note below."),
                      "outside": _("The map ends here. Tap a place inside the map."),
                      "failed": _("The map could not be loaded. Choose a place from the list instead."),
                      "map": _("Map"), "town": _("Town map"), "agreed": _("agreed")}}
