"""Where the feeling map's status message ([data-map-status]) shows: a bar under the map,
never over a control (the zoom buttons, "Add here", the category sheet), a pin or the edge
of the screen, on a phone in portrait (360×740) and landscape (740×360) and on the tablet
(800×1280), in both shipped questionnaires. The zoom buttons work while it shows; it stays
readable (≥ 16 px, contrast ≥ 4.5:1) and axe finds nothing on the page.

Screenshots: test-artifacts/map-status-<device>-<questionnaire>-<step>.png."""
import pytest

from tests.browser.conftest import ARTIFACTS, PHONE, TABLET, _context
from tests.browser.screens import answer_visible_questions
from tests.browser.test_accessibility import AXE
from tests.browser.test_map import pick, skip_to_map, tap_map

LANDSCAPE = {**PHONE, "viewport": {"width": 740, "height": 360}}
DEVICES = {"phone": PHONE, "landscape": LANDSCAPE, "tablet": TABLET}
ADDED = "Značka je přidaná."
AIM = {"deti-bezpeci": "Posuň mapu tak, aby byl křížek na tom místě, a zmáčkni „Přidat sem“.",
       "dospeli-bezpeci": "Posuňte mapu tak, aby byl křížek na tom místě, a stiskněte „Přidat sem“."}

# The boxes that matter, read in one go: the status bar, the controls, the pins, the sheet.
BOXES = """() => {
  const box = (node) => { if (!node) return null; const r = node.getBoundingClientRect();
    return r.width && r.height ? {x: r.left, y: r.top, w: r.width, h: r.height} : null; };
  const all = (selector) => [...document.querySelectorAll(selector)].map(box).filter(Boolean);
  const status = document.querySelector("[data-map-status]"), style = getComputedStyle(status);
  return {status: box(status), text: status.textContent, font: parseFloat(style.fontSize),
          colour: style.color, background: style.backgroundColor,
          viewport: {w: document.documentElement.clientWidth, h: window.innerHeight},
          controls: all(".leaflet-control-zoom-in, .leaflet-control-zoom-out, .map-aim-toggle"
                        + ", [data-map-add-here]:not([hidden]), [data-map-crosshair]:not([hidden])"),
          pins: all(".map-canvas .leaflet-marker-icon"), sheet: box(document.querySelector("dialog[open]"))};
}"""


@pytest.fixture(params=list(DEVICES))
def device(request, browser):
    request.node.device_name = request.param
    yield from _context(browser, DEVICES[request.param], request)


def overlaps(a, b):
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def luminance(css):
    """Relative luminance (WCAG) of an rgb()/rgba() colour."""
    channels = [int(float(v)) / 255 for v in css[css.index("(") + 1:-1].split(",")[:3]]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def open_map(page, live_server, questionnaire_id):
    """The map screen of deti-bezpeci (screens before it posted) or dospeli-bezpeci (walked)."""
    if questionnaire_id == "deti-bezpeci":
        skip_to_map(page, live_server)
    else:
        page.goto(f"{live_server.url}/s/{questionnaire_id}")
        with page.expect_navigation():
            page.get_by_role("button", name="Začít").tap()
        while not page.locator(".map-widget:visible").count():
            answer_visible_questions(page)
            with page.expect_navigation():
                page.locator("button[value=next]").tap()
        page.wait_for_selector(".map-canvas .leaflet-image-layer")
    page.locator(".map-canvas").scroll_into_view_if_needed()


def map_size(page):
    return page.evaluate("(() => { const s = window.__surveyMaps.mapa.getSize(); return [s.x, s.y]; })()")


def zoom(page):
    return page.evaluate("window.__surveyMaps.mapa.getZoom()")


def tap_zoom(page, which, expected):
    """Tap a zoom button and wait until the map has reached `expected` (the page's CSP
    forbids wait_for_function's string evaluation, so the test polls)."""
    page.locator(f".leaflet-control-zoom-{which}").tap()
    for _ in range(50):
        if page.evaluate("[window.__surveyMaps.mapa.getZoom(), Boolean(window.__surveyMaps.mapa._animatingZoom)]") \
                == [expected, False]:
            return
        page.wait_for_timeout(40)
    assert zoom(page) == expected


def assert_clear(found, name):
    """The status shows, inside the screen, readable, and over no control, pin or sheet."""
    said, view = found["status"], found["viewport"]
    assert said, (name, found)
    assert 0 <= said["x"] and said["x"] + said["w"] <= view["w"], (name, said, view)
    assert 0 <= said["y"] and said["y"] + said["h"] <= view["h"], (name, said, view)
    assert [c for c in found["controls"] if overlaps(said, c)] == [], name
    assert [p for p in found["pins"] if overlaps(said, p)] == [], name
    # the page scrolled to show the bar (landscape) keeps every pin in sight
    assert [p for p in found["pins"] if p["y"] < 0 or p["y"] + p["h"] > view["h"]] == [], name
    assert not (found["sheet"] and overlaps(said, found["sheet"])), name
    assert found["font"] >= 16, name
    assert contrast(found["colour"], found["background"]) >= 4.5, (name, found["colour"], found["background"])


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-status-{name}.png"))


