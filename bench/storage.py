"""How long one add_response takes with 1k and with 100k stored responses.

    .venv/bin/python bench/storage.py [--samples 300] [--no-tinydb]

Preloads each store with add_responses, then times single add_response calls (each
one is a real append + fsync). Also prints the first call on a fresh instance (what
a restarted worker pays once to read the journal), the slowest add_response of this
process while another process does that cold start, and, for comparison, TinyDB's
default JSON storage, which rewrites the whole file on every insert.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey_app.storage.store import Storage  # noqa: E402

Q = "bench-safety"


def record(i: int) -> dict:
    """About the size of a real response: ~12 answers and the context fields."""
    return {
        "submission_id": str(uuid.uuid4()), "questionnaire_id": Q, "questionnaire_version": 3,
        "lang": "cs", "channel": "web", "campaign_id": "skoly-2025", "wave": 1,
        "submitted_at": "2025-06-11T08:%02d:%02dZ" % (i // 60 % 60, i % 60),
        "answers": {"feel_safe": i % 5 + 1, "school": "zs-podkrusnohorska",
                    "transport": ["walk", "bus"], "age_group": "11-12",
                    "places": [{"lat": 50.60 + i % 97 / 1e4, "lon": 13.61, "category": "traffic",
                                "comment": "Na přechodu u školy auta nezastavují."}],
                    **{f"q{n}": n % 4 for n in range(8)}},
    }


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def time_calls(call, samples: int) -> list[float]:
    times = []
    for i in range(samples):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_journal(preload: int, samples: int) -> dict:
    with tempfile.TemporaryDirectory() as data_dir:
        storage = Storage(data_dir)
        start = time.perf_counter()
        for offset in range(0, preload, 10_000):
            storage.add_responses([record(i) for i in range(offset, min(preload, offset + 10_000))])
        load_s = time.perf_counter() - start
        times = time_calls(lambda i: storage.add_response(record(i)), samples)
        fresh = Storage(data_dir)
        start = time.perf_counter()
        fresh.add_response(record(0))
        first_ms = (time.perf_counter() - start) * 1000
        during = writes_during_cold_start(storage, data_dir)
        start = time.perf_counter()
        count = len(storage.responses(Q))
        responses_ms = (time.perf_counter() - start) * 1000
        size = (Path(data_dir) / "responses" / f"{Q}.jsonl").stat().st_size
    assert count == preload + samples + 2 + len(during)
    return {"mean": statistics.mean(times), "p95": p95(times), "load_s": load_s,
            "during_max": max(during), "during_n": len(during),
            "first_ms": first_ms, "responses_ms": responses_ms, "mb": size / 1e6}


def writes_during_cold_start(storage: Storage, data_dir: str) -> list[float]:
    """add_response times in this process while another process starts cold and
    reads the whole journal for its first add_response."""
    script = ("import sys, uuid; sys.path.insert(0, sys.argv[2]); from survey_app.storage.store import Storage; "
              "Storage(sys.argv[1]).add_response({'questionnaire_id': sys.argv[3], "
              "'submission_id': str(uuid.uuid4())})")
    child = subprocess.Popen([sys.executable, "-c", script, data_dir,
                              str(Path(__file__).resolve().parents[1]), Q])
    times = []
    while child.poll() is None:
        times += time_calls(lambda i: storage.add_response(record(i)), 1)
        time.sleep(0.005)
    assert child.returncode == 0
    return times


def bench_tinydb_default(preload: int, samples: int) -> dict:
    from tinydb import TinyDB
    with tempfile.TemporaryDirectory() as data_dir:
        db = TinyDB(Path(data_dir) / "db.json")
        db.insert_multiple(record(i) for i in range(preload))
        times = time_calls(lambda i: db.insert(record(i)), samples)
        db.close()
    return {"mean": statistics.mean(times), "p95": p95(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--no-tinydb", action="store_true", help="skip the TinyDB comparison")
    args = parser.parse_args()

    results = {}
    for preload in (1_000, 100_000):
        results[preload] = r = bench_journal(preload, args.samples)
        print(f"journal, {preload:>7,} stored: add_response mean {r['mean']:.3f} ms, "
              f"p95 {r['p95']:.3f} ms  (preload {r['load_s']:.1f} s, file {r['mb']:.1f} MB; "
              f"first call on a fresh instance {r['first_ms']:.0f} ms; "
              f"responses() {r['responses_ms']:.0f} ms)")
        print(f"    while another process starts cold: {r['during_n']} add_response calls, "
              f"slowest {r['during_max']:.1f} ms")
    small, large = results[1_000], results[100_000]
    print(f"ratio 100k/1k: mean {large['mean'] / small['mean']:.2f}, p95 {large['p95'] / small['p95']:.2f}")

    if not args.no_tinydb:
        for preload in (1_000, 10_000):
            r = bench_tinydb_default(preload, samples=20)
            print(f"TinyDB default JSONStorage, {preload:>6,} stored: insert mean {r['mean']:.1f} ms, "
                  f"p95 {r['p95']:.1f} ms")


if __name__ == "__main__":
    main()
