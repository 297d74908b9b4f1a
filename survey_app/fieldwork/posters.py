"""QR posters and flyers for a campaign channel: A4 PDF, PNG and a sheet of 8 flyers
(no Flask).

One layout, two renderers: `_poster_items`/`_flyer_items` place text lines, the QR code
and a smiley in millimetres (wrapping text with the metrics of the embedded font), and
`_render_pdf` (fpdf2) and `_render_png` (Pillow) draw exactly those items, so the
preview on the campaign page is the poster that gets printed. Text is Czech, or Czech
with Ukrainian below each Czech line when the channel asks for both (its `languages`),
in DejaVu Sans embedded from static/fonts (a core PDF font has no Czech or Cyrillic
glyphs). The Ukrainian texts need a native speaker's review (docs/fieldwork.md).
"""
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from .campaigns import absolute_url, channel_languages, channel_path
from ..analysis.lazy_imports import fpdf  # imported on the first poster
from ..questionnaire.model import text as localised

FONTS = Path(__file__).resolve().parents[1] / "static" / "fonts"
FONT_FILES = {False: FONTS / "DejaVuSans.ttf", True: FONTS / "DejaVuSans-Bold.ttf"}
A4 = (210.0, 297.0)
MARGIN = 15.0
POSTER_QR_MM = 100.0    # with its 4-module quiet zone: the code itself is about 80 mm wide
FLYER_QR_MM = 46.0
FLYERS_PER_SHEET = (2, 4)  # columns, rows: 8 flyers of 105 x 74.25 mm
PNG_DPI = 150
PT_TO_MM = 25.4 / 72
INK, GREEN, GREY, SUN = (30, 30, 30), (20, 110, 60), (110, 110, 110), (255, 205, 40)

ANONYMOUS = {"cs": "anonymní – neptáme se na jméno", "uk": "анонімно – ми не питаємо імені"}
ORGANISER = {"cs": "Šetření pořádá: {}", "uk": "Опитування проводить: {}"}
SECOND = (110, 70, 20)  # the colour of the Ukrainian lines: told apart from the Czech at a glance

# Audience -> the invitation (one sentence) and the hint above the printed address.
AUDIENCE_TEXTS = {
    "children": {
        "invitation": "Kde se cítíš bezpečně a kde ne? Naskenuj kód a řekni nám to!",
        "url_hint": "Nemáš čtečku QR kódů? Napiš do prohlížeče:",
        "smiley": True,
    },
    "adults": {
        "invitation": "Kde se v Litvínově cítíte bezpečně a kde ne? Řekněte nám to, zabere to pár minut.",
        "url_hint": "Nemáte čtečku QR kódů? Zadejte do prohlížeče adresu:",
        "smiley": False,
    },
}
# The same in Ukrainian (to be reviewed by a native speaker, see docs/fieldwork.md).
AUDIENCE_TEXTS_UK = {
    "children": {
        "invitation": "Де ти почуваєшся в безпеці, а де ні? Відскануй код і розкажи нам!",
        "url_hint": "Немає зчитувача QR-кодів? Напиши в браузері:",
    },
    "adults": {
        "invitation": "Де в Літвінові ви почуваєтеся в безпеці, а де ні? Розкажіть нам, це займе кілька хвилин.",
        "url_hint": "Немає зчитувача QR-кодів? Введіть у браузері адресу:",
    },
}


@dataclass(frozen=True)
class PosterSpec:
    """What a poster says. `url` is the absolute address the QR code encodes."""
    title: str
    audience: str
    url: str
    organiser: str
    languages: tuple = ("cs",)
    title_uk: str | None = None   # the questionnaire's Ukrainian title, when it has one

    @property
    def bilingual(self):
        return "uk" in self.languages

    @property
    def texts(self):
        return AUDIENCE_TEXTS.get(self.audience, AUDIENCE_TEXTS["adults"])

    @property
    def texts_uk(self):
        return AUDIENCE_TEXTS_UK.get(self.audience, AUDIENCE_TEXTS_UK["adults"])

    @property
    def organiser_line(self):
        return ORGANISER["cs"].format(self.organiser)

    @property
    def organiser_line_uk(self):
        return ORGANISER["uk"].format(self.organiser)


@dataclass
class TextLine:
    x: float          # left edge (mm)
    baseline: float   # mm from the top of the page
    text: str
    size: float       # points
    bold: bool = False
    colour: tuple = INK


