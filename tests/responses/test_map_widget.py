"""The map question's page through the test client (JavaScript off): the data-map config
the page script reads, the places fallback, marks posted by the form, messages on the
field, assets served from the app itself."""
import hashlib
import html
import json
import re
from pathlib import Path

import pytest

MAP = "/s/deti-bezpeci/q/mapa"
STATIC = Path(__file__).parents[2] / "survey_app" / "static"
BOUNDS = [[50.572, 13.54], [50.62, 13.648]]
MARK = {"lat": 50.5925, "lon": 13.566, "category": "drogy", "feeling": "unsafe"}


def to_map_screen(client):
    assert client.post("/s/deti-bezpeci/start").status_code == 303
    for screen, data in (("vek", {"vek": "8-11"}), ("bezpeci_den", {}), ("bezpeci_vecer", {})):
        client.post(f"/s/deti-bezpeci/q/{screen}", data={**data, "action": "next"})
    response = client.get(MAP)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def fingerprint(name):
    """The ?v= of a static file: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]


def finish(client, location):
    """Press Next on every screen from `location` on until the thank-you page."""
    for _ in range(12):
        response = client.post(location, data={"action": "next"})
        location = response.headers["Location"]
        if location.endswith("/dekujeme"):
            return
    raise AssertionError("the survey did not end")


def data_map(page: str) -> dict:
    match = re.search(r'<div class="map-widget" data-map="([^"]*)" hidden>', page)
    assert match, "no hidden map widget with data-map"
    return json.loads(html.unescape(match.group(1)))


def hidden_marks(page: str):
    match = re.search(r'<input type="hidden" name="mapa" value="([^"]*)" data-map-marks>', page)
    return json.loads(html.unescape(match.group(1)))


def test_widget__data_map__config_in_czech(client):
    config = data_map(to_map_screen(client))
    texts = config.pop("texts")
    categories = config.pop("categories")
    assert config == {
        "question": "mapa", "feelings": ["unsafe", "safe"], "min_marks": 0, "max_marks": 5,
        "comment": "optional", "comment_max": 280, "bounds": BOUNDS, "center": [50.5925, 13.566], "zoom": 15,
        "view": [[50.58612, 13.55108], [50.59888, 13.57892]],  # the janov-sidliste polygon and 8 %
        "basemap": {"type": "image", "url": None, "attribution": None, "bounds": BOUNDS,
                    "image": "/maps/janov.svg"},  # the vector twin of maps/janov.png
        "feeling_icons": {"unsafe": "/static/icons/smiley-2.svg?v=" + fingerprint("icons/smiley-2.svg"),
                          "safe": "/static/icons/smiley-5.svg?v=" + fingerprint("icons/smiley-5.svg")},
    }
    assert categories[0] == {"value": "drogy", "label": "Prodávání drog", "colour": "#8e44ad",
                             "icon": "/static/icons/drugs.svg?v=" + fingerprint("icons/drugs.svg")}
    assert categories[-1] == {"value": "dobre_misto", "label": "Tady je mi dobře", "colour": "#27ae60",
                              "icon": "/static/icons/star.svg?v=" + fingerprint("icons/star.svg")}
    assert [c["value"] for c in categories] == [
        "drogy", "nebezpecni_lide", "opili_lide", "lide_pod_vlivem", "exhibicionista", "strikacky",
        "rasismus", "diskriminace", "jine", "dobre_misto"]
    assert texts["full"] == "Už máš 5 značek. Jestli chceš přidat další, nejdřív nějakou smaž."
    assert (texts["unsafe"], texts["safe"]) == ("Tady se bojím", "Tady je mi dobře")
    assert texts["zoom_in"] == "Přiblížit" and texts["delete"] == "Smazat" and texts["change"] == "Změnit"
    assert texts["tap_help"] == "Ťukni na místo na mapě. Mapu posuneš dvěma prsty."
    assert texts["aim_help"] == "Posuň mapu jedním prstem, až bude křížek na tom místě, a zmáčkni „Přidat sem“."


def test_widget__adults__vy_forms(client):
    client.post("/s/dospeli-bezpeci/start")
    page = client.get("/s/dospeli-bezpeci/q/mapa_stranka").get_data(as_text=True)
    texts = data_map(page)["texts"]
    assert texts["full"] == "Už máte 5 značek. Chcete-li přidat další, nejdřív některou smažte."
    assert texts["tap_help"] == "Ťukněte na místo na mapě. Mapu posunete dvěma prsty."
    assert texts["need_category"] == "Vyberte, co tu je."
    assert '<h2 class="map-marks-title">Vaše značky</h2>' in page
    assert "Vyberte místa ze seznamu. Můžete vybrat více míst." in page


def test_adults__places_asked_once__map_with_the_list_as_its_fallback(client, storage):
    client.post("/s/dospeli-bezpeci/start")
    problems = client.get("/s/dospeli-bezpeci/q/problemy_a_mista").get_data(as_text=True)
    assert "Na kterých místech" not in problems and 'name="mista"' not in problems
    page = client.get("/s/dospeli-bezpeci/q/mapa_stranka").get_data(as_text=True)
    assert '<h1 class="page-title">Místa</h1>' in page
    assert '<h2 class="question-label" id="label-mapa">Kde se necítíte bezpečně?</h2>' in page
    fallback = page[page.index('<div class="map-fallback"'):]
    assert '<p class="help">Vyberte místa ze seznamu. Můžete vybrat více míst.</p>' in fallback
    assert "Ťukněte" not in fallback and "na mapě" not in fallback and "Označte" not in fallback
    assert page.index("Ukažte místa, kde se necítíte bezpečně") > page.index('<div class="map-widget"')
    response = client.post("/s/dospeli-bezpeci/q/mapa_stranka",
                           data={"mapa": "[]", "mapa__place": ["nadrazi", "hamr"], "action": "next"})
    assert response.status_code == 303
    finish(client, response.headers["Location"])
    [record] = storage.responses("dospeli-bezpeci")
    assert record["answers"] == {"mapa": [{"place": "nadrazi"}, {"place": "hamr"}]}


def test_adults__questionnaire__no_place_question_and_every_text_in_three_languages(app):
    questionnaire = app.extensions["survey_registry"].get("dospeli-bezpeci")
    assert [q.type for q in questionnaire.questions].count("place") == 0
    assert [q.id for q in questionnaire.questions] == [
        "bezpeci_den", "bezpeci_noc", "problemy", "mapa", "duvera_mp", "duvera_apk", "duvera_pcr",
        "bydleni_delka", "vek", "skupina", "navrh"]
    import yaml
    path = Path(__file__).parents[2] / "questionnaires" / "dospeli-bezpeci.yaml"
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            if isinstance(node.get("cs"), str) and set(node) != {"cs", "uk", "en"}:
                missing.append(where)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")
    walk(yaml.safe_load(path.read_text(encoding="utf-8")), "dospeli-bezpeci")
    assert missing == []


def test_widget__no_js_fallback__own_words_and_pictures(client):
    page = to_map_screen(client)
    fallback = page[page.index('<div class="map-fallback"'):]
    assert '<p class="help">Vyber místa ze seznamu. Můžeš vybrat víc míst.</p>' in fallback
    assert "Ťukni" not in fallback and "na mapě" not in fallback
    # the map's own help is inside the hidden map part, not over the list
    assert page.index("Ukaž místa, kde se bojíš") > page.index('<div class="map-widget"')
    assert fallback.count('<img class="choice-icon" src="/static/icons/place-') == 12
    assert f'src="/static/icons/place-hamr.svg?v={fingerprint("icons/place-hamr.svg")}"' in fallback
    assert '<h1 class="question-label" id="label-mapa">Kde se bojíš?</h1>' in page


def test_widget__english__labels_and_texts_in_english(client):
    to_map_screen(client)
    config = data_map(client.get(MAP + "?lang=en").get_data(as_text=True))
    assert config["categories"][0]["label"] == "Drug dealing"
    assert config["texts"]["full"] == "You already have 5 marks. If you want to add another one, delete one first."
    assert config["texts"]["unsafe"] == "I am afraid here"


@pytest.mark.parametrize("max_marks, expected", [
    (1, "Už máš 1 značku. Jestli chceš přidat další, nejdřív ji smaž."),
    (3, "Už máš 3 značky. Jestli chceš přidat další, nejdřív nějakou smaž."),
    (12, "Už máš 12 značek. Jestli chceš přidat další, nejdřív nějakou smaž."),
])
def test_widget__max_marks_message__czech_plural(client, questionnaires_dir, max_marks, expected):
    path = questionnaires_dir / "deti-bezpeci.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("max_marks: 5", f"max_marks: {max_marks}"),
                    encoding="utf-8")
    assert data_map(to_map_screen(client))["texts"]["full"] == expected


def test_widget__tiles_basemap__url_attribution_and_fallback_image(client):
    client.post("/s/dospeli-bezpeci/start")
    page = client.get("/s/dospeli-bezpeci/q/mapa_stranka").get_data(as_text=True)
    config = data_map(page)
    assert config["basemap"] == {"type": "tiles", "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                 "attribution": "© OpenStreetMap contributors", "bounds": BOUNDS,
                                 "fallback": "/maps/janov.png"}
    assert config["feelings"] == ["unsafe"]
    assert 'data-feeling=' not in page  # one feeling: nothing to ask


def test_widget__picker_and_fallback_markup(client):
    page = to_map_screen(client)
    assert page.count('data-feeling="unsafe"') == 1 and page.count('data-feeling="safe"') == 1
    assert page.count("data-category=") == 10
    assert 'maxlength="280"' in page and "data-picker-comment" in page
    assert page.count('name="mapa__place"') == 12  # every place of the questionnaire
    assert hidden_marks(page) == []
    assert "<script>" not in page and "style=" not in page


def test_assets__only_on_map_screens(client):
    page = to_map_screen(client)
    for asset in ("vendor/leaflet/leaflet.js", "js/map.js", "vendor/leaflet/leaflet.css", "css/map.css"):
        assert f"/static/{asset}?v={fingerprint(asset)}" in page
    other = client.get("/s/deti-bezpeci/q/vek").get_data(as_text=True)
    assert "leaflet" not in other and "map.js" not in other


def test_assets__served_by_the_app(client):
    for url, kind in (("/static/vendor/leaflet/leaflet.js", "javascript"), ("/static/js/map.js", "javascript"),
                      ("/static/css/map.css", "text/css"), ("/static/vendor/leaflet/leaflet.css", "text/css"),
                      ("/maps/janov.png", "image/png"), ("/maps/janov.svg", "image/svg+xml")):
        response = client.get(url)
        assert response.status_code == 200 and kind in response.content_type, url
    script = client.get("/static/js/map.js").get_data(as_text=True)
    assert len(script.encode()) < 17_000  # no framework: the map script stays small
    assert "http://" not in script and "https://" not in script


def test_form__map_marks__stored_rounded(client, storage):
    to_map_screen(client)
    marks = [{**MARK, "lat": 50.59251234567, "comment": "  Večer tu stojí  "},
             {"lat": 50.6, "lon": 13.6, "category": "dobre_misto", "feeling": "safe"}]
    response = client.post(MAP, data={"mapa": json.dumps(marks), "action": "next"})
    assert response.status_code == 303
    finish(client, response.headers["Location"])
    [record] = storage.responses("deti-bezpeci")
    assert record["answers"]["mapa"] == [
        {"lat": 50.592512, "lon": 13.566, "category": "drogy", "feeling": "unsafe", "comment": "Večer tu stojí"},
        {"lat": 50.6, "lon": 13.6, "category": "dobre_misto", "feeling": "safe"}]


def test_form__no_js_places__stored_as_place_marks(client, storage):
    to_map_screen(client)
    response = client.post(MAP, data={"mapa": "[]", "mapa__place": ["nadrazi", "hamr"], "action": "next"})
    assert response.status_code == 303
    finish(client, response.headers["Location"])
    [record] = storage.responses("deti-bezpeci")
    assert record["answers"]["mapa"] == [{"place": "nadrazi"}, {"place": "hamr"}]


def test_form__back__marks_and_ticked_places_restored(client):
    to_map_screen(client)
    client.post(MAP, data={"mapa": json.dumps([MARK]), "mapa__place": ["hamr"], "action": "next"})
    page = client.get(MAP).get_data(as_text=True)
    assert hidden_marks(page) == [MARK, {"place": "hamr"}]
    assert 'value="hamr" checked' in page and 'value="nadrazi" checked' not in page


@pytest.mark.parametrize("marks, message", [
    ([{**MARK, "lat": 50.7}], "Značka je mimo mapu."),
    ([{**MARK, "category": "auta"}], "Vyber pro značku jednu z nabízených kategorií."),
    ([{**MARK, "feeling": "bored"}], "U značky je neplatný pocit."),
    ([{k: v for k, v in MARK.items() if k != "feeling"}],
     "U každé značky vyber, jestli se tam cítíš bezpečně, nebo ne."),
    ([{**MARK, "lat": "north"}], "Značka nemá platnou polohu."),
    ([{**MARK, "comment": "x" * 281}], "Komentář ke značce je příliš dlouhý (počet znaků nejvýše 280)."),
    ([MARK] * 6, "Značek můžeš přidat nejvýše 5."),
    ({"lat": 50.6}, "Odpověď má nesprávný tvar: očekává se seznam."),
    ("not json", "Odpověď má nesprávný tvar: očekává se seznam."),
])
def test_form__bad_marks__422_message_on_the_field(client, storage, marks, message):
    to_map_screen(client)
    raw = marks if isinstance(marks, str) else json.dumps(marks)
    response = client.post(MAP, data={"mapa": raw, "action": "next"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="field-error" id="error-mapa" role="alert">{message}</p>' in page
    assert 'aria-invalid="true"' in page
    data_map(page)  # the page still carries the map for another try
    assert storage.responses("deti-bezpeci") == []


def test_form__unknown_place__message_on_the_field(client):
    to_map_screen(client)
    response = client.post(MAP, data={"mapa": "[]", "mapa__place": ["mars"], "action": "next"})
    assert response.status_code == 422
    assert "Vyber místo ze seznamu." in response.get_data(as_text=True)


def test_static__fingerprinted_url__immutable_year_cache_and_security_headers(client):
    page = to_map_screen(client)
    url = f"/static/js/map.js?v={fingerprint('js/map.js')}"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    # an old or missing fingerprint, or none at all: the file, with a short cache
    for stale in ("/static/js/map.js?v=000000000000", "/static/js/map.js"):
        response = client.get(stale)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "max-age=300, public"
    assert client.get("/static/../web/i18n.py?v=x").status_code == 404
