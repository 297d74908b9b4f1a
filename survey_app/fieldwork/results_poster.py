"""The A4 poster of the public results page for the notice board (no Flask): what the
page says in Czech, in DejaVu Sans embedded, with a QR code of the page's address.
Layout and renderer are those of posters.py; the content is public_page.page_content."""
from .posters import A4, GREEN, GREY, MARGIN, PosterSpec, QrBox, _Column, _render_pdf

QR_MM = 60.0
STATUS_WORDS = {"planned": "plánujeme", "in_progress": "děláme", "done": "hotovo", "dropped": "nakonec ne"}
MAX_MEASURES = 5


def _share(item, kids) -> str:
    """"asi 5 z 10 dětí" for children, "48 %" for adults."""
    return f"asi {item['in_ten']} z 10 dětí" if kids else f"{item['pct']:.0f} %"


def _lines(content) -> list[tuple[str, float, bool, tuple]]:
    """(text, size, bold, colour) of the poster, top to bottom."""
    kids = content["audience"] == "children"
    out = [("Co se změnilo", 30, True, (30, 30, 30)), (content["title"], 16, False, GREY)]
    if not content["released"]:
        out.append(("Výsledky budou, až šetření skončí." if kids else
                    "Výsledky zveřejníme, až šetření skončí.", 16, False, GREEN))
    else:
        if content["took_part"]:
            who = "dětí" if kids else "lidí"
            thanks = "Děkujeme ti!" if kids else "Děkujeme!"
            out.append((f"Odpovědělo {content['took_part']} {who}. {thanks}", 18, True, GREEN))
        if content["places"]:
            out.append(("Kde se děti bojí nejvíc:" if kids else "Nejčastěji jmenovaná místa:", 14, True,
                        (30, 30, 30)))
            out += [(f"• {p['label']} ({_share(p, kids)})", 13, False, (30, 30, 30)) for p in content["places"]]
        if content["worries"]:
            out.append(("Čeho se děti bojí nejvíc:" if kids else "Nejčastější obavy:", 14, True, (30, 30, 30)))
            out += [(f"• {w['label']} ({_share(w, kids)})", 13, False, (30, 30, 30)) for w in content["worries"]]
    if content["measures"]:
        out.append(("Co s tím dělá město:" if kids else "Co s tím město dělá:", 14, True, (30, 30, 30)))
        out += [(f"• {m['title']} – {STATUS_WORDS[m['status']]}", 13, False, (30, 30, 30))
                for m in content["measures"][:MAX_MEASURES]]
    return out


def _items(content, url) -> list:
    width, height = A4
    items = []
    column = _Column(MARGIN, width - 2 * MARGIN, MARGIN, items)
    for text, size, bold, colour in _lines(content):
        column.text(text, size, bold=bold, colour=colour, gap=2)
    column.space(4)
    items.append(QrBox((width - QR_MM) / 2, column.y, QR_MM))
    column.space(QR_MM + 2)
    column.text("Víc najdeš tady:" if content["audience"] == "children" else "Více najdete na adrese:", 12, gap=0.5)
    column.text(url, 14, bold=True, anywhere=True)
    if column.y > height - MARGIN:
        raise ValueError("the results poster does not fit on A4")
    return items


def results_poster_pdf(content, url) -> bytes:
    """An A4 PDF of the page content (public_page.page_content, Czech) whose QR code
    encodes `url`, the page's absolute address."""
    spec = PosterSpec(title=f"Co se změnilo – {content['title']}", audience=content["audience"], url=url,
                      organiser="")
    return _render_pdf(spec, _items(content, url))
