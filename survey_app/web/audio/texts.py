"""Every text a respondent hears read aloud, with a stable key (no Flask).

Keys: start.title, start.intro, end, help (the contact/help-line text), page.<id>.title,
q.<id>.label, q.<id>.help, q.<id>.option.<value> (options, built-in smileys and yes/no,
places; for a map question the places of its list fallback) and q.<id>.category.<value>
(map categories).
"""
import hashlib
import re
from dataclasses import dataclass

from ...questionnaire.model import QUESTION_TYPES

AUDIO_LANGS = ("cs", "uk", "en")
_SAFE = re.compile(r"[A-Za-z0-9_-]{1,80}")


@dataclass(frozen=True)
class Text:
    """One text: `key` (as above), `group` (the question id, or "start"/"end") and
    `label`, the localised {lang: text} dict."""
    key: str
    group: str
    label: dict

    def text(self, lang) -> str:
        """The text in exactly `lang` ("" when the questionnaire has none: no fallback,
        a Ukrainian voice must not read Czech)."""
        value = self.label.get(lang) if isinstance(self.label, dict) else None
        return value.strip() if isinstance(value, str) else ""


def _part(value) -> str:
    value = str(value)
    return value if _SAFE.fullmatch(value) else "h" + hashlib.sha256(value.encode()).hexdigest()[:12]


def text_key(question_id, kind="label", value=None) -> str:
    """The key of one question text: kind "label" or "help", or "option"/"category" with
    the option's value (template global `read_aloud_key`)."""
    base = f"q.{_part(question_id)}.{kind}"
    return base if value is None else f"{base}.{_part(value)}"


def _label(item):
    return item.get("label") if isinstance(item, dict) else getattr(item, "label", None)


def _value(item):
    return item.get("value") if isinstance(item, dict) else getattr(item, "value", None)


def question_texts(question, questionnaire) -> list[Text]:
    """The texts of one question: label, help, each option (or place), each map category."""
    qid = _part(question.id)
    found = [Text(f"q.{qid}.label", question.id, question.label)]
    if question.help:
        found.append(Text(f"q.{qid}.help", question.id, question.help))
    qtype = QUESTION_TYPES.get(question.type)
    options = (qtype.choice_options(question, questionnaire) if qtype else None) or []
    if question.type == "map":  # the places list under the map (no JavaScript, or the map failed)
        options = [{"value": place.id, "label": place.label} for place in questionnaire.places or []]
    found += [Text(f"q.{qid}.option.{_part(_value(o))}", question.id, _label(o)) for o in options]
    for category in (question.config or {}).get("categories") or []:
        found.append(Text(f"q.{qid}.category.{_part(_value(category))}", question.id, _label(category)))
    return [t for t in found if isinstance(t.label, dict) and t.label]


def questionnaire_texts(questionnaire) -> list[Text]:
    """Every text of the questionnaire in screen order (start, pages, end, help line)."""
    found = [Text("start.title", "start", questionnaire.title)]
    if questionnaire.intro:
        found.append(Text("start.intro", "start", questionnaire.intro))
    for page in questionnaire.pages:
        if page.title:
            found.append(Text(f"page.{_part(page.id)}.title", page.id, page.title))
        for question in page.questions:
            found += question_texts(question, questionnaire)
    if questionnaire.end:
        found.append(Text("end", "end", questionnaire.end))
    if questionnaire.contact:
        found.append(Text("help", "end", questionnaire.contact))
    return [t for t in found if isinstance(t.label, dict) and t.label]
