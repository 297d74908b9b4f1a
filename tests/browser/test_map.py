"""The feeling map in Chromium with touch emulation: tap pins, pick categories, drag,
delete, the max_marks message, the crosshair on a phone, tile failure, JavaScript off.

Pixel points are turned into lat/lon by the page's own Leaflet map (exposed as
window.__surveyMaps[<question id>]), right before each tap, so the stored marks are
compared with what the child really pointed at.
"""
import math
import re

import pytest

from tests.browser.conftest import TABLET, shoot

MAP_SCREEN = "/s/deti-bezpeci/q/mapa"
BEFORE_MAP = 3  # vek, bezpeci_den, bezpeci_vecer

# A one-screen questionnaire with a tile basemap (image fallback), one feeling and no
# comment: a category tap finishes the mark.
MAPKA = """\
id: mapka
version: 1
audience: adults
one_question_per_page: true
title: {cs: Mapka, en: Little map}
end: {cs: Děkujeme., en: Thank you.}
places:
  - {id: hamr, label: {cs: Hamr, en: Hamr}}
  - {id: nadrazi, label: {cs: Nádraží, en: Station}}
pages:
  - id: p1
    questions:
      - id: mapa
        type: map
        label: {cs: "Kde se necítíte bezpečně?", en: "Where do you not feel safe?"}
        categories:
          - {value: drogy, label: {cs: Drogy, en: Drugs}, icon: drugs, colour: "#8e44ad"}
          - {value: tma, label: {cs: Tma, en: Darkness}, icon: question}
        feelings: [unsafe]
        max_marks: 5
        bounds: [[50.572, 13.540], [50.620, 13.648]]
        center: [50.596, 13.594]
        zoom: 15
        basemap:
          type: tiles
          url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
          attribution: "© OpenStreetMap contributors"
          fallback: maps/janov.png
"""


@pytest.fixture
def mapka(questionnaires_dir):
    (questionnaires_dir / "mapka.yaml").write_text(MAPKA, encoding="utf-8")


def metres(a, b):
    """Distance between two (lat, lon) points in metres (equirectangular, fine at 5 km)."""
    lat = math.radians((a[0] + b[0]) / 2)
    dy = (a[0] - b[0]) * 111_320
    dx = (a[1] - b[1]) * 111_320 * math.cos(lat)
    return math.hypot(dx, dy)


def stored_marks(live_server, questionnaire_id="deti-bezpeci"):
    [record] = live_server.app.extensions["survey_storage"].responses(questionnaire_id)
    return record["answers"]["mapa"]


def open_children_map(page, live_server):
    """Start deti-bezpeci as a child does and walk to the map screen."""
    page.goto(live_server.url + "/s/deti-bezpeci")
    page.click("button[type=submit]")
    page.tap("text=8 až 11 let")
    for _ in range(BEFORE_MAP):
        page.click("button[value=next]")
    page.wait_for_url("**" + MAP_SCREEN)
    page.wait_for_selector(".map-canvas .leaflet-image-layer")


def skip_to_map(page, live_server, wait_for=".map-canvas .leaflet-image-layer"):
    """The same run, with the screens before the map posted without rendering them
    (faster; the walk itself is covered by the first test)."""
    base = live_server.url + "/s/deti-bezpeci"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.request.get(base).text()).group(1)
    page.request.post(base + "/start", form={"csrf_token": token})
    for screen, data in (("vek", {"vek": "8-11"}), ("bezpeci_den", {}), ("bezpeci_vecer", {})):
        page.request.post(f"{base}/q/{screen}", form={"csrf_token": token, "action": "next", **data})
    page.goto(live_server.url + MAP_SCREEN)
    if wait_for:
        page.wait_for_selector(wait_for)


def page_point(page, x, y, qid="mapa"):
    """The viewport point of container pixel (x, y) and the lat/lon the map puts there."""
    return page.evaluate("""([x, y, qid]) => {
        const map = window.__surveyMaps[qid], box = map.getContainer();
        const rect = box.getBoundingClientRect(), at = map.containerPointToLatLng([x, y]);
        return [rect.left + box.clientLeft + x, rect.top + box.clientTop + y, at.lat, at.lng];
    }""", [x, y, qid])


def tap_map(page, x, y, qid="mapa"):
    """Tap the map at container pixel (x, y); returns the (lat, lon) tapped."""
    px, py, lat, lon = page_point(page, x, y, qid)
    page.touchscreen.tap(px, py)
    return lat, lon


