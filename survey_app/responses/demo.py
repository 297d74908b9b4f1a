"""Plausible synthetic responses for trying summaries and benchmarks (no Flask).

Every generated answer passes the same validation as a real one; records carry
`demo: true` so that they can never be mistaken for real data. How each type makes
up an answer is its `demo` part in the one question-type table (questionnaire/types.py).
"""
import random
import uuid
from datetime import datetime, timedelta, timezone

from .answers import validate_answers
from ..questionnaire.model import QUESTION_TYPES, is_visible
from .submissions import build_record


def demo_answers(rng, questionnaire) -> dict:
    answers = {}
    for question in questionnaire.questions:
        generate = QUESTION_TYPES[question.type].demo  # None: takes no answer (info)
        if generate is None or not is_visible(question, answers, questionnaire):
            continue
        if not question.required and rng.random() < 0.12:
            continue  # people skip optional questions
        answers[question.id] = generate(rng, question, questionnaire)
    return validate_answers(questionnaire, answers)


def demo_records(questionnaire, count, seed=None, context=None, days=30):
    """`count` validated records with submitted_at spread over the last `days` days."""
    rng = random.Random(seed)
    end = datetime(2026, 11, 1, tzinfo=timezone.utc) if seed is not None else datetime.now(timezone.utc)
    for _ in range(count):
        when = end - timedelta(seconds=rng.randint(0, days * 86400))
        record = build_record(questionnaire, str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                              rng.choice(["cs", "cs", "cs", "en"]), demo_answers(rng, questionnaire),
                              context, now=when.strftime("%Y-%m-%dT%H:%M:%SZ"))
        record["demo"] = True
        yield record
