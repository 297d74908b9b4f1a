"""Run a WSGI app under gunicorn on 127.0.0.1 for benchmarks and HTTP tests.

    with GunicornServer("wsgi:app", env={...}, workers=4) as server:
        server.url  # http://127.0.0.1:<port>

The port is chosen by the OS (bind to port 0) and read from gunicorn's log line, so
parallel runs never collide. The server is stopped (SIGTERM, then SIGKILL after a
grace period) when the block ends, whatever happens inside it.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
LISTENING = re.compile(rb"Listening at: http://127\.0\.0\.1:(\d+)")
BOOTED = re.compile(rb"Booting worker with pid")


class GunicornServer:
    def __init__(self, app_spec, env=None, workers=4, cwd=ROOT, start_timeout=60, extra_args=()):
        self.app_spec, self.env, self.workers = app_spec, dict(env or {}), workers
        self.cwd, self.start_timeout, self.extra_args = Path(cwd), start_timeout, list(extra_args)
        self.process = None
        self.url = None
        self._log = None

    def __enter__(self):
        self._log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        env = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}
        command = [str(GUNICORN), "--workers", str(self.workers), "--bind", "127.0.0.1:0",
                   "--graceful-timeout", "5", *self.extra_args, self.app_spec]
        # A new session, so that stopping it can never reach anything but its own workers.
        self.process = subprocess.Popen(command, cwd=self.cwd, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            log = Path(self._log.name).read_bytes()
            port = LISTENING.search(log)
            if port and len(BOOTED.findall(log)) >= self.workers:
                self.url = f"http://127.0.0.1:{int(port.group(1))}"
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not start within {self.start_timeout} s:\n{self.log()}")

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and its live workers."""
        pids = [self.process.pid]
        try:
            pids += [int(pid) for pid in Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
                     .read_text().split()]
        except OSError:
            pass
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a worker that just exited
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / os.sysconf("SC_CLK_TCK")

    def log(self) -> str:
        return Path(self._log.name).read_text(errors="replace") if self._log else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: only gunicorn
                self.process.wait(5)

    def __exit__(self, *exc_info):
        self.stop()
        if self._log:
            self._log.close()
            os.unlink(self._log.name)
