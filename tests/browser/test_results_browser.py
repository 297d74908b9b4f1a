"""In Chromium: a facilitator records "more APK patrols at the shopping centre, from
release 1" through the form (CSRF on), marks it public, and a child's phone shows it
on /vysledky beside what the children said most often."""
from tests.browser.test_admin_browser import log_in
from tests.release_stub import spring_release, stub_releases


def test_measure_form_to_public_page__child_sees_the_measure(tablet, phone, live_server, users, monkeypatch):
    stub_releases(monkeypatch, {"deti-bezpeci": [spring_release()]})
    log_in(tablet, live_server, users, next_path="/admin/measures/new")
    tablet.select_option("select[name=questionnaire_id]", "deti-bezpeci")
    tablet.fill("input[name=title_cs]", "Více hlídek APK u nákupního střediska")
    tablet.select_option("select[name=actor]", "apk")
    tablet.fill("input[name=decided_on]", "2026-04-15")
    tablet.check("input[name=places][value=janov-nakupni-stredisko]")
    tablet.select_option("select[name=options]", ["obavy:drogy"])
    tablet.select_option("select[name=release]", "1")
    tablet.check("input[name=public]")
    tablet.click(".measure-form button[type=submit]")
    tablet.wait_for_url(f"{live_server.url}/admin/measures/1")
    assert tablet.locator("[data-history] tbody tr").count() == 1

    phone.goto(f"{live_server.url}/vysledky/deti-bezpeci")
    assert phone.locator("[data-took-part]").inner_text().strip() == "Odpovědělo 60 dětí. Děkujeme ti!"
    assert [t.strip() for t in phone.locator("[data-places] li span:first-of-type").all_inner_texts()] == [
        "Janov – okolí nákupního střediska", "Nádraží a okolí", "Park u Citadely"]
    measure = phone.locator("[data-measures] li").inner_text()
    assert "Více hlídek APK u nákupního střediska" in measure and "plánujeme" in measure
    assert phone.locator("[data-measures] li img").get_attribute("src").split("?")[0].endswith("/icons/measure-planned.svg")
