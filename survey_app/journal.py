"""The durable file layer under Storage: errors, locks, atomic writes and the
append-only response journals (no Flask).

Every file write in survey_app goes through here or through metadata_store.py;
`survey_app.storage.Storage` is the public face.
"""
import errno
import fcntl
import gc
import json
import logging
import os
import secrets
import threading
import uuid
import weakref
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


class StorageError(Exception):
    """A storage operation could not be done; the message says what and why."""


class StorageUnavailable(StorageError):
    """The disk refused a read or write (full, read-only, I/O error). Data saved
    before is intact; the same call can be retried once the disk is fixed."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EIO: "the disk reported an input/output error",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def unavailable(exc: OSError, path) -> StorageUnavailable:
    """Translate an OSError into the StorageUnavailable the web layer turns into 503."""
    reason = _REASONS.get(exc.errno, exc.strerror or str(exc))
    return StorageUnavailable(
        f"Cannot save or read survey data: {reason} ({path}). "
        "Data saved earlier is intact; try again once the problem is fixed.")


# --- locks ---------------------------------------------------------------------

_LOCKS: "weakref.WeakSet[FileLock]" = weakref.WeakSet()
_JOURNALS: "weakref.WeakSet[Journal]" = weakref.WeakSet()


class FileLock:
    """An exclusive lock between threads (RLock) and processes (flock on `path`).

    Re-entrant per thread. flock belongs to an *open file description*, so the lock
    file is opened afresh by the outermost acquire and closed by the outermost
    release: a descriptor kept open across fork() would be shared with the child
    and the two processes would no longer exclude each other.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._reinit()
        _LOCKS.add(self)

    def _reinit(self):
        self._rlock = threading.RLock()
        self._depth = 0
        self._fd = None

    def acquire(self):
        self._rlock.acquire()
        if self._depth == 0:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
            except OSError as exc:
                self._rlock.release()
                raise unavailable(exc, self.path) from exc
            except BaseException:
                self._rlock.release()
                raise
            self._fd = fd
        self._depth += 1

    def release(self):
        self._depth -= 1
        if self._depth == 0:
            fd, self._fd = self._fd, None
            os.close(fd)  # last descriptor of this open file description: drops the flock
        self._rlock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc_info):
        self.release()


def _after_fork_in_child():
    # The child has one thread. A lock some other parent thread held is copied in its
    # held state and would never be released here: start every lock afresh. A journal
    # cache that was being updated under such a lock may be half-written: drop it.
    for journal in list(_JOURNALS):
        if journal.lock._depth:
            journal.reset()
    for lock in list(_LOCKS):
        if lock._fd is not None:
            os.close(lock._fd)  # the parent's copy keeps its flock
        lock._reinit()


os.register_at_fork(after_in_child=_after_fork_in_child)


# --- small file primitives -----------------------------------------------------

