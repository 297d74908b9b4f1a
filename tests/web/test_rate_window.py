"""The in-memory window counter behind the public submit's rate limit."""
from survey_app.web.rate_window import WindowCounter


def test_window_counter__allows_amount_then_refuses_until_next_window():
    now = [1000.0]
    counter = WindowCounter(clock=lambda: now[0])
    assert [counter.hit("a", 3, 60) for _ in range(4)] == [True, True, True, False]
    assert counter.hit("b", 3, 60) is True  # another address has its own count
    now[0] = 1020.0  # window 16 is 960–1019 s, so 1020 s opens window 17
    assert counter.hit("a", 3, 60) is True  # a fresh count in the new window


def test_window_counter__windows_of_different_lengths_are_separate():
    now = [0.0]
    counter = WindowCounter(clock=lambda: now[0])
    assert [counter.hit("a", 1, 1) for _ in range(2)] == [True, False]
    assert counter.hit("a", 1, 60) is True
