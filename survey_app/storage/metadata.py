"""Metadata (users, campaigns, focus groups, flags, uploads...) in TinyDB, made safe
for several processes and threads (no Flask).

TinyDB reads the whole database, changes it and writes it back. Here every table
operation runs inside a transaction that holds an exclusive lock from that read to
that write, and the write replaces meta.json atomically (temp file, fsync, rename,
fsync of the directory), so a SIGKILL leaves the old or the new file, never half of
one.
"""
import json
import os
import weakref
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage as TinyStorage
from tinydb.table import Table

from .journal import FileLock, StorageError, StorageUnavailable, atomic_write, unavailable


class MetaStorage(TinyStorage):
    """TinyDB storage for `<data_dir>/meta.json`.

    Inside a transaction the database lives in memory as JSON text: reads parse it,
    writes replace it, and the outermost transaction writes it to disk once, or not
    at all when it ends with an exception.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.lock = FileLock(self.path.with_name("meta.lock"))
        self._reset()
        _STORES.add(self)

    def _reset(self):
        self._depth = 0
        self._text = None   # JSON text of the database, "" when there is none yet
        self._dirty = False

    @contextmanager
    def transaction(self):
        """Hold the metadata lock; nested calls in the same thread join the outer one."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                yield
                if self._dirty:
                    atomic_write(self.path, self._text.encode(), mode=0o600)
            finally:
                self._reset()

    def _load(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise unavailable(exc, self.path) from exc

    def read(self):
        with self.transaction():
            if self._text is None:
                self._text = self._load()
            if not self._text:
                return None
            try:
                return json.loads(self._text)
            except ValueError as exc:
                raise StorageError(
                    f"{self.path} is not valid JSON ({exc}); restore it from a snapshot") from exc

    def write(self, data):
        with self.transaction():
            self._text = json.dumps(data, ensure_ascii=False)
            self._dirty = True


# Instances whose transaction state must not survive into a forked child.
_STORES: "weakref.WeakSet[MetaStorage]" = weakref.WeakSet()


def _after_fork_in_child():
    for store in list(_STORES):
        store._reset()


os.register_at_fork(after_in_child=_after_fork_in_child)


def _locked(method):
    @wraps(method)
    def run(self, *args, **kwargs):
        with self._storage.transaction():
            # TinyDB remembers the next document id per Table object; another process
            # may have inserted since, so recompute it from the file under the lock.
            self._next_id = None
            return method(self, *args, **kwargs)
    return run


class LockedTable(Table):
    """A TinyDB Table whose every operation is one transaction."""

    def __iter__(self):
        with self._storage.transaction():
            return iter(list(Table.__iter__(self)))


for _name in ("insert", "insert_multiple", "all", "search", "get", "contains", "update",
              "update_multiple", "upsert", "remove", "truncate", "count", "__len__"):
    setattr(LockedTable, _name, _locked(getattr(Table, _name)))


class MetaDB(TinyDB):
    """TinyDB with LockedTable and no query cache: a cached search result would go
    stale as soon as another process writes."""

    table_class = LockedTable

    def table(self, name: str, **kwargs) -> Table:
        kwargs["cache_size"] = 0
        return super().table(name, **kwargs)

    def tables(self) -> set[str]:
        with self.storage.transaction():
            return super().tables()

    def drop_table(self, name: str) -> None:
        with self.storage.transaction():
            super().drop_table(name)

    def drop_tables(self) -> None:
        with self.storage.transaction():
            super().drop_tables()


def open_metadata(path: Path) -> tuple[MetaDB, MetaStorage]:
    """The TinyDB instance for meta.json and its storage (for transactions)."""
    store = MetaStorage(path)
    return MetaDB(storage=lambda: store), store


__all__ = ["MetaDB", "MetaStorage", "LockedTable", "open_metadata", "StorageError",
           "StorageUnavailable"]


def with_id(doc) -> dict | None:
    """A TinyDB document as a plain dict carrying its doc id as "id"; None stays None."""
    return None if doc is None else {**doc, "id": doc.doc_id}


def get_by_id(table, record_id) -> dict | None:
    """The record `record_id` of `table` (with its "id"), or None; only a real int names
    one (not a bool, not a string from a URL)."""
    if not isinstance(record_id, int) or isinstance(record_id, bool):
        return None
    return with_id(table.get(doc_id=record_id))
