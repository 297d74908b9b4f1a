"""Where `flask backup` puts its archive and how `flask restore` keeps the app's own
secret key out of the way (no Flask): the file-system side of cli/backup.py.

A backup never overwrites a file: its archive name is reserved (created empty with
O_EXCL) before Storage.snapshot replaces it, so two backups started at once never pick
the same name, and a failed snapshot leaves no half archive, only the reservation,
which discard() removes.
"""
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .files import StorageError

SUFFIX = ".tar.gz"
# Written by the app itself when it starts in development (no SECRET_KEY set); it is
# not part of a snapshot, so it must not make a fresh data dir count as "holding data".
SECRET_FILE = "secret_key"
MAX_SAME_SECOND = 100


class ArchiveExists(StorageError):
    """The archive named by the operator is there already; a backup never overwrites it."""


def _reserve(path: Path) -> bool:
    """Create `path` empty, only if it does not exist yet (O_EXCL)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return True
    except FileExistsError:
        return False


def reserve_archive(out: Path, now: datetime | None = None) -> Path:
    """`out` itself when it names a .tar.gz file, else a new file
    survey-backup-<UTC time>[-n].tar.gz in the folder `out` (created when missing); the
    file is reserved (created empty) before this returns. Raises ArchiveExists for a
    named file that exists, StorageError when the place cannot be written."""
    try:
        if out.name.endswith(SUFFIX):
            out.parent.mkdir(parents=True, exist_ok=True)
            if not _reserve(out):
                raise ArchiveExists(f"{out} already exists; a backup never overwrites a file")
            return out
        out.mkdir(parents=True, exist_ok=True)
        stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
        for attempt in range(MAX_SAME_SECOND):  # two backups in one second get -1, -2...
            target = out / f"survey-backup-{stamp}{f'-{attempt}' if attempt else ''}{SUFFIX}"
            if _reserve(target):
                return target
    except OSError as exc:
        raise StorageError(f"cannot write a backup to {out}: {exc.strerror}") from None
    raise StorageError(f"too many backups named survey-backup-{stamp}* in {out}")


def discard(reserved: Path) -> None:
    """Remove an (empty) reservation after a failed snapshot: never a half backup."""
    reserved.unlink(missing_ok=True)


@contextmanager
def secret_parked(data_dir: Path):
    """Move the secret key the app generated for `data_dir` beside it for the duration
    of the block (a restore wants an empty data dir) and put it back afterwards."""
    secret = data_dir / SECRET_FILE
    parked = None
    if secret.is_file() and not secret.is_symlink():
        parked = data_dir.parent / f".{data_dir.name}.{SECRET_FILE}.{os.getpid()}"
        os.replace(secret, parked)
    try:
        yield
    finally:
        if parked is not None:
            os.replace(parked, secret)