def pick(page, category, feeling=None, comment=None):
    picker = page.locator("dialog.map-picker[open]")
    if feeling:
        picker.locator(f"[data-feeling={feeling}]").tap()
    picker.locator(f"[data-category={category}]").tap()
    if comment:
        picker.locator("textarea").fill(comment)
    if picker.locator("[data-picker-done]").is_visible():
        picker.locator("[data-picker-done]").tap()
    page.wait_for_selector("dialog.map-picker[open]", state="detached")


def touch_drag(page, start, end, steps=8):
    """A real one-finger drag through the DevTools protocol (Playwright has touch taps only)."""
    cdp = page.context.new_cdp_session(page)
    (x0, y0), (x1, y1) = start, end
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for i in range(1, steps + 1):
        x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def finish_survey(page, quick=False):
    """Press Next (the map's answer is posted by the page) and on every later screen;
    `quick` posts the later screens without rendering them."""
    page.click("button[value=next]")
    page.wait_for_load_state()
    if quick and "/dekujeme" not in page.url:
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.content()).group(1)
        url = page.url
        while "/dekujeme" not in url:
            url = page.request.post(url, form={"csrf_token": token, "action": "next"}).url
        return
    while "/dekujeme" not in page.url:
        page.click("button[value=next]")
        page.wait_for_load_state()


def marker_tip(page, index):
    """Viewport point of the tip (the anchor) of the index-th pin."""
    box = page.locator(".map-canvas .leaflet-marker-icon").nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"]


def test_map__tap_three_drag_one_delete_one__stored_where_tapped(tablet, live_server):
    page = tablet
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_children_map(page, live_server)
    assert page.locator("[data-map-fallback]").is_hidden()

    a = tap_map(page, 150, 150)
    pick(page, "drogy", feeling="unsafe", comment="Večer tu stojí prodejci.")
    b = tap_map(page, 520, 260)
    pick(page, "strikacky", feeling="unsafe")
    c = tap_map(page, 330, 480)
    pick(page, "dobre_misto", feeling="safe")
    assert page.locator(".map-mark-label").all_inner_texts() == [
        "Prodávání drog – Tady se bojím", "Pohozené stříkačky a jehly – Tady se bojím",
        "Tady je mi dobře"]

    # Drag pin A by (+120, +90) px with one finger.
    tip = marker_tip(page, 0)
    moved = page.evaluate("""([lat, lon, dx, dy]) => {
        const map = window.__surveyMaps.mapa;
        const at = map.containerPointToLatLng(map.latLngToContainerPoint([lat, lon]).add([dx, dy]));
        return [at.lat, at.lng];
    }""", [*a, 120, 90])
    touch_drag(page, (tip[0], tip[1] - 30), (tip[0] + 120, tip[1] - 30 + 90))
    page.wait_for_selector("text=Značka je posunutá.")

    # Delete B from the list under the map.
    page.locator(".map-mark").nth(1).locator(".map-mark-delete").tap()
    assert page.locator(".map-mark").count() == 2
    assert page.locator(".map-canvas .leaflet-marker-icon").count() == 2

    finish_survey(page)
    marks = stored_marks(live_server)
    assert [(m["category"], m["feeling"], m.get("comment")) for m in marks] == [
        ("drogy", "unsafe", "Večer tu stojí prodejci."), ("dobre_misto", "safe", None)]
    assert metres((marks[0]["lat"], marks[0]["lon"]), moved) < 5
    assert metres((marks[1]["lat"], marks[1]["lon"]), c) < 5
    assert metres(moved, a) > 300  # the drag really moved it
    assert all(len(str(m["lat"]).split(".")[1]) <= 6 for m in marks)
    assert b not in [(m["lat"], m["lon"]) for m in marks]
    # Offline: every request went to the app itself (image basemap, vendored Leaflet).
    assert requests and all(url.startswith(live_server.url) for url in requests)


def test_map__back_button__marks_restored_from_draft(tablet, live_server):
    page = tablet
    skip_to_map(page, live_server)
    a = tap_map(page, 300, 300)
    pick(page, "opili_lide", feeling="unsafe")
    page.click("button[value=next]")
    page.click("button[value=back]")
    page.wait_for_url("**" + MAP_SCREEN)
    assert page.locator(".map-mark-label").all_inner_texts() == ["Opilí lidé – Tady se bojím"]
    value = page.evaluate("JSON.parse(document.querySelector('[data-map-marks]').value)")
    assert [(m["category"], m["feeling"]) for m in value] == [("opili_lide", "unsafe")]
    assert metres((value[0]["lat"], value[0]["lon"]), a) < 5


