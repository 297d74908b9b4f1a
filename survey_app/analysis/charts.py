"""Charts of a summary as PNG images, rendered on the server (matplotlib, no Flask).

Only the Agg backend and Figure objects are used (no pyplot): no display, no global
figure state, safe in several threads. Labels are Czech with diacritics, set in
DejaVu Sans, which matplotlib ships. Charts draw only what the summary table holds:
for the city a suppressed bar is simply missing and says so, its number never
appears.
"""
import io
import textwrap
import threading
from collections import OrderedDict

from .lazy_imports import matplotlib  # imported (Agg backend) on first chart
from .summaries import STATS


def Figure(*args, **kwargs):  # noqa: N802 - stands for matplotlib.figure.Figure
    return matplotlib.figure.Figure(*args, **kwargs)


FONT = "DejaVu Sans"
WAVE_COLOURS = ("#2c7fb8", "#f03b20", "#31a354", "#756bb1", "#636363")
TEXTS = {
    "cs": {"pct": "% odpovědí", "hidden": "potlačeno (malý počet)", "respondents": "odpovědělo",
           "map": "Respondenti se značkou ve čtverci 100 × 100 m", "n": "respondentů",
           "none": "Žádná data"},
    "en": {"pct": "% of answers", "hidden": "suppressed (small count)", "respondents": "answered",
           "map": "Respondents with a mark in each 100 × 100 m cell", "n": "respondents",
           "none": "No data"},
}


CACHE_SIZE = 256
_cache = OrderedDict()
_cache_lock = threading.Lock()


def _once_per_release(frame, key, draw) -> bytes:
    """draw(), or its PNG from an earlier call: a frame marked `attrs["release"]` (a
    stored release is frozen; its wave slices carry the mark and hold every row of
    their waves) is drawn once per process per key. Unmarked (live) frames are drawn
    every time."""
    mark = getattr(frame, "attrs", {}).get("release")
    if mark is None:
        return draw()
    key = (mark,) + key
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    png = draw()
    with _cache_lock:
        _cache[key] = png
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return png


def _figure(width, height):
    figure = Figure(figsize=(width, height), dpi=100)
    figure.set_layout_engine("constrained")
    return figure


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def question_chart(table, question_id, waves, lang="cs") -> bytes:
    """Horizontal bars: percentage per option (breakdown "all") for each of `waves`,
    one colour per wave. Suppressed cells get no bar and a note. A release's once."""
    return _once_per_release(table, ("question", question_id, tuple(waves), lang),
                             lambda: _question_chart(table, question_id, waves, lang))


def _question_chart(table, question_id, waves, lang):
    words = TEXTS.get(lang, TEXTS["cs"])
    rows = table[(table["question"] == question_id) & (table["breakdown"] == "all")
                 & ~table["option"].isin(STATS) & table["wave"].isin(waves)]
    options = list(dict.fromkeys(rows["option"]))
    labels = [textwrap.fill(str(label), 38) for label in dict.fromkeys(rows["option_label"])]
    height = 1.2 + 0.42 * max(len(options), 1) * max(len(waves), 1) ** 0.5
    figure = _figure(8, height)
    axes = figure.add_subplot()
    title = rows["question_label"].iloc[0] if len(rows) else question_id
    axes.set_title(textwrap.fill(str(title), 70), fontsize=11, family=FONT, loc="left")
    if not options:
        axes.text(0.5, 0.5, words["none"], ha="center", va="center", family=FONT)
        axes.set_axis_off()
        return _png(figure)
    band = 0.8 / max(len(waves), 1)
    labelled = set()
    for w, wave in enumerate(waves):
        part = rows[rows["wave"] == wave].set_index("option")
        for i, option in enumerate(options):
            y = i + (w - (len(waves) - 1) / 2) * band
            if option not in part.index:
                continue
            row = part.loc[option]
            if int(row["suppressed"]) == 1 or row["pct"] is None or row["pct"] != row["pct"]:
                axes.text(1, y, words["hidden"], va="center", fontsize=8, color="#555555", family=FONT)
                continue
            pct = float(row["pct"])
            axes.barh(y, pct, height=band * 0.9, color=WAVE_COLOURS[w % len(WAVE_COLOURS)],
                      label=None if wave in labelled else wave)
            labelled.add(wave)
            axes.text(pct + 1, y, f"{pct:.1f} %".replace(".", "," if lang == "cs" else "."),
                      va="center", fontsize=8, family=FONT)
    axes.set_yticks(range(len(options)), labels, fontsize=9, family=FONT)
    axes.invert_yaxis()
    axes.set_xlim(0, 110)
    axes.set_xlabel(words["pct"], family=FONT)
    if len(waves) > 1 and axes.get_legend_handles_labels()[0]:
        axes.legend(prop={"family": FONT, "size": 8}, loc="lower right")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _png(figure)


def grid_chart(grid, question, wave, lang="cs") -> bytes:
    """The map grid as coloured squares in longitude/latitude (darker = more
    respondents), drawn inside the question's bounds: the map without JavaScript.
    A release's once."""
    key = ("grid", question.id, tuple(map(tuple, question.config["bounds"])), wave, lang)
    return _once_per_release(grid, key, lambda: _grid_chart(grid, question, wave, lang))


def _grid_chart(grid, question, wave, lang):
    words = TEXTS.get(lang, TEXTS["cs"])
    cells = grid[(grid["question"] == question.id) & (grid["wave"] == wave)]
    totals = cells.groupby(["cell", "south", "west", "north", "east"], as_index=False)["n"].sum()
    figure = _figure(7, 5)
    axes = figure.add_subplot()
    axes.set_title(words["map"], fontsize=11, family=FONT, loc="left")
    (south, west), (north, east) = question.config["bounds"]
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(1 / 0.635)  # cos(50.6°): metres east and north drawn alike
    top = max(int(totals["n"].max()) if len(totals) else 1, 1)
    colours = matplotlib.colormaps["YlOrRd"]
    for cell in totals.itertuples():
        axes.add_patch(matplotlib.patches.Rectangle(
            (cell.west, cell.south), cell.east - cell.west, cell.north - cell.south,
            color=colours(0.25 + 0.75 * cell.n / top)))
    if not len(totals):
        axes.text((west + east) / 2, (south + north) / 2, words["none"], ha="center", family=FONT)
    axes.tick_params(labelsize=7)
    return _png(figure)


def all_charts(questionnaire, summary, lang="cs"):
    """(file name, PNG) for every summarised question and each map grid; waves are
    the summary's waves (each wave a colour)."""
    waves = summary.waves
    shown = set(summary.table["question"])
    for question in questionnaire.questions:
        if question.id in shown:
            yield f"{question.id}.png", question_chart(summary.table, question.id, waves, lang)
    for question in questionnaire.questions:
        if question.type == "map" and question.config.get("bounds"):
            scope = "all" if len(waves) > 1 else (waves[0] if waves else "all")
            yield f"{question.id}_mapa_100m.png", grid_chart(summary.grid, question, scope, lang)