@dataclass
class QrBox:
    x: float
    y: float
    size: float


@dataclass
class Smiley:
    x: float
    y: float
    size: float


@dataclass
class CutLine:
    x1: float
    y1: float
    x2: float
    y2: float


def poster_spec(questionnaire, campaign, channel, base_url) -> PosterSpec:
    """The poster of a campaign channel, in Czech or in Czech and Ukrainian (the
    channel's `languages`). ValueError when `base_url` is empty: the QR code must
    encode the real public address."""
    languages = tuple(channel_languages(channel))
    title = questionnaire.title if isinstance(questionnaire.title, dict) else {}
    return PosterSpec(title=localised(questionnaire.title, "cs"), audience=questionnaire.audience,
                      url=absolute_url(base_url, channel_path(channel)), organiser=campaign["organiser"],
                      languages=languages, title_uk=title.get("uk") if "uk" in languages else None)


# --- text metrics -----------------------------------------------------------------
@lru_cache(maxsize=4)
def _metric_font(bold):
    return ImageFont.truetype(str(FONT_FILES[bold]), size=1000)


def text_width(text, size, bold=False) -> float:
    """Width in mm of `text` at `size` points in the embedded font."""
    return _metric_font(bold).getlength(text) / 1000 * size * PT_TO_MM


# Czech typography keeps one-letter prepositions and conjunctions off a line's end.
_CLINGING = {"a", "i", "k", "o", "s", "u", "v", "z", "A", "I", "K", "O", "S", "U", "V", "Z"}


def _words(text):
    words = []
    for word in text.split(" "):
        if words and words[-1].rsplit(" ", 1)[-1] in _CLINGING:
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def wrap(text, width, size, bold=False, anywhere=False) -> list[str]:
    """Greedy line breaking at spaces (or, for addresses, after the last "/" so that the
    channel code stays whole on its own line, else at any character)."""
    if anywhere and text_width(text, size, bold) > width and "/" in text.rstrip("/"):
        head, code = text.rsplit("/", 1)
        if text_width(head + "/", size, bold) <= width and text_width(code, size, bold) <= width:
            return [head + "/", code]
    tokens = list(text) if anywhere else _words(text)
    joiner = "" if anywhere else " "
    lines, current = [], ""
    for token in tokens:
        candidate = current + joiner + token if current else token
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = token
        else:
            current = candidate
    return lines + [current] if current else lines


class _Column:
    """Stacks centred, wrapped text lines from top to bottom inside [x, x + width]."""

    def __init__(self, x, width, y, items, align="C"):
        self.x, self.width, self.y, self.items, self.align = x, width, y, items, align

    def text(self, text, size, bold=False, colour=INK, anywhere=False, gap=1.5, leading=1.25):
        for line in wrap(text, self.width, size, bold, anywhere):
            self.y += size * PT_TO_MM * leading
            left = self.x + (self.width - text_width(line, size, bold)) / 2 if self.align == "C" else self.x
            self.items.append(TextLine(left, self.y, line, size, bold, colour))
        self.y += gap

    def space(self, mm):
        self.y += mm


# --- layouts ----------------------------------------------------------------------

def _poster_items(spec: PosterSpec) -> list:
    width, height = A4
    footer_top = height - MARGIN - 24
    items = []
    column = _Column(MARGIN, width - 2 * MARGIN, 0, items)
    if spec.texts["smiley"]:
        items.append(Smiley(width / 2 - 17, 0, 34))
        column.space(36)
    two = spec.bilingual
    if two:
        footer_top -= 16
    column.text(spec.title, 26 if two else 30, bold=True, gap=1 if spec.title_uk else 4)
    if spec.title_uk:
        column.text(spec.title_uk, 20, bold=True, colour=SECOND, gap=4)
    column.text(spec.texts["invitation"], 16 if two else 18, colour=GREEN, gap=1 if two else 6)
    if two:
        column.text(spec.texts_uk["invitation"], 14, colour=SECOND, gap=5)
    qr_mm = POSTER_QR_MM - 10 if two else POSTER_QR_MM
    items.append(QrBox((width - qr_mm) / 2, column.y, qr_mm))
    column.space(qr_mm + 2)
    column.text(spec.texts["url_hint"], 12, gap=0.5)
    if two:
        column.text(spec.texts_uk["url_hint"], 11, colour=SECOND, gap=0.5)
    column.text(spec.url, 15, bold=True, anywhere=True)
    if column.y > footer_top - MARGIN:
        raise ValueError("the poster text does not fit on A4: shorten the questionnaire title")
    # Centre the block between the top margin and the footer.
    _shift(items, MARGIN + (footer_top - MARGIN - column.y) / 2)
    footer = _Column(MARGIN, width - 2 * MARGIN, footer_top, items)
    footer.text(ANONYMOUS["cs"], 18, bold=True, gap=1 if two else 2)
    if two:
        footer.text(ANONYMOUS["uk"], 15, bold=True, colour=SECOND, gap=2)
    footer.text(spec.organiser_line, 12, colour=GREY, gap=0.5 if two else 1.5)
    if two:
        footer.text(spec.organiser_line_uk, 11, colour=GREY)
    return items


