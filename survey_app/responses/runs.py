"""One respondent's pass through a questionnaire, screen by screen (no Flask).

A *screen* is what one page of the form shows: a single question when the
questionnaire asks one question per page, otherwise one of its pages. Screens are
recomputed from the answers so far, so show_if decides which screens exist.
"""
from dataclasses import dataclass, field

from ..questionnaire.model import is_visible


@dataclass
class Screen:
    id: str
    title: dict | None
    questions: list = field(default_factory=list)


def _depends_on_page(question, page_ids, questionnaire, seen=None):
    """True when the question's show_if chain leads to a question on the same page:
    such a question is rendered (and hidden by the page's script) so that the page
    works without JavaScript."""
    seen = seen or set()
    condition = question.show_if
    if condition is None or question.id in seen:
        return False
    if condition.question in page_ids:
        return True
    parent = questionnaire.question(condition.question)
    return parent is not None and _depends_on_page(parent, page_ids, questionnaire, seen | {question.id})


def screens(questionnaire, answers) -> list[Screen]:
    if questionnaire.one_question_per_page:
        return [Screen(q.id, None, [q]) for q in questionnaire.questions
                if is_visible(q, answers, questionnaire)]
    result = []
    for page in questionnaire.pages:
        page_ids = {q.id for q in page.questions}
        shown = [q for q in page.questions
                 if is_visible(q, answers, questionnaire) or _depends_on_page(q, page_ids, questionnaire)]
        if shown:
            result.append(Screen(page.id, page.title, shown))
    return result


def find_screen(all_screens, screen_id):
    """(index, screen) or (None, None)."""
    for index, screen in enumerate(all_screens):
        if screen.id == screen_id:
            return index, screen
    return None, None


def prune_hidden(questionnaire, answers) -> dict:
    """Drop answers to questions that the other answers now hide (e.g. the child went
    back and changed an earlier answer)."""
    kept = dict(answers)
    for question in questionnaire.questions:
        if question.id in kept and not is_visible(question, kept, questionnaire):
            del kept[question.id]
    return kept


def merge_screen(questionnaire, answers, screen, submitted) -> dict:
    """The answers after this screen's form: its questions replaced by what was sent."""
    merged = {k: v for k, v in answers.items() if k not in {q.id for q in screen.questions}}
    merged.update({k: v for k, v in submitted.items() if v not in (None, "", [])})
    return prune_hidden(questionnaire, merged)
