"""`flask backup --out DIR` and `flask restore FILE`: a consistent snapshot of the
data dir taken while the app runs, and its restore into an empty data dir.

The work is Storage.snapshot / Storage.restore; this module picks file names, keeps
the secret key out of the way and turns failures into one clear line and exit 1.
"""
import os
import tarfile
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..web.extensions import get_storage
from ..storage.store import Storage, StorageError

SUFFIX = ".tar.gz"
# Written by the app itself when it starts in development (no SECRET_KEY set); it is
# not part of a snapshot, so it must not make a fresh data dir count as "holding data".
SECRET_FILE = "secret_key"


def _reserve(path: Path) -> bool:
    """Create `path` empty, only if it does not exist yet (O_EXCL): two backups started
    at once can never pick the same name. The snapshot then replaces it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return True
    except FileExistsError:
        return False


def _target(out: Path) -> Path:
    """`out` itself when it names a .tar.gz file, else a new time-stamped file in it;
    the file is reserved (created empty) before this returns."""
    try:
        if out.name.endswith(SUFFIX):
            out.parent.mkdir(parents=True, exist_ok=True)
            if not _reserve(out):
                raise click.ClickException(f"{out} already exists; a backup never overwrites a file")
            return out
        out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        for attempt in range(100):  # two backups in one second get -1, -2...
            target = out / f"survey-backup-{stamp}{f'-{attempt}' if attempt else ''}{SUFFIX}"
            if _reserve(target):
                return target
    except OSError as exc:
        raise click.ClickException(f"cannot write a backup to {out}: {exc.strerror}") from None
    raise click.ClickException(f"too many backups named survey-backup-{stamp}* in {out}")


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
        target.unlink(missing_ok=True)  # the empty reservation; never a half backup
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
    secret = data_dir / SECRET_FILE
    parked = None
    if secret.is_file() and not secret.is_symlink():
        # Park the key the app generated for this data dir, restore, put it back.
        parked = data_dir.parent / f".{data_dir.name}.{SECRET_FILE}.{os.getpid()}"
        os.replace(secret, parked)
    try:
        Storage.restore(archive, data_dir)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if parked is not None:
            os.replace(parked, secret)
    storage = Storage(data_dir)
    counts = {qid: storage.count_responses(qid) for qid in storage.questionnaire_ids_with_responses()}
    listed = ", ".join(f"{qid}: {n}" for qid, n in counts.items()) or "no responses"
    click.echo(f"restored {archive} into {data_dir} ({listed})")


COMMANDS = [backup, restore]