def _shift(items, dy):
    for item in items:
        if isinstance(item, TextLine):
            item.baseline += dy
        else:
            item.y += dy


def _flyer_items(spec: PosterSpec, x0, y0, cell_w, cell_h) -> list:
    items = [QrBox(x0 + 4, y0 + (cell_h - FLYER_QR_MM) / 2, FLYER_QR_MM)]
    text_x = x0 + FLYER_QR_MM + 6
    text = []
    column = _Column(text_x, x0 + cell_w - 4 - text_x, 0, text)
    if spec.texts["smiley"]:
        text.append(Smiley(text_x + column.width / 2 - 6, 0, 12))
        column.space(13)
    if spec.bilingual:
        _flyer_text_two(spec, column)
    else:
        column.text(spec.title, 11, bold=True, gap=1.5)
        column.text(spec.texts["invitation"], 8, colour=GREEN, gap=2)
        column.text(spec.texts["url_hint"], 6, gap=0.3)
        column.text(spec.url, 7, bold=True, anywhere=True, gap=2)
        column.text(ANONYMOUS["cs"], 7, bold=True, gap=1)
        column.text(spec.organiser_line, 6, colour=GREY)
    if column.y > cell_h - 2:
        raise ValueError("the flyer text does not fit: shorten the questionnaire title")
    _shift(text, y0 + (cell_h - column.y) / 2)
    return items + text


def _flyer_text_two(spec: PosterSpec, column):
    """The flyer's text in Czech with Ukrainian below, smaller to fit the same cell."""
    column.text(spec.title, 9, bold=True, gap=0.3 if spec.title_uk else 1)
    if spec.title_uk:
        column.text(spec.title_uk, 7.5, bold=True, colour=SECOND, gap=1)
    column.text(spec.texts["invitation"], 6.5, colour=GREEN, gap=0.3)
    column.text(spec.texts_uk["invitation"], 6, colour=SECOND, gap=1)
    column.text(spec.texts["url_hint"], 5, gap=0.1)
    column.text(spec.texts_uk["url_hint"], 5, colour=SECOND, gap=0.2)
    column.text(spec.url, 6.5, bold=True, anywhere=True, gap=1)
    column.text(ANONYMOUS["cs"], 6, bold=True, gap=0.2)
    column.text(ANONYMOUS["uk"], 5.5, bold=True, colour=SECOND, gap=0.6)
    column.text(spec.organiser_line, 5, colour=GREY, gap=0.1)
    column.text(spec.organiser_line_uk, 5, colour=GREY)


def _flyer_sheet_items(spec: PosterSpec) -> list:
    columns, rows = FLYERS_PER_SHEET
    cell_w, cell_h = A4[0] / columns, A4[1] / rows
    items = []
    for row in range(rows):
        for col in range(columns):
            items += _flyer_items(spec, col * cell_w, row * cell_h, cell_w, cell_h)
    items += [CutLine(col * cell_w, 0, col * cell_w, A4[1]) for col in range(1, columns)]
    items += [CutLine(0, row * cell_h, A4[0], row * cell_h) for row in range(1, rows)]
    return items


# --- QR code ----------------------------------------------------------------------

