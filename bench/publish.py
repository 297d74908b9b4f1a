"""How long publishing a release takes at 100,000 responses, with and without making the
city's first files, and what the city's first requests cost afterwards.

    .venv/bin/python bench/publish.py [--responses 100000] [--no-requests]

Writes demo responses (two waves, as bench/summaries.py) into a temporary data dir and times
(wall and CPU seconds of this process: the machine may be shared):
  publish   what `flask release publish --no-warm` does: plan, compute, audit and store
            the release (with its before/after part); the release is durable here
  warm      release_files.warm(): the default dashboard view's charts and grid.png and
            its downloads (summary CSV, XLSX, charts ZIP, measures and before/after CSV)
            for all waves in Czech, each made and stored; the slowest files are listed
  total     publish + warm: what `flask release publish` takes before it exits
Then, each in a fresh worker process (app built, city user logged in, nothing requested
yet: bench/summaries.py --worker), the first request of the XLSX, the summary CSV, a
chart and grid.png as the dashboard links them (?wave=all), and the XLSX without ?wave=;
each must be served from the stored bytes (no file is added to the release's folder).
Run on an older checkout (no release_files.warm), it times the publish only.

--compare first times analysis.releases.build() alone on the same records, alternately
as it is and as it was before the all-waves summary was computed once (the reference
copy in tests/web/test_release_warm.py), --repeat times each; both must give the same
release JSON.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import summaries as bench_summaries  # noqa: E402  (bench/summaries.py: data, config, fresh workers)

from survey_app.questionnaire.loader import load_questionnaire  # noqa: E402
from survey_app.storage.store import Storage  # noqa: E402

URL = "/admin/summaries/deti-bezpeci"
REQUESTS = (("XLSX", "/download/summary-xlsx?wave=all"), ("XLSX, no ?wave=", "/download/summary-xlsx"),
            ("summary CSV", "/download/summary-csv?wave=all"), ("chart png", "/charts/vek.png?wave=all"),
            ("grid.png", "/grid.png?wave=all"))


def _timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _timed_cpu(function):
    """(wall seconds, CPU seconds of this process, result): on a shared machine the CPU
    time says more than the wall time."""
    cpu = time.process_time()
    wall, result = _timed(function)
    return wall, time.process_time() - cpu, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--no-requests", action="store_true", help="Skip the fresh workers' first requests.")
    parser.add_argument("--compare", action="store_true", help="Also time build() now and as it was.")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    questionnaire = load_questionnaire(bench_summaries.QUESTIONNAIRE)
    with tempfile.TemporaryDirectory() as tmp:
        seconds, _ = _timed(lambda: bench_summaries.generate(questionnaire, Storage(f"{tmp}/data"), args.responses))
        print(f"generated {args.responses} demo responses in {seconds:.1f} s; load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        if args.compare:
            compare(questionnaire, Storage(f"{tmp}/data"), args.repeat)
        release, made = publish_and_warm(tmp)
        if made is not None and not args.no_requests:
            first_requests(tmp, release)


def compare(questionnaire, storage, repeat):
    import json

    from survey_app.analysis import releases
    from tests.web.test_release_warm import _merged_per_wave_before

    every = storage.responses(questionnaire.id)
    records = releases.eligible(every)
    waves = sorted({str(r["wave"]) for r in records})
    now = releases._merged_per_wave
    times, made = {"now": [], "before": []}, {}
    for _ in range(repeat):
        for name, function in (("before", _merged_per_wave_before), ("now", now)):
            releases._merged_per_wave = function
            wall, cpu, (release, private) = _timed_cpu(lambda: releases.build(
                questionnaire, records, [], k=5, waves=waves, published_by="bench", published_at="2026-11-02T10:00Z",
                every=every))
            releases._merged_per_wave = now
            times[name].append((wall, cpu))
            made[name] = json.dumps(release, ensure_ascii=False) + json.dumps(private)
    assert made["now"] == made["before"], "the release differs"
    for name, found in times.items():
        print(f"build {name:6} {min(w for w, _c in found):7.2f} s wall {min(c for _w, c in found):7.2f} s CPU "
              f"(best of {repeat})")
    print("build: the same release JSON both ways")


def publish_and_warm(tmp):
    from survey_app import create_app
    from survey_app.web.dashboard.releases import release_plan
    from survey_app.web.measures.releases import publish
    from survey_app.web.registry import get_registry

    app = create_app(bench_summaries._config(tmp))
    with app.app_context():
        questionnaire = get_registry().get("deti-bezpeci")
        stored, stored_cpu, release = _timed_cpu(lambda: publish(questionnaire, release_plan(questionnaire), "bench"))
        print(f"release {release['number']}: waves {release['waves']}, respondents {release['respondents']}")
        print(f"{'':10}{'wall':>7}     {'CPU':>7}")
        print(f"publish   {stored:7.2f} s   {stored_cpu:7.2f} s   (release stored: `release publish --no-warm`)")
        try:
            from survey_app.web.dashboard.release_files import warm
        except ImportError:
            return release, None
        warmed, warmed_cpu, made = _timed_cpu(lambda: warm(questionnaire, release))
    print(f"warm      {warmed:7.2f} s   {warmed_cpu:7.2f} s   ({sum(1 for m in made if m[1])} files)")
    print(f"total     {stored + warmed:7.2f} s   {stored_cpu + warmed_cpu:7.2f} s   "
          "(`release publish`: stored, then the files made)")
    for name, _new, seconds in sorted(made, key=lambda m: -m[2])[:6]:
        print(f"  {name:24} {seconds:6.2f} s")
    return release, made


def first_requests(tmp, release):
    folder = Path(tmp) / "data" / "cache" / "releases" / "deti-bezpeci" / str(release["number"])
    stored = {p.name: p.read_bytes() for p in folder.iterdir()}
    print(f"{'first request in a fresh worker':34} {'first':>7}   {'again':>7}")
    for name, path in REQUESTS:
        result = bench_summaries._fresh_worker(tmp, URL + path, "city")
        imported = f"   imported {', '.join(result['imported'])}" if result["imported"] else ""
        print(f"  {name:32} {result['seconds']:7.3f} s {result['again']:7.3f} s   {result['bytes']} bytes{imported}")
    added = sorted(set(p.name for p in folder.iterdir()) - set(stored))
    print("every file read from storage" if not added else f"made on request: {len(added)} files")


if __name__ == "__main__":
    main()
