"""Real-browser stories: the real `streamlit run` on a free port, Playwright driving Debian's Chromium.

Where CI=true a missing browser fails the run; elsewhere the stories are skipped, visibly.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from loadtest.server import wait_healthy
from tests.dbutil import fresh_database

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _require_browser():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)")
    pytest.skip(f"{CHROMIUM} not installed: browser stories skipped (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed_for_browser(url: str) -> None:
    """Districts, units, staff and the demo accounts (the heavy module data is left out)."""
    from seed import demo
    from services.core import db

    engine = db.make_engine(url)
    from sqlmodel import Session

    for name, step in demo.STEPS:
        if name == "core":
            with Session(engine) as s:
                step(s)
                s.commit()
    engine.dispose()


@pytest.fixture(scope="session")
def browser_db_url(tmp_root):
    """The database the browser stories' server uses (stories seed their own module data into it)."""
    _require_browser()
    with fresh_database(tmp_root, "browser") as url:
        seed_for_browser(url)
        yield url


@contextmanager
def serve(db_url: str, data_dir: Path, log: Path):
    """The real `streamlit run app.py` on a free loopback port over `db_url`; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "SIGAP_DATA_DIR": str(data_dir)}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable, "serve.py",
                "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, 60, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url(tmp_root, browser_db_url):
    with serve(browser_db_url, tmp_root / "browser-data", tmp_root / "streamlit-browser.log") as base:
        yield base


# Package scope: Playwright's sync API keeps an event loop running in this thread while it is open,
# and later tests start their own browser (tests/deploy) or asyncio.run (the load test) and cannot
# under a running loop. The browser closes when the last story of this folder is done.
@pytest.fixture(scope="package")
def browser(app_url):
    from playwright.sync_api import expect, sync_playwright

    # Auto-retrying checks wait up to 10 s: a first page run on a busy 2-core machine can take seconds.
    expect.set_options(timeout=10_000)

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
