"""Safeguarding flags, "potřebuje pozornost" (no Flask).

A facilitator flags a focus-group note or a survey response when a child disclosed
harm, and writes down the action taken. Flags live in their own table
("safeguarding_flags") and never touch the responses or notes: nothing that builds
a summary, export or city page reads this table, so a flag cannot leave the
facilitators' page.
"""
from datetime import datetime, timezone

from .messages import CatalogueError
from ..vocabulary import N_

TABLE = "safeguarding_flags"
MAX_ACTION = 2000


# What can be flagged -> label; the key is stored as `kind`.
KINDS = {"note": N_("Focus-group note"), "response": N_("Survey response")}


class FlagError(CatalogueError):
    """A flag cannot be stored: `field`, and `code` + params of focus_group_messages."""

    def __init__(self, field, code, **params):
        super().__init__(code, field, **params)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _action(action) -> str:
    action = (action or "").strip() if isinstance(action, (str, type(None))) else None
    if not action:
        raise FlagError("action", "action_required")
    if len(action) > MAX_ACTION:
        raise FlagError("action", "too_long", length=len(action), limit=MAX_ACTION)
    return action


def _flag(storage, target: dict, action, by, now) -> dict:
    doc = {**target, "action": _action(action), "flagged_by": by, "flagged_at": now or _now()}
    flag_id = storage.table(TABLE).insert(doc)
    return {**doc, "id": flag_id}


def flag_note(storage, focus_group_id: int, note_id: str, action, by: str, now=None) -> dict:
    """Flag a focus-group note; `by` is the staff email. Returns the flag with its id."""
    return _flag(storage, {"kind": "note", "focus_group_id": focus_group_id, "note_id": note_id},
                 action, by, now)


def flag_response(storage, questionnaire_id: str, response_id: str, action, by: str, now=None) -> dict:
    """Flag a stored survey response (by its `id`)."""
    return _flag(storage, {"kind": "response", "questionnaire_id": questionnaire_id,
                           "response_id": response_id}, action, by, now)


def list_flags(storage) -> list[dict]:
    """Every flag, newest first."""
    flags = [{**d, "id": d.doc_id} for d in storage.table(TABLE).all()]
    return sorted(flags, key=lambda f: (f["flagged_at"], f["id"]), reverse=True)


def flags_for_response(storage, questionnaire_id, response_id) -> list[dict]:
    return [f for f in list_flags(storage) if f["kind"] == "response"
            and f["questionnaire_id"] == questionnaire_id and f["response_id"] == response_id]


def flags_for_focus_group(storage, focus_group_id) -> dict:
    """note id -> its flags, for the notes of one focus group."""
    found = {}
    for flag in list_flags(storage):
        if flag["kind"] == "note" and flag["focus_group_id"] == focus_group_id:
            found.setdefault(flag["note_id"], []).append(flag)
    return found


def flagged_responses(storage, questionnaire_id) -> set:
    """The ids of the questionnaire's responses that carry at least one flag."""
    return {f["response_id"] for f in storage.table(TABLE).all()
            if f.get("kind") == "response" and f.get("questionnaire_id") == questionnaire_id}
