"""Answer-validation messages for a respondent: in their language, "ty" to children, "vy" to adults."""
from flask_babel import force_locale, pgettext


def answer_messages(exc, questionnaire, lang: str) -> dict:
    """{question id (or "answers"): message} of an InvalidAnswers `exc`, translated into
    `lang` under the Babel context of the questionnaire's audience (responses/messages.py)."""
    with force_locale(lang):
        return exc.messages(lang, questionnaire.audience, pgettext)
