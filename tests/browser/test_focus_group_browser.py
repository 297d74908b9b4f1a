"""A facilitator on a tablet records the children's session from the field report:
three sticky notes on the map (drug dealing, syringes, a racist attack) and the
strategies and needs tallies."""
import time

from survey_app.fieldwork import campaigns
from survey_app.fieldwork import focus_groups as fg

PASSWORD = "correct horse battery"  # what the `users` fixture sets by default

NOTES = [  # (fraction of the map's width, of its height), category, experience, agreed, quote
    ((0.45, 0.40), "drogy", "heard", "4", "U garáží prodávají drogy."),
    ((0.55, 0.55), "strikacky", "own", "2", "Na hřišti jsme našli stříkačky."),
    ((0.35, 0.60), "rasismus", "own", "3", "Křičeli na nás kvůli barvě kůže."),
]


def test_facilitator_on_tablet__records_session_with_three_notes_and_tallies(live_server, live_app, tablet, users):
    storage = live_app.extensions["survey_storage"]
    users("jana@example.org", "facilitator", app=live_app)
    campaign, _ = campaigns.create_campaign(storage, "deti-bezpeci", "2026-jaro",
                                            channels=[("focus_group", "Libuše")])
    started = time.monotonic()
    page = tablet
    page.goto(f"{live_server.url}/admin/focus-groups/new?campaign_id={campaign['id']}")
    assert "/login" in page.url  # anonymous: sent to the login page, then back here
    page.fill("input[name=email]", "jana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/admin/focus-groups/new**")

    page.fill("input[name=date]", "2026-03-12")
    page.fill("input[name=place]", "Sousedský dům Libuše")
    page.fill("textarea[name=facilitators]", "Jana Nováková")
    page.fill("input[name='comp__8-11__girl']", "3")
    page.fill("input[name='comp__8-11__boy']", "2")
    page.fill("input[name='comp__12-14__boy']", "3")
    page.fill("input[name=parental_consents]", "8")
    page.fill("input[name=assents]", "8")
    page.locator("input[name=consent_confirmed]").check()
    page.locator("button[type=submit]", has_text="Uložit").click()
    page.wait_for_url("**/admin/focus-groups/1")

    canvas = page.locator("[data-fg-map-canvas]")
    for (fx, fy), category, experience, agreed, quote in NOTES:
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        assert page.locator("[data-fg-lat]").input_value() != ""
        page.locator(f"input[name=category][value={category}]").check()
        page.locator(f"input[name=experience][value={experience}]").check()
        page.fill("textarea[name=quote]", quote)
        page.fill("input[name=agreed]", agreed)
        page.locator("[data-fg-add-note]").click()
        page.wait_for_load_state()
        assert page.locator("[data-fg-error]").count() == 0
    assert page.locator(".fg-note").count() == 3
    # The three notes are drawn on the map as dots.
    assert page.locator(".fg-map-canvas path.leaflet-interactive").count() == 3

    for name, value in {"tally__strategie__vyhybam_se": "6", "tally__strategie__ve_skupine": "5",
                        "tally__strategie__volam_policii": "3", "tally__potreby__misto_na_setkani": "7",
                        "tally__potreby__hriste": "4", "tally__potreby__hudebni_klub": "2",
                        "tally__potreby__posilovna": "3"}.items():
        page.fill(f"input[name='{name}']", value)
    page.locator("[data-fg-save-tallies]").click()
    page.wait_for_url("**/admin/focus-groups/1#tallies")
    elapsed = time.monotonic() - started

    record = fg.get_session(storage, 1)
    (south, west), (north, east) = fg.spec_for(live_app.extensions["survey_registry"].get("deti-bezpeci")).bounds
    assert [(n["category"], n["experience"], n["agreed"], n["quote"]) for n in record["notes"]] == [
        (c, e, int(a), q) for _, c, e, a, q in NOTES]
    assert all(south <= n["lat"] <= north and west <= n["lon"] <= east for n in record["notes"])
    assert record["tallies"]["strategie"] == {"vyhybam_se": 6, "ve_skupine": 5, "volam_policii": 3,
                                              "reknu_dospelemu": 0, "jine": 0}
    assert record["tallies"]["potreby"] == {"misto_na_setkani": 7, "hriste": 4, "hudebni_klub": 2,
                                            "posilovna": 3, "jine": 0}
    assert elapsed < 30


