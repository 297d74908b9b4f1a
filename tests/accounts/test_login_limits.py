"""The shared failed-login counter (storage/login_limits.py): growing waits, expiry,
hashed keys, and one count across processes (as under 4 gunicorn workers)."""
import multiprocessing

from survey_app.storage.login_limits import LoginLimits


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def limits(tmp_path, clock, **kwargs):
    return LoginLimits(tmp_path, "secret", clock=clock, **kwargs)


def test_attempt__after_the_free_ones__doubling_wait_up_to_the_cap(tmp_path):
    clock = Clock()
    counter = limits(tmp_path, clock, free_per_account=2, free_per_address=100, max_delay=10)
    assert [counter.attempt("a", "x@e.cz") for _ in range(3)] == [0, 0, 0]  # the 3rd starts a 2 s wait
    assert counter.attempt("a", "x@e.cz") == 2
    waits = []
    for _ in range(4):
        clock.now += 60
        assert counter.attempt("a", "X@e.cz ") == 0  # the same account, however typed
        waits.append(counter.attempt("b", "x@e.cz"))
    assert waits == [4, 8, 10, 10]


def test_attempt__per_address_over_many_accounts(tmp_path):
    counter = limits(tmp_path, Clock(), free_per_account=100, free_per_address=3)
    assert [counter.attempt("10.0.0.1", f"u{i}@e.cz") for i in range(5)] == [0, 0, 0, 0, 2]
    assert counter.attempt("10.0.0.2", "u9@e.cz") == 0


def test_succeeded__account_starts_again_address_drops_the_attempt(tmp_path):
    clock = Clock()
    counter = limits(tmp_path, clock, free_per_account=2, free_per_address=2)
    counter.attempt("a", "x@e.cz")
    counter.attempt("a", "x@e.cz")
    counter.succeeded("a", "x@e.cz")
    assert counter.attempt("a", "x@e.cz") == 0 and counter.attempt("a", "x@e.cz") == 0


def test_entries__expire_after_forget_after_and_keys_are_hmacs(tmp_path):
    clock = Clock()
    counter = limits(tmp_path, clock, forget_after=100)
    counter.attempt("192.0.2.5", "ana@example.cz")
    text = (tmp_path / "login-limits.json").read_text()
    assert "192.0.2.5" not in text and "ana" not in text
    clock.now += 101
    counter.attempt("192.0.2.6", None)
    assert len((tmp_path / "login-limits.json").read_text()) < len(text)
    assert counter.key("address", "192.0.2.5") != LoginLimits(tmp_path, "other").key("address", "192.0.2.5")


def _worker(args):
    data_dir, tries = args
    counter = LoginLimits(data_dir, "secret", free_per_account=10, free_per_address=10, max_delay=900)
    return [counter.attempt("198.51.100.7", "nikdo@example.cz") for _ in range(tries)]


def test_attempt__4_processes_60_attempts__exactly_the_free_ones_checked(tmp_path):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_worker, [(str(tmp_path), 15)] * 4)
    checked = sum(1 for waits in results for wait in waits if wait == 0)
    assert checked == 11  # 10 free + the one that starts the first wait; 49 answered 429
