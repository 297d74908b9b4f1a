"""Photos of the paper map: content check, metadata stripped, stored under the data
dir, served only to facilitators."""
import io

import pytest
from PIL import Image, PngImagePlugin

from survey_app.fieldwork import focus_groups as fg
from survey_app.fieldwork import photos

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"          # Make
    exif[0x0110] = "Phone 12"            # Model
    exif[0x0132] = "2026:03:12 16:05:00"  # DateTime
    exif[0x0112] = 6                     # Orientation: rotate 90° clockwise to view
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (50.0, 35.0, 33.0), 3: "E", 4: (13.0, 33.0, 58.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"Janov, Libuse", icc_profile=b"\0" * 128)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "50.5925 N, 13.5660 E")
    info.add_text("Author", "Jana")
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 255, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_jpeg_with_gps__saved_without_any_metadata_and_upright(tmp_path):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the input really has GPS
    stored = photos.save_photo(original, tmp_path)
    path = tmp_path / "uploads" / "focus_groups" / f"{stored['id']}.jpg"
    assert stored == {"id": stored["id"], "ext": "jpg", "content_type": "image/jpeg", "width": 48, "height": 64,
                      "bytes": path.stat().st_size}
    data = path.read_bytes()
    cleaned = Image.open(io.BytesIO(data))
    assert dict(cleaned.getexif()) == {} and cleaned.getexif().get_ifd(GPS_IFD) == {}
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(cleaned.info)
    for marker in (b"Exif", b"PhoneMaker", b"Janov", b"http://ns.adobe.com/xap"):
        assert marker not in data
    assert path.stat().st_mode & 0o777 == 0o600


def test_png_with_text_chunks__saved_without_them(tmp_path):
    stored = photos.save_photo(png_with_text(), tmp_path)
    data = (tmp_path / "uploads" / "focus_groups" / f"{stored['id']}.png").read_bytes()
    assert b"Location" not in data and b"Jana" not in data
    assert Image.open(io.BytesIO(data)).info.get("Location") is None


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty: choose a photo"),
    (b"%PDF-1.4 not an image", "the file is not a JPEG or PNG image (or it is damaged)"),
    (jpeg_with_gps()[:200], "the file is not a JPEG or PNG image (or it is damaged)"),
])
def test_save_photo__not_an_image__refused_and_nothing_written(tmp_path, data, message):
    with pytest.raises(photos.PhotoError) as error:
        photos.save_photo(data, tmp_path)
    assert str(error.value) == message
    assert not (tmp_path / "uploads" / "focus_groups").exists() or not any((tmp_path / "uploads").rglob("*.*"))


def test_save_photo__gif_named_jpg__refused_by_content(tmp_path):
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(photos.PhotoError) as error:
        photos.save_photo(out.getvalue(), tmp_path)
    assert str(error.value) == "the file is a GIF image: upload a JPEG or PNG photo"


def test_save_photo__over_the_limit__refused(tmp_path):
    with pytest.raises(photos.PhotoError) as error:
        photos.save_photo(jpeg_with_gps(), tmp_path, max_bytes=100)
    assert "at most 0 MB is accepted" in str(error.value)


def test_parse_bounds__corners_checked():
    assert photos.parse_bounds("", "", "", "") is None
    assert photos.parse_bounds("50.58", "13.55", "50.60", "13.58") == [[50.58, 13.55], [50.6, 13.58]]
    with pytest.raises(photos.PhotoError, match="south must be less than north"):
        photos.parse_bounds("50.60", "13.55", "50.58", "13.58")
    with pytest.raises(photos.PhotoError, match="far outside"):
        photos.parse_bounds("10", "10", "11", "11", within=[[50.572, 13.540], [50.620, 13.648]])


@pytest.fixture
def record(focus_group_record):
    return focus_group_record


def test_upload__facilitator__stored_clean_and_served_only_through_the_checked_route(app, client, login_as,
                                                                                    record, storage):
    facilitator = login_as("facilitator")
    response = facilitator.post(f"/admin/focus-groups/{record['id']}/photos",
                                data={"photo": (io.BytesIO(jpeg_with_gps()), "mapa.png")},
                                content_type="multipart/form-data")
    assert response.status_code == 303
    [photo] = fg.get_session(storage, record["id"])["photos"]
    url = f"/admin/focus-groups/{record['id']}/photos/{photo['id']}"
    served = facilitator.get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert b"Exif" not in served.data and served.headers["Cache-Control"] == "no-store, max-age=0"
    assert app.test_client().get(url).status_code == 302  # anonymous: to the login page
    assert login_as("city", client=app.test_client()).get(url).status_code == 403
    assert app.test_client().get(f"/static/../uploads/focus_groups/{photo['id']}.jpg").status_code == 404
    bounds = facilitator.post(f"{url}/bounds", data={"south": "50.58", "west": "13.55", "north": "50.60",
                                                     "east": "13.58"})
    assert bounds.status_code == 303
    saved = fg.get_session(storage, record["id"])
    assert saved["photos"][0]["bounds"] == [[50.58, 13.55], [50.6, 13.58]]
    assert [h["field"] for h in saved["history"]] == ["created", f"photo {photo['id']}",
                                                     f"photo {photo['id']}: bounds"]


