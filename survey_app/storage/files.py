"""The small durable file layer of the storage room (no Flask): errors, locks across
threads and processes, fsync'd atomic writes.

Only survey_app/storage/ opens files for writing (tests/test_architecture.py keeps it
so); other rooms call `write_file`, `exclusive` or the Storage and uploads APIs.
"""
import errno
import fcntl
import os
import secrets
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path


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
# Objects holding a FileLock as `.lock` and a cache they can `.reset()` (the journals):
# after a fork, a cache that was being updated under a held lock is dropped.
LOCK_USERS: "weakref.WeakSet" = weakref.WeakSet()


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
    for user in list(LOCK_USERS):
        if user.lock._depth:
            user.reset()
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


def replace_durably(tmp: Path, path: Path) -> None:
    """Move a finished temporary file (written by another program) over `path` so that a
    crash leaves the old or the new file: fsync it, os.replace, fsync the directory."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


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


def write_file(path, data: bytes, mode: int = 0o600, dir_mode: int = 0o700) -> Path:
    """Create the folders up to `path` (with `dir_mode`) and atomically replace `path`
    with `data` (fsync'd, see atomic_write). Returns the path; StorageUnavailable
    when the disk refuses (the old file, if any, is left)."""
    path = Path(path)
    try:
        path.parent.mkdir(mode=dir_mode, parents=True, exist_ok=True)
    except OSError as exc:
        raise unavailable(exc, path.parent) from exc
    atomic_write(path, data, mode=mode)
    return path


@contextmanager
def exclusive(folder, dir_mode: int = 0o700):
    """Hold `<folder>/.lock` (created with the folder if missing): one holder at a time
    across threads and processes."""
    folder = Path(folder)
    try:
        folder.mkdir(mode=dir_mode, parents=True, exist_ok=True)
    except OSError as exc:
        raise unavailable(exc, folder) from exc
    with FileLock(folder / ".lock"):
        yield folder
