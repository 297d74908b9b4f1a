"""Plausible synthetic responses for trying summaries and benchmarks (no Flask).

Every generated answer passes the same validation as a real one; records carry
`demo: true` so that they can never be mistaken for real data.
"""
import random
import uuid
from datetime import datetime, timedelta, timezone

from .answers import validate_answers
from ..questionnaire.model import is_visible
from .submissions import build_record


def _pick_weighted(rng, values):
    # Earlier options are a little more common, as in real surveys.
    weights = [len(values) - i + 1 for i in range(len(values))]
    return rng.choices(values, weights=weights, k=1)[0]


def _some(rng, values, low=1, high=None):
    high = min(high or len(values), len(values))
    count = rng.randint(min(low, high), high)
    chosen = set(rng.sample(values, count))
    return [v for v in values if v in chosen]


def _map_marks(rng, question, questionnaire):
    config = question.config
    (south, west), (north, east) = config["bounds"]
    categories = [c.value for c in config["categories"]]
    feelings = config.get("feelings") or []
    low = max(config.get("min_marks", 0), 1 if question.required else 0)
    count = rng.randint(low, max(low, min(config.get("max_marks", 5), 3)))
    marks = []
    for _ in range(count):
        # Cluster marks around a few hot spots so that grid summaries have something to show.
        lat = rng.uniform(south, north)
        lon = rng.uniform(west, east)
        if rng.random() < 0.7:
            lat = south + (north - south) * rng.choice([0.3, 0.5, 0.62]) + rng.gauss(0, 0.0008)
            lon = west + (east - west) * rng.choice([0.4, 0.55, 0.7]) + rng.gauss(0, 0.0008)
            lat, lon = min(max(lat, south), north), min(max(lon, west), east)
        mark = {"lat": round(lat, 6), "lon": round(lon, 6), "category": _pick_weighted(rng, categories)}
        if feelings:
            mark["feeling"] = feelings[0] if rng.random() < 0.8 else rng.choice(feelings)
        marks.append(mark)
    return marks


def _number(rng, question):
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else low + 100
    return rng.randint(int(low), int(high))


DEMO_TEXT = ["Víc světla u zastávky.", "Hřiště pro větší děti.", "Klubovna, kde můžeme být.",
             "Aby tu jezdila policie i večer.", "More light in the park."]

# Question type -> generator(rng, question, questionnaire); one entry per type.
GENERATORS = {
    "single_choice": lambda rng, q, qn: _pick_weighted(rng, [o.value for o in q.options]),
    "age_band": lambda rng, q, qn: _pick_weighted(rng, [o.value for o in q.options]),
    "multi_choice": lambda rng, q, qn: _some(rng, [o.value for o in q.options], q.min or 1, q.max or 3),
    "yes_no": lambda rng, q, qn: rng.choice(["yes", "yes", "no"]),
    "smiley": lambda rng, q, qn: rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 4, 3, 2])[0],
    "scale": lambda rng, q, qn: rng.randint(int(q.min if q.min is not None else 1), int(q.max if q.max is not None else 5)),
    "number": lambda rng, q, qn: _number(rng, q),
    "text": lambda rng, q, qn: rng.choice(DEMO_TEXT)[: q.max_length or 200],
    "textarea": lambda rng, q, qn: rng.choice(DEMO_TEXT)[: q.max_length or 2000],
    "place": lambda rng, q, qn: (_some(rng, [p.id for p in qn.places], 1, 2) if q.multiple
                                 else rng.choice([p.id for p in qn.places])),
    "info": None,
    "map": _map_marks,
}


def demo_answers(rng, questionnaire) -> dict:
    answers = {}
    for question in questionnaire.questions:
        generate = GENERATORS[question.type]
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
