"""Draw questionnaires/maps/janov.png: a simplified, hand-drawn-style schematic map
of Litvínov with the Janov estate, used as the offline basemap of the `map` question.

Run from the repository root:  .venv/bin/python questionnaires/maps/make_janov_map.py

It writes the same drawing twice: janov.svg (vector, sharp at every zoom: the basemap
the app uses) and janov.png (raster, for places that want a bitmap).

The image is equirectangular: its left/right edges are the west/east longitudes of
BOUNDS and its top/bottom edges the north/south latitudes, exactly. The height is
chosen so that one pixel covers the same distance east-west and north-south at
this latitude, so labels are not stretched when the app fits the image to BOUNDS.
Every position below is APPROXIMATE (see README.md next to this file). To correct
the map, edit the coordinates here, keep BOUNDS equal to `bounds` of the map
questions in questionnaires/*.yaml, and run the script again. It is deterministic.
"""
import math
import os
import random

from PIL import Image, ImageDraw, ImageFont

# [[south, west], [north, east]] – must equal `bounds` in deti-bezpeci.yaml and dospeli-bezpeci.yaml
BOUNDS = ((50.572, 13.540), (50.620, 13.648))
WIDTH = 1600
(S, W), (N, E) = BOUNDS
MID_LAT = math.radians((S + N) / 2)
HEIGHT = round(WIDTH * (N - S) / ((E - W) * math.cos(MID_LAT)))
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "janov.png")
OUT_SVG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "janov.svg")

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# colours
PAPER = (247, 242, 228)
FOREST = (183, 214, 160)
FOREST_DOT = (150, 190, 125)
WATER = (110, 170, 220)
ROAD = (255, 255, 255)
ROAD_EDGE = (190, 170, 140)
MAIN_ROAD = (250, 214, 120)
MAIN_ROAD_EDGE = (200, 150, 60)
BLOCK = (214, 196, 178)
BLOCK_EDGE = (150, 125, 105)
JANOV_BLOCK = (232, 180, 150)
JANOV_EDGE = (170, 110, 80)
HOUSE = (226, 214, 196)
PARK = (160, 205, 130)
RAIL = (90, 90, 90)
INK = (60, 55, 50)
AREA_INK = (120, 95, 75)

rng = random.Random(2024)


def xy(lat, lon):
    """Pixel position of a (lat, lon): linear in both, edges = BOUNDS."""
    return ((lon - W) / (E - W) * WIDTH, (N - lat) / (N - S) * HEIGHT)


def pts(latlons):
    return [xy(a, b) for a, b in latlons]


def wobble(points, amount=2.5, step=18):
    """Hand-drawn look: subdivide a polyline and jitter it a little."""
    out = []
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        n = max(1, int(math.hypot(x2 - x1, y2 - y1) / step))
        for i in range(n):
            t = i / n
            out.append((x1 + (x2 - x1) * t + rng.uniform(-amount, amount),
                        y1 + (y2 - y1) * t + rng.uniform(-amount, amount)))
    out.append(points[-1])
    return out


def line(draw, latlons, fill, width, edge=None, amount=2.0):
    p = wobble(pts(latlons), amount)
    if edge:
        draw.line(p, fill=edge, width=width + 4, joint="curve")
    draw.line(p, fill=fill, width=width, joint="curve")
    for x, y in (p[0], p[-1]):  # round caps
        r = width / 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def poly(draw, latlons, fill, outline=None, width=2, amount=2.0):
    p = wobble(pts(latlons + [latlons[0]]), amount)
    draw.polygon(p, fill=fill)
    if outline:
        draw.line(p, fill=outline, width=width, joint="curve")


def block(draw, lat, lon, w_px, h_px, angle_deg, fill, edge):
    """A building as a w_px x h_px rectangle centred on (lat, lon). Sizes are in
    pixels, not metres: buildings are drawn far larger than life so they stay visible."""
    cx, cy = xy(lat, lon)
    a = math.radians(angle_deg + rng.uniform(-2, 2))
    hw, hh = w_px / 2, h_px / 2
    corners = []
    for dx, dy in ((-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)):
        corners.append((cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a)))
    draw.polygon(corners, fill=fill, outline=edge)
    draw.line(corners + [corners[0]], fill=edge, width=2)


def font(size, bold=False):
    if SVG_MODE[0]:
        return SvgFont(size, bold)
    path = FONT_BOLD_PATH if bold else FONT_PATH
    if os.path.exists(path):
        return ImageFont.truetype(path, size)
    return ImageFont.load_default()


