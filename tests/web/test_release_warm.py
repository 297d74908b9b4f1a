"""Publishing (issue 11 follow-up): right after a release is stored, the files the city
opens first are made and stored (so that even the first request in a fresh worker
reads bytes); a failure while making them never loses the release; and a release's
all-waves summary is computed once, with byte for byte the release of before."""
import html
import json
import re
from pathlib import Path

import pytest

from survey_app import create_app, exporters
from survey_app.analysis import charts, releases
from survey_app.questionnaire.loader import load_questionnaire
from survey_app.responses import demo
from survey_app.web.dashboard import release_files

from tests.analysis import release_data
from .test_city_speed import URL, WAVES, release  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]


def _refuse(*args, **kwargs):
    raise AssertionError("drawn or written again")


def _refuse_making(monkeypatch):
    from survey_app.web.dashboard import routes
    for module, name in ((charts, "question_chart"), (charts, "grid_chart"), (exporters, "export"),
                         (routes, "export")):
        monkeypatch.setattr(module, name, _refuse)


def _stored(storage, number=1):
    folder = storage.data_dir / "cache" / "releases" / "deti-bezpeci" / str(number)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _questionnaire(app):
    from survey_app.web.registry import get_registry
    with app.app_context():
        return get_registry().get("deti-bezpeci")


def _city_links(page):
    """Every chart, grid.png and download the city's dashboard page shows or links to."""
    found = re.findall(r'(?:src|href)="(/admin/summaries/deti-bezpeci/(?:charts/[^"]+|grid\.png[^"]*|download/[^"]+))"',
                       page)
    return sorted({html.unescape(link) for link in found})


# --- warming -------------------------------------------------------------------------

def test_warm__after_a_publish__every_file_of_the_default_view_read_from_storage(app, release, storage,
                                                                                 app_config, login_as,
                                                                                 monkeypatch):
    with app.app_context():
        made = release_files.warm(_questionnaire(app), release)
    assert all(new for _name, new, _seconds in made)
    stored = _stored(storage)
    _refuse_making(monkeypatch)
    worker = login_as("city", client=create_app(app_config).test_client())  # a fresh worker
    page = worker.get(URL).get_data(as_text=True)
    links = _city_links(page)
    assert [link.split("?")[0].rsplit("/", 1)[-1] for link in links if "/charts/" in link] == \
        sorted(f"{name.split()[1]}.png" for name, _new, _s in made if name.startswith("chart "))
    assert sorted({link.split("?", 1)[1] for link in links}) == [
        "part=before_after&wave=all", "part=measures&wave=all", "wave=all"]
    for link in links + [URL + "/download/summary-xlsx", URL + "/download/summary-csv"]:  # and without ?wave=
        response = worker.get(link)
        assert response.status_code == 200, link
    assert _stored(storage) == stored  # nothing made on request: every file was there
    # charts (one per question on the page), grid.png, and 5 downloads under two keys each
    assert len(stored) == len(made) + 5


def test_warm__files__the_bytes_a_request_makes(app, release, storage, app_config, login_as):
    with app.app_context():
        release_files.warm(_questionnaire(app), release)
    folder = storage.data_dir / "cache" / "releases" / "deti-bezpeci" / "1"
    warmed = {p.name: p.read_bytes() for p in folder.iterdir()}
    for path in folder.iterdir():
        path.unlink()
    worker = login_as("city", client=create_app(app_config).test_client())
    links = _city_links(worker.get(URL).get_data(as_text=True))
    without_wave = [re.sub(r"[?&]wave=all$", "", link.replace("wave=all&", "")) for link in links if "/download/" in link]
    for link in links + without_wave:
        assert worker.get(link).status_code == 200, link
    made = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(made) == sorted(warmed)
    # XLSX and ZIP files hold the time they were written; every other file is the same
    assert [key for key in made if made[key] != warmed[key] and not made[key].startswith(b"PK")] == []


def test_warm__xlsx_for_the_default_wave__the_bytes_the_route_serves(app, release, storage, login_as):
    with app.app_context():
        release_files.warm(_questionnaire(app), release)
    xlsx = login_as("city").get(URL + "/download/summary-xlsx?wave=all")
    assert xlsx.data[:2] == b"PK" and xlsx.data in {p.read_bytes() for p in (
        storage.data_dir / "cache" / "releases" / "deti-bezpeci" / "1").iterdir()}


def test_warm__twice__nothing_made_again(app, release, monkeypatch):
    questionnaire = _questionnaire(app)
    with app.app_context():
        first = release_files.warm(questionnaire, release)
        _refuse_making(monkeypatch)
        again = release_files.warm(questionnaire, release)
    assert [name for name, _new, _s in again] == [name for name, _new, _s in first]
    assert not any(new for _name, new, _s in again)


