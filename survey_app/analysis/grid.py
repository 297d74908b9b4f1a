"""Map geometry for summaries: a local metric projection, point-in-polygon and the
100 m grid (numpy only, no Flask, no GIS libraries).

The town fits in a few kilometres, so an equirectangular projection around the map's
bounds is accurate to well under a metre per 100 m cell (the error grows with the
square of the distance from the reference latitude: about 0.01 % across Litvínov).
Cells are anchored at the south-west corner of the map question's `bounds`, so the
same place falls into the same cell in every export and every wave.
"""
from __future__ import annotations

import math

import numpy as np

from ..vocabulary import ALL, DEFAULT_LANG

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG); the grid needs metres, not a datum
CELL_M = 100


class LocalProjection:
    """Metres east/north of `origin` ([lat, lon]); `ref_lat` fixes the scale of longitude."""

    def __init__(self, origin, ref_lat):
        self.lat0, self.lon0 = float(origin[0]), float(origin[1])
        self.m_per_deg_lat = math.radians(1) * EARTH_RADIUS_M
        self.m_per_deg_lon = self.m_per_deg_lat * math.cos(math.radians(ref_lat))

    @classmethod
    def for_bounds(cls, bounds):
        """Anchored at the south-west corner, scaled at the middle latitude."""
        (south, west), (north, _east) = bounds
        return cls((south, west), (south + north) / 2)

    def to_metres(self, lat, lon):
        """(x east, y north) in metres for arrays of lat/lon."""
        lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        return (lon - self.lon0) * self.m_per_deg_lon, (lat - self.lat0) * self.m_per_deg_lat

    def to_latlon(self, x, y):
        """Inverse of to_metres: (lat, lon)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        return self.lat0 + y / self.m_per_deg_lat, self.lon0 + x / self.m_per_deg_lon


def points_in_polygon(lat, lon, polygon) -> np.ndarray:
    """Boolean array: which points (arrays lat, lon) lie inside `polygon` ([[lat, lon], ...],
    closed implicitly). Even-odd ray casting, vectorised over the points; a point exactly
    on an edge may fall on either side, which is fine for counting marks."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    inside = np.zeros(lat.shape, dtype=bool)
    vertices = [(float(p[0]), float(p[1])) for p in polygon]
    for (lat1, lon1), (lat2, lon2) in zip(vertices, vertices[1:] + vertices[:1]):
        if lat1 == lat2:
            continue  # a horizontal edge never crosses a horizontal ray
        crosses = (lat1 > lat) != (lat2 > lat)
        at_lon = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
        inside ^= crosses & (lon < at_lon)
    return inside


def area_of_points(lat, lon, places) -> np.ndarray:
    """Object array: for each point the id of the first place whose polygon contains it,
    else None. `places` are questionnaire Places; those without a polygon are skipped."""
    lat = np.asarray(lat, dtype=float)
    result = np.full(lat.shape, None, dtype=object)
    unassigned = np.ones(lat.shape, dtype=bool)
    for place in places:
        if not place.polygon:
            continue
        hit = unassigned & points_in_polygon(lat, lon, place.polygon)
        result[hit] = place.id
        unassigned &= ~hit
    return result


def cell_index(projection, lat, lon, size=CELL_M):
    """Integer cell columns (east) and rows (north) of the points."""
    x, y = projection.to_metres(lat, lon)
    return np.floor(x / size).astype(np.int64), np.floor(y / size).astype(np.int64)


def cell_id(ix, iy, size=CELL_M):
    """A readable, stable id: metres east and north of the grid origin, e.g. E1200N3400."""
    return f"E{int(ix) * size}N{int(iy) * size}"


def cell_bounds(projection, ix, iy, size=CELL_M):
    """[[south, west], [north, east]] of the cells (arrays), rounded to 6 decimals."""
    ix, iy = np.asarray(ix), np.asarray(iy)
    south, west = projection.to_latlon(ix * size, iy * size)
    north, east = projection.to_latlon((ix + 1) * size, (iy + 1) * size)
    return [np.round(v, 6) for v in (south, west, north, east)]


GRID_COLUMNS = ["wave", "question", "cell", "south", "west", "north", "east", "category",
                "category_label", "n"]


