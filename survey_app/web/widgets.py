"""Which survey/_widgets.html macro draws a question: its type's `widget` part in the one
question-type table (questionnaire/model.py QUESTION_TYPES)."""
from jinja2 import pass_context
from jinja2.runtime import Macro

from ..questionnaire.model import QUESTION_TYPES

MACRO_PREFIX = "widget_"


def widget_macro_name(question) -> str:
    """'widget_choice_cards' for a single_choice question: the macro its type names."""
    return MACRO_PREFIX + QUESTION_TYPES[question.type].widget


@pass_context
def widget_macro(context, question):
    """The macro of survey/_widgets.html that draws `question`'s answer part, looked up in
    the context of the template that calls it (so _widgets.html dispatches on the table,
    not on an if-chain). A type whose widget has no macro raises, never renders empty."""
    macro = context.resolve(widget_macro_name(question))
    if not isinstance(macro, Macro):
        raise LookupError(f"survey/_widgets.html has no macro {widget_macro_name(question)}")
    return macro
