"""City releases on disk (no Flask): `releases/<questionnaire>/<n>.json` holds what the
city may see, `<n>.private.json` the response ids and true values the next release's
audit needs (never served). Both written atomically with fsync; both in snapshots."""
from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path

from .journal import StorageError, atomic_write, fsync_dir

_NUMBERED = re.compile(r"([1-9][0-9]{0,8})\.json")
_FILE_KEY = re.compile(r"[0-9a-f]{32}")
_parsed_lock = threading.Lock()
PARSED_KEPT = 4  # parsed releases kept per Storage (a large one is ~10 MB of objects)


class ReleaseStore:
    """Mixin of Storage: `releases_dir` and `_check_questionnaire_id` come from it."""

    def _release_dir(self, questionnaire_id: str) -> Path:
        return self.data_dir / "releases" / self._checked_id(questionnaire_id)

    def list_releases(self, questionnaire_id: str) -> list[dict]:
        """Every release of the questionnaire, ascending by number."""
        folder = self._release_dir(questionnaire_id)
        if not folder.is_dir():
            return []
        numbers = sorted(int(m.group(1)) for p in folder.iterdir() if (m := _NUMBERED.fullmatch(p.name)))
        return [r for r in (self.get_release(questionnaire_id, n) for n in numbers) if r is not None]

    def get_release(self, questionnaire_id: str, number: int) -> dict | None:
        """Release `number` of the questionnaire, or None."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        return self._parsed(self._release_dir(questionnaire_id) / f"{number}.json")

    def _parsed(self, path: Path) -> dict | None:
        """The release file at `path`, parsed once per process while its inode, size and
        mtime stay the same (a release is written once, atomically; every city request
        reads one). Callers treat the dict as read-only."""
        try:
            with open(path, "rb") as file:
                stat = os.fstat(file.fileno())
                key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
                cache = self.__dict__.setdefault("_parsed_releases", OrderedDict())
                with _parsed_lock:
                    cached = cache.get(path)
                    if cached is not None and cached[0] == key:
                        cache.move_to_end(path)
                        return cached[1]
                release = json.loads(file.read())
        except FileNotFoundError:
            return None
        with _parsed_lock:
            cache[path] = (key, release)
            while len(cache) > PARSED_KEPT:
                cache.popitem(last=False)
        return release

    def latest_release(self, questionnaire_id: str) -> dict | None:
        """The release with the highest number, or None before the first one."""
        folder = self._release_dir(questionnaire_id)
        if not folder.is_dir():
            return None
        numbers = [int(m.group(1)) for p in folder.iterdir() if (m := _NUMBERED.fullmatch(p.name))]
        return self.get_release(questionnaire_id, max(numbers)) if numbers else None

    def release_private(self, questionnaire_id: str, number: int) -> dict | None:
        """The private part of a release (response ids, true counts), or None."""
        path = self._release_dir(questionnaire_id) / f"{int(number)}.private.json"
        try:
            return json.loads(path.read_bytes())
        except FileNotFoundError:
            return None

    def save_release(self, release: dict, private: dict) -> dict:
        """Store a new release as number (highest + 1), private part first; returns it
        with its number. Numbers are taken under the metadata lock."""
        qid = release["questionnaire"]
        folder = self._release_dir(qid)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self.transaction():
            latest = self.latest_release(qid)
            number = (latest["number"] if latest else 0) + 1
            release = {**release, "number": number}
            atomic_write(folder / f"{number}.private.json", json.dumps(private).encode())
            atomic_write(folder / f"{number}.json", json.dumps(release, ensure_ascii=False).encode())
            fsync_dir(folder)
        return release

    # --- files drawn or written from a release (charts, XLSX): derived, kept under cache/
    # (regenerable, so not in backups), one folder per release

    def _release_files(self, questionnaire_id: str, number: int) -> Path:
        return self.data_dir / "cache" / "releases" / self._checked_id(questionnaire_id) / str(int(number))

    def release_file(self, questionnaire_id: str, number: int, key: str) -> bytes | None:
        """The stored bytes of a file made from release `number` (`key`: 32 hex digits
        naming what was made), or None."""
        if not _FILE_KEY.fullmatch(key):
            raise ValueError(f"not a release file key: {key!r}")
        try:
            return (self._release_files(questionnaire_id, number) / key).read_bytes()
        except FileNotFoundError:
            return None

    def save_release_file(self, questionnaire_id: str, number: int, key: str, data: bytes) -> None:
        """Keep a file made from a release; two workers writing the same key write the
        same bytes, and the atomic rename makes either one win whole."""
        if not _FILE_KEY.fullmatch(key):
            raise ValueError(f"not a release file key: {key!r}")
        folder = self._release_files(questionnaire_id, number)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(folder / key, data)

    def test_runs(self, questionnaire_id: str) -> set:
        """Submission ids marked as test runs (never released; not in live counts)."""
        table = self.table("test_runs")
        return {d["submission_id"] for d in table.all() if d.get("questionnaire") == questionnaire_id}

    def mark_test_run(self, questionnaire_id: str, submission_id: str, flag: bool = True) -> None:
        """Mark (or unmark) one response as a test run; the response itself is kept."""
        from tinydb import Query

        self._checked_id(questionnaire_id)
        with self.transaction():
            table = self.table("test_runs")
            found = Query()
            table.remove((found.questionnaire == questionnaire_id) & (found.submission_id == submission_id))
            if flag:
                table.insert({"questionnaire": questionnaire_id, "submission_id": str(submission_id)})


def write_export(path, data: bytes) -> Path:
    """Write an export file atomically (temp file, fsync, rename, fsync of the folder):
    the only way the CLI writes files outside the data dir."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, mode=0o644)
    return path


__all__ = ["ReleaseStore", "StorageError"]
