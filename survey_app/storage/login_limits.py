"""Failed-login counters shared by every worker: one small JSON file in the data dir.

Under 4 gunicorn workers a per-process counter let 36 of 60 guesses through where 10
were meant. Here every worker reads and writes `login-limits.json` under an exclusive
flock of `login-limits.lock`, so the count is the same whichever worker answers.

Keys are HMAC-SHA256 of "address:<ip>" or "account:<email>" with the app's secret key:
the file never holds a raw IP address or email, and entries are dropped once
`forget_after` seconds passed since their last failure. After `free` failures each
further attempt starts a doubling wait (2 s, 4 s, 8 s ... up to `max_delay`); a login
tried while waiting is answered 429 and not checked (nor counted). No fsync per attempt: a
crash may forget a few counts, which only shortens a wait.
"""
import fcntl
import hashlib
import hmac
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

FILE_NAME = "login-limits.json"
LOCK_NAME = "login-limits.lock"


@dataclass
class LoginLimits:
    data_dir: Path
    secret: str
    free_per_account: int = 5
    free_per_address: int = 10  # colleagues at the community centre share one address
    max_delay: int = 900
    forget_after: int = 3600
    clock: Callable[[], float] = field(default=time.time)

    def __post_init__(self):
        self.data_dir = Path(self.data_dir)

    def key(self, kind: str, value: str) -> str:
        digest = hmac.new(self.secret.encode("utf-8"), f"{kind}:{value}".encode("utf-8", "replace"),
                          hashlib.sha256)
        return f"{kind[:2]}-{digest.hexdigest()[:32]}"

    def _keys(self, address, account):
        keys = [(self.key("address", address or "?"), self.free_per_address)]
        if account:
            keys.append((self.key("account", account.strip().lower()), self.free_per_account))
        return keys

    def attempt(self, address: str, account: str | None) -> int:
        """One login attempt, checked and counted in one locked step (so that workers
        answering at the same instant cannot all slip through). Returns 0 when the
        password may be checked, counting the attempt as a failure until `succeeded`
        says otherwise; else the seconds to wait (the attempt is not counted)."""
        now = self.clock()
        with self._locked() as entries:
            keys = self._keys(address, account)
            until = max(entries.get(key, {}).get("until", 0) for key, _free in keys)
            if until > now:
                return max(1, int(-(-(until - now) // 1)))  # rounded up
            for key, free in keys:
                entry = entries.setdefault(key, {"n": 0, "until": 0})
                entry["n"] += 1
                entry["last"] = now
                if entry["n"] > free:
                    entry["until"] = now + min(self.max_delay, 2 ** min(entry["n"] - free, 30))
            self._write(self._pruned(entries))
        return 0

    def succeeded(self, address: str, account: str) -> None:
        """The password was right: the account starts again; the address's count drops
        the attempt (its wait, if this attempt started one, stays)."""
        with self._locked() as entries:
            entries.pop(self.key("account", account.strip().lower()), None)
            entry = entries.get(self.key("address", address or "?"))
            if entry is not None:
                entry["n"] = max(0, entry["n"] - 1)
            self._write(self._pruned(entries))

    @contextmanager
    def _locked(self):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock_fd = os.open(self.data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
            yield self._read()
        finally:
            os.close(lock_fd)  # releases the flock

    def _pruned(self, entries: dict) -> dict:
        now = self.clock()
        return {key: entry for key, entry in entries.items()
                if entry.get("until", 0) > now or entry.get("last", 0) + self.forget_after > now}

    def _read(self) -> dict:
        try:
            data = json.loads((self.data_dir / FILE_NAME).read_bytes() or b"{}")
        except FileNotFoundError:
            return {}
        except ValueError:  # a torn or edited file: start counting again
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, entries: dict) -> None:
        path = self.data_dir / FILE_NAME
        tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, json.dumps(entries, separators=(",", ":")).encode("ascii"))
        finally:
            os.close(fd)
        os.replace(tmp, path)
