"""QR posters: the QR code decodes to exactly <public address>/c/<code>, the Czech (and
Ukrainian) text comes out of the PDF letter for letter, the font is embedded, the flyer
sheet holds 8 codes, the page says which address is printed and where it comes from,
and without an address nothing wrong is printed."""
import io
import re
import shutil
from pathlib import Path

import pytest
import qrcode
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode
from qrcode.constants import ERROR_CORRECT_M

from survey_app.fieldwork import campaigns as model
from survey_app import create_app
from survey_app.fieldwork import posters
from tests.conftest import csrf_token_from

FIXTURES = Path(__file__).parents[1] / "fixtures"
BASE_URL = "https://bezpeci.litvinov.cz"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def poster_app(app_config, questionnaires_dir):
    for shipped in questionnaires_dir.glob("*.yaml"):
        if shipped.stem != "dospeli-bezpeci":
            shipped.unlink()
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")
    return create_app({**app_config, "BASE_URL": BASE_URL + "/"})


@pytest.fixture
def channels(poster_app):
    storage = poster_app.extensions["survey_storage"]
    kids, [tablet] = model.create_campaign(storage, "mini", "2026-podzim", organiser="MY Litvínov",
                                           channels=[("tablet", "Sousedský dům Libuše")])
    adults, [poster] = model.create_campaign(storage, "dospeli-bezpeci", "2026-podzim",
                                             channels=[("poster", "Janov")])
    return {"kids": (kids, tablet), "adults": (adults, poster)}


@pytest.fixture
def facilitator(poster_app, users):
    users("facilitator@example.org", "facilitator", app=poster_app)
    client = poster_app.test_client()
    from tests.conftest import TEST_PASSWORD
    assert client.post("/login", data={"email": "facilitator@example.org",
                                        "password": TEST_PASSWORD}).status_code == 303
    return client


def url_of(campaign_and_channel, fmt):
    campaign, channel = campaign_and_channel
    return f"/admin/campaigns/{campaign['id']}/channels/{channel['id']}/{fmt}"


def one_line(text):
    return " ".join(text.split())


def qr_placements(page):
    """(width, height) in points of every image drawn on the page."""
    content = page.get_contents().get_data().decode("latin-1")
    return [(float(w), float(h)) for w, h in re.findall(r"([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm /I\d+ Do", content)]