def test_warm_logged__a_chart_fails__logged_and_none(app, release, monkeypatch, caplog):
    monkeypatch.setattr(charts, "question_chart", _refuse)
    with app.app_context():
        assert release_files.warm_logged(_questionnaire(app), release) is None
    assert "release 1 of deti-bezpeci is stored; making its files failed" in caplog.text


def test_after_publish__publish_button__answers_first_then_files_made_in_a_thread(app, release, storage):
    app.config["SURVEY_WARM_RELEASES"] = 1
    with app.app_context():
        thread = release_files.after_publish(_questionnaire(app), release)
    thread.join(120)
    assert not thread.is_alive() and release_files.warming() == []
    assert len(_stored(storage)) > 10


def test_after_publish__setting_0__no_thread_nothing_made(app, release, storage):
    app.config["SURVEY_WARM_RELEASES"] = 0
    with app.app_context():
        assert release_files.after_publish(_questionnaire(app), release) is None
    assert _stored(storage) == []


# --- the CLI -------------------------------------------------------------------------

@pytest.fixture
def children(app, storage):
    questionnaire = _questionnaire(app)
    for wave, channel, count, seed in ((WAVES[0], "tablet", 120, 1), (WAVES[1], "poster", 90, 2)):
        storage.add_responses(list(demo.demo_records(questionnaire, count, seed=seed,
                                                     context={"wave": wave, "channel": channel})))