SVG_MODE = [False]


class SvgFont:
    def __init__(self, size, bold):
        self.size, self.bold = size, bold


def _colour(value):
    if value is None:
        return "none"
    return "#%02x%02x%02x" % tuple(value[:3])


def _points(points):
    flat = list(points)
    if flat and not isinstance(flat[0], (tuple, list)):  # (x1, y1, x2, y2, ...)
        flat = list(zip(flat[0::2], flat[1::2]))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in flat)


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SvgDraw:
    """The few ImageDraw calls this script makes, written as SVG elements instead."""
    ANCHORS = {"l": "start", "m": "middle", "r": "end"}
    BASELINES = {"t": "hanging", "m": "central", "s": "alphabetic"}

    def __init__(self):
        self.parts = []

    def polygon(self, points, fill=None, outline=None, width=1):
        stroke = f' stroke="{_colour(outline)}" stroke-width="{width}"' if outline else ""
        self.parts.append(f'<polygon points="{_points(points)}" fill="{_colour(fill)}"{stroke}/>')

    def line(self, points, fill=None, width=1, joint=None):
        self.parts.append(f'<polyline points="{_points(points)}" fill="none" stroke="{_colour(fill)}" '
                          f'stroke-width="{width}" stroke-linejoin="round"/>')

    def ellipse(self, box, fill=None, outline=None, width=1):
        x1, y1, x2, y2 = box
        stroke = f' stroke="{_colour(outline)}" stroke-width="{width}"' if outline else ""
        self.parts.append(f'<ellipse cx="{(x1 + x2) / 2:.1f}" cy="{(y1 + y2) / 2:.1f}" rx="{(x2 - x1) / 2:.1f}" '
                          f'ry="{(y2 - y1) / 2:.1f}" fill="{_colour(fill)}"{stroke}/>')

    def rectangle(self, box, fill=None, outline=None, width=1):
        self.rounded_rectangle(box, 0, fill, outline, width)

    def rounded_rectangle(self, box, radius=0, fill=None, outline=None, width=1):
        x1, y1, x2, y2 = box
        stroke = f' stroke="{_colour(outline)}" stroke-width="{width}"' if outline else ""
        self.parts.append(f'<rect x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" height="{y2 - y1:.1f}" rx="{radius}" '
                          f'fill="{_colour(fill)}"{stroke}/>')

    def text(self, xy, text, font=None, fill=None, anchor="la", stroke_width=0, stroke_fill=None):
        x, y = xy
        size = font.size if font else 16
        weight = ' font-weight="bold"' if font and font.bold else ""
        if anchor == "la":  # Pillow's default: top left
            anchor = "lt"
        halo = (f' stroke="{_colour(stroke_fill)}" stroke-width="{stroke_width * 2}" paint-order="stroke" '
                'stroke-linejoin="round"') if stroke_width else ""
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{weight} fill="{_colour(fill)}" '
                          f'text-anchor="{self.ANCHORS[anchor[0]]}" dominant-baseline="{self.BASELINES.get(anchor[1], "central")}"'
                          f'{halo}>{_escape(text)}</text>')

    def svg(self, width, height, background):
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Verdana, Arial, sans-serif">'
                f'<title>Litvínov – Janov: orientační schéma</title>'
                f'<rect width="{width}" height="{height}" fill="{_colour(background)}"/>'
                + "".join(self.parts) + "</svg>\n")


def label(draw, lat, lon, text, size=26, bold=False, fill=INK, anchor="mm"):
    f = font(size, bold)
    x, y = xy(lat, lon)
    draw.text((x, y), text, font=f, fill=fill, anchor=anchor, stroke_width=4, stroke_fill=(255, 255, 255))


