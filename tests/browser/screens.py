"""Answering a survey screen the way the browser tests walk it."""


def answer_visible_questions(page, text_answer="Lampa"):
    """Tap the first choice of every visible question; a text gets `text_answer`, a number 7.
    Map and info questions are left alone (the map has its own tests; an empty map is allowed)."""
    for box in page.locator("fieldset.question:visible").all():
        kind = box.get_attribute("class") or ""
        if "question-map" in kind or "question-info" in kind:
            continue
        choice = box.locator("label.choice:visible").first
        if choice.count():
            choice.tap()
            continue
        field = box.locator("textarea:visible, input.input:visible").first
        if field.count():
            field.fill("7" if field.get_attribute("type") == "number" else text_answer)
