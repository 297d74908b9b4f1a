"""`flask release publish|list|warm`: publish the city's protected summary of a
questionnaire as a numbered release (then make the files the city opens first), list
the releases, and (re)make a release's files."""
import time

import click
from flask.cli import with_appcontext

from ..web.dashboard.release_files import warm, warm_logged, warms_after_publish
from ..web.dashboard.releases import ReleaseRefused, release_plan
from ..web.measures.releases import publish as publish_release
from ..web.extensions import get_storage
from ..web.registry import QuestionnaireUnavailable, get_registry


def _questionnaire(questionnaire_id):
    try:
        return get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable as exc:
        detail = "; ".join(map(str, exc.errors)) or "no such questionnaire"
        raise click.UsageError(f"--questionnaire {questionnaire_id}: {detail}") from None


def _made(number, files, seconds):
    new = sum(1 for _name, made, _seconds in files if made)
    return f"release {number}: {new} files made, {len(files) - new} already stored, in {seconds:.1f} s"


@click.group("release")
def release():
    """City releases: the only numbers the city sees."""


@release.command("publish")
@click.option("--questionnaire", "questionnaire_id", required=True, help="Questionnaire id, e.g. deti-bezpeci.")
@click.option("--wave", "waves", multiple=True, help="A wave to release (repeatable; default: every wave).")
@click.option("--by", "published_by", default="cli", show_default=True, help="Who publishes (recorded).")
@click.option("--warm/--no-warm", "make_files", default=None,
              help="After storing the release, make the files the city opens first "
                   "(default: SURVEY_WARM_RELEASES, 1).")
@with_appcontext
def publish(questionnaire_id, waves, published_by, make_files):
    """Compute, protect and store the next release; prints `release <n>: <waves> <respondents>`,
    then makes the city's first files (a note on stderr; a failure there keeps the release)."""
    questionnaire = _questionnaire(questionnaire_id)
    plan = release_plan(questionnaire, list(waves) or None)
    for wave, reason in plan.held_back.items():
        click.echo(f"note: wave {wave} is not released: {plan.counts.get(wave, 0)} responses "
                   f"({'none' if reason == 'no_responses' else 'fewer than SURVEY_MIN_RELEASE'})", err=True)
    try:
        stored = publish_release(questionnaire, plan, published_by)
    except ReleaseRefused as exc:
        raise click.UsageError(str(exc)) from None
    respondents = sum(plan.counts.get(w, 0) for w in stored["waves"])  # operators see the true count
    click.echo(f"release {stored['number']}: {','.join(stored['waves'])} {respondents}")  # stored: say so first
    if make_files or make_files is None and warms_after_publish():
        start = time.perf_counter()
        files = warm_logged(questionnaire, stored)
        if files is None:
            click.echo(f"warning: release {stored['number']} is stored, but making its files failed (see the "
                       f"log); they are made on first request, or run `flask release warm`", err=True)
        else:
            click.echo("note: " + _made(stored["number"], files, time.perf_counter() - start), err=True)


@release.command("list")
@click.option("--questionnaire", "questionnaire_id", required=True, help="Questionnaire id, e.g. deti-bezpeci.")
@with_appcontext
def list_releases(questionnaire_id):
    """One line per release: number, date, who, waves, respondents, hidden cells."""
    questionnaire = _questionnaire(questionnaire_id)
    found = get_storage().list_releases(questionnaire.id)
    if not found:
        click.echo(f"{questionnaire.id}: nothing published yet")
    for item in found:
        counts = list(item["respondents"].values())
        # as the city sees them: a wave below K shows as "<K"
        respondents = sum(counts) if None not in counts else f"<{item['k']}"
        click.echo(f"release {item['number']}: {item['published_at']} {item['published_by']} "
                   f"{','.join(item['waves'])} {respondents} hidden {item['hidden']['k_rule']}+"
                   f"{item['hidden']['protect_others']}")


@release.command("warm")
@click.option("--questionnaire", "questionnaire_id", required=True, help="Questionnaire id, e.g. deti-bezpeci.")
@click.option("--release", "number", type=click.IntRange(min=1), help="Release number (default: the latest).")
@with_appcontext
def warm_release(questionnaire_id, number):
    """Make the files the city opens first of a release (those not stored yet)."""
    questionnaire = _questionnaire(questionnaire_id)
    storage = get_storage()
    found = storage.latest_release(questionnaire.id) if number is None else \
        storage.get_release(questionnaire.id, number)
    if found is None:
        raise click.UsageError(f"--questionnaire {questionnaire.id}: nothing published yet" if number is None
                               else f"--release {number}: {questionnaire.id} has no release {number}")
    start = time.perf_counter()
    click.echo(_made(found["number"], warm(questionnaire, found), time.perf_counter() - start))


COMMANDS = [release]
