"""The append-only response journals under Storage (no Flask): one JSON-lines file
per questionnaire plus its `.idx` sidecar, read incrementally.

The file primitives (errors, locks, atomic writes) live in storage/files.py and are
re-exported here for the modules that import them from the journal.
"""
import json
import gc
import logging
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from .journal_index import IndexFile, _decode, _lines
from .files import (LOCK_USERS, FileLock, _read_range, fsync_dir, unavailable, write_all)
# Re-exported: store.py, metadata.py and older imports take them from the journal.
from .files import StorageError, StorageUnavailable, atomic_write, temp_path  # noqa: F401

log = logging.getLogger(__name__)

PREFETCH_BYTES = 1 << 20  # below this, parsing under the lock takes a few ms at most


def encode_line(record: dict) -> bytes:
    """One journal line. json.dumps escapes control characters, so the only b"\\n"
    is the terminator."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


@contextmanager
def gc_paused(pause: bool):
    """Pause the cyclic GC while making many acyclic dicts (parsing or copying a large
    journal): each batch of new objects otherwise triggers full collections over
    every cached record (100k responses: responses() 0.3 s instead of 0.06 s,
    parsing 3.3 s instead of 2.2 s). Left alone if someone else disabled the GC."""
    was_enabled = pause and gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- the journal ---------------------------------------------------------------

class Journal(IndexFile):
    """One questionnaire's append-only JSON-lines file plus this process's view of it.

    Two views, both read incrementally (only the bytes appended since the last call):

    * the **index** (`index`: submission_id -> byte offset of its line, `count`),
      always kept current; `_offset` is where the next unindexed line starts. A cold
      process builds it from the sidecar `<qid>.idx` (one line per response:
      submission_id, id, offset, length), not by parsing the journal;
    * the **records** (`records`, full dicts), read only when someone asks for them
      (exports, dashboard); `_records_offset` is how far they go.

    The journal is the only source of truth: the .idx is derived from it, checked
    against it when loaded, repaired (torn tail, lag) or rebuilt (missing, stale).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.idx_path = self.path.with_suffix(".idx")
        self.lock = FileLock(self.path.with_suffix(".lock"))
        self.reset()
        LOCK_USERS.add(self)

    def reset(self):
        self.index: dict[str, int] = {}
        self.count = 0
        self._offset = 0
        self._inode = None
        self.records: list[dict] = []
        self._records_offset = 0

    # --- the index view (caller holds the lock) ---------------------------------

    def _accept(self, start: int, record: dict | None) -> bool:
        """Add a parsed line to the index; False for a duplicate or unreadable line."""
        if record is None:
            log.warning("%s: skipping an unreadable line (at byte %d)", self.path, start)
            return False
        sid = record.get("submission_id")
        if sid is not None:
            if sid in self.index:
                return False  # never show one submission twice
            self.index[sid] = start
        self.count += 1
        return True

    def catch_up(self, fd: int | None = None) -> int:
        """Index complete lines appended since the last call (caller holds the lock).
        Returns the file size; bytes past `_offset` after this are a torn last line.
        Reads through `fd` when given (the writer's own descriptor), else opens the file."""
        own = fd is None
        if own:
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            except FileNotFoundError:
                if self._offset or self.count:
                    self.reset()
                return 0
            except OSError as exc:
                raise unavailable(exc, self.path) from exc
        try:
            stat = os.fstat(fd)
            if stat.st_ino != self._inode or stat.st_size < self._offset:
                # A different or shorter file (restored, deleted by hand): start over.
                self.reset()
                self._inode = stat.st_ino
            cold = self._offset == 0
            if cold and stat.st_size:
                self._load_index_file(fd, stat.st_size)
            data = _read_range(fd, self._offset, stat.st_size)
        except OSError as exc:
            raise unavailable(exc, self.path) from exc
        finally:
            if own:
                os.close(fd)
        complete = data.rfind(b"\n") + 1  # bytes after the last newline: a torn line
        if complete:
            with gc_paused(complete > PREFETCH_BYTES):
                entries = [(start, record, length) for start, record, length
                           in _lines(data[:complete], self._offset) if self._accept(start, record)]
            if cold and self._offset == 0:
                self._rewrite_index_file(entries)  # the .idx was missing or stale
            elif cold:  # the .idx lags behind the journal: fill it in
                self._append_index_file(entries, self._offset, self._offset + complete)
            # A warm process only reads what other writers appended; they wrote
            # their .idx entries themselves.
            self._offset += complete
        return self._offset + len(data) - complete

    def read_at(self, start: int) -> dict:
        """The record whose line starts at byte `start` (a fresh dict)."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            try:
                chunks, position = [], start
                while True:
                    chunk = os.pread(fd, 4096, position)
                    newline = chunk.find(b"\n")
                    if newline >= 0 or not chunk:
                        chunks.append(chunk[:newline] if newline >= 0 else chunk)
                        break
                    chunks.append(chunk)
                    position += len(chunk)
            finally:
                os.close(fd)
        except OSError as exc:
            raise unavailable(exc, self.path) from exc
        return _decode(b"".join(chunks).decode("utf-8", errors="replace"))

    def find(self, submission_id: str) -> dict | None:
        """The stored record with that submission_id (caller holds the lock, caught up)."""
        start = self.index.get(submission_id)
        return None if start is None else self.read_at(start)

    # --- the records view, loaded on demand -------------------------------------

    def prefetch(self) -> None:
        """Parse a large unread backlog of records (exports at 100k responses: seconds
        of JSON) *without* the lock, so writers are not held up meanwhile; the
        following load_records() then has little left to do.

        Lock-free reading is safe for bytes up to the last newline below a size seen
        under the lock: no write was in progress then, and later writers only append
        after them (or cut a torn tail, which lies beyond the last newline)."""
        try:
            if os.stat(self.path).st_size - self._records_offset < PREFETCH_BYTES:
                return  # the usual case: a few new lines, read them under the lock
        except OSError:
            return
        with self.lock:
            start, inode = self._records_offset, self._inode
            try:
                stat = os.stat(self.path)
            except OSError:
                return
        if stat.st_size - start < PREFETCH_BYTES or (inode is not None and stat.st_ino != inode):
            return
        try:
            with open(self.path, "rb") as source:
                if os.fstat(source.fileno()).st_ino != stat.st_ino:
                    return
                data = _read_range(source.fileno(), start, stat.st_size)
        except OSError:
            return  # catch_up will report it
        complete = data.rfind(b"\n") + 1
        with gc_paused(complete > PREFETCH_BYTES):
            parsed = [(at, record) for at, record, _ in _lines(data[:complete], start)]
        with self.lock:
            self.catch_up()
            if self._records_offset == start and self._inode == stat.st_ino:  # nobody got here first
                self._apply_records(parsed, start + complete)

    def _apply_records(self, parsed, end: int) -> None:
        for at, record in parsed:
            if record is not None:
                sid = record.get("submission_id")
                if sid is None or self.index.get(sid) == at:
                    self.records.append(record)
        self._records_offset = end

    def load_records(self) -> list[dict]:
        """Bring `records` up to the index (caller holds the lock, caught up)."""
        if self._records_offset < self._offset:
            with open(self.path, "rb") as source:
                data = _read_range(source.fileno(), self._records_offset, self._offset)
            with gc_paused(len(data) > PREFETCH_BYTES):
                parsed = [(at, record) for at, record, _ in _lines(data, self._records_offset)]
                self._apply_records(parsed, self._offset)
        return self.records

    # --- writing ------------------------------------------------------------------

    def add(self, records: list[dict]) -> list[tuple[dict, bool]]:
        """Append the records whose submission_id is not stored yet, in one write and
        one fsync, under the lock. Returns (stored record, created) for each input; the
        stored records are the caller's own (the records view keeps copies)."""
        with self.lock:
            fd = self._open_existing()  # one descriptor to catch up and append with
            try:
                size = self.catch_up(fd)
                results, new, batch = [], [], {}
                for record in records:
                    sid = record["submission_id"]
                    existing = batch.get(sid)
                    if existing is None and sid in self.index:
                        existing = self.find(sid)
                    if existing is not None:
                        results.append((existing, False))
                        continue
                    line = encode_line({**record, "id": record.get("id") or uuid.uuid4().hex})
                    # Hand back what a reader of the file will see (tuples as lists...),
                    # sharing nothing with the caller's dict.
                    stored = batch[sid] = _decode(line.decode())
                    new.append((stored, line))
                    results.append((stored, True))
                if new:
                    self._append(fd, new, size)
            finally:
                if fd is not None:
                    os.close(fd)
            return results

    def _open_existing(self) -> int | None:
        """The journal opened for reading and appending, or None when there is none yet."""
        try:
            return os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise unavailable(exc, self.path) from exc

    def _append(self, fd: int | None, new: list, size: int) -> None:
        """Write `new` ((record, line) pairs) after the last complete line, through `fd`
        (open for appending), or a journal created here when `fd` is None."""
        valid = self._offset  # end of the last complete line
        payload = b"".join(line for _, line in new)
        created = fd is None
        if created:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
            except OSError as exc:
                raise unavailable(exc, self.path) from exc
        try:
            try:
                if size > valid:
                    # A torn last line: its writer was killed before finishing and never
                    # acknowledged it. Cut it so our line starts on a line boundary.
                    log.warning("%s: removing a torn last line (%d bytes)", self.path, size - valid)
                    os.ftruncate(fd, valid)
                write_all(fd, payload)
                os.fsync(fd)
                if created:
                    fsync_dir(self.path.parent)
                    self._inode = os.fstat(fd).st_ino
            except OSError as exc:
                self._rollback(fd, valid)
                raise unavailable(exc, self.path) from exc
        finally:
            if created:
                os.close(fd)
        entries, start = [], valid
        for record, line in new:
            self.index[record["submission_id"]] = start
            entries.append((start, record, len(line)))
            start += len(line)
        self.count += len(new)
        self._offset = start
        if self._records_offset == valid and self.records:
            # The cache is shared by every reader in the process; the caller keeps its own.
            self.records.extend(_decode(line.decode()) for _, line in new)
            self._records_offset = start
        # Durable now; the .idx entries follow (derived data, no fsync needed).
        self._append_index_file(entries, valid, start)

    def _rollback(self, fd: int, size: int) -> None:
        # Put the file back as it was, so a half-written batch is never read as data.
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError:
            # Even truncating failed: what is left is a torn line (ignored by readers,
            # cut by the next writer) or whole lines that were never acknowledged; a
            # client retry is then answered from them, by submission_id.
            log.exception("%s: could not roll back a failed append", self.path)

    @contextmanager
    def current(self, records: bool = False):
        """Hold the lock with the index caught up with the file (and the records, when
        `records`); yields the journal."""
        if records:
            self.prefetch()
        with self.lock:
            self.catch_up()
            if records:
                self.load_records()
            yield self

    def stable_length(self) -> int:
        """Length of the complete-lines prefix (0 if there is no file). Later writers
        only append after it or cut torn bytes beyond it, so this prefix can be copied
        without the lock. Reads only the tail of the file."""
        with self.lock:
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            except FileNotFoundError:
                return 0
            except OSError as exc:
                raise unavailable(exc, self.path) from exc
            try:
                end = os.fstat(fd).st_size
                while end > 0:
                    start = max(0, end - (1 << 16))
                    newline = os.pread(fd, end - start, start).rfind(b"\n")
                    if newline >= 0:
                        return start + newline + 1
                    end = start
                return 0
            except OSError as exc:
                raise unavailable(exc, self.path) from exc
            finally:
                os.close(fd)
