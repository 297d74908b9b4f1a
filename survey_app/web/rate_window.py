"""A fixed-window request counter in process memory (no Flask).

The public submit is the hottest route; `limits`' memory storage starts an expiry
timer thread on the way (about 0.2 ms of a 2 ms submit, measured). With the default
in-memory rate-limit storage each worker counts on its own anyway, so a dict per
window does the same job. A shared storage (e.g. Redis) still goes through `limits`.
"""
import threading
import time


class WindowCounter:
    def __init__(self, clock=time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._windows = {}  # window length in seconds -> (window number, {key: hits})

    def hit(self, key: str, amount: int, seconds: int) -> bool:
        """Count one request for `key`; False once more than `amount` fell in the
        current `seconds`-long window."""
        window = int(self._clock() // seconds)
        with self._lock:
            number, counts = self._windows.get(seconds, (None, None))
            if number != window:
                counts = {}
                self._windows[seconds] = (window, counts)
            counts[key] = counts.get(key, 0) + 1
            return counts[key] <= amount
