"""The facilitators' list of stored responses (no Flask): filter by wave and channel,
newest first, 50 to a page, each response reduced to a short summary that identifies
nobody: when, through which channel and wave, how many answers, whether it holds free
text and whether it is flagged. The answers themselves are only on the detail page.
"""
import math
from dataclasses import dataclass
from datetime import datetime, timezone

from ...fieldwork.campaigns import CHANNEL_KINDS, TOWN_TZ
from ...questionnaire.model import QUESTION_TYPES

PER_PAGE = 50
WEB = "web"  # `channel` of a response through /s/ or the API (submissions.DEFAULT_CONTEXT)
CHANNELS = (WEB, *CHANNEL_KINDS)
FREE_TEXT_TYPES = frozenset(name for name, qtype in QUESTION_TYPES.items() if qtype.free_text)


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def answer_count(questionnaire, answers) -> int:
    """How many questions have a non-empty answer (info screens take none)."""
    info = {q.id for q in questionnaire.questions if q.type == "info"}
    return sum(1 for qid, value in (answers or {}).items() if qid not in info and not _empty(value))


def has_free_text(questionnaire, answers) -> bool:
    """True when a text/textarea answer or a map mark's comment is filled in."""
    for question in questionnaire.questions:
        value = (answers or {}).get(question.id)
        if question.type in FREE_TEXT_TYPES and isinstance(value, str) and value.strip():
            return True
        if question.type == "map" and isinstance(value, list):
            if any(isinstance(m, dict) and isinstance(m.get("comment"), str) and m["comment"].strip()
                   for m in value):
                return True
    return False


def local_time(submitted_at) -> tuple[str, str]:
    """("YYYY-MM-DD", "HH:MM") in Litvínov's time zone from a stored UTC time, or
    ("", "") when it cannot be read."""
    try:
        moment = datetime.strptime(str(submitted_at), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return "", ""
    local = moment.astimezone(TOWN_TZ)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M")


def summary(questionnaire, response, flagged: set) -> dict:
    """One row of the list: no answer text, no language, nothing about the device."""
    day, time = local_time(response.get("submitted_at"))
    answers = response.get("answers") or {}
    return {"id": response.get("id"), "submitted_at": response.get("submitted_at"), "date": day, "time": time,
            "channel": response.get("channel") or WEB, "wave": response.get("wave"),
            "answers": answer_count(questionnaire, answers), "free_text": has_free_text(questionnaire, answers),
            "flagged": response.get("id") in flagged, "demo": response.get("demo") is True}


def filter_options(responses) -> tuple[list, list]:
    """(waves, channels) that occur in the responses, sorted, for the filter form."""
    waves = sorted({r.get("wave") for r in responses if r.get("wave")})
    present = {r.get("channel") or WEB for r in responses}
    return waves, [c for c in CHANNELS if c in present] + sorted(present - set(CHANNELS))


def select(responses, wave=None, channel=None) -> list:
    """The responses of that wave and channel (None: any), newest first; responses
    stored in the same second keep the newest stored first."""
    chosen = [r for r in reversed(responses)
              if (wave is None or r.get("wave") == wave)
              and (channel is None or (r.get("channel") or WEB) == channel)]
    return sorted(chosen, key=lambda r: str(r.get("submitted_at") or ""), reverse=True)


@dataclass
class Page:
    items: list
    number: int
    pages: int
    total: int
    per_page: int

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


class NoSuchPage(ValueError):
    """The page number is past the last page (`pages` says how many there are)."""

    def __init__(self, number, pages):
        super().__init__(f"there is no page {number} (pages: {pages})")
        self.number, self.pages = number, pages


def paginate(items, number: int, per_page: int = PER_PAGE) -> Page:
    """Page `number` (from 1) of `items`; an empty list has one empty page.
    NoSuchPage past the last page."""
    pages = max(1, math.ceil(len(items) / per_page))
    if number > pages:
        raise NoSuchPage(number, pages)
    start = (number - 1) * per_page
    return Page(items[start:start + per_page], number, pages, len(items), per_page)
