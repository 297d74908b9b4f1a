"""A realistic two-wave dataset of the children's questionnaire (issue 11, utility):
about 100 children a wave, uneven age bands, 15-18 small in the second wave only,
mostly from the tablet, some from posters, and four test runs without a wave."""
import random
import uuid

from survey_app.questionnaire.loader import load_questionnaire
from survey_app.responses.demo import demo_answers
from survey_app.responses.submissions import build_record

AGES = {"2026-jaro": {"8-11": 55, "12-14": 38, "15-18": 7},
        "2026-podzim": {"8-11": 50, "12-14": 36, "15-18": 3}}
K = 5
TABLET_SHARE = 0.9  # children answer at the community centre's tablet; a few from posters


def children_questionnaire(root):
    return load_questionnaire(root / "questionnaires" / "deti-bezpeci.yaml")


def records(questionnaire, seed=11, test_runs=4):
    """The records: every wave's children (channel tablet or poster), then `test_runs`
    responses without a wave (pilots through /s/<id>)."""
    rng = random.Random(seed)
    out = []
    for wave, bands in AGES.items():
        month = "03" if wave == "2026-jaro" else "10"
        for band, count in bands.items():
            for _ in range(count):
                answers = dict(demo_answers(rng, questionnaire), vek=band)
                channel = "tablet" if rng.random() < TABLET_SHARE else "poster"
                out.append(build_record(questionnaire, str(uuid.UUID(int=rng.getrandbits(128), version=4)), "cs",
                                        answers, {"wave": wave, "channel": channel, "campaign_id": "c-" + wave},
                                        now=f"2026-{month}-{rng.randint(10, 28)}T1{rng.randint(0, 9)}:00:00Z"))
    for _ in range(test_runs):
        out.append(build_record(questionnaire, str(uuid.UUID(int=rng.getrandbits(128), version=4)), "cs",
                                demo_answers(rng, questionnaire), {"wave": None, "channel": "link"},
                                now="2026-02-20T10:00:00Z"))
    return out


def hidden_share(release):
    """The share of cells whose true count is K or more that the release hides."""
    hidden = release["hidden"]
    return hidden["large_hidden"] / hidden["large_cells"] if hidden["large_cells"] else 0.0