def _logged_in_record(live_server, live_app, page, users):
    """A stored record with one note, and the facilitator logged in on `page`."""
    storage = live_app.extensions["survey_storage"]
    users("jana@example.org", "facilitator", app=live_app)
    campaign, _ = campaigns.create_campaign(storage, "deti-bezpeci", "2026-jaro")
    spec = fg.spec_for(live_app.extensions["survey_registry"].get("deti-bezpeci"))
    form = {"campaign_id": str(campaign["id"]), "date": "2026-03-12", "place": "Libuše", "facilitators": "Jana",
            "comp__8-11__girl": "3", "parental_consents": "3", "assents": "3", "consent_confirmed": "y"}
    record = fg.create_session(storage, spec, fg.parse_session(form, spec, {campaign["id"]: campaign}.get), "x")
    note = fg.parse_note({"place": "janov-hriste", "category": "strikacky", "experience": "own", "agreed": "2",
                          "quote": "Na hřišti jsme našli stříkačky."}, spec, record)
    _record, note_id = fg.add_note(storage, record["id"], note, "x")
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=email]", "jana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/admin/")
    return storage, record["id"], note_id


def test_delete_note__without_js__asks_first__no_keeps__yes_deletes(live_server, live_app, browser, users):
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    page = context.new_page()
    storage, fg_id, note_id = _logged_in_record(live_server, live_app, page, users)
    page.goto(f"{live_server.url}/admin/focus-groups/{fg_id}")
    page.locator(f"#note-{note_id}").get_by_role("link", name="Smazat").click()
    page.wait_for_url(f"**/admin/focus-groups/{fg_id}/notes/{note_id}/delete")
    assert page.locator("h1").inner_text() == "Smazat lístek?"
    assert len(fg.get_session(storage, fg_id)["notes"]) == 1
    page.get_by_role("link", name="Ne, ponechat").click()
    page.wait_for_url(f"**/admin/focus-groups/{fg_id}#note-{note_id}")
    assert len(fg.get_session(storage, fg_id)["notes"]) == 1
    page.locator(f"#note-{note_id}").get_by_role("link", name="Smazat").click()
    page.get_by_role("button", name="Ano, smazat lístek").click()
    page.wait_for_url(f"**/admin/focus-groups/{fg_id}#notes")
    assert fg.get_session(storage, fg_id)["notes"] == []
    assert page.locator(".fg-note").count() == 0
    context.close()


def test_fg_map__opens_on_the_janov_estate__not_the_whole_town(live_server, live_app, tablet, users):
    """The town map (janov.png covers the whole town) is drawn several times wider than
    the canvas when the map opens on the estate."""
    page = tablet
    _storage, fg_id, _note_id = _logged_in_record(live_server, live_app, page, users)
    page.goto(f"{live_server.url}/admin/focus-groups/{fg_id}")
    canvas = page.locator("[data-fg-map-canvas]").bounding_box()
    page.locator(".fg-map-canvas img.leaflet-image-layer").first.wait_for()
    image = page.locator(".fg-map-canvas img.leaflet-image-layer").first.bounding_box()
    assert image["width"] > 3 * canvas["width"]


def test_delete_note__with_js__dialog_asks__dismiss_keeps__accept_deletes(live_server, live_app, tablet, users):
    """The JS dialog is an enhancement in fg_map.js; without JS the link opens the
    confirmation page (tested above)."""
    page = tablet
    storage, fg_id, note_id = _logged_in_record(live_server, live_app, page, users)
    page.goto(f"{live_server.url}/admin/focus-groups/{fg_id}")
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.locator(f"#note-{note_id}").get_by_role("link", name="Smazat").click()
    page.wait_for_load_state()
    assert messages == ["Smazat tento lístek? Nedá se to vrátit."]
    assert page.url.endswith(f"/admin/focus-groups/{fg_id}") and len(fg.get_session(storage, fg_id)["notes"]) == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#note-{note_id}").get_by_role("link", name="Smazat").click()
    page.wait_for_url(f"**/admin/focus-groups/{fg_id}#notes")
    assert fg.get_session(storage, fg_id)["notes"] == []