def grid_table(questionnaire, marks_by_question, scope_of_row, labels, k, lang=DEFAULT_LANG, fg=None, fg_scope=None):
    """Respondents with marks of each category in each 100 m cell, per wave (and pooled
    when `labels` ends with the pooled label), plus the children behind focus-group
    notes (`fg`, focus_group_merge.FocusGroupData; `fg_scope` its sessions' waves)
    counted by focus_group_merge.backed. `marks_by_question`: {question id: its
    marks frame}. With k > 0 (the city) cells under k are dropped, and so is a wave's
    cell whose pooled count would give it away."""
    import pandas as pd

    from . import suppression
    from ..questionnaire.model import text

    frames = []
    pooled = len(labels) > 1 and labels[-1] == ALL
    empty = pd.DataFrame({"lat": pd.Series(dtype=float), "lon": pd.Series(dtype=float),
                          "category": pd.Series(dtype=object), "row": pd.Series(dtype="int64")})
    for question in questionnaire.questions:
        bounds = question.config.get("bounds") if question.type == "map" else None
        own = marks_by_question.get(question.id)
        notes = None
        if fg is not None and len(fg.notes):
            notes = fg.notes[(fg.notes["question"] == question.id) & fg.notes["lat"].notna()]
            notes = notes if len(notes) else None
        if not bounds or (own is None and notes is None):
            continue
        own = empty if own is None else own[own["lat"].notna()]
        categories = question.config.get("categories") or []
        values = [c.value for c in categories]
        category = own["_category"].to_numpy() if "_category" in own else \
            pd.Categorical(own["category"], categories=values).codes.astype(np.int64)
        projection = LocalProjection.for_bounds(bounds)
        ix, iy = cell_index(projection, own["lat"].to_numpy(), own["lon"].to_numpy())
        keep = category >= 0
        ix, iy, category, rows = ix[keep], iy[keep], category[keep], own["row"].to_numpy(dtype=np.int64)[keep]
        if notes is not None:
            note_category = pd.Categorical(notes["category"], categories=values).codes.astype(np.int64)
            nx, ny = cell_index(projection, notes["lat"].to_numpy(), notes["lon"].to_numpy())
            nx, ny = nx[note_category >= 0], ny[note_category >= 0]
        else:
            note_category, nx, ny = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        all_x, all_y = np.concatenate([ix, nx]), np.concatenate([iy, ny])
        if not len(all_x):
            continue
        x0, y0 = int(all_x.min()), int(all_y.min())
        width = int(all_x.max()) - x0 + 1
        cell = (iy - y0) * width + (ix - x0)
        size = (int(((all_y - y0) * width + (all_x - x0)).max()) + 1) * len(values)
        # one count per respondent, cell and category (five marks in one cell count once)
        items = np.unique(rows * size + cell * len(values) + category)
        key = items % size
        scope = scope_of_row[items // size]
        n_scopes = len(labels) - int(pooled)
        counts = np.bincount(scope * size + key, minlength=n_scopes * size).reshape(n_scopes, size)
        if notes is not None:
            from .focus_group_merge import FocusGroupData, backed
            note_x, note_y = cell_index(projection, notes["lat"].to_numpy(), notes["lon"].to_numpy())
            note_key = np.where(note_category >= 0,
                                ((note_y - y0) * width + (note_x - x0)) * len(values) + note_category, -1)
            counts = counts + backed(FocusGroupData(fg.sessions, notes, fg.tallies, fg.composition),
                                     fg_scope, note_key, size, n_scopes)
        if pooled:
            counts = np.concatenate([counts, counts.sum(axis=0, keepdims=True)])
        found_scope, found_key = np.nonzero(counts)
        found = pd.DataFrame({"scope": found_scope, "cell": found_key // len(values),
                              "category": found_key % len(values), "n": counts[found_scope, found_key]})
        if k:
            areas = _cell_areas(own, keep, cell, questionnaire.places)
            found = _protect_grid(found, k, len(labels) - 1 if pooled else None, suppression, areas)
        cx = found["cell"].to_numpy() % width + x0
        cy = found["cell"].to_numpy() // width + y0
        south, west, north, east = cell_bounds(projection, cx, cy)
        category_labels = np.array([text(c.label, lang) for c in categories], dtype=object)
        frames.append(pd.DataFrame({
            "wave": np.asarray(labels, dtype=object)[found["scope"].to_numpy()], "question": question.id,
            "cell": [f"E{x * CELL_M}N{y * CELL_M}" for x, y in zip(cx.tolist(), cy.tolist())],
            "south": south, "west": west, "north": north, "east": east,
            "category": np.asarray(values, dtype=object)[found["category"].to_numpy()],
            "category_label": category_labels[found["category"].to_numpy()],
            "n": found["n"].astype("int64").to_numpy()}))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n" else object) for c in GRID_COLUMNS})
    return pd.concat(frames, ignore_index=True)[GRID_COLUMNS]


def _cell_areas(own, keep, cell, places):
    """{cell: the map area (place with a polygon) holding most of its marks}; a cell
    without marks in any area is left out."""
    if not any(place.polygon for place in places) or not len(cell):
        return {}
    area = area_of_points(own["lat"].to_numpy()[keep], own["lon"].to_numpy()[keep], places)
    votes = {}
    for c, a in zip(cell.tolist(), area.tolist()):
        if a is not None:
            votes.setdefault(c, {}).setdefault(a, 0)
            votes[c][a] += 1
    return {c: max(sorted(v), key=v.get) for c, v in votes.items()}


def _area_lines(found, areas):
    """The squares of each (wave, map area, category) as one line without a total of its
    own: the area's count is published in the summary, so area minus squares must not
    leave one hidden square (nor hidden squares worth 1..K-1, see _protect_grid)."""
    keys = [(s, areas.get(c), g) if areas.get(c) is not None else None
            for s, c, g in zip(found["scope"].tolist(), found["cell"].tolist(), found["category"].tolist())]
    index = {key: j for j, key in enumerate(dict.fromkeys(k for k in keys if k is not None))}
    member = np.array([index[key] if key is not None else -1 for key in keys], dtype=np.int64)
    return member, len(index)


def _protect_grid(found, k, pooled_scope, suppression, areas=None):
    """Drop cells under k; with several waves, a wave's cell whose pooled count minus the
    other waves would reveal it is dropped too (lines across waves). With map areas, the
    squares inside an area are protected against the area's published count: the hidden
    squares of an area hold 0 or at least k respondents together."""
    found = found.reset_index(drop=True)
    lines = []
    if pooled_scope is not None:
        waves = found["scope"].ne(pooled_scope).to_numpy()
        key = (found["cell"] * 10_000 + found["category"]).to_numpy()
        line_keys, line = np.unique(key[waves], return_inverse=True)
        member = np.full(len(found), -1, dtype=np.int64)
        member[waves] = line.ravel()
        pooled_rows = np.nonzero(~waves)[0]
        order = np.argsort(key[pooled_rows], kind="stable")
        sorted_keys = key[pooled_rows][order]
        where = np.searchsorted(sorted_keys, line_keys)
        hit = (where < len(sorted_keys)) & (sorted_keys[np.minimum(where, len(sorted_keys) - 1)] == line_keys) \
            if len(sorted_keys) else np.zeros(len(line_keys), dtype=bool)
        total = np.full(len(line_keys), -1, dtype=np.int64)
        total[hit] = pooled_rows[order][where[hit]]
        lines.append(suppression.Lines(member, total, True))
    values = found["n"].to_numpy()
    area_member, n_areas = _area_lines(found, areas or {})
    if n_areas:
        lines.append(suppression.Lines(area_member, np.full(n_areas, -1, dtype=np.int64), False))
    hidden = suppression.primary(values, k)
    while True:
        hidden = suppression.suppress(values, hidden, lines, np.full(len(found), -1))
        if not n_areas:
            return found[~hidden]
        inside = area_member >= 0
        residual = np.bincount(area_member[inside], weights=values[inside] * hidden[inside], minlength=n_areas)
        added = False
        for line in np.nonzero((residual > 0) & (residual < k))[0]:
            visible = np.nonzero((area_member == line) & ~hidden)[0]
            if len(visible):  # hide the smallest visible square of the area too
                hidden[visible[np.argmin(values[visible])]] = True
                added = True
        if not added:  # all squares of a short area hidden: then they sum to the area itself
            return found[~hidden]
