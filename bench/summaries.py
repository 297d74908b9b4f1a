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

--releases (or --releases-only) then times publishing a release of both waves and,
each in a fresh worker process (app built, user logged in, nothing requested yet),
the first and the second request of: the city's dashboard page, its JSON, the
summary CSV download (all from the release) and the facilitators' live page; each
city figure beside the live first view (target, issue 11: < 0.3 s and <= 0.1 of it).
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
    parser.add_argument("--releases-only", action="store_true", help="Only the releases part (implies --releases).")
    parser.add_argument("--worker", nargs=4, metavar=("TMP", "PATH", "ROLE", "ACCEPT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker)
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    with tempfile.TemporaryDirectory() as tmp:
        storage = Storage(f"{tmp}/data")
        start = time.perf_counter()
        generate(questionnaire, storage, args.responses)
        print(f"generated {args.responses} demo responses in {time.perf_counter() - start:.1f} s")
        if not args.releases_only:
            summary_bench(questionnaire, storage, args.repeat)
        if args.releases or args.releases_only:
            release_bench(tmp)


def summary_bench(questionnaire, storage, repeat):
    read, records = best(repeat, lambda: storage.responses(questionnaire.id))
    frames, (responses, marks) = best(repeat, lambda: (
        tables.responses_frame(questionnaire, records), tables.marks_frame(questionnaire, records)))
    summary_time, summary = best(repeat, lambda: summaries.summarise(
        questionnaire, responses, marks, audience="city", min_cell=5))
    floor, _ = best(repeat, lambda: responses.groupby(["wave", "vek"], dropna=False).count())
    counting, _ = best(repeat, lambda: counting_floor(questionnaire, responses))
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


def _config(tmp):
    return {"TESTING": True, "SECRET_KEY": "bench", "SURVEY_DATA_DIR": f"{tmp}/data",
            "QUESTIONNAIRES_DIR": str(QUESTIONNAIRE.parent), "EXPORTS_DIR": f"{tmp}/exports",
            "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_TIME_COST": 1,
            "PASSWORD_HASH_MEMORY_COST": 1024, "PASSWORD_HASH_PARALLELISM": 1}


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


def worker(tmp, path, role, accept):
    """One fresh worker (a new process, as gunicorn starts one: the app built, a user
    logged in, nothing requested yet): times its first GET of `path` and prints it as
    JSON with the heavy libraries the request imported."""
    import json
    import uuid

    from survey_app import create_app

    client = _client(create_app(_config(tmp)), f"bench-{uuid.uuid4().hex[:12]}@example.org", role)
    heavy = ("pandas", "matplotlib", "openpyxl")
    before = {name for name in heavy if name in sys.modules}
    headers = {"Accept": accept} if accept != "-" else {}
    seconds, response = _timed(lambda: client.get(path, headers=headers))
    again, _ = _timed(lambda: client.get(path, headers=headers))
    print(json.dumps({"seconds": seconds, "again": again, "status": response.status_code,
                      "bytes": len(response.data),
                      "imported": sorted(n for n in heavy if n in sys.modules and n not in before)}))


def _fresh_worker(tmp, path, role, accept="-"):
    import json
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--worker", tmp, path, role, accept],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == 200, (path, result)
    return result


VIEWS = (("city page", "", "city", "-"), ("city JSON", "", "city", "application/json"),
         ("city CSV", "/download/summary-csv", "city", "-"),
         # the rest of what the city's page loads or offers (no target in issue 11)
         ("grid.json", "/grid.json", "city", "-"), ("chart png", "/charts/vek.png", "city", "-"),
         ("grid.png", "/grid.png", "city", "-"), ("city XLSX", "/download/summary-xlsx", "city", "-"),
         ("live page", "?audience=facilitator", "facilitator", "-"))
TARGETED = ("city page", "city JSON", "city CSV")


def release_bench(tmp):
    """Publish time (in this process); then each view's first request in a fresh
    worker process: the city's dashboard page, its JSON and the summary CSV download
    from the release, beside the facilitators' live first view."""
    from survey_app import create_app
    from survey_app.web.registry import get_registry
    from survey_app.web.dashboard.releases import publish_release, release_plan

    app = create_app(_config(tmp))
    with app.test_request_context():
        questionnaire = get_registry().get("deti-bezpeci")
        publish, release = _timed(lambda: publish_release(questionnaire, release_plan(questionnaire), "bench"))
    print(f"release {release['number']}: waves {release['waves']}, respondents {release['respondents']}, "
          f"hidden {release['hidden']}")
    url = "/admin/summaries/deti-bezpeci"
    results = {name: _fresh_worker(tmp, url + path, role, accept) for name, path, role, accept in VIEWS}
    live = results["live page"]["seconds"]
    print(f"{'step':10} {'first':>7}   {'again':>7}")
    print(f"{'publish':10} {publish:7.3f} s")
    for name, result in results.items():
        line = f"{name:10} {result['seconds']:7.3f} s {result['again']:7.3f} s"
        if name != "live page":
            line += f"   {result['seconds'] / live:.3f} of the live first view"
            line += " (target < 0.3 s and <= 0.1)" if name in TARGETED else ""
        print(line + (f"   imported {', '.join(result['imported'])}" if result["imported"] else ""))


if __name__ == "__main__":
    main()