def test_release_publish_cli__stored_then_files_made(app, runner, children, storage):
    app.config["SURVEY_WARM_RELEASES"] = 1
    result = runner.invoke(args=["release", "publish", "--questionnaire", "deti-bezpeci"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "release 1: 2025-podzim,2026-jaro 210\n"
    assert re.fullmatch(r"note: release 1: (\d+) files made, 0 already stored, in \d+\.\d s\n", result.stderr)
    assert len(_stored(storage)) == int(re.search(r"(\d+) files", result.stderr)[1]) + 5


@pytest.mark.parametrize("setting, flag", [(0, "--no-warm"), (1, "--no-warm"), (0, None)])
def test_release_publish_cli__setting_or_flag_off__nothing_made(app, runner, children, storage, setting, flag):
    app.config["SURVEY_WARM_RELEASES"] = setting
    result = runner.invoke(args=["release", "publish", "--questionnaire", "deti-bezpeci"] + ([flag] if flag else []))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "release 1: 2025-podzim,2026-jaro 210\n", "")
    assert _stored(storage) == []


def test_release_publish_cli__making_files_fails__release_kept_exit_0(app, runner, children, storage, monkeypatch):
    app.config["SURVEY_WARM_RELEASES"] = 0  # --warm wins
    monkeypatch.setattr(exporters, "export", _refuse)
    result = runner.invoke(args=["release", "publish", "--questionnaire", "deti-bezpeci", "--warm"])
    assert (result.exit_code, result.stdout) == (0, "release 1: 2025-podzim,2026-jaro 210\n")
    assert result.stderr == ("warning: release 1 is stored, but making its files failed (see the log); they are "
                             "made on first request, or run `flask release warm`\n")
    assert storage.latest_release("deti-bezpeci")["number"] == 1


def test_release_warm_cli__after_no_warm__files_made_then_kept(runner, children, storage):
    runner.invoke(args=["release", "publish", "--questionnaire", "deti-bezpeci", "--no-warm"])
    first = runner.invoke(args=["release", "warm", "--questionnaire", "deti-bezpeci"])
    assert first.exit_code == 0 and re.fullmatch(r"release 1: \d+ files made, 0 already stored, in \d+\.\d s\n",
                                                 first.output), first.output
    again = runner.invoke(args=["release", "warm", "--questionnaire", "deti-bezpeci", "--release", "1"])
    assert re.fullmatch(r"release 1: 0 files made, \d+ already stored, in \d+\.\d s\n", again.output), again.output


@pytest.mark.parametrize("args, message", [
    ([], "Error: --questionnaire deti-bezpeci: nothing published yet"),
    (["--release", "3"], "Error: --release 3: deti-bezpeci has no release 3"),
])
def test_release_warm_cli__no_such_release__exit_2_says_which(runner, args, message):
    result = runner.invoke(args=["release", "warm", "--questionnaire", "deti-bezpeci", *args])
    assert result.exit_code == 2 and result.output.strip().splitlines()[-1] == message


# --- the all-waves summary once: the release of before, byte for byte -----------------

def _merged_per_wave_before(questionnaire, chosen, earlier, k, focus_groups):
    """releases._merged_per_wave as it was (commit 2629d8f): the all-waves summary
    computed once to find the merged places, then again with every wave's merges."""
    forced_all = releases._union(*(priv.get("merged", {}) for _r, priv in earlier))
    sizes = {}
    for record in chosen:
        sizes[str(record["wave"])] = sizes.get(str(record["wave"]), 0) + 1
    least = releases.least_group(k, min(sizes.values(), default=0))
    summary = releases._summary(questionnaire, chosen, k, forced_all, focus_groups, least)
    if len(summary.waves) < 2 or focus_groups is not None and len(focus_groups):
        merged = summary.notes.get("merged", {})
        return summary, releases._rows(summary), merged, {w: merged for w in summary.waves}
    places = {"place": summary.notes.get("merged", {}).get("place", [])}
    for _round in range(5):
        per_wave = {}
        for wave in summary.waves:
            forced = releases._union(*(releases._wave_merges(priv).get(wave, {}) for _r, priv in earlier), places)
            per_wave[wave] = releases._summary(questionnaire, [r for r in chosen if str(r["wave"]) == wave], k,
                                               forced, min_group=releases.least_group(k, sizes[wave]))
        grown = releases._union(places, *({"place": s.notes.get("merged", {}).get("place", [])}
                                          for s in per_wave.values()))
        if grown == places:
            break
        places = grown
    by_wave = {w: s.notes.get("merged", {}) for w, s in per_wave.items()}
    summary = releases._summary(questionnaire, chosen, k, releases._union(forced_all, *by_wave.values()),
                                focus_groups, k)
    rows = [row for wave in summary.waves for row in releases._rows(per_wave[wave])]
    rows += [row for row in releases._rows(summary) if str(row["wave"]) not in per_wave]
    return summary, rows, summary.notes.get("merged", {}), by_wave


def _demo(questionnaire, *waves):
    return [r for wave, channel, count, seed in waves
            for r in demo.demo_records(questionnaire, count, seed=seed, context={"wave": wave, "channel": channel})]


def _published(questionnaire, records, rounds):
    """The stored bytes (release JSON, private JSON) of each release in `rounds` (lists
    of waves), each published on the records so far (`records[i]` added before round i)."""
    earlier, out, every = [], [], []
    for added, waves in zip(records, rounds):
        every += added
        release, private = releases.build(questionnaire, releases.eligible(every), earlier, k=5, waves=waves,
                                          published_by="t", published_at="2026-11-02T10:00Z", every=every)
        earlier.append((release, private))
        out.append((json.dumps(release, ensure_ascii=False), json.dumps(private)))
    return out


def _datasets(questionnaire):
    two = [("2025-podzim", "tablet", 120, 1), ("2026-jaro", "poster", 90, 2)]
    late = [("2026-jaro", "tablet", 3, 3)]
    small = [("2026-leto", "poster", 20, 4)]
    return {
        "demo two waves": ([_demo(questionnaire, *two)], [["2025-podzim", "2026-jaro"]]),
        "demo one wave": ([_demo(questionnaire, two[0])], [["2025-podzim"]]),
        "demo three waves, one small": ([_demo(questionnaire, *two, *small)],
                                        [["2025-podzim", "2026-jaro", "2026-leto"]]),
        "demo republished after late responses": ([_demo(questionnaire, *two), _demo(questionnaire, *late)],
                                                  [["2025-podzim", "2026-jaro"]] * 2),
        "realistic two waves (utility)": ([release_data.records(questionnaire)], [["2026-jaro", "2026-podzim"]]),
    }


@pytest.mark.parametrize("name", ["demo two waves", "demo one wave", "demo three waves, one small",
                                  "demo republished after late responses", "realistic two waves (utility)"])
def test_release_build__all_waves_summary_once__json_byte_identical_to_before(name, monkeypatch):
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "deti-bezpeci.yaml")
    records, rounds = _datasets(questionnaire)[name]
    now = _published(questionnaire, records, rounds)
    monkeypatch.setattr(releases, "_merged_per_wave", _merged_per_wave_before)
    before = _published(questionnaire, records, rounds)
    assert now == before


def test_release_build__small_wave__places_merged_in_it_merged_in_every_wave():
    """The dataset above exercises the merging rounds: a place merged in the small wave
    alone is merged in the others too."""
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "deti-bezpeci.yaml")
    records, rounds = _datasets(questionnaire)["demo three waves, one small"]
    release = json.loads(_published(questionnaire, records, rounds)[0][0])
    small = set(release["merged_by_wave"]["2026-leto"].get("place", []))
    assert small and all(small <= set(merge.get("place", [])) for merge in release["merged_by_wave"].values())


@pytest.mark.parametrize("setting, files", [(1, True), (0, False)])
def test_publish_button__answers_when_stored__files_made_in_a_thread(app, children, storage, login_as, setting,
                                                                    files):
    app.config["SURVEY_WARM_RELEASES"] = setting
    response = login_as("facilitator").post(URL + "/releases", headers={"Accept": "application/json"})
    assert response.status_code == 201 and storage.latest_release("deti-bezpeci")["number"] == 1
    for thread in release_files.warming():
        thread.join(120)
    assert bool(_stored(storage)) is files
