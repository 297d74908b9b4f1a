"""`flask backup --out DIR` and `flask restore FILE`: a consistent snapshot of the
data dir taken while the app runs, and its restore into an empty data dir.

The work is Storage.snapshot / Storage.restore, and storage/backup.py reserves the
archive's name and keeps the secret key out of the way; this module turns failures
into one clear line and exit 1.
"""
import tarfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..web.extensions import get_storage
from ..storage.backup import discard, reserve_archive, secret_parked
from ..storage.store import Storage, StorageError


def _target(out: Path) -> Path:
    """The reserved archive file (storage/backup.py); failures become one clear line."""
    try:
        return reserve_archive(out)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from None


def _summary(archive: Path) -> str:
    """One line for the operator: responses per questionnaire, files kept beside them."""
    counts, files = {}, {"uploads": 0, "questionnaire_versions": 0}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            folder = member.name.split("/", 1)[0]
            if folder == "responses" and member.isfile():
                with tar.extractfile(member) as journal:
                    counts[Path(member.name).stem] = sum(chunk.count(b"\n") for chunk in iter(
                        lambda: journal.read(1 << 20), b""))
            elif folder in files and member.isfile():
                files[folder] += 1
    listed = ", ".join(f"{qid}: {n}" for qid, n in sorted(counts.items())) or "none"
    return (f"snapshot holds responses {listed}; uploaded files: {files['uploads']}; "
            f"questionnaire versions: {files['questionnaire_versions']}")


@click.command("backup")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the snapshot (a new survey-backup-<UTC time>.tar.gz in it), "
                   "or a file name ending in .tar.gz. Default: SURVEY_EXPORTS_DIR.")
@with_appcontext
def backup(out):
    """Write a consistent snapshot (responses, metadata, uploads; not drafts or the secret
    key) while the app runs, and print its path."""
    target = _target(Path(out or current_app.config["EXPORTS_DIR"]))
    try:
        path = get_storage().snapshot(target)
    except BaseException as exc:
        discard(target)  # the empty reservation; never a half backup
        if isinstance(exc, StorageError):
            raise click.ClickException(str(exc)) from None
        raise
    click.echo(_summary(path), err=True)
    click.echo(str(path))


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to restore. Default: SURVEY_DATA_DIR. It must hold no data yet.")
@with_appcontext
def restore(archive, data_dir):
    """Restore a snapshot made by `backup` into an empty data dir (stop the app first)."""
    data_dir = Path(data_dir or current_app.config["SURVEY_DATA_DIR"]).absolute()
    try:
        with secret_parked(data_dir):  # the key the app generated for this data dir
            Storage.restore(archive, data_dir)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from None
    storage = Storage(data_dir)
    counts = {qid: storage.count_responses(qid) for qid in storage.questionnaire_ids_with_responses()}
    listed = ", ".join(f"{qid}: {n}" for qid, n in counts.items()) or "no responses"
    click.echo(f"restored {archive} into {data_dir} ({listed})")


COMMANDS = [backup, restore]
