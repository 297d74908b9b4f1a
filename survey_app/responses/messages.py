"""The catalogue of answer-validation messages (English msgids per audience) and the AnswerError that carries them.

No Flask here: the API, the HTML form and the tests all read the same catalogue. Each
message is marked twice, under the Babel contexts "children" and "adults", so that
the Czech (and Ukrainian) catalogues say "ty" to a child and "vy" to an adult; the web
layer hands in its `pgettext` to translate (web/survey/messages.py). Messages are
phrased to stay grammatical for any number put into them (Czech has three plural
forms; "Značek můžete přidat nejvýše {max}." works for all).
"""
from types import MappingProxyType

from ..vocabulary import CHILDREN, Catalogue


def pgettext(context, message):
    """Marks `message` for extraction under a Babel context (no translation here)."""
    return context, message


_MARKED = {
    "required": (pgettext("children", "Please answer this question."),
                 pgettext("adults", "Please answer this question.")),
    "not_an_option": (pgettext("children", "Please choose one of the options offered."),
                      pgettext("adults", "Please choose one of the options offered.")),
    "not_a_list": (pgettext("children", "The answer has the wrong form: a list is expected."),
                   pgettext("adults", "The answer has the wrong form: a list is expected.")),
    "too_many": (pgettext("children", "Too many choices (at most {max})."),
                 pgettext("adults", "Too many choices (at most {max}).")),
    "too_few": (pgettext("children", "Too few choices (at least {min})."),
                pgettext("adults", "Too few choices (at least {min}).")),
    "not_a_number": (pgettext("children", "Please enter a number."),
                     pgettext("adults", "Please enter a number.")),
    "not_an_integer": (pgettext("children", "Please enter a whole number."),
                       pgettext("adults", "Please enter a whole number.")),
    "out_of_range": (pgettext("children", "Please enter a number from {min} to {max}."),
                     pgettext("adults", "Please enter a number from {min} to {max}.")),
    "number_too_small": (pgettext("children", "The number must be at least {min}."),
                         pgettext("adults", "The number must be at least {min}.")),
    "number_too_large": (pgettext("children", "The number must be at most {max}."),
                         pgettext("adults", "The number must be at most {max}.")),
    "too_long": (pgettext("children", "The text is too long (at most {max} characters)."),
                 pgettext("adults", "The text is too long (at most {max} characters).")),
    "not_a_string": (pgettext("children", "The answer must be text."),
                     pgettext("adults", "The answer must be text.")),
    "hidden": (pgettext("children", "This question is not asked after your earlier answers."),
               pgettext("adults", "This question is not asked after your earlier answers.")),
    "unknown_question": (pgettext("children", "There is no such question in this questionnaire."),
                         pgettext("adults", "There is no such question in this questionnaire.")),
    "info_no_answer": (pgettext("children", "This part of the questionnaire is information only; it takes no answer."),
                       pgettext("adults", "This part of the questionnaire is information only; it takes no answer.")),
    "not_an_object": (pgettext("children", "The answers must be an object with an answer for each question."),
                      pgettext("adults", "The answers must be an object with an answer for each question.")),
    "nothing_answered": (
        pgettext("children", "You have not answered any question yet, so there is nothing to send. "
                             "Answer at least one question."),
        pgettext("adults", "You have not answered any question yet, so there is nothing to send. "
                           "Answer at least one question.")),
    "mark_not_object": (pgettext("children", "A mark has the wrong form."),
                        pgettext("adults", "A mark has the wrong form.")),
    "mark_bad_coordinates": (pgettext("children", "A mark has no valid position."),
                             pgettext("adults", "A mark has no valid position.")),
    "mark_out_of_bounds": (pgettext("children", "A mark is outside the map."),
                           pgettext("adults", "A mark is outside the map.")),
    "mark_unknown_category": (pgettext("children", "Choose one of the offered categories for the mark."),
                              pgettext("adults", "Choose one of the offered categories for the mark.")),
    "mark_unknown_feeling": (pgettext("children", "A mark has an invalid feeling."),
                             pgettext("adults", "A mark has an invalid feeling.")),
    "mark_feeling_required": (pgettext("children", "For each mark, choose whether you feel safe there or not."),
                              pgettext("adults", "For each mark, choose whether you feel safe there or not.")),
    "mark_comment_not_allowed": (pgettext("children", "Comments cannot be added to marks here."),
                                 pgettext("adults", "Comments cannot be added to marks here.")),
    "mark_comment_not_text": (pgettext("children", "The comment on a mark must be text."),
                              pgettext("adults", "The comment on a mark must be text.")),
    "mark_comment_too_long": (pgettext("children", "The comment on a mark is too long (at most {max} characters)."),
                              pgettext("adults", "The comment on a mark is too long (at most {max} characters).")),
    "mark_unknown_place": (pgettext("children", "Choose a place from the list."),
                           pgettext("adults", "Choose a place from the list.")),
    "too_many_marks": (pgettext("children", "Too many marks (at most {max})."),
                       pgettext("adults", "Too many marks (at most {max}).")),
    "too_few_marks": (pgettext("children", "Too few marks (at least {min})."),
                      pgettext("adults", "Too few marks (at least {min}).")),
    "mark_unknown_key": (pgettext("children", "A mark contains an unknown field '{key}'."),
                         pgettext("adults", "A mark contains an unknown field '{key}'.")),
}

# {code: {audience: English msgid}}, read-only.
MESSAGES = MappingProxyType({code: MappingProxyType({context: msgid for context, msgid in marked})
                             for code, marked in _MARKED.items()})


def message(code: str, lang: str = "en", audience: str = CHILDREN, translate=None, **params) -> str:
    """The message for `code` addressed to `audience` ("children": ty, "adults": vy).

    `translate(context, msgid)` (the web layer's pgettext, in `lang`'s locale) turns the
    English msgid into the respondent's language; without it the text is English.
    `params` are filled in ("{max}"; a missing one stays as it is) and decimal numbers
    get a decimal comma in Czech. An unknown code raises KeyError.
    """
    texts = MESSAGES[code]
    context = audience if audience in texts else CHILDREN
    template = texts[context]
    if translate is None:
        lang = "en"  # an English text gets English numbers
    else:
        template = translate(context, template)
    # The shared formatting of vocabulary.Catalogue (one template, this language).
    return Catalogue({code: {lang: template}}, default_lang=lang).message(code, lang, **params)


class AnswerError(Exception):
    """One answer is not valid: `code` (a key of MESSAGES) and the message's `params`.

    Defined here, next to the catalogue, so that the question types and answers.py can
    both raise it without importing each other; answers.py re-exports it.
    """

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str = "en", audience: str = CHILDREN, translate=None) -> str:
        """The respondent-facing text (see `message`): English unless `translate` is given."""
        return message(self.code, lang, audience, translate, **self.params)

    def __repr__(self):
        return f"AnswerError({self.code!r}, **{self.params!r})"
