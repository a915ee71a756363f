"""Test set-up: every run gets its own migrated database, emptied before each test that uses it.

Set TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run the same suite on
PostgreSQL (a fresh database is created on that server and dropped at the end).
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

# Before any app module is imported: fast bcrypt, a fixed cookie key, data in a temp folder.
_TMP = Path(tempfile.mkdtemp(prefix="sigap-tests-"))
os.environ["SIGAP_BCRYPT_ROUNDS"] = "4"
os.environ["SIGAP_COOKIE_KEY"] = "test-only-cookie-key-0123456789abcdef"
os.environ["SIGAP_DATA_DIR"] = str(_TMP / "data")
os.environ.pop("DATABASE_URL", None)

import pytest  # noqa: E402
from sqlmodel import Session  # noqa: E402

from services.core import clock, db  # noqa: E402
from tests.dbutil import fresh_database, truncate_all  # noqa: E402
from tests.factories import MONDAY  # noqa: E402


@pytest.fixture(scope="session")
def database_url():
    with fresh_database(_TMP, "unit") as url:
        os.environ["DATABASE_URL"] = url
        db.reset_engine_cache()
        yield url
        db.reset_engine_cache()
        os.environ.pop("DATABASE_URL", None)


@pytest.fixture
def engine(database_url):
    engine = db.get_engine()
    truncate_all(engine)
    return engine


@pytest.fixture
def session(engine):
    """An open session on an emptied database; tests commit where the app would."""
    with Session(engine, expire_on_commit=False) as s:
        yield s
        s.rollback()


@pytest.fixture
def world(session):
    """Two districts with units, a few staff, and one account per role (see tests/factories.py)."""
    from tests.factories import build_world

    w = build_world(session)
    session.commit()
    return w


@pytest.fixture(scope="session")
def tmp_root():
    return _TMP


@pytest.fixture
def today(monkeypatch):
    """Pin 'today' (the app's clock) to a date; returns a setter for moving it."""
    current = {"day": MONDAY}
    monkeypatch.setattr(clock, "today", lambda: current["day"])

    def set_day(day: date) -> date:
        current["day"] = day
        return day

    set_day.current = lambda: current["day"]
    return set_day


# The tiers: `-m "not page and not slow and not browser"` runs the service tests alone (under a minute).
PAGE_TESTS = ("test_pages", "test_dashboard_pages", "test_navigation")  # AppTest runs of real pages
# subprocesses, demo seeds, migrations, the load test's server
SLOW_TESTS = ("test_cli", "test_seed", "test_migrations", "test_backup", "test_loadtest")


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.stem
        if name.startswith(PAGE_TESTS) or "open_page" in item.fixturenames:
            item.add_marker(pytest.mark.page)
        if name.startswith(SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
