"""Loader checks for `show_if` conditions (no Flask).

A condition may only look back (at an earlier question), names exactly one operator,
and its values must be possible answers of that question, normalised the way answers
are, so that comparing them with stored answers is plain equality.
"""
from .checks import describe, suggest
from ..responses.messages import AnswerError
from .model import OPERATORS, QUESTION_TYPES, ShowIf


def check_show_if(checker, qdata, question, position, order, questionnaire):
    """The ShowIf of `question` (at `position` in file order; `order` maps ids to
    positions), or None when there are problems (reported to `checker`)."""
    data = qdata["show_if"]
    if not checker.mapping(data, qdata.value_line("show_if"), "show_if"):
        return None
    checker.keys(data, {"question", *OPERATORS}, "show_if", required=("question",))
    ops = [op for op in OPERATORS if op in data]
    if not ops:
        checker.error(data.line, "show_if needs one of equals, any_of, answered")
        return None
    if len(ops) > 1:
        checker.error(data.key_line(ops[1]), f"show_if must have exactly one of equals, any_of,"
                                             f" answered (found {', '.join(ops)})")
        return None
    if "question" not in data:
        return None
    op, ref_id, ref_line = ops[0], data["question"], data.value_line("question")
    ref = questionnaire.question(ref_id) if isinstance(ref_id, str) else None
    if ref is None or ref_id not in order:
        earlier = [qid for qid, pos in order.items() if pos < position and isinstance(qid, str)]
        checker.error(ref_line, f"show_if refers to unknown question {describe(ref_id)}{suggest(ref_id, earlier)}")
        return None
    if ref_id == question.id:
        checker.error(ref_line, "show_if cannot refer to the question itself")
        return None
    if order[ref_id] > position:
        checker.error(ref_line, f"show_if must refer to an earlier question; '{ref_id}' comes later"
                                f" (line {ref.line})")
        return None
    reftype = QUESTION_TYPES.get(ref.type)
    if reftype is None:
        return None  # its unknown type is reported already
    if op not in reftype.conditions:
        if not reftype.conditions:
            checker.error(ref_line, f"show_if cannot refer to '{ref_id}': type '{ref.type}' takes no answer")
        else:
            checker.error(data.key_line(op), f"show_if on a {ref.type} question can only use"
                                             f" {', '.join(sorted(reftype.conditions))}")
        return None
    return _condition(checker, data, op, ref, reftype, questionnaire)


def _condition(checker, data, op, ref, reftype, questionnaire):
    value, line = data[op], data.value_line(op)
    if op == "answered":
        if not isinstance(value, bool):
            found = data.raw.get(op) if isinstance(value, (int, float)) else None
            checker.error(line, f"show_if answered must be true or false (found {found or describe(value)})")
            return None
        return ShowIf(ref.id, op, value)
    if op == "equals":
        if isinstance(value, (list, dict)):
            checker.error(line, "show_if equals takes one value (use any_of for several)")
            return None
        checked = [_condition_value(checker, ref, reftype, value, data.raw.get(op), line, questionnaire)]
    else:
        if not isinstance(value, list) or not value:
            checker.error(line, f"show_if any_of must be a non-empty list (found {describe(value)})")
            return None
        checked = [_condition_value(checker, ref, reftype, v, value.raw[i], value.item_line(i), questionnaire)
                   for i, v in enumerate(value)]
    if any(v is None for v in checked):
        return None
    return ShowIf(ref.id, op, checked[0] if op == "equals" else checked)


def _condition_value(checker, ref, reftype, value, raw, line, questionnaire):
    """`value` as a possible answer to `ref` (normalised), else None (reported)."""
    allowed = reftype.choice_values(ref, questionnaire)
    shown = raw or describe(value)
    if allowed is not None:
        for candidate in allowed:
            if isinstance(candidate, bool) == isinstance(value, bool) and candidate == value:
                return candidate
        names = [a for a in allowed if isinstance(a, str)]
        if isinstance(value, (bool, int, float)) and raw in names:
            kind = "read as a boolean" if isinstance(value, bool) else "a number"
            checker.error(line, f"show_if value {shown} is {kind}; quote it: \"{shown}\"")
        elif isinstance(value, (list, dict)):
            checker.error(line, f"show_if value must be a single value (found {describe(value)})")
        else:
            checker.error(line, f"show_if value {shown if raw else describe(value)} is not an option"
                                f" of '{ref.id}'{suggest(raw or value, names)}")
        return None
    if isinstance(value, (list, dict)) or value is None or value == "":
        checker.error(line, f"show_if value must be a single value (found {describe(value)})")
        return None
    try:
        return reftype.normalise(ref, value, questionnaire)
    except AnswerError:
        checker.error(line, f"show_if value {describe(value)} is not a possible answer to '{ref.id}'"
                            f" (type {ref.type})")
        return None