def community_house(draw, lat, lon, size=34):
    x, y = xy(lat, lon)
    s = size
    draw.ellipse((x - s * 1.05, y - s * 1.15, x + s * 1.05, y + s * 0.95), fill=(255, 255, 255), outline=(211, 84, 0), width=4)
    draw.polygon([(x - s * 0.75, y - s * 0.05), (x, y - s * 0.8), (x + s * 0.75, y - s * 0.05)], fill=(211, 84, 0))
    draw.rectangle((x - s * 0.55, y - s * 0.05, x + s * 0.55, y + s * 0.6), fill=(248, 196, 113), outline=INK, width=2)
    draw.rectangle((x - s * 0.14, y + s * 0.2, x + s * 0.14, y + s * 0.6), fill=(39, 174, 96))
    # small heart in the gable
    hx, hy, r = x, y - s * 0.28, s * 0.12
    draw.ellipse((hx - 2 * r, hy - r, hx, hy + r), fill=(231, 76, 60))
    draw.ellipse((hx, hy - r, hx + 2 * r, hy + r), fill=(231, 76, 60))
    draw.polygon([(hx - 2 * r, hy + r * 0.2), (hx + 2 * r, hy + r * 0.2), (hx, hy + r * 2.3)], fill=(231, 76, 60))


def station(draw, lat, lon, size=20):
    x, y = xy(lat, lon)
    draw.rounded_rectangle((x - size, y - size, x + size, y + size), radius=6, fill=(52, 73, 94))
    # a tiny train front
    draw.rounded_rectangle((x - size * 0.55, y - size * 0.7, x + size * 0.55, y + size * 0.45), radius=4, fill=(255, 255, 255))
    draw.rectangle((x - size * 0.4, y - size * 0.5, x + size * 0.4, y - size * 0.05), fill=(52, 73, 94))
    draw.ellipse((x - size * 0.4, y + size * 0.1, x - size * 0.15, y + size * 0.35), fill=(52, 73, 94))
    draw.ellipse((x + size * 0.15, y + size * 0.1, x + size * 0.4, y + size * 0.35), fill=(52, 73, 94))
    draw.line((x - size * 0.5, y + size * 0.8, x - size * 0.7, y + size), fill=(255, 255, 255), width=3)
    draw.line((x + size * 0.5, y + size * 0.8, x + size * 0.7, y + size), fill=(255, 255, 255), width=3)


def trees(draw, latlon_poly, count):
    """Scatter little tree dots inside a polygon (for forest and parks)."""
    p = pts(latlon_poly)
    xs, ys = [a for a, _ in p], [b for _, b in p]
    placed = 0
    tries = 0
    while placed < count and tries < count * 40:
        tries += 1
        x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if inside(x, y, p):
            r = rng.uniform(5, 9)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=FOREST_DOT)
            placed += 1