def test_poster_pdf__children__qr_is_the_channel_url__czech_text_exact(facilitator, channels):
    _campaign, tablet = channels["kids"]
    response = facilitator.get(url_of(channels["kids"], "poster.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="plakat-2026-podzim-1.pdf"'
    [page] = PdfReader(io.BytesIO(response.data)).pages
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (595.28, 841.89)
    [image] = page.images
    [code] = decode(image.image)
    assert code.type == "QRCODE" and code.data.decode() == f"{BASE_URL}/c/{tablet['token']}"
    text = one_line(page.extract_text())
    assert text == ("Malý dotazník "
                    "Kde se cítíš bezpečně a kde ne? Naskenuj kód a řekni nám to! "
                    "Nemáš čtečku QR kódů? Napiš do prohlížeče: "
                    f"{BASE_URL}/c/{tablet['token']} "
                    "anonymní – neptáme se na jméno "
                    "Šetření pořádá: MY Litvínov")


def test_poster_pdf__qr_at_least_6_cm__error_correction_m__fonts_embedded(facilitator, channels):
    data = facilitator.get(url_of(channels["kids"], "poster.pdf")).data
    [page] = PdfReader(io.BytesIO(data)).pages
    [(width, height)] = qr_placements(page)
    [image] = page.images
    modules = image.image.width // 10          # 10 pixels per module
    code_width_mm = width / MM * (modules - 8) / modules  # without the 4-module quiet zones
    assert width == height and code_width_mm >= 60, code_width_mm
    # pyzbar does not report the error correction level: the same URL encoded with
    # level M must give exactly these pixels (L, Q or H would differ).
    expected = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    expected.add_data(decode(image.image)[0].data.decode())
    expected.make(fit=True)
    assert image.image.convert("1").tobytes() == expected.make_image().get_image().convert("1").tobytes()
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert sorted(f["/BaseFont"].split("+")[1] for f in fonts) == ["DejaVuSansBold", "DejaVuSansBook"]
    for font in fonts:  # Type0 with an embedded TrueType subset: never a core PDF font
        assert font["/Subtype"] == "/Type0"
        assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]


def test_poster_pdf__adults__adult_invitation_no_pictogram(facilitator, channels):
    _campaign, poster = channels["adults"]
    data = facilitator.get(url_of(channels["adults"], "poster.pdf")).data
    [page] = PdfReader(io.BytesIO(data)).pages
    text = one_line(page.extract_text())
    assert text == ("Bezpečí v Janově a v Litvínově "
                    "Kde se v Litvínově cítíte bezpečně a kde ne? Řekněte nám to, zabere to pár minut. "
                    "Nemáte čtečku QR kódů? Zadejte do prohlížeče adresu: "
                    f"{BASE_URL}/c/{poster['token']} "
                    "anonymní – neptáme se na jméno "
                    "Šetření pořádá: Město Litvínov")
    assert " c\n" not in page.get_contents().get_data().decode("latin-1")  # no curves: no smiley


def test_poster_png__a4_at_150_dpi__qr_decodes_to_the_channel_url(facilitator, channels):
    _campaign, tablet = channels["kids"]
    response = facilitator.get(url_of(channels["kids"], "poster.png"))
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (1240, 1754)
    assert [c.data.decode() for c in decode(image)] == [f"{BASE_URL}/c/{tablet['token']}"]


def test_flyers_pdf__one_a4_page__8_qr_codes_of_the_channel(facilitator, channels):
    _campaign, tablet = channels["kids"]
    data = facilitator.get(url_of(channels["kids"], "flyers.pdf")).data
    [page] = PdfReader(io.BytesIO(data)).pages
    placements = qr_placements(page)
    assert len(placements) == 8 and all(w == h and w >= 40 * MM for w, h in placements)
    [image] = page.images  # the same code, embedded once and drawn 8 times
    assert [c.data.decode() for c in decode(image.image)] == [f"{BASE_URL}/c/{tablet['token']}"]
    assert one_line(page.extract_text()).count("anonymní – neptáme se na jméno") == 8


def test_poster_page__campaign_page_shows_preview_and_links(facilitator, channels):
    campaign, tablet = channels["kids"]
    html = facilitator.get(f"/admin/campaigns/{campaign['id']}").get_data(as_text=True)
    assert f'<img src="{url_of(channels["kids"], "poster.png")}"' in html
    assert f'href="{url_of(channels["kids"], "flyers.pdf")}"' in html
    assert f"<code>{BASE_URL}/c/{tablet['token']}</code>" in html
    assert 'id="base-url-missing"' not in html


def test_poster__no_base_url__refused_with_what_to_set(app, questionnaires_dir, login_as, client, storage):
    app.config["BASE_URL"] = ""  # whatever the environment says
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")
    campaign, [channel] = model.create_campaign(storage, "mini", "2026-podzim", channels=[("poster", "Janov")])
    login_as("facilitator")
    poster_url = f"/admin/campaigns/{campaign['id']}/channels/{channel['id']}/poster.pdf"
    response = client.get(poster_url)
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert ("Zadejte ji v části „Veřejná adresa“ na stránce šetření (nebo nastavte BASE_URL).") in html
    as_json = client.get(poster_url, headers={"Accept": "application/json"})
    assert as_json.status_code == 503 and as_json.get_json()["error"] == "base_url_missing"
    page = client.get(f"/admin/campaigns/{campaign['id']}").get_data(as_text=True)
    assert 'id="base-url-missing"' in page and "poster.png" not in page
    assert f"<code>/c/{channel['token']}</code>" in page  # a path, never a made-up address


def test_poster__channel_of_another_campaign__404(facilitator, channels):
    kids, _tablet = channels["kids"]
    _adults, poster = channels["adults"]
    assert facilitator.get(f"/admin/campaigns/{kids['id']}/channels/{poster['id']}/poster.pdf").status_code == 404
    assert facilitator.get(f"/admin/campaigns/{kids['id']}/channels/99/poster.png").status_code == 404


def test_poster__city_role__403(poster_app, users, channels):
    users("city@example.org", "city", app=poster_app)
    client = poster_app.test_client()
    from tests.conftest import TEST_PASSWORD
    client.post("/login", data={"email": "city@example.org", "password": TEST_PASSWORD})
    assert client.get(url_of(channels["kids"], "poster.pdf")).status_code == 403


def test_wrap__one_letter_prepositions_never_end_a_line():
    title = "Bezpečí v Janově a v Litvínově"
    assert posters.wrap(title, 120, 30, bold=True) == ["Bezpečí v Janově", "a v Litvínově"]
    for width in range(40, 200, 5):
        lines = posters.wrap(title, width, 30, bold=True)
        assert " ".join(lines) == title
        assert not any(line.split()[-1] in {"v", "a"} for line in lines), (width, lines)


def test_wrap__address_breaks_anywhere_and_each_line_fits():
    address = f"{BASE_URL}/c/AbCdEfGhIjKlMnOpQrStUv"
    lines = posters.wrap(address, 40, 7, bold=True, anywhere=True)
    assert "".join(lines) == address and len(lines) == 2
    assert all(posters.text_width(line, 7, bold=True) <= 40 for line in lines)


def test_wrap__address_too_long__breaks_after_the_last_slash__code_kept_whole():
    address = f"{BASE_URL}/c/mmmmmmmm"  # the widest code
    assert posters.wrap(address, 49, 7, bold=True, anywhere=True) == [f"{BASE_URL}/c/", "mmmmmmmm"]
    assert posters.wrap(address, 180, 15, bold=True, anywhere=True) == [address]


# --- bilingual posters (issue 16) ------------------------------------------------------

UK_CHILDREN = ("Де ти почуваєшся в безпеці, а де ні? Відскануй код і розкажи нам!",
               "Немає зчитувача QR-кодів? Напиши в браузері:")


def test_poster_pdf__czech_and_ukrainian_channel__both_texts_exact__qr_decodes(facilitator, channels, poster_app):
    campaign, tablet = channels["kids"]
    model.set_channel_languages(poster_app.extensions["survey_storage"], tablet["id"], "cs+uk")
    data = facilitator.get(url_of(channels["kids"], "poster.pdf")).data
    [page] = PdfReader(io.BytesIO(data)).pages
    [image] = page.images
    assert [c.data.decode() for c in decode(image.image)] == [f"{BASE_URL}/c/{tablet['token']}"]
    assert one_line(page.extract_text()) == (
        "Malý dotazník "
        "Kde se cítíš bezpečně a kde ne? Naskenuj kód a řekni nám to! "
        f"{UK_CHILDREN[0]} "
        "Nemáš čtečku QR kódů? Napiš do prohlížeče: "
        f"{UK_CHILDREN[1]} "
        f"{BASE_URL}/c/{tablet['token']} "
        "anonymní – neptáme se na jméno "
        "анонімно – ми не питаємо імені "
        "Šetření pořádá: MY Litvínov "
        "Опитування проводить: MY Litvínov")
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert sorted(f["/BaseFont"].split("+")[1] for f in fonts) == ["DejaVuSansBold", "DejaVuSansBook"]


def test_poster_pdf__ukrainian_title_in_the_questionnaire__printed_under_the_czech(channels):
    _campaign, tablet = channels["kids"]

    class Questionnaire:
        title = {"cs": "Malý dotazník", "uk": "Маленьке опитування"}
        audience = "children"
    spec = posters.poster_spec(Questionnaire, {"organiser": "MY Litvínov"}, {**tablet, "languages": "cs+uk"},
                               BASE_URL)
    text = one_line(PdfReader(io.BytesIO(posters.poster_pdf(spec))).pages[0].extract_text())
    assert text.startswith("Malý dotazník Маленьке опитування Kde se cítíš")
    czech_only = posters.poster_spec(Questionnaire, {"organiser": "X"}, tablet, BASE_URL)
    assert czech_only.title_uk is None and czech_only.languages == ("cs",)


def test_flyers_pdf__czech_and_ukrainian__8_flyers_with_both__qr_decodes(facilitator, channels, poster_app):
    _campaign, poster = channels["adults"]
    model.set_channel_languages(poster_app.extensions["survey_storage"], poster["id"], "cs+uk")
    data = facilitator.get(url_of(channels["adults"], "flyers.pdf")).data
    [page] = PdfReader(io.BytesIO(data)).pages
    [image] = page.images
    assert [c.data.decode() for c in decode(image.image)] == [f"{BASE_URL}/c/{poster['token']}"]
    text = one_line(page.extract_text())
    # A wide code goes on a line of its own (see the wrap tests), a narrow one fits.
    address = " ".join(posters.wrap(f"{BASE_URL}/c/{poster['token']}", 49, 6.5, bold=True, anywhere=True))
    flyer = ("Bezpečí v Janově a v Litvínově Безпека в Янові та Літвінові "
             "Kde se v Litvínově cítíte bezpečně a kde ne? Řekněte nám to, zabere to pár minut. "
             "Де в Літвінові ви почуваєтеся в безпеці, а де ні? Розкажіть нам, це займе кілька хвилин. "
             "Nemáte čtečku QR kódů? Zadejte do prohlížeče adresu: "
             "Немає зчитувача QR-кодів? Введіть у браузері адресу: "
             f"{address} "
             "anonymní – neptáme se na jméno "
             "анонімно – ми не питаємо імені "
             "Šetření pořádá: Město Litvínov "
             "Опитування проводить: Město Litvínov")
    assert text == " ".join([flyer] * 8)


def test_poster_png__czech_and_ukrainian__qr_decodes(facilitator, channels, poster_app):
    _campaign, tablet = channels["kids"]
    model.set_channel_languages(poster_app.extensions["survey_storage"], tablet["id"], "cs+uk")
    image = Image.open(io.BytesIO(facilitator.get(url_of(channels["kids"], "poster.png")).data))
    assert [c.data.decode() for c in decode(image)] == [f"{BASE_URL}/c/{tablet['token']}"]


def test_channel_languages_form__saved__unknown_422(facilitator, channels, poster_app):
    campaign, tablet = channels["kids"]
    page = facilitator.get(f"/admin/campaigns/{campaign['id']}").get_data(as_text=True)
    token = csrf_token_from(page)
    url = f"/admin/campaigns/{campaign['id']}/channels/{tablet['id']}/languages"
    response = facilitator.post(url, data={"csrf_token": token, "languages": "cs+uk"})
    assert response.status_code == 303
    storage = poster_app.extensions["survey_storage"]
    assert model.get_channel(storage, tablet["id"])["languages"] == "cs+uk"
    refused = facilitator.post(url, data={"csrf_token": token, "languages": "de"})
    assert refused.status_code == 422 and "languages" in refused.get_data(as_text=True)
    assert model.get_channel(storage, tablet["id"])["languages"] == "cs+uk"


# --- the printed address -----------------------------------------------------------------

def test_poster_page__shows_exact_printed_address_and_its_source(facilitator, channels):
    campaign, tablet = channels["kids"]
    html = facilitator.get(f"/admin/campaigns/{campaign['id']}").get_data(as_text=True)
    assert (f"Tisknutá adresa: <code class=\"printed-address\">{BASE_URL}/c/{tablet['token']}</code>"
            "\n        <br><small class=\"muted\">z nastavení BASE_URL</small>") in html
    assert 'id="address-form"' not in html  # BASE_URL decides: nothing to enter


def test_poster__no_base_url__address_saved_on_the_page__posters_print_it(app, questionnaires_dir, login_as,
                                                                           client, storage):
    app.config["BASE_URL"] = ""
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")
    campaign, [channel] = model.create_campaign(storage, "mini", "2026-podzim", channels=[("poster", "Janov")])
    login_as("facilitator")
    page = client.get(f"/admin/campaigns/{campaign['id']}").get_data(as_text=True)
    assert 'id="address-form"' in page and "restart" not in page
    bad = client.post("/admin/campaigns/address", data={"csrf_token": csrf_token_from(page),
                                                        "campaign_id": campaign["id"], "address": "bezpeci"})
    assert bad.status_code == 422
    assert "Adresu napište jako https://jmeno.serveru, např. https://bezpeci.litvinov.cz." in bad.get_data(as_text=True)
    saved = client.post("/admin/campaigns/address", data={"csrf_token": csrf_token_from(page),
                                                          "campaign_id": campaign["id"],
                                                          "address": "https://bezpeci.litvinov.cz/"})
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/admin/campaigns/{campaign['id']}#public-address")
    assert model.stored_address(storage) == "https://bezpeci.litvinov.cz"
    html = client.get(f"/admin/campaigns/{campaign['id']}").get_data(as_text=True)
    assert (f"<code class=\"printed-address\">https://bezpeci.litvinov.cz/c/{channel['token']}</code>"
            "\n        <br><small class=\"muted\">uložená na této stránce</small>") in html
    [pdf_page] = PdfReader(io.BytesIO(client.get(
        f"/admin/campaigns/{campaign['id']}/channels/{channel['id']}/poster.pdf").data)).pages
    [code] = decode(pdf_page.images[0].image)
    assert code.data.decode() == f"https://bezpeci.litvinov.cz/c/{channel['token']}"
    assert f"https://bezpeci.litvinov.cz/c/{channel['token']}" in one_line(pdf_page.extract_text())


def test_poster__no_base_url__opened_on_a_public_host__that_address_is_printed(app, questionnaires_dir, users,
                                                                                client, storage):
    app.config["BASE_URL"] = ""
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")
    campaign, [channel] = model.create_campaign(storage, "mini", "2026-podzim", channels=[("poster", "Janov")])
    host = "https://pruzkum.example.org"
    users("facilitator@example.org", "facilitator", app=app)
    from tests.conftest import TEST_PASSWORD
    assert client.post("/login", data={"email": "facilitator@example.org", "password": TEST_PASSWORD},
                       base_url=host).status_code == 303
    html = client.get(f"/admin/campaigns/{campaign['id']}", base_url=host).get_data(as_text=True)
    assert (f"<code class=\"printed-address\">{host}/c/{channel['token']}</code>"
            "\n        <br><small class=\"muted\">adresa, na které je tato stránka otevřená</small>") in html
    assert f'value="{host}"' in html  # offered in the form, to be saved
    response = client.get(f"/admin/campaigns/{campaign['id']}/channels/{channel['id']}/poster.png", base_url=host)
    assert [c.data.decode() for c in decode(Image.open(io.BytesIO(response.data)))] == [f"{host}/c/{channel['token']}"]


def test_campaign_json__public_address_and_source__channel_languages(facilitator, channels):
    campaign, tablet = channels["kids"]
    body = facilitator.get(f"/admin/campaigns/{campaign['id']}", headers={"Accept": "application/json"}).get_json()
    assert body["public_address"] == {"address": BASE_URL, "source": "setting"}
    [channel] = body["channels"]
    assert channel["languages"] == "cs" and channel["urls"]["start"] == f"{BASE_URL}/c/{tablet['token']}"