def test_upload__text_file_or_too_big__4xx_with_reason(app, login_as, record, storage):
    facilitator = login_as("facilitator")
    bad = facilitator.post(f"/admin/focus-groups/{record['id']}/photos?lang=en",
                           data={"photo": (io.BytesIO(b"hello"), "mapa.jpg")}, content_type="multipart/form-data")
    assert bad.status_code == 422
    assert "Photo: the file is not a JPEG or PNG image (or it is damaged)" in bad.get_data(as_text=True)
    app.config["FOCUS_GROUP_PHOTO_MAX_BYTES"] = 1000
    big = facilitator.post(f"/admin/focus-groups/{record['id']}/photos",
                           data={"photo": (io.BytesIO(jpeg_with_gps() + b"\0" * 2000), "mapa.jpg")},
                           content_type="multipart/form-data")
    assert big.status_code == 413
    assert fg.get_session(storage, record["id"])["photos"] == []


def test_photo_error__message_in_czech_and_english():
    with pytest.raises(photos.PhotoError) as error:
        photos.save_photo(b"", "/nonexistent")
    assert error.value.code == "photo_empty"
    assert error.value.message("cs") == "soubor je prázdný: vyberte fotografii"
    assert error.value.message("en") == str(error.value) == "the file is empty: choose a photo"


def test_upload__not_an_image__czech_page_and_json__english_with_lang_en(login_as, record):
    facilitator = login_as("facilitator")
    url = f"/admin/focus-groups/{record['id']}/photos"

    def post(query="", headers=None):
        return facilitator.post(url + query, data={"photo": (io.BytesIO(b"hello"), "mapa.jpg")},
                                content_type="multipart/form-data", headers=headers or {})
    page = post()
    assert page.status_code == 422
    assert "Fotografie: soubor není obrázek JPEG ani PNG (nebo je poškozený)" in page.get_data(as_text=True)
    assert post(headers={"Accept": "application/json"}).get_json() == {
        "error": "invalid", "message": "Fotografie: soubor není obrázek JPEG ani PNG (nebo je poškozený)",
        "code": "photo_not_image"}
    assert post("?lang=en", {"Accept": "application/json"}).get_json()["message"] == (
        "Photo: the file is not a JPEG or PNG image (or it is damaged)")


def test_upload__over_the_limit__413_json_names_the_limit_in_czech(app, login_as, record, storage):
    app.config["FOCUS_GROUP_PHOTO_MAX_BYTES"] = 1024 * 1024 // 2
    response = login_as("facilitator").post(
        f"/admin/focus-groups/{record['id']}/photos", headers={"Accept": "application/json"},
        data={"photo": (io.BytesIO(jpeg_with_gps() + b"\0" * 600_000), "mapa.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.get_json() == {"error": "too_large", "code": "photo_too_big",
                                   "message": "Fotografie: soubor je příliš velký: přijmout lze nejvýše 0,5 MB"}
    assert fg.get_session(storage, record["id"])["photos"] == []


def test_photo_bounds__bad_corners__czech_reason(app, login_as, record, storage):
    facilitator = login_as("facilitator")
    facilitator.post(f"/admin/focus-groups/{record['id']}/photos",
                     data={"photo": (io.BytesIO(jpeg_with_gps()), "mapa.jpg")}, content_type="multipart/form-data")
    [photo] = fg.get_session(storage, record["id"])["photos"]
    url = f"/admin/focus-groups/{record['id']}/photos/{photo['id']}/bounds"
    corners = {"south": "50.60", "west": "13.55", "north": "50.58", "east": "13.58"}
    page = facilitator.post(url, data=corners)
    assert page.status_code == 422
    assert ("Rohy fotografie: jih musí být menší než sever a západ menší než východ"
            in page.get_data(as_text=True))
    far = facilitator.post(f"{url}?lang=en", data={"south": "10", "west": "10", "north": "11", "east": "11"},
                           headers={"Accept": "application/json"})
    assert far.get_json() == {"error": "invalid", "code": "bounds_far",
                              "message": "Photo corners: the corners are far outside the town's map"}