def test_map__sixth_tap_with_max_5__refused_with_message(tablet, live_server, mapka):
    page = tablet
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(live_server.url + "/s/mapka")
    page.click("button[type=submit]")
    page.wait_for_selector(".map-canvas .leaflet-image-layer")
    for i in range(5):
        tap_map(page, 120 + 100 * i, 200 + 40 * i)
        pick(page, "drogy")  # one feeling, no comment: the category tap finishes the mark
    tap_map(page, 300, 550)
    status = page.locator("[data-map-status]")
    status.filter(has_text="Už máte 5 značek.").wait_for()  # mapka is for adults: "vy"
    assert status.inner_text() == "Už máte 5 značek. Chcete-li přidat další, nejdřív některou smažte."
    assert page.locator("dialog.map-picker[open]").count() == 0
    assert page.locator(".map-canvas .leaflet-marker-icon").count() == 5
    finish_survey(page)
    marks = stored_marks(live_server, "mapka")
    assert len(marks) == 5 and {m["feeling"] for m in marks} == {"unsafe"}


def test_map__tiles_fail__image_fallback_shown(tablet, live_server, mapka):
    page = tablet
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(live_server.url + "/s/mapka")
    page.click("button[type=submit]")
    image = page.locator(".map-canvas img.leaflet-image-layer")
    image.wait_for()
    assert image.get_attribute("src") == "/maps/janov.png"
    assert page.locator(".map-canvas img.leaflet-tile").count() == 0
    assert "OpenStreetMap" not in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator("[data-map-fallback]").is_hidden()
    # Zoom buttons are finger-sized.
    zoom_in = page.locator(".leaflet-control-zoom-in").bounding_box()
    assert zoom_in["width"] >= 48 and zoom_in["height"] >= 48
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Přiblížit"


def test_map__crosshair_on_phone__an_option_adds_mark_at_centre(phone, live_server):
    page = phone
    skip_to_map(page, live_server)
    assert page.locator("[data-map-aim]").get_attribute("aria-pressed") == "false"  # tapping is the default
    assert page.locator("[data-map-crosshair]").is_hidden()
    page.locator("[data-map-aim]").tap()
    assert page.locator("[data-map-help]").inner_text() == (
        "Posuň mapu jedním prstem, až bude křížek na tom místě, a zmáčkni „Přidat sem“.")
    assert page.locator("[data-map-crosshair]").is_visible()
    # Pan the map under the cross with a finger, then add the mark there.
    before = page.evaluate("(() => { const c = window.__surveyMaps.mapa.getCenter(); return [c.lat, c.lng]; })()")
    page.locator(".map-canvas").scroll_into_view_if_needed()
    box = page.locator(".map-canvas").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    touch_drag(page, middle, (middle[0] - 100, middle[1] + 60))
    page.wait_for_timeout(300)
    centre = page.evaluate("(() => { const c = window.__surveyMaps.mapa.getCenter(); return [c.lat, c.lng]; })()")
    assert metres(before, centre) > 100
    page.locator("[data-map-add-here]").tap()
    pick(page, "nebezpecni_lide", feeling="unsafe")
    finish_survey(page, quick=True)
    [mark] = stored_marks(live_server)
    assert mark["category"] == "nebezpecni_lide"
    assert metres((mark["lat"], mark["lon"]), centre) < 2


def test_map__tap_on_360px_phone__places_pin_help_and_status_in_sight(phone, live_server):
    page = phone
    skip_to_map(page, live_server)
    help_line = page.locator("[data-map-help]")
    assert help_line.inner_text() == "Ťukni na místo na mapě. Mapu posuneš dvěma prsty."
    page.locator(".map-canvas").scroll_into_view_if_needed()
    a = tap_map(page, 160, 150)
    page.wait_for_selector("dialog.map-picker[open]")
    done = page.locator("dialog.map-picker[open] [data-picker-done]")
    # "Hotovo" is on screen at 360×740 without scrolling the sheet.
    box = done.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
    assert page.evaluate("document.querySelector('dialog.map-picker').scrollTop") == 0
    pick(page, "drogy", feeling="unsafe")
    assert page.locator(".map-canvas .leaflet-marker-icon").count() == 1
    status = page.locator("[data-map-status]")
    status.filter(has_text="Značka je přidaná.").wait_for()
    # the status sits in the map's frame, in the bar right under the map
    frame, said = page.locator(".map-frame").bounding_box(), status.bounding_box()
    assert frame["y"] <= said["y"] and said["y"] + said["height"] <= frame["y"] + frame["height"]
    # the pin has a name (axe: no image without text)
    pin = page.locator(".map-canvas .leaflet-marker-icon").first
    assert pin.get_attribute("aria-label") == "Prodávání drog – Tady se bojím"
    assert pin.locator("img").get_attribute("alt") == ""
    finish_survey(page, quick=True)
    [mark] = stored_marks(live_server)
    assert mark["category"] == "drogy" and metres((mark["lat"], mark["lon"]), a) < 5