def _read_range(fd: int, start: int, end: int) -> bytes:
    chunks, position = [], start
    while position < end:
        chunk = os.pread(fd, min(end - position, 1 << 22), position)
        if not chunk:
            break
        chunks.append(chunk)
        position += len(chunk)
    return b"".join(chunks)


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is out (a nearly full disk gives short writes)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(path: Path) -> None:
    """Make a create/rename/unlink inside `path` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path(path: Path) -> Path:
    """A unique hidden name beside `path` (same directory, so os.replace is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that a reader or a crash sees the old or the new
    content, never a mix: temp file + fsync + os.replace + fsync of the directory.
    Raises StorageUnavailable (and leaves the old file) when the disk refuses."""
    path = Path(path)
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise unavailable(exc, path) from exc


_decode = json.JSONDecoder().decode
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

class Journal:
    """One questionnaire's append-only JSON-lines file plus this process's view of it.

    `records`/`index` mirror the complete lines read so far; `_offset` is the byte
    where the next unread line starts. Every method takes the lock, then reads only
    the bytes appended since `_offset`, so the cost of a call does not grow with the
    number of stored responses.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.lock = FileLock(self.path.with_suffix(".lock"))
        self.reset()
        _JOURNALS.add(self)

    def reset(self):
        self.records: list[dict] = []
        self.index: dict[str, dict] = {}
        self._offset = 0
        self._inode = None

    def catch_up(self) -> int:
        """Read complete lines appended since the last call (caller holds the lock).
        Returns the file size; bytes past `_offset` after this are a torn last line."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            if self._offset:
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
            data = _read_range(fd, self._offset, stat.st_size)
        except OSError as exc:
            raise unavailable(exc, self.path) from exc
        finally:
            os.close(fd)
        complete = data.rfind(b"\n") + 1  # bytes after the last newline: a torn line
        self._apply(self._parse(data[:complete]), complete)
        return self._offset + len(data) - complete

    def prefetch(self) -> None:
        """Parse a large unread backlog (a fresh process, 100k responses: seconds of
        JSON) *without* the lock, so other writers are not held up meanwhile; the
        following catch_up() then has little left to do.

        Lock-free reading is safe for bytes up to the last newline below a size seen
        under the lock: no write was in progress then, and later writers only append
        after them (or cut a torn tail, which lies beyond the last newline)."""
        try:
            if os.stat(self.path).st_size - self._offset < PREFETCH_BYTES:
                return  # the usual case: a few new lines, read them under the lock
        except OSError:
            return
        with self.lock:
            start, inode = self._offset, self._inode
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
        parsed = self._parse(data[:complete])
        with self.lock:
            if self._offset == start and self._inode == inode:  # nobody got here first
                self._inode = stat.st_ino
                self._apply(parsed, complete)

    def _parse(self, data: bytes) -> list[dict]:
        # One decode of the whole buffer and a bare decoder: json.loads(bytes) per line
        # spends a fifth of its time detecting the encoding again and again.
        records = []
        with gc_paused(len(data) > PREFETCH_BYTES):
            for number, line in enumerate(data.decode("utf-8", errors="replace").split("\n")[:-1], 1):
                try:
                    record = _decode(line)
                except ValueError:
                    record = None
                if isinstance(record, dict):
                    records.append(record)
                else:
                    # Only a disk fault can make this (writers append whole lines under
                    # the lock); keep the rest of the journal readable and say where.
                    log.warning("%s: skipping an unreadable line (line %d after byte %d)",
                                self.path, number, self._offset)
        return records

    def _apply(self, records: list[dict], consumed: int) -> None:
        for record in records:
            sid = record.get("submission_id")
            if sid is not None:
                if sid in self.index:
                    continue  # never show one submission twice
                self.index[sid] = record
            self.records.append(record)
        self._offset += consumed

    def add(self, records: list[dict]) -> list[tuple[dict, bool]]:
        """Append the records whose submission_id is not stored yet, in one write and
        one fsync, under the lock. Returns (stored record, created) for each input."""
        self.prefetch()
        with self.lock:
            size = self.catch_up()
            results, new, lines, batch = [], [], [], {}
            for record in records:
                sid = record["submission_id"]
                existing = self.index.get(sid) or batch.get(sid)
                if existing is not None:
                    results.append((existing, False))
                    continue
                line = encode_line({**record, "id": record.get("id") or uuid.uuid4().hex})
                # Cache what a reader of the file will see (tuples as lists...), and
                # share nothing with the caller's dict.
                stored = batch[sid] = _decode(line.decode())
                new.append(stored)
                lines.append(line)
                results.append((stored, True))
            if new:
                self._append(new, b"".join(lines), size)
            return results

    def _append(self, new: list[dict], payload: bytes, size: int) -> None:
        valid = self._offset  # end of the last complete line
        created = size == 0 and not self.path.exists()
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
                inode = os.fstat(fd).st_ino
            except OSError as exc:
                self._rollback(fd, valid)
                raise unavailable(exc, self.path) from exc
        finally:
            os.close(fd)
        self._inode = inode
        self._offset = valid + len(payload)
        for record in new:
            self.index[record["submission_id"]] = record
        self.records.extend(new)

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
    def current(self):
        """Hold the lock with the view caught up with the file; yields the journal."""
        self.prefetch()
        with self.lock:
            self.catch_up()
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
