"""`flask export`: write raw data, summaries or charts of one questionnaire to files.

Formats come from exporters.EXPORTERS (one table); this command only parses options,
picks the records and writes what the exporter returns.
"""
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..exporters import (AUDIENCES, DEFAULT_DIALECT, DIALECTS, EXPORTERS, RAW, ExportError, ExportJob,
                         check_job, export as export_gate, file_name, select_records)
from ..storage.releases import write_export
from ..web.dashboard.releases import load_focus_groups, release_summary, sliced
from ..web.extensions import get_storage
from ..web.measures.dashboard import add_measures
from ..web.registry import QuestionnaireUnavailable, get_registry

# From this many responses on, the command shows a progress bar on stderr.
PROGRESS_FROM = 10_000
STEPS = ("read", "responses", "marks", "summary", "write")


def _questionnaire(questionnaire_id):
    try:
        return get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable as exc:
        known = ", ".join(q.id for q in get_registry().all()) or "none"
        detail = "; ".join(map(str, exc.errors)) or f"no such questionnaire (known: {known})"
        raise click.UsageError(f"--questionnaire {questionnaire_id}: {detail}") from None


@click.command("export")
@click.option("--questionnaire", "questionnaire_id", required=True, help="Questionnaire id, e.g. deti-bezpeci.")
@click.option("--campaign", default=None, help="Only responses of this campaign (its id).")
@click.option("--wave", default=None, help="Only responses of this wave, e.g. 2026-podzim.")
@click.option("--format", "format_name", required=True, type=click.Choice(list(EXPORTERS)),
              help="What to write.")
@click.option("--audience", type=click.Choice(AUDIENCES), default=None,
              help="city: suppressed summaries only; facilitator: raw data too. "
                   "Default: city for summary formats, facilitator for raw ones.")
@click.option("--dialect", type=click.Choice(list(DIALECTS)), default=DEFAULT_DIALECT, show_default=True,
              help="CSV flavour: excel-cz (; and decimal comma, BOM) or rfc4180 (, and decimal point).")
@click.option("--include-text", is_flag=True, help="Add free-text answers and map comments (facilitators only).")
@click.option("--release", "release_number", type=click.IntRange(1), default=None,
              help="City summaries: this release instead of the latest.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the files (default: SURVEY_EXPORTS_DIR, i.e. exports/).")
@with_appcontext
def export(questionnaire_id, campaign, wave, format_name, audience, dialect, include_text, release_number,
           out_dir):
    """Write one export of a questionnaire's responses and print the files' paths."""
    exporter = EXPORTERS[format_name]
    questionnaire = _questionnaire(questionnaire_id)
    job = ExportJob(questionnaire, [], audience=audience or exporter.default_audience,
                    include_text=include_text, dialect=dialect,
                    min_cell=current_app.config["SURVEY_MIN_CELL"])
    try:
        check_job(exporter, job)  # refuse before reading anything
        if job.audience == "city":
            return _city(questionnaire, job, format_name, campaign, wave, release_number, out_dir)
        job.records = select_records(get_storage().responses(questionnaire.id), campaign, wave)
        job.focus_groups = load_focus_groups(questionnaire, campaign, wave, include_text)
        if exporter.kind != RAW:  # the measures' sheets, from every release so far
            add_measures(job, questionnaire)
    except ExportError as exc:
        raise click.UsageError(str(exc)) from None
    out = Path(out_dir or current_app.config["EXPORTS_DIR"])
    day = date.today().isoformat()
    if len(job.records) >= PROGRESS_FROM:
        with click.progressbar(length=len(STEPS), label=f"export {format_name}", file=sys.stderr) as bar:
            bar.update(1)
            job.progress = lambda step: bar.update(1)
            parts = export_gate(format_name, job)
            bar.update(len(STEPS) - bar.pos)
    else:
        parts = export_gate(format_name, job)
    if not job.records:
        click.echo(f"note: {questionnaire.id} has no responses{' in this selection' if campaign or wave else ''}; "
                   "the files hold headers only", err=True)
    for part, data in parts:
        path = out / file_name(questionnaire.id, wave, format_name, day, part)
        write_export(path, data)
        click.echo(str(path))


def _city(questionnaire, job, format_name, campaign, wave, release_number, out_dir):
    """City summaries come from a stored release only (exit 2 before the first)."""
    storage = get_storage()
    if campaign:
        raise click.UsageError("--campaign: the city's files are published per wave, not per campaign")
    release = (storage.get_release(questionnaire.id, release_number) if release_number
               else storage.latest_release(questionnaire.id))
    if release is None:
        raise click.UsageError(f"--release {release_number}: no such release of {questionnaire.id}"
                               if release_number else
                               f"{questionnaire.id}: Zatím nebylo nic zveřejněno (nothing published yet: "
                               "flask release publish)")
    summary = release_summary(release)
    if wave is not None and wave not in summary.waves:
        raise click.UsageError(f"--wave {wave}: not in release {release['number']} "
                               f"(waves: {', '.join(summary.waves)})")
    job.release, job.min_cell = release, release["k"]
    add_measures(job, questionnaire, release)
    job.__dict__["summary"] = sliced(summary, wave)
    out = Path(out_dir or current_app.config["EXPORTS_DIR"])
    for part, data in export_gate(format_name, job):
        path = out / file_name(questionnaire.id, wave, format_name, date.today().isoformat(), part)
        write_export(path, data)
        click.echo(str(path))


COMMANDS = [export]
