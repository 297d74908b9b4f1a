"""The releases this feature reads, and what it adds to a release when one is
published: its `before_after` part (the measures' checks whose "after" is this
release), so that the release's downloads show them as they were when it was made.

`publish()` is the one publish path of the dashboard (POST /admin/summaries/<id>/releases)
and of `flask release publish`."""
import threading

from flask import current_app

from ...analysis.before_after import release_checks
from ...fieldwork import measures as model
from ..extensions import get_storage


_lock = threading.Lock()


def list_releases(questionnaire_id) -> list[dict]:
    """Release dicts of a questionnaire, ascending by number ([] when there are none):
    the latest read from storage, the earlier ones from this process's cache."""
    latest = get_storage().latest_release(questionnaire_id)
    return releases_upto(questionnaire_id, latest["number"]) if latest else []


def cached_release(questionnaire_id, number) -> dict | None:
    """Release `number`, read once per process (a release never changes once stored)."""
    cache = current_app.extensions.setdefault("measures_releases", {})
    with _lock:
        release = cache.get((questionnaire_id, number))
    if release is None:
        release = get_storage().get_release(questionnaire_id, number)
        if release is not None:
            with _lock:
                cache[(questionnaire_id, number)] = release
    return release


def releases_upto(questionnaire_id, number) -> list[dict]:
    """Releases 1..`number` of a questionnaire (numbers are given out one after the
    other), each read once per process."""
    found = (cached_release(questionnaire_id, n) for n in range(1, int(number) + 1))
    return [r for r in found if r is not None]


def place_labels(questionnaire) -> dict:
    return {p.id: p.label for p in questionnaire.places}


def release_parts(questionnaire):
    """The hook publish_release calls with (release, earlier releases) before storing
    a release: returns the parts to add, {"before_after": [checks]}."""
    def parts(release, earlier):
        measures = model.list_measures(get_storage(), questionnaire.id)
        return {"before_after": release_checks(measures, list(earlier), release, place_labels(questionnaire))}
    return parts


def publish(questionnaire, plan, published_by) -> dict:
    """Publish the next release of `plan` with its before/after part; returns it."""
    from ..dashboard.releases import publish_release  # the dashboard imports this module
    return publish_release(questionnaire, plan, published_by, extend=release_parts(questionnaire))


def checks_of(questionnaire, release) -> list[dict]:
    """The release's `before_after` part; a release stored without one (published
    before the part existed) gets it computed from the stored releases on reading."""
    if release is None:
        return []
    if "before_after" in release:
        return list(release["before_after"])
    measures = model.list_measures(get_storage(), questionnaire.id)
    earlier = releases_upto(questionnaire.id, release["number"] - 1)
    return release_checks(measures, earlier, release, place_labels(questionnaire))