def test_map__one_finger_scroll_on_the_map__page_scrolls_to_next(phone, live_server):
    page = phone
    skip_to_map(page, live_server)
    box = page.locator(".map-canvas").bounding_box()
    before = page.evaluate("(() => { const c = window.__surveyMaps.mapa.getCenter(); return [c.lat, c.lng]; })()")
    # A one-finger swipe up that starts in the middle of the map, as a child scrolls.
    x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] / 2, 700)
    assert y > box["y"] + 40  # the finger is on the map
    touch_drag(page, (x, y), (x, y - 450), steps=20)
    page.wait_for_timeout(400)
    after = page.evaluate("(() => { const c = window.__surveyMaps.mapa.getCenter(); return [c.lat, c.lng]; })()")
    assert metres(before, after) < 1  # the map did not move
    next_button = page.locator("button[value=next]").bounding_box()
    assert 0 <= next_button["y"] and next_button["y"] + next_button["height"] <= 740, next_button


@pytest.mark.parametrize("device", ["phone", "tablet"])
def test_map__opens_on_the_whole_estate__vector_basemap(device, request, live_server):
    page = request.getfixturevalue(device)
    skip_to_map(page, live_server)
    assert page.locator(".map-canvas img.leaflet-image-layer").get_attribute("src") == "/maps/janov.svg"
    shown = page.evaluate("""(() => { const b = window.__surveyMaps.mapa.getBounds();
        return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()""")
    # the janov-sidliste polygon: 50.5870–50.5980 N, 13.5530–13.5770 E
    assert shown[0] <= 50.5870 and shown[1] <= 13.5530 and shown[2] >= 50.5980 and shown[3] >= 13.5770, shown
    shoot(page, f"map-open-{device}", max_shots=2)


def test_map__javascript_off__places_list_is_the_answer(browser, live_server):
    context = browser.new_context(locale="cs-CZ", java_script_enabled=False, **TABLET)
    try:
        page = context.new_page()
        skip_to_map(page, live_server, wait_for=None)
        assert page.locator(".map-widget").is_hidden()
        assert page.locator("[data-map-fallback]").is_visible()
        page.check("input[name=mapa__place][value=hamr]")
        page.check("input[name=mapa__place][value=nadrazi]")
        finish_survey(page, quick=True)
    finally:
        context.close()
    assert stored_marks(live_server) == [{"place": "hamr"}, {"place": "nadrazi"}]


def test_map__tiles_load__tiles_with_attribution_no_fallback(tablet, live_server, mapka):
    page = tablet
    tile = (live_server.app.static_folder + "/vendor/leaflet/images/layers.png")
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(path=tile))
    page.goto(live_server.url + "/s/mapka")
    page.click("button[type=submit]")
    page.locator(".map-canvas img.leaflet-tile-loaded").first.wait_for()
    assert page.locator(".map-canvas .leaflet-image-layer").count() == 0
    assert page.locator(".leaflet-control-attribution").inner_text() == "© OpenStreetMap contributors"


def test_map__tiles_fail_without_fallback__places_list_shown(tablet, live_server, questionnaires_dir):
    (questionnaires_dir / "mapka.yaml").write_text(MAPKA.replace("          fallback: maps/janov.png\n", ""),
                                                   encoding="utf-8")
    page = tablet
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(live_server.url + "/s/mapka")
    page.click("button[type=submit]")
    status = page.locator("[data-map-status]")
    status.filter(has_text="Mapu se nepodařilo načíst.").wait_for()  # written 30 ms later, to be re-announced
    assert status.inner_text() == "Mapu se nepodařilo načíst. Vyberte místa ze seznamu pod ní."
    assert page.locator("[data-map-fallback]").is_visible()
    page.check("input[name=mapa__place][value=nadrazi]")
    finish_survey(page)
    assert stored_marks(live_server, "mapka") == [{"place": "nadrazi"}]


def test_map__leaflet_missing__places_list_shown(tablet, live_server):
    page = tablet
    page.route("**/vendor/leaflet/leaflet.js?v=*", lambda route: route.abort())  # fingerprinted URL
    skip_to_map(page, live_server, wait_for=None)
    page.wait_for_load_state("load")
    assert page.locator("[data-map-fallback]").is_visible()
    assert page.locator(".map-widget").is_hidden()
