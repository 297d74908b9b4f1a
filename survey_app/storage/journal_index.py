"""The `.idx` sidecar of a response journal (no Flask): one line per response
(submission_id, id, byte offset, length), so a cold process builds its index
without parsing the journal. Derived data: checked against the journal when
loaded, repaired or rebuilt when it does not fit.
"""
import json
import logging
import os

from .files import StorageUnavailable, _read_range, atomic_write, write_all

log = logging.getLogger("survey_app.storage.journal")

_decode = json.JSONDecoder().decode


def _lines(data: bytes, base: int):
    """(byte offset, record) for each complete line of `data` read at offset `base`;
    (offset, None) for a line that is not a JSON object."""
    position = base
    for raw in data.split(b"\n")[:-1]:
        try:
            record = _decode(raw.decode("utf-8", errors="replace"))
        except ValueError:
            record = None
        yield position, (record if isinstance(record, dict) else None), len(raw) + 1
        position += len(raw) + 1


class IndexFile:
    """The .idx half of Journal (mixed in): needs `path`, `idx_path`, `index`,
    `count` and `_offset` from the journal."""

    def _load_index_file(self, fd: int, size: int) -> None:
        """Fill the index from the .idx, if it parses and its last entry matches the
        journal; otherwise leave it empty (catch_up then rebuilds it from the journal)."""
        try:
            raw = self.idx_path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("%s: cannot read (%s); rebuilding it from the journal", self.idx_path, exc)
            return
        raw = raw[:raw.rfind(b"\n") + 1]  # a torn last entry is left out (and cut later)
        index, count, end, last = {}, 0, 0, None
        try:
            for line in raw.decode().split("\n")[:-1]:
                sid, rid, start, length = line.split("\t")
                start, length = int(start), int(length)
                if start < end or length <= 0:
                    raise ValueError("offsets out of order")
                if sid:
                    if sid in index:
                        raise ValueError(f"submission_id {sid!r} twice")
                    index[sid] = start
                count += 1
                end, last = start + length, (sid, rid, start, length)
            if last is not None:
                if end > size:
                    raise ValueError("it goes past the end of the journal")
                line = os.pread(fd, last[3], last[2])
                record = _decode(line.decode()) if line.endswith(b"\n") else None
                if (not isinstance(record, dict) or (record.get("submission_id") or "") != last[0]
                        or str(record.get("id") or "") != last[1]):
                    raise ValueError("its last entry does not match the journal")
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("%s: stale or damaged (%s); rebuilding it from the journal", self.idx_path, exc)
            return
        self.index, self.count, self._offset = index, count, end

    @staticmethod
    def _index_line(start: int, record: dict, length: int) -> bytes:
        return (f"{record.get('submission_id') or ''}\t{record.get('id') or ''}"
                f"\t{start}\t{length}\n").encode()

    def _rewrite_index_file(self, entries) -> None:
        if not entries and not self.idx_path.exists():
            return
        try:
            atomic_write(self.idx_path, b"".join(self._index_line(*e) for e in entries))
        except StorageUnavailable:
            log.warning("%s: could not be rebuilt; the next start reads the journal", self.idx_path)

    def _append_index_file(self, entries, start: int, end: int) -> None:
        """Append the .idx entries of the journal lines in [start, end) (`entries`).
        The .idx is derived data, written without fsync: its tail is checked here
        (torn, lagging or ahead of the journal) and the file rebuilt when it does not
        fit. Errors are logged, not raised: the journal already holds the data."""
        try:
            fd = os.open(self.idx_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            log.warning("%s: cannot open (%s)", self.idx_path, exc)
            return
        cut = None
        try:
            size = os.fstat(fd).st_size
            tail = os.pread(fd, min(size, 4096), size - min(size, 4096))
            cut = size - len(tail) + tail.rfind(b"\n") + 1 if b"\n" in tail else 0
            covered = 0
            if cut:
                last = tail[:cut - (size - len(tail))].rsplit(b"\n", 2)[-2].split(b"\t")
                covered = int(last[2]) + int(last[3])
            if covered > end:
                raise ValueError("it is ahead of the journal")
            if covered < start:  # a writer died between journal and .idx: fill in
                entries = self._entries_between(covered, start) + list(entries)
            else:
                entries = [entry for entry in entries if entry[0] >= covered]
            if cut != size:
                os.ftruncate(fd, cut)  # a torn entry
            if entries:
                os.lseek(fd, cut, os.SEEK_SET)
                write_all(fd, b"".join(self._index_line(*e) for e in entries))
        except (ValueError, IndexError) as exc:
            log.warning("%s: does not fit the journal (%s); rebuilding it", self.idx_path, exc)
            os.close(fd)
            fd = None
            self._rewrite_index_file(self._entries_between(0, end))
        except OSError as exc:
            # Disk full...: whoever loads the .idx next sees that it lags and fills it in.
            log.warning("%s: cannot append (%s)", self.idx_path, exc)
            if cut is not None:
                try:
                    os.ftruncate(fd, cut)
                except OSError:
                    pass
        finally:
            if fd is not None:
                os.close(fd)

    def _entries_between(self, start: int, end: int) -> list:
        """Index entries for the journal lines in [start, end) that the index holds."""
        if end <= start:
            return []
        with open(self.path, "rb") as source:
            data = _read_range(source.fileno(), start, end)
        return [(at, record, length) for at, record, length in _lines(data, start)
                if record is not None and (record.get("submission_id") is None
                                           or self.index.get(record["submission_id"]) == at)]
