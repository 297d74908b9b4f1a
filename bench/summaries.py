"""How long the city's summary takes for 100,000 responses, against a bare pandas
groupby over the same frame (the floor), in the same run.

    .venv/bin/python bench/summaries.py [--responses 100000] [--repeat 3]

Writes demo responses (survey_app.responses.demo.demo_records, two waves and two channels) with
Storage.add_responses into a temporary data dir, reads them back, and times:
  read      storage.responses()                      (journal -> dicts)
  frames    tables.responses_frame + marks_frame     (dicts -> pandas)
  summary   summaries.summarise(audience="city")     (frames -> suppressed long table
            with all breakdowns, map areas, 100 m grid, wave comparison)
  floor     frame.groupby(["wave", "vek"]).count()   (one bare groupby over the same
            responses frame: every column counted by wave and age band)
  counting  the summary's own counts done the plain pandas way: every answered option
            as a (wave, question, option) row, grouped by wave and option overall, by age
            band and by channel (no places, map, grid, statistics, labels or suppression)
Target (issue 6): summary under 2 s and at most 3x the floor. Times are the best of
--repeat runs; both floors are printed, the literal one first.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey_app.analysis import summaries, tables  # noqa: E402
from survey_app.responses import demo  # noqa: E402
from survey_app.questionnaire.loader import load_questionnaire  # noqa: E402
from survey_app.storage.store import Storage  # noqa: E402

QUESTIONNAIRE = Path(__file__).resolve().parents[1] / "questionnaires" / "deti-bezpeci.yaml"
BATCH = 10_000


def best(repeat, function):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def generate(questionnaire, storage, count):
    halves = [("2025-podzim", "tablet", count // 2, 1), ("2026-jaro", "poster", count - count // 2, 2)]
    for wave, channel, size, seed in halves:
        batch = []
        for record in demo.demo_records(questionnaire, size, seed=seed,
                                        context={"wave": wave, "channel": channel}):
            batch.append(record)
            if len(batch) == BATCH:
                storage.add_responses(batch)
                batch = []
        if batch:
            storage.add_responses(batch)


def counting_floor(questionnaire, responses):
    """n per wave x breakdown group x question x option, in plain pandas: melt the
    responses frame into one row per chosen option, then one groupby per breakdown."""
    import pandas as pd

    keys = responses[["wave", "vek", "channel"]].reset_index(names="row")
    single = [q.id for q in questionnaire.questions if q.id in responses.columns
              and q.type in ("single_choice", "age_band", "smiley", "scale", "yes_no", "number")]
    onehot = [c for c in responses.columns if "__" in c and not c.endswith("__count")]
    long_single = responses[single].reset_index(names="row").melt(id_vars="row", var_name="column").dropna()
    long_multi = responses[onehot].reset_index(names="row").melt(id_vars="row", var_name="column")
    long_multi = long_multi[long_multi["value"] == 1]
    long = pd.concat([long_single, long_multi]).merge(keys, on="row")
    return [long.groupby(["wave", "column", "value"] + extra, dropna=False).size()
            for extra in ([], ["vek"], ["channel"])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--releases", action="store_true", help="Also time publishing and the city's views.")
    args = parser.parse_args()
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    with tempfile.TemporaryDirectory() as data_dir:
        storage = Storage(data_dir)
        start = time.perf_counter()
        generate(questionnaire, storage, args.responses)
        print(f"generated {args.responses} demo responses in {time.perf_counter() - start:.1f} s")
        read, records = best(args.repeat, lambda: storage.responses(questionnaire.id))
        frames, (responses, marks) = best(args.repeat, lambda: (
            tables.responses_frame(questionnaire, records), tables.marks_frame(questionnaire, records)))
        summary_time, summary = best(args.repeat, lambda: summaries.summarise(
            questionnaire, responses, marks, audience="city", min_cell=5))
        floor, _ = best(args.repeat, lambda: responses.groupby(["wave", "vek"], dropna=False).count())
        counting, _ = best(args.repeat, lambda: counting_floor(questionnaire, responses))
    print(f"responses {len(responses)}, marks {len(marks)}, summary rows {len(summary.table)}, "
          f"suppressed {int(summary.table['suppressed'].sum())}, grid cells {len(summary.grid)}")
    print(f"read      {read:7.3f} s")
    print(f"frames    {frames:7.3f} s")
    print(f"summary   {summary_time:7.3f} s   (target < 2 s)")
    print(f"floor     {floor:7.3f} s   (bare groupby over the same frame)")
    print(f"ratio     {summary_time / floor:7.2f} x  (target <= 3)")
    print(f"counting  {counting:7.3f} s   (the same counts in plain pandas: melt + groupby)")
    print(f"ratio     {summary_time / counting:7.2f} x  against the counting floor")
    print(f"end to end (read + frames + summary) {read + frames + summary_time:.3f} s")
    if args.releases:
        release_bench(args.responses)


def _client(app, email, role):
    from survey_app.web.auth.accounts import get_users

    with app.app_context():
        get_users().create(email, "bench-password-1", role)
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": "bench-password-1"}).status_code == 303
    return client


def _timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def release_bench(count):
    """Publish time; the city's first dashboard view (fresh app: nothing cached), its
    JSON and the summary CSV from the release, beside the facilitators' live first view."""
    from survey_app import create_app
    from survey_app.questionnaire.registry import get_registry
    from survey_app.web.dashboard.releases import publish_release, release_plan

    with tempfile.TemporaryDirectory() as tmp:
        config = {"TESTING": True, "SECRET_KEY": "bench", "SURVEY_DATA_DIR": f"{tmp}/data",
                  "QUESTIONNAIRES_DIR": str(QUESTIONNAIRE.parent), "EXPORTS_DIR": f"{tmp}/exports",
                  "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_TIME_COST": 1,
                  "PASSWORD_HASH_MEMORY_COST": 1024, "PASSWORD_HASH_PARALLELISM": 1}
        generate(load_questionnaire(QUESTIONNAIRE), Storage(f"{tmp}/data"), count)
        app = create_app(config)
        with app.test_request_context():
            questionnaire = get_registry().get("deti-bezpeci")
            publish, release = _timed(lambda: publish_release(questionnaire, release_plan(questionnaire), "bench"))
        url = "/admin/summaries/deti-bezpeci"
        results = {"publish": publish}
        for name, path, role in (("city page", url, "city"), ("city JSON", url + "?format=json", "city"),
                                 ("city CSV", url + "/download/summary-csv", "city"),
                                 ("live page", url + "?audience=facilitator", "facilitator")):
            fresh = create_app(config)  # a fresh worker: no cache
            client = _client(fresh, f"{name.replace(' ', '-')}@example.org", role)
            headers = {"Accept": "application/json"} if "JSON" in name else {}
            results[name], response = _timed(lambda: client.get(path.replace("?format=json", ""), headers=headers))
            assert response.status_code == 200, (name, response.status_code)
    print(f"release {release['number']}: waves {release['waves']}, hidden {release['hidden']}")
    for name, seconds in results.items():
        print(f"{name:10} {seconds:7.3f} s" + ("" if name in ("publish", "live page") else
                                               f"   ({seconds / results['live page']:.3f} of the live first view;"
                                               " target < 0.3 s and <= 0.1)"))


if __name__ == "__main__":
    main()
