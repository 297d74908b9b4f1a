"""Validate and normalise one submission's answers against its questionnaire (no Flask).

The HTML form (screen by screen, with `only`) and the JSON API (whole submission) both
end here, so both apply the same rules: the question types' normalisers, show_if, and
the required check.
"""
from .messages import AnswerError
from ..vocabulary import CHILDREN, DEFAULT_LANG
from ..questionnaire.model import QUESTION_TYPES, is_answered, is_visible

__all__ = ["AnswerError", "InvalidAnswers", "validate_answers"]

# Key of an error that concerns the submission as a whole (answers not an object).
GENERAL = "__all__"


class InvalidAnswers(Exception):
    """Some answers are invalid. `errors` maps question id -> AnswerError (one per question)."""

    def __init__(self, errors: dict, lang: str = DEFAULT_LANG):
        super().__init__(errors)
        self.errors = errors
        self.lang = lang

    def messages(self, lang: str | None = None, audience: str = CHILDREN, translate=None) -> dict:
        """{question id: message} addressed to `audience`, translated by `translate`
        (pgettext in `lang`'s locale, default: the language validation ran in); English
        without `translate` (see messages.message)."""
        lang = lang or self.lang
        return {qid: error.message(lang, audience, translate) for qid, error in self.errors.items()}

    def __str__(self):
        return "invalid answers: " + ", ".join(f"{qid}: {e.code}" for qid, e in self.errors.items())


def validate_answers(questionnaire, answers: dict, *, only=None, lang: str = DEFAULT_LANG) -> dict:
    """The normalised answers {question id: value} of the visible, answered questions.

    `answers` maps question ids to raw JSON-like values. Raises InvalidAnswers listing
    every problem: unknown question ids, answers to questions hidden by show_if or to
    info screens, missing required answers, and invalid values.

    `only` (question ids, used by the form screen by screen): type and required checks
    run for those questions only and only they are returned; the other answers are
    still read (quietly) to decide show_if, and every given key is still checked for
    being a known, visible question. Pass the answers of earlier screens along.

    Visibility is decided from the normalised answers of earlier questions.
    """
    if not isinstance(answers, dict):
        raise InvalidAnswers({GENERAL: AnswerError("not_an_object")}, lang)
    scope = None if only is None else set(only)
    errors = {}
    for key in answers:
        if questionnaire.question(key) is None:
            errors[str(key)] = AnswerError("unknown_question")
    for qid in scope or ():
        if questionnaire.question(qid) is None:
            errors[str(qid)] = AnswerError("unknown_question")

    clean = {}
    for question in questionnaire.questions:
        raw = answers.get(question.id)
        checked = scope is None or question.id in scope
        qtype = QUESTION_TYPES.get(question.type)
        if qtype is None:  # only hand-built questionnaires can get here
            continue
        if not qtype.answers:
            if is_answered(raw):
                errors[question.id] = AnswerError("info_no_answer")
            continue
        if not is_visible(question, clean, questionnaire):
            if is_answered(raw):
                errors[question.id] = AnswerError("hidden")
            continue
        try:
            value = qtype.normalise(question, raw, questionnaire)
        except AnswerError as error:
            if checked:
                errors[question.id] = error
            continue
        if value is None:
            if checked and question.required:
                errors[question.id] = AnswerError("required")
            continue
        clean[question.id] = value
    if errors:
        raise InvalidAnswers(errors, lang)
    return clean if scope is None else {k: v for k, v in clean.items() if k in scope}