def inside(x, y, p):
    c = False
    j = len(p) - 1
    for i in range(len(p)):
        xi, yi = p[i]
        xj, yj = p[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            c = not c
        j = i
    return c


def main():
    img = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw_map(ImageDraw.Draw(img))
    # palette image keeps the file small
    img = img.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    img.save(OUT, optimize=True)
    print(f"{OUT}: {WIDTH}x{HEIGHT}, {os.path.getsize(OUT)} bytes, bounds {BOUNDS}")
    SVG_MODE[0] = True
    svg = SvgDraw()
    draw_map(svg)
    SVG_MODE[0] = False
    with open(OUT_SVG, "w", encoding="utf-8") as out:
        out.write(svg.svg(WIDTH, HEIGHT, PAPER))
    print(f"{OUT_SVG}: {os.path.getsize(OUT_SVG)} bytes")


def draw_map(d):
    rng.seed(2024)  # the same wobble in both drawings

    # --- forest of the Krušné hory foothills (north of the town)
    forest = [(N + 0.01, W - 0.01), (N + 0.01, E + 0.01), (50.6135, E + 0.01), (50.6115, 13.628),
              (50.6095, 13.612), (50.6065, 13.596), (50.6030, 13.582), (50.6000, 13.568),
              (50.6005, 13.553), (50.5975, W - 0.01)]
    poly(d, forest, FOREST, amount=4)
    trees(d, forest, 260)
    # south: former mining land / reclaimed park (Nové Záluží), drawn as light green
    south = [(S - 0.01, W - 0.01), (50.5800, W - 0.01), (50.5830, 13.575), (50.5830, 13.600),
             (50.5810, 13.625), (50.5790, E + 0.01), (S - 0.01, E + 0.01)]
    poly(d, south, (214, 228, 190), amount=4)

    # --- streams
    line(d, [(N, 13.5505), (50.598, 13.5510), (50.590, 13.5500), (50.584, 13.5520), (S, 13.5540)], WATER, 5, amount=3)
    line(d, [(N, 13.5790), (50.604, 13.5785), (50.597, 13.5775), (50.590, 13.5772), (50.582, 13.5790), (S, 13.5800)], WATER, 6, amount=3)

    # --- railway (schematic)
    line(d, [(50.5875, W), (50.5860, 13.580), (50.5875, 13.600), (50.5885, 13.613), (50.5860, 13.630), (50.5830, E)], RAIL, 4, amount=1)

    # --- Janov old village south of the main road (small houses)
    for i in range(16):
        block(d, rng.uniform(50.5822, 50.5858), rng.uniform(13.5550, 13.5750), 14, 11, rng.uniform(-10, 10), HOUSE, BLOCK_EDGE)

    # --- Janov estate: panel blocks in rows (north of Podkrušnohorská)
    janov = [(50.5870, 13.5530), (50.5960, 13.5530), (50.5980, 13.5660), (50.5960, 13.5770),
             (50.5905, 13.5770), (50.5880, 13.5660)]
    poly(d, janov, (244, 224, 206), outline=JANOV_EDGE, width=3, amount=2)
    rows = [  # (lat, [lons], width px, height px, angle): panel blocks in rows
        (50.5960, [13.5575, 13.5640, 13.5705], 70, 16, -6),
        (50.5945, [13.5600, 13.5735], 64, 15, 4),
        (50.5905, [13.5570, 13.5640, 13.5720], 66, 15, -3),
        (50.5890, [13.5605, 13.5695], 58, 14, 6),
        (50.5972, [13.5615], 50, 14, 0),
    ]
    for lat, lons, w, h, ang in rows:
        for lon in lons:
            block(d, lat, lon, w, h, ang, JANOV_BLOCK, JANOV_EDGE)
    # internal streets of the estate (unnamed)
    line(d, [(50.5878, 13.5600), (50.5925, 13.5590), (50.5968, 13.5605)], ROAD, 6, ROAD_EDGE)
    line(d, [(50.5890, 13.5680), (50.5940, 13.5675), (50.5972, 13.5660)], ROAD, 6, ROAD_EDGE)
    line(d, [(50.5925, 13.5545), (50.5925, 13.5760)], ROAD, 6, ROAD_EDGE)

    # --- Hamr: small houses and a few blocks
    for i in range(18):
        block(d, rng.uniform(50.5915, 50.5985), rng.uniform(13.5800, 13.5900), 14, 11, rng.uniform(-15, 15), HOUSE, BLOCK_EDGE)

    # --- Chudeřín, centre, Osada: blocks
    for i in range(12):
        block(d, rng.uniform(50.5965, 50.6020), rng.uniform(13.5940, 13.6030), 26, 14, rng.uniform(-20, 20), BLOCK, BLOCK_EDGE)
    for i in range(16):
        block(d, rng.uniform(50.5985, 50.6045), rng.uniform(13.6050, 13.6165), 24, 18, rng.uniform(-10, 10), BLOCK, BLOCK_EDGE)
    # Osada: rows of houses around courtyards
    for lat in (50.6005, 50.6030):
        for lon in (13.6195, 13.6250):
            block(d, lat, lon, 54, 11, 0, BLOCK, BLOCK_EDGE)
            block(d, lat - 0.0007, lon - 0.0017, 11, 34, 0, BLOCK, BLOCK_EDGE)
    # Koldům: the long bent collective house
    block(d, 50.6050, 13.6340, 130, 16, -12, (205, 170, 150), (120, 85, 70))
    block(d, 50.6040, 13.6312, 34, 22, -12, (205, 170, 150), (120, 85, 70))

    # --- park by Citadela
    park = [(50.5925, 13.6070), (50.5965, 13.6060), (50.5972, 13.6170), (50.5932, 13.6175)]
    poly(d, park, PARK, outline=(110, 160, 90), width=2)
    trees(d, park, 30)

    # --- main roads
    podkrusnohorska = [(50.5855, W), (50.5868, 13.5530), (50.5883, 13.5660), (50.5902, 13.5775),
                       (50.5935, 13.5880), (50.5975, 13.5980), (50.6015, 13.6060), (50.6050, 13.6170),
                       (50.6065, 13.6280), (50.6080, 13.6400), (50.6085, E)]
    line(d, podkrusnohorska, MAIN_ROAD, 12, MAIN_ROAD_EDGE, amount=1.5)
    to_most = [(50.6040, 13.6110), (50.5990, 13.6120), (50.5940, 13.6130), (50.5890, 13.6140), (50.5800, 13.6150), (S, 13.6160)]
    line(d, to_most, MAIN_ROAD, 10, MAIN_ROAD_EDGE, amount=1.5)
    to_lom = [(50.6065, 13.6280), (50.6030, 13.6380), (50.6000, E)]
    line(d, to_lom, ROAD, 8, ROAD_EDGE, amount=1.5)
    hamr_rd = [(50.5902, 13.5775), (50.5960, 13.5840), (50.6000, 13.5870)]
    line(d, hamr_rd, ROAD, 7, ROAD_EDGE)

    # --- square in the centre (náměstí Míru)
    cx, cy = xy(50.6015, 13.6105)
    d.rounded_rectangle((cx - 26, cy - 20, cx + 26, cy + 20), radius=6, fill=(236, 229, 210), outline=INK, width=3)

    # --- symbols
    station(d, 50.5885, 13.6130)
    community_house(d, 50.5925, 13.5650)

    # --- labels (Czech)
    label(d, 50.6165, 13.6050, "Krušné hory – les", 30, bold=True, fill=(70, 110, 60))
    label(d, 50.5990, 13.5600, "JANOV – sídliště", 34, bold=True, fill=(150, 70, 40))
    label(d, 50.5958, 13.5650, "Sousedský dům Libuše", 26, bold=True, fill=(170, 70, 0))
    label(d, 50.5812, 13.5650, "Janov – starší zástavba", 22, fill=AREA_INK)
    label(d, 50.5770, 13.5880, "lesopark Nové Záluží", 22, fill=(90, 120, 70))
    label(d, 50.6000, 13.5850, "HAMR", 30, bold=True, fill=AREA_INK)
    label(d, 50.6040, 13.5980, "CHUDEŘÍN", 26, bold=True, fill=AREA_INK)
    label(d, 50.6070, 13.6090, "CENTRUM", 30, bold=True, fill=AREA_INK)
    label(d, 50.6015, 13.6105, "náměstí Míru", 20, fill=INK, anchor="mt")
    label(d, 50.5995, 13.6250, "OSADA", 28, bold=True, fill=AREA_INK)
    label(d, 50.6085, 13.6350, "Koldům", 24, bold=True, fill=AREA_INK)
    label(d, 50.5948, 13.6118, "park u Citadely", 20, fill=(50, 100, 40))
    label(d, 50.5872, 13.6130, "nádraží", 22, bold=True, fill=INK, anchor="mt")
    label(d, 50.5885, 13.5440, "Podkrušnohorská", 20, fill=(150, 100, 20), anchor="lm")
    label(d, 50.6040, 13.5788, "Loupnice", 18, fill=(40, 100, 160), anchor="lm")
    label(d, 50.5860, 13.5420, "← směr Horní Jiřetín", 20, fill=INK, anchor="lm")
    label(d, 50.5745, 13.6170, "↓ směr Most", 22, fill=INK, anchor="lm")
    label(d, 50.6025, 13.6470, "směr Lom →", 20, fill=INK, anchor="rm")

    # --- north arrow ("S" = sever) and a 500 m scale bar
    ax, ay = WIDTH - 70, 80
    d.polygon([(ax, ay - 45), (ax - 18, ay + 10), (ax, ay), (ax + 18, ay + 10)], fill=INK)
    d.text((ax, ay + 30), "S", font=font(28, True), fill=INK, anchor="mm", stroke_width=3, stroke_fill=(255, 255, 255))
    px_per_m = WIDTH / ((E - W) * 111320 * math.cos(MID_LAT))
    bx, by = 40, HEIGHT - 50
    d.rectangle((bx - 8, by - 40, bx + 500 * px_per_m + 60, by + 22), fill=(255, 255, 255))
    d.line((bx, by, bx + 500 * px_per_m, by), fill=INK, width=5)
    for t in (bx, bx + 500 * px_per_m):
        d.line((t, by - 10, t, by + 10), fill=INK, width=4)
    d.text((bx + 250 * px_per_m, by - 22), "500 m", font=font(20), fill=INK, anchor="mm")

    # --- title and disclaimer
    title_font, note_font = font(26, True), font(18)
    d.rounded_rectangle((20, 18, 640, 100), radius=10, fill=(255, 255, 255), outline=INK, width=2)
    d.text((36, 30), "Litvínov – Janov", font=title_font, fill=INK)
    d.text((36, 66), "Jen orientační schéma, není přesná mapa.", font=note_font, fill=(110, 100, 90))



if __name__ == "__main__":
    main()
