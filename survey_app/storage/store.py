"""Storage: the only way survey_app reads or writes its data directory (no Flask).

Layout of `<data_dir>`:
    responses/<questionnaire_id>.jsonl   append-only journal, one response per line
    responses/<questionnaire_id>.idx     submission_id -> offset index of it (derived)
    responses/<questionnaire_id>.lock    flock target for that journal
    meta.json, meta.lock                 TinyDB metadata (users, campaigns, flags...)
    drafts/<run_id>.json                 answers of a survey run still in progress
    uploads/                             photos and other uploads (in snapshots)
    questionnaire_versions/              every installed questionnaire (in snapshots)
    releases/<questionnaire_id>/<n>.json the city releases (storage/releases.py, in snapshots)
    secret_key                           Flask secret, generated on first use
Safe with several processes and threads, and against SIGKILL at any moment; see
docs/storage.md for the design and the measured figures.
"""
import io
import json
import logging
import os
import re
import secrets
import shutil
import tarfile
import tempfile
import threading
import time
import zlib
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .journal import (Journal, StorageError, StorageUnavailable, atomic_write, fsync_dir,
                      gc_paused, temp_path, unavailable, write_all)
from .metadata import open_metadata
from .releases import ReleaseStore
from .snapshot import check_member as _check_member, check_restored as _check_restored
from ..vocabulary import STORED_ID_RE

__all__ = ["Storage", "StorageError", "StorageUnavailable"]

log = logging.getLogger(__name__)

# Names that become file names: no dots, no slashes, nothing to escape.
_QUESTIONNAIRE_ID = STORED_ID_RE  # vocabulary.py: a safe file name, wider than a questionnaire id
_RUN_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
SNAPSHOT_FORMAT = 1
# Folders copied whole into a snapshot: photos and other uploads, and every installed
# questionnaire version (exports read the version a response was given in), and the
# city releases (storage/releases.py).
SNAPSHOT_DIRS = ("uploads", "questionnaire_versions", "releases")


def _check_questionnaire_id(questionnaire_id) -> str:
    if not isinstance(questionnaire_id, str) or not _QUESTIONNAIRE_ID.fullmatch(questionnaire_id):
        raise ValueError(f"invalid questionnaire_id {questionnaire_id!r}: "
                         "expected 1-100 characters from A-Z a-z 0-9 _ -")
    return questionnaire_id


def _check_run_id(run_id) -> str:
    if not isinstance(run_id, str) or not _RUN_ID.fullmatch(run_id):
        raise ValueError(f"invalid run_id {run_id!r}: expected 16-64 characters from A-Z a-z 0-9 _ -")
    return run_id


def _check_record(record) -> dict:
    if not isinstance(record, dict):
        raise ValueError(f"a response must be a dict, not {type(record).__name__}")
    _check_questionnaire_id(record.get("questionnaire_id"))
    sid = record.get("submission_id")
    if not isinstance(sid, str) or not sid or len(sid) > 200:
        raise ValueError(f"invalid submission_id {sid!r}: expected a non-empty string (a UUID)")
    return record