@pytest.mark.parametrize("questionnaire_id", ["deti-bezpeci", "dospeli-bezpeci"])
def test_map_status__pin_added__bar_clear_of_controls_and_zoom_works(device, questionnaire_id, request, live_server):
    page, name = device, f"{request.node.device_name}-{questionnaire_id}"
    open_map(page, live_server, questionnaire_id)
    width, height = map_size(page)
    # A pin at the top in the middle, where the old bubble sat over it.
    tap_map(page, width // 2, 75)
    feeling = "unsafe" if page.locator("dialog[open] [data-feeling]").count() else None
    pick(page, page.locator("dialog[open] [data-category]").first.get_attribute("data-category"), feeling)
    page.locator("[data-map-status]").filter(has_text=ADDED).wait_for()
    found = page.evaluate(BOXES)
    assert found["text"] == ADDED
    assert_clear(found, name)
    shot(page, f"{name}-added")

    # The zoom buttons work while the message shows.
    before = zoom(page)
    tap_zoom(page, "in", before + 1)
    assert page.locator("[data-map-status]").inner_text() == ADDED
    tap_zoom(page, "out", before)
    assert page.locator("[data-map-status]").inner_text() == ADDED

    # A second tap opens the category sheet: the old message goes (the empty bar shows nothing).
    tap_map(page, width // 2, int(height * 0.75))
    page.wait_for_selector("dialog.map-picker[open]")
    found = page.evaluate(BOXES)
    assert found["text"] == "" and found["background"] == "rgba(0, 0, 0, 0)", found
    shot(page, f"{name}-sheet")


@pytest.mark.parametrize("questionnaire_id", ["deti-bezpeci", "dospeli-bezpeci"])
def test_map_status__tap_while_aiming__long_message_clear_of_cross_and_add_here(device, questionnaire_id, request,
                                                                                live_server):
    page, name = device, f"{request.node.device_name}-{questionnaire_id}"
    open_map(page, live_server, questionnaire_id)
    page.locator("[data-map-aim]").tap()
    page.locator(".map-canvas").scroll_into_view_if_needed()
    width, height = map_size(page)
    tap_map(page, width // 2, height // 2)
    page.locator("[data-map-status]").filter(has_text=AIM[questionnaire_id]).wait_for()
    found = page.evaluate(BOXES)
    assert found["text"] == AIM[questionnaire_id]
    assert len(found["controls"]) == 5  # zoom in, zoom out, aim toggle, crosshair, "Add here"
    assert_clear(found, name)
    shot(page, f"{name}-aim")
    before = zoom(page)
    tap_zoom(page, "in", before + 1)
    assert page.locator("[data-map-status]").inner_text() == AIM[questionnaire_id]


def test_map_status__message_showing__axe_finds_nothing(device, request, live_server):
    page = device
    open_map(page, live_server, "deti-bezpeci")
    width, height = map_size(page)
    tap_map(page, width // 2, height // 2)
    pick(page, "drogy", "unsafe")
    page.locator("[data-map-status]").filter(has_text=ADDED).wait_for()
    page.evaluate(AXE + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
    page.locator("[data-map-aim]").tap()
    page.locator(".map-canvas").scroll_into_view_if_needed()
    tap_map(page, width // 3, height // 4)  # not on the pin in the middle
    page.locator("[data-map-status]").filter(has_text=AIM["deti-bezpeci"]).wait_for()
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []


def test_map_status__mark_deleted_in_the_list__page_not_scrolled(phone, live_server):
    page = phone
    open_map(page, live_server, "deti-bezpeci")
    width, height = map_size(page)
    for y in (height // 3, 2 * height // 3):  # two marks: deleting one leaves focus in the list
        tap_map(page, width // 2, y)
        pick(page, "drogy", "unsafe")
    page.locator("[data-map-status]").filter(has_text=ADDED).wait_for()
    # Room below the page, so that the list can be read with the bar above the screen.
    page.evaluate("document.body.style.paddingBottom = '1000px'")
    page.evaluate("""window.scrollBy(0, document.querySelector("[data-map-status]")
                                            .getBoundingClientRect().bottom + 10)""")
    before = page.evaluate("window.scrollY")
    page.locator(".map-mark-delete").nth(1).tap()
    page.locator("[data-map-status]").filter(has_text="Značka je smazaná.").wait_for(state="attached")
    assert page.evaluate("window.scrollY") == before
    assert page.locator("[data-map-status]").bounding_box()["y"] < 0  # not brought into sight
