"""The JSON that static/js/fg_map.js reads from the note form's `data-fg-map`."""
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


def map_data(record, spec, editing=None) -> dict:
    """Map settings, the record's notes as points (no quotes: not needed on the map),
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
            "basemap": _basemap(config), "notes": notes, "photos": photos,
            "texts": {"set": _("The point is set. Now fill in the note below."),
                      "outside": _("The map ends here. Tap a place inside the map."),
                      "failed": _("The map could not be loaded. Choose a place from the list instead."),
                      "map": _("Map"), "town": _("Town map"), "agreed": _("agreed")}}
