"""A child finishes deti-bezpeci on a touch tablet; an adult finishes dospeli-bezpeci on
a phone. Real Chromium, real taps, real server; the stored response is checked."""
import re

from playwright.sync_api import expect


def _answer_visible_questions(page, text_answer):
    for box in page.locator("fieldset.question:visible").all():
        kind = box.get_attribute("class")
        if "question-map" in kind or "question-info" in kind:
            continue  # the map has its own tests; an empty map is allowed
        choice = box.locator("label.choice:visible").first
        if choice.count():
            choice.tap()
            continue
        field = box.locator("textarea:visible, input.input:visible").first
        if field.count():
            field.fill("7" if field.get_attribute("type") == "number" else text_answer)


def _finish(page, questionnaire_id, text_answer, max_screens=30):
    for _ in range(max_screens):
        if page.url.endswith(f"/s/{questionnaire_id}/dekujeme"):
            return
        _answer_visible_questions(page, text_answer)
        with page.expect_navigation():
            page.locator("button[value=next]").tap()
    raise AssertionError(f"did not reach the end, stuck at {page.url}")


def test_child_on_tablet__finishes_in_czech__response_stored(live_server, tablet):
    page = tablet
    page.goto(f"{live_server.url}/s/deti-bezpeci")
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    start = page.get_by_role("button", name="Začít")
    box = start.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    with page.expect_navigation():
        start.tap()
    expect(page.locator(".progress-text")).to_have_text(re.compile(r"^1 / \d+$"))
    choice_box = page.locator("label.choice").first.bounding_box()
    assert choice_box["height"] >= 48
    _finish(page, "deti-bezpeci", "Hřiště s houpačkou")
    expect(page.locator(".help-box")).to_contain_text("116 111")
    [record] = live_server.app.extensions["survey_storage"].responses("deti-bezpeci")
    assert record["lang"] == "cs" and record["channel"] == "web"
    assert record["answers"]["vek"] == "8-11"
    assert record["answers"]["prani"] == "Hřiště s houpačkou"


def test_adult_on_phone__finishes__fits_360px_and_stored(live_server, phone):
    page = phone
    page.goto(f"{live_server.url}/s/dospeli-bezpeci")
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"
    _finish(page, "dospeli-bezpeci", "Více osvětlení u zastávky")
    expect(page.locator("h1")).to_have_text("Děkujeme!")
    [record] = live_server.app.extensions["survey_storage"].responses("dospeli-bezpeci")
    assert "Více osvětlení u zastávky" in record["answers"].values()


def test_show_if__hidden_question_appears_when_condition_met(live_server, phone, questionnaires_dir):
    import shutil
    from pathlib import Path
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "paged.yaml", questionnaires_dir / "paged.yaml")
    page = phone
    page.goto(f"{live_server.url}/s/paged")
    with page.expect_navigation():
        page.get_by_role("button", name="Začít").tap()
    follow_up = page.locator('[data-question="jake"]')
    expect(follow_up).to_be_hidden()
    page.locator('[data-question="problem"] label.choice', has_text="Ano").tap()
    expect(follow_up).to_be_visible()
    page.locator('[data-question="problem"] label.choice', has_text="Ne").tap()
    expect(follow_up).to_be_hidden()


def test_english_switch__visible_and_switches(live_server, tablet):
    page = tablet
    page.goto(f"{live_server.url}/s/deti-bezpeci")
    page.get_by_role("link", name="English").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Start")).to_be_visible()