class Storage(ReleaseStore):
    """All survey data under one directory. One instance per process is enough; it is
    safe to share between threads and to have other processes use the same directory."""

    def __init__(self, data_dir):
        """`data_dir` (str or Path) is created, with its subdirectories, as needed."""
        self.data_dir = Path(data_dir).absolute()
        self.responses_dir = self.data_dir / "responses"
        self.drafts_dir = self.data_dir / "drafts"
        self.uploads_dir = self.data_dir / "uploads"
        try:
            for folder in (self.data_dir, self.responses_dir, self.drafts_dir):
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise unavailable(exc, self.data_dir) from exc
        self._journals: dict[str, Journal] = {}
        self._journals_lock = threading.Lock()
        self._db, self._meta = open_metadata(self.data_dir / "meta.json")
        self._secret = None

    @staticmethod
    def _checked_id(questionnaire_id) -> str:
        return _check_questionnaire_id(questionnaire_id)

    # --- responses ---------------------------------------------------------------

    def _journal(self, questionnaire_id: str) -> Journal:
        _check_questionnaire_id(questionnaire_id)
        with self._journals_lock:
            journal = self._journals.get(questionnaire_id)
            if journal is None:
                journal = Journal(self.responses_dir / f"{questionnaire_id}.jsonl")
                self._journals[questionnaire_id] = journal
            return journal

    def _records(self, questionnaire_id: str) -> list[dict]:
        # Full records are read only here (exports, dashboard, demo check), and then
        # kept and updated incrementally; submits use the index alone.
        with self._journal(questionnaire_id).current(records=True) as journal:
            return list(journal.records)

    def add_response(self, record: dict) -> tuple[dict, bool]:
        """Store one response durably (fsync'ed before this returns).

        `record` needs questionnaire_id and submission_id; `id` (uuid4 hex) is added
        when absent. Returns (stored record, created); created is False, and nothing
        is written, when that submission_id is already stored for the questionnaire.
        Raises ValueError for a malformed record, StorageUnavailable when the disk fails.
        """
        _check_record(record)
        [(stored, created)] = self._journal(record["questionnaire_id"]).add([record])
        return stored, created  # the caller's own dict (Journal.add)

    def add_responses(self, records: list[dict]) -> int:
        """Store many responses: one lock and one fsync per questionnaire. Skips
        submission_ids already stored (or repeated in `records`). Returns how many
        were added. On StorageUnavailable, questionnaires written before the failing
        one stay stored; a retry adds only what is missing."""
        by_questionnaire: dict[str, list[dict]] = {}
        for record in records:
            by_questionnaire.setdefault(_check_record(record)["questionnaire_id"], []).append(record)
        added = 0
        for questionnaire_id, batch in by_questionnaire.items():
            results = self._journal(questionnaire_id).add(batch)
            added += sum(created for _, created in results)
        return added

    def responses(self, questionnaire_id: str) -> list[dict]:
        """Every stored response of the questionnaire, oldest first. Reads only the
        bytes appended since the last call. The dicts are fresh copies at the top
        level; treat nested values (answers) as read-only."""
        records = self._records(questionnaire_id)
        with gc_paused(len(records) > 10_000):
            return [dict(record) for record in records]

    def iter_all_responses(self) -> Iterator[dict]:
        """Responses of every questionnaire, questionnaire by questionnaire."""
        for questionnaire_id in self.questionnaire_ids_with_responses():
            yield from self.responses(questionnaire_id)

    def count_responses(self, questionnaire_id: str) -> int:
        """How many responses the questionnaire has."""
        with self._journal(questionnaire_id).current() as journal:
            return journal.count

    def find_submission(self, questionnaire_id: str, submission_id: str) -> dict | None:
        """The stored response with that submission_id, or None."""
        with self._journal(questionnaire_id).current() as journal:
            return journal.find(submission_id)  # read from the file: a fresh dict

    def questionnaire_ids_with_responses(self) -> list[str]:
        """Sorted ids of the questionnaires that have at least one response."""
        ids = sorted(path.stem for path in self.responses_dir.glob("*.jsonl")
                     if _QUESTIONNAIRE_ID.fullmatch(path.stem))
        return [qid for qid in ids if self.count_responses(qid)]

    def has_real_responses(self, questionnaire_id: str) -> bool:
        """True when some response is not demo data (lacks `demo: true`)."""
        return any(record.get("demo") is not True for record in self._records(questionnaire_id))

    # --- drafts --------------------------------------------------------------------

    def _draft_path(self, run_id: str) -> Path:
        return self.drafts_dir / f"{_check_run_id(run_id)}.json"

    def save_draft(self, run_id: str, data: dict) -> None:
        """Atomically replace the draft of a survey run. ValueError for a bad run_id."""
        payload = json.dumps(data, ensure_ascii=False).encode()
        atomic_write(self._draft_path(run_id), payload, mode=0o600)

    def load_draft(self, run_id: str) -> dict | None:
        """The draft saved for run_id, or None when there is none."""
        path = self._draft_path(run_id)
        try:
            return json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except ValueError:
            log.warning("%s: unreadable draft, treated as missing", path)
            return None
        except OSError as exc:
            raise unavailable(exc, path) from exc

    def delete_draft(self, run_id: str) -> None:
        """Forget a run's draft; no error if it is already gone."""
        try:
            self._draft_path(run_id).unlink(missing_ok=True)
        except OSError as exc:
            raise unavailable(exc, self.drafts_dir) from exc

    def purge_drafts(self, older_than_seconds: float) -> int:
        """Delete drafts not saved for `older_than_seconds` (abandoned runs) and
        leftover temp files as old. Returns how many drafts were deleted."""
        cutoff = time.time() - older_than_seconds
        deleted = 0
        for path in self.drafts_dir.iterdir():
            try:
                if path.stat().st_mtime >= cutoff:
                    continue
                path.unlink()
            except FileNotFoundError:
                continue  # deleted meanwhile by another process
            except OSError as exc:
                raise unavailable(exc, path) from exc
            deleted += path.suffix == ".json" and not path.name.startswith(".")
        return deleted

    # --- metadata ------------------------------------------------------------------

    def table(self, name: str):
        """A TinyDB Table of meta.json (no query cache); each operation is process-safe."""
        return self._db.table(name)

    @contextmanager
    def transaction(self):
        """Hold the metadata lock for a read-modify-write; yields the TinyDB instance.
        Changes are written once at the end, and not at all if the block raises.
        Nested transactions (same thread) join the outer one."""
        with self._meta.transaction():
            yield self._db

    # --- secrets -------------------------------------------------------------------

    def secret_key(self) -> str:
        """The app's secret key from <data_dir>/secret_key; the first call anywhere
        generates 64 hex characters (mode 0600). Processes starting together agree."""
        if self._secret is None:
            path = self.data_dir / "secret_key"
            key = self._read_secret(path)
            if key is None:
                self._create_secret(path)
                key = self._read_secret(path)
            self._secret = key
        return self._secret

    @staticmethod
    def _read_secret(path: Path) -> str | None:
        try:
            key = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise unavailable(exc, path) from exc
        if not key:
            raise StorageError(f"{path} is empty: delete it and a new key will be generated")
        return key

    @staticmethod
    def _create_secret(path: Path) -> None:
        # Write a complete file under a temp name, then link() it into place: link never
        # replaces an existing file, so the first process wins and nobody reads half a key.
        tmp = temp_path(path)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            try:
                write_all(fd, (secrets.token_hex(32) + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process was first; use its key
            fsync_dir(path.parent)
        except OSError as exc:
            raise unavailable(exc, path) from exc
        finally:
            tmp.unlink(missing_ok=True)

    # --- backup --------------------------------------------------------------------

    def snapshot(self, out_path) -> Path:
        """Write a consistent tar.gz of the journals, meta.json, uploads/ and
        questionnaire_versions/ while the app runs; returns its path. Drafts and the
        secret key are not included."""
        out = Path(out_path).resolve()
        tmp = temp_path(out)
        try:
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                    self._write_snapshot(tar)
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(tmp, out)
            fsync_dir(out.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise unavailable(exc, out) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return out

    def _write_snapshot(self, tar: tarfile.TarFile) -> None:
        now = time.time()

        def add_bytes(name: str, data: bytes):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), now, 0o600
            tar.addfile(info, io.BytesIO(data))

        journals = {}
        for path in sorted(self.responses_dir.glob("*.jsonl")):
            if not _QUESTIONNAIRE_ID.fullmatch(path.stem):
                continue
            # The lock is held only to find the end of the last complete line: the
            # bytes before it never change, so copying them needs no lock. Each file
            # is consistent in itself; files are taken one after the other.
            length = self._journal(path.stem).stable_length()
            info = tarfile.TarInfo(f"responses/{path.name}")
            info.size, info.mtime, info.mode = length, now, 0o600
            with open(path, "rb") as source:
                tar.addfile(info, source)
            journals[path.stem] = length
        try:
            with self._meta.lock:
                add_bytes("meta.json", (self.data_dir / "meta.json").read_bytes())
        except FileNotFoundError:
            pass  # no metadata written yet
        for folder in SNAPSHOT_DIRS:
            for path in sorted((self.data_dir / folder).rglob("*")):
                # Their files are written atomically (journal.atomic_write); hidden ones
                # are lock and temp files.
                if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                    tar.add(path, arcname=path.relative_to(self.data_dir).as_posix(), recursive=False)
        manifest = {"format": SNAPSHOT_FORMAT, "created": datetime.now(timezone.utc).isoformat(),
                    "journal_bytes": journals}
        add_bytes("snapshot.json", json.dumps(manifest, indent=1).encode())

    @staticmethod
    def restore(archive_path, data_dir) -> None:
        """Unpack a snapshot into `data_dir`, which must not hold any file yet.
        Raises StorageError, naming the problem, for a non-empty directory, an archive
        that cannot be read, or a member that is not journal/meta/upload data (absolute
        paths, '..', links and devices are refused before anything is written)."""
        data_dir = Path(data_dir).absolute()
        if data_dir.exists() and any(not p.is_dir() or p.is_symlink() for p in data_dir.rglob("*")):
            raise StorageError(f"Refusing to restore into {data_dir}: it already holds data. "
                               "Restore into a new or empty directory.")
        try:
            with tarfile.open(archive_path, "r:gz") as tar:
                members = tar.getmembers()
                for member in members:
                    _check_member(member)
                # Unpack beside the target, check, then move in: a failure half-way
                # leaves the target as it was.
                data_dir.parent.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.restore-", dir=data_dir.parent))
                try:
                    tar.extractall(staging, members=members, filter="data")
                    _check_restored(staging)
                    data_dir.mkdir(mode=0o700, exist_ok=True)
                    for child in staging.iterdir():
                        os.replace(child, data_dir / child.name)  # replaces only empty dirs
                    fsync_dir(data_dir)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
        except (tarfile.TarError, EOFError, zlib.error) as exc:
            raise StorageError(f"Cannot restore from {archive_path}: not a readable snapshot ({exc})") from exc
        except StorageError:
            raise
        except OSError as exc:
            raise unavailable(exc, data_dir) from exc
