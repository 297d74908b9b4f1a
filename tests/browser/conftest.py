"""Browser fixtures: the app served on loopback, and Debian's Chromium driven by
Playwright. A missing Chromium fails the run with the command to install it."""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from survey_app import create_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

TABLET = {"viewport": {"width": 800, "height": 1280}, "has_touch": True, "is_mobile": True,
          "device_scale_factor": 1}
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}


def shoot(page, name, max_shots=4):
    """Screenshots of the whole page for a person to look at, as viewport-sized pieces
    test-artifacts/<name>-1.png, -2.png, ... (top to bottom). Not full_page: Playwright's
    full-page capture drops the touch emulation (pointer: coarse) for the rest of the page."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = page.viewport_size["height"]
    total = page.evaluate("document.documentElement.scrollHeight")
    start = page.evaluate("window.scrollY")
    for i in range(min(max_shots, max(1, -(-total // height)))):
        page.evaluate(f"window.scrollTo(0, {i * height})")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{i + 1}.png"))
    page.evaluate(f"window.scrollTo(0, {start})")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_app(app_config):
    return create_app({**app_config, "WTF_CSRF_ENABLED": True})


@pytest.fixture
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_session():
    """The one Playwright driver of the run (a second sync_playwright() in the same
    process fails: it would run inside the first one's asyncio loop)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `sudo apt-get install -y chromium` "
                    "or set CHROMIUM_PATH (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session):
    chromium = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


def _context(browser, device, request):
    context = browser.new_context(locale="cs-CZ", **device)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def tablet(browser, request):
    yield from _context(browser, TABLET, request)


@pytest.fixture
def phone(browser, request):
    yield from _context(browser, PHONE, request)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
