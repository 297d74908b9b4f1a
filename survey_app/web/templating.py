"""Template helpers shared by every page: localised text and the choices of a question."""
import json
from dataclasses import dataclass

from .i18n import current_lang
from ..questionnaire.model import text

YES_NO = [("yes", {"cs": "Ano", "en": "Yes"}, "yes"), ("no", {"cs": "Ne", "en": "No"}, "no")]
SMILEYS = [
    (1, {"cs": "Velmi špatně", "en": "Very bad"}),
    (2, {"cs": "Špatně", "en": "Bad"}),
    (3, {"cs": "Tak napůl", "en": "So-so"}),
    (4, {"cs": "Dobře", "en": "Good"}),
    (5, {"cs": "Velmi dobře", "en": "Very good"}),
]


@dataclass
class Choice:
    value: object
    label: dict
    icon: str | None = None


def choices(question, questionnaire):
    """What a respondent can pick for this question, with labels and pictograms."""
    if question.type == "yes_no":
        return [Choice(v, label, icon) for v, label, icon in YES_NO]
    if question.type == "smiley":
        return [Choice(v, label, f"smiley-{v}") for v, label in SMILEYS]
    if question.type == "scale":
        low = int(question.min if question.min is not None else 1)
        high = int(question.max if question.max is not None else 5)
        return [Choice(v, {"cs": str(v)}) for v in range(low, high + 1)]
    if question.type == "place":
        return [Choice(p.id, p.label) for p in questionnaire.places]
    return [Choice(o.value, o.label, o.icon) for o in question.options]


def show_if_json(screen):
    """The show_if rules of a screen's questions, for the page script that hides
    questions live (the server applies the same rules)."""
    rules = {}
    for question in screen.questions:
        if question.show_if is not None:
            condition = question.show_if
            rules[question.id] = {"question": condition.question, "op": condition.op,
                                  "value": condition.value}
    return json.dumps(rules, ensure_ascii=False)


def init_app(app):
    app.jinja_env.filters["loc"] = lambda value: text(value, current_lang())
    app.jinja_env.globals.update(choices=choices, show_if_json=show_if_json)