def qr_image(url: str, box_size=10) -> Image.Image:
    """The QR code of `url` (error correction M, 4-module quiet zone), black on white."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


# --- renderers --------------------------------------------------------------------

def _render_pdf(spec: PosterSpec, items) -> bytes:
    pdf = fpdf.FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creator("survey_app")
    pdf.set_title(spec.title)
    pdf.add_font("DejaVu", "", str(FONT_FILES[False]))
    pdf.add_font("DejaVu", "B", str(FONT_FILES[True]))
    pdf.add_page()
    qr = qr_image(spec.url)
    for item in items:
        if isinstance(item, TextLine):
            pdf.set_font("DejaVu", "B" if item.bold else "", item.size)
            pdf.set_text_color(*item.colour)
            pdf.text(item.x, item.baseline, item.text)
        elif isinstance(item, QrBox):
            pdf.image(qr, x=item.x, y=item.y, w=item.size, h=item.size, alt_text=spec.url)
        elif isinstance(item, Smiley):
            _pdf_smiley(pdf, item)
        elif isinstance(item, CutLine):
            pdf.set_draw_color(*GREY)
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=2, gap=2)
            pdf.line(item.x1, item.y1, item.x2, item.y2)
            pdf.set_dash_pattern()
    return bytes(pdf.output())


def _pdf_smiley(pdf, s: Smiley):
    pdf.set_line_width(s.size * 0.04)
    pdf.set_draw_color(*INK)
    pdf.set_fill_color(*SUN)
    pdf.ellipse(s.x, s.y, s.size, s.size, style="DF")
    pdf.set_fill_color(*INK)
    eye = s.size * 0.12
    for cx in (0.35, 0.65):
        pdf.ellipse(s.x + s.size * cx - eye / 2, s.y + s.size * 0.36 - eye / 2, eye, eye * 1.3, style="F")
    # The mouth: the lower part of a circle; fpdf2 and Pillow both measure angles from
    # 3 o'clock towards 6 o'clock (y grows downwards), so both draw 20..160 degrees.
    pdf.arc(s.x + s.size * 0.25, s.y + s.size * 0.25, s.size * 0.5, 20, 160)


def _render_png(spec: PosterSpec, items, dpi=PNG_DPI) -> bytes:
    scale = dpi / 25.4
    page = Image.new("RGB", (round(A4[0] * scale), round(A4[1] * scale)), "white")
    draw = ImageDraw.Draw(page)
    qr = None
    for item in items:
        if isinstance(item, TextLine):
            font = ImageFont.truetype(str(FONT_FILES[item.bold]), size=round(item.size * dpi / 72))
            draw.text((item.x * scale, item.baseline * scale), item.text, font=font,
                      fill=item.colour, anchor="ls")
        elif isinstance(item, QrBox):
            side = round(item.size * scale)
            qr = qr or qr_image(spec.url)
            page.paste(qr.resize((side, side), Image.NEAREST).convert("RGB"),
                       (round(item.x * scale), round(item.y * scale)))
        elif isinstance(item, Smiley):
            box = [item.x * scale, item.y * scale, (item.x + item.size) * scale, (item.y + item.size) * scale]
            width = max(1, round(item.size * 0.04 * scale))
            draw.ellipse(box, fill=SUN, outline=INK, width=width)
            eye = item.size * 0.12 * scale
            for cx in (0.35, 0.65):
                ex, ey = box[0] + item.size * cx * scale, box[1] + item.size * 0.36 * scale
                draw.ellipse([ex - eye / 2, ey - eye * 0.65, ex + eye / 2, ey + eye * 0.65], fill=INK)
            inset = item.size * 0.25 * scale
            draw.arc([box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset], 20, 160,
                     fill=INK, width=width)
        elif isinstance(item, CutLine):
            draw.line([item.x1 * scale, item.y1 * scale, item.x2 * scale, item.y2 * scale], fill=GREY)
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


# --- public -----------------------------------------------------------------------
def poster_pdf(spec: PosterSpec) -> bytes:
    """An A4 portrait poster, ready to print."""
    return _render_pdf(spec, _poster_items(spec))


def poster_png(spec: PosterSpec, dpi=PNG_DPI) -> bytes:
    """The same poster as a PNG image (A4 at `dpi`), for the preview and for sharing."""
    return _render_png(spec, _poster_items(spec), dpi)


def flyers_pdf(spec: PosterSpec) -> bytes:
    """One A4 page with 8 flyers (2 x 4, 105 x 74 mm each) and dashed cut lines."""
    return _render_pdf(spec, _flyer_sheet_items(spec))
