"""Every text a respondent hears read aloud, with a stable key (no Flask).

Keys: start.title, start.intro, end, help (the contact/help-line text), page.<id>.title,
q.<id>.label, q.<id>.help, q.<id>.option.<value> (options, built-in smileys and yes/no,
places; for a map question the places of its list fallback) and q.<id>.category.<value>
(map categories).

Each speaker's screen-reader name says what it reads (`speaker_texts`): the text, shortened
to whole words, and the question it belongs to where the same words recur on a screen.
"""
import hashlib
import re
from collections import Counter
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


NAME_CHARS = 60  # the text in a speaker's name: most labels whole, long texts their start
CONTEXT_CHARS = 40  # each part of a name that also says its question
_TRAILING = " \t,;:–—-(/"


def shorten(text: str, limit: int = NAME_CHARS) -> str:
    """`text` on one line, at most `limit` characters: whole words and "…" when longer
    (a single word longer than the limit is cut)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(_TRAILING) + "…"


def _screens(questionnaire, texts):
    """The texts that can be on one screen together: each page's (each question's when the
    questionnaire asks one question per page); the start screen and the thank-you page
    with the help box (`help`, `helpline`), which both show."""
    page_of = {} if getattr(questionnaire, "one_question_per_page", False) else {
        question.id: page.id for page in questionnaire.pages for question in page.questions}
    screens = {}
    for text in texts:
        for screen in (("start", "end") if text.key in ("help", "helpline") else (page_of.get(text.group, text.group),)):
            screens.setdefault(screen, []).append(text)
    return list(screens.values())


def speaker_texts(questionnaire, texts, lang) -> dict:
    """{key: (what, question)} for the speakers' names in `lang`: `what` is the shortened
    text the speaker reads; `question` is None, or the shortened label of its question
    when the same words are read by another speaker of its screen (two smiley questions on
    one page: "Velmi špatně" twice). Still alike after that, `what` is numbered in page
    order: "Tady (1)", "Tady (2)".
    `texts`: the Texts of the questionnaire's screens (texts_by_key's values)."""
    by_key = {t.key: t for t in texts}
    found = {}
    for screen in _screens(questionnaire, texts):
        spoken = [(t, t.text(lang)) for t in screen if t.text(lang)]
        seen = Counter(shorten(words) for _t, words in spoken)
        names = {}
        for text, words in spoken:
            label = by_key.get(text_key(text.group)) if text.key.startswith("q.") else None
            question = label.text(lang) if label and label is not text else ""
            if seen[shorten(words)] > 1 and question:
                names[text.key] = (shorten(words, CONTEXT_CHARS), shorten(question, CONTEXT_CHARS))
            else:
                names[text.key] = (shorten(words), None)
        again, nth = Counter(names.values()), Counter()
        for key, name in names.items():
            if again[name] > 1:
                nth[name] += 1
                name = (f"{name[0]} ({nth[name]})", name[1])
            found.setdefault(key, name)
    return found
