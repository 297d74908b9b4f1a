"""The catalogue of answer-validation messages (cs, en) and the AnswerError that carries them.

No Flask here: the API, the HTML form and the tests all read the same catalogue.
Messages are phrased so that they stay grammatical for any number put into them
(Czech has three plural forms; "Značek můžete přidat nejvýše {max}." works for all).
"""
from ..vocabulary import DEFAULT_LANG, Catalogue

MESSAGES = {
    "required": {
        "cs": "Tuto otázku je potřeba vyplnit.",
        "en": "Please answer this question.",
    },
    "not_an_option": {
        "cs": "Vyberte jednu z nabízených možností.",
        "en": "Please choose one of the options offered.",
    },
    "not_a_list": {
        "cs": "Odpověď má nesprávný tvar: očekává se seznam.",
        "en": "The answer has the wrong form: a list is expected.",
    },
    "too_many": {
        "cs": "Možností můžete vybrat nejvýše {max}.",
        "en": "Too many choices (at most {max}).",
    },
    "too_few": {
        "cs": "Možností vyberte alespoň {min}.",
        "en": "Too few choices (at least {min}).",
    },
    "not_a_number": {
        "cs": "Zadejte číslo.",
        "en": "Please enter a number.",
    },
    "not_an_integer": {
        "cs": "Zadejte celé číslo.",
        "en": "Please enter a whole number.",
    },
    "out_of_range": {
        "cs": "Zadejte číslo od {min} do {max}.",
        "en": "Please enter a number from {min} to {max}.",
    },
    "number_too_small": {
        "cs": "Číslo musí být nejméně {min}.",
        "en": "The number must be at least {min}.",
    },
    "number_too_large": {
        "cs": "Číslo může být nejvýše {max}.",
        "en": "The number must be at most {max}.",
    },
    "too_long": {
        "cs": "Text je příliš dlouhý (nejvýše {max} znaků).",
        "en": "The text is too long (at most {max} characters).",
    },
    "not_a_string": {
        "cs": "Odpověď musí být text.",
        "en": "The answer must be text.",
    },
    "hidden": {
        "cs": "Na tuto otázku se podle předchozích odpovědí neodpovídá.",
        "en": "This question is not asked after your earlier answers.",
    },
    "unknown_question": {
        "cs": "Taková otázka v dotazníku není.",
        "en": "There is no such question in this questionnaire.",
    },
    "info_no_answer": {
        "cs": "Tato část dotazníku je jen informace, neodpovídá se na ni.",
        "en": "This part of the questionnaire is information only; it takes no answer.",
    },
    "not_an_object": {
        "cs": "Odpovědi musí být objekt, ve kterém je ke každé otázce její odpověď.",
        "en": "The answers must be an object with an answer for each question.",
    },
    "mark_not_object": {
        "cs": "Značka má nesprávný tvar.",
        "en": "A mark has the wrong form.",
    },
    "mark_bad_coordinates": {
        "cs": "Značka nemá platnou polohu.",
        "en": "A mark has no valid position.",
    },
    "mark_out_of_bounds": {
        "cs": "Značka je mimo mapu.",
        "en": "A mark is outside the map.",
    },
    "mark_unknown_category": {
        "cs": "Vyberte pro značku jednu z nabízených kategorií.",
        "en": "Choose one of the offered categories for the mark.",
    },
    "mark_unknown_feeling": {
        "cs": "U značky je neplatný pocit.",
        "en": "A mark has an invalid feeling.",
    },
    "mark_feeling_required": {
        "cs": "U každé značky vyberte, jestli se tam cítíte bezpečně, nebo ne.",
        "en": "For each mark, choose whether you feel safe there or not.",
    },
    "mark_comment_not_allowed": {
        "cs": "Ke značce zde nelze připsat komentář.",
        "en": "Comments cannot be added to marks here.",
    },
    "mark_comment_not_text": {
        "cs": "Komentář ke značce musí být text.",
        "en": "The comment on a mark must be text.",
    },
    "mark_comment_too_long": {
        "cs": "Komentář ke značce je příliš dlouhý (nejvýše {max} znaků).",
        "en": "The comment on a mark is too long (at most {max} characters).",
    },
    "mark_unknown_place": {
        "cs": "Vyberte místo ze seznamu.",
        "en": "Choose a place from the list.",
    },
    "too_many_marks": {
        "cs": "Značek můžete přidat nejvýše {max}.",
        "en": "Too many marks (at most {max}).",
    },
    "too_few_marks": {
        "cs": "Značek přidejte alespoň {min}.",
        "en": "Too few marks (at least {min}).",
    },
    "mark_unknown_key": {
        "cs": "Značka obsahuje neznámý údaj „{key}“.",
        "en": "A mark contains an unknown field '{key}'.",
    },
}


# Read-only; the formatting (Czech decimal comma, a missing "{name}" kept) is the
# shared vocabulary.Catalogue, also used by fieldwork/messages.py.
CATALOGUE = Catalogue(MESSAGES)
MESSAGES = CATALOGUE.messages


def message(code: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The message for `code` in `lang` (falling back to Czech), with `params` filled in.

    Decimal numbers get a decimal comma in Czech. An unknown code raises KeyError.
    """
    return CATALOGUE.message(code, lang, **params)


class AnswerError(Exception):
    """One answer is not valid: `code` (a key of MESSAGES) and the message's `params`.

    Defined here, next to the catalogue, so that the question types and answers.py can
    both raise it without importing each other; answers.py re-exports it.
    """

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """The respondent-facing text in `lang`."""
        return message(self.code, lang, **self.params)

    def __repr__(self):
        return f"AnswerError({self.code!r}, **{self.params!r})"
